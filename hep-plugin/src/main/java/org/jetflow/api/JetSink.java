package org.jetflow.api;

import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;

/** Receives generated or read jets batch by batch, in order. */
@FunctionalInterface
public interface JetSink {
    void accept(JetBatch batch);

    /** A sink that appends to a jet file writer (the caller closes the writer). */
    static JetSink of(JetWriter writer) {
        return writer::write;
    }
}
