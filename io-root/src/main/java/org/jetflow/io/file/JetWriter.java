package org.jetflow.io.file;

import java.io.Closeable;
import java.nio.file.Path;
import org.jetflow.io.jet.JetBatch;

/**
 * Writes jets to a file. Output goes to a temporary file beside the target, renamed into place by
 * {@link #close()} only when everything was written; {@link #abort()} (or a crash) leaves no file
 * under the requested name.
 */
public interface JetWriter extends Closeable {
    /** The file that {@link #close()} will create. */
    Path path();

    /** Appends a batch of jets. */
    void write(JetBatch batch);

    /** Completes the file and moves it into place. */
    @Override
    void close();

    /** Discards everything written; the target is not created. Safe to call after close. */
    void abort();
}
