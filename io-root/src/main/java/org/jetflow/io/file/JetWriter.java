package org.jetflow.io.file;

import java.nio.file.Path;
import org.jetflow.io.jet.JetBatch;

/**
 * Writes jets to a file. Output goes to a temporary file beside the target, renamed into place by
 * {@link #close()} only when everything was written; {@link #abort()} (or a crash) leaves no file
 * under the requested name.
 */
public interface JetWriter extends AtomicOutput {
    /** The file that {@link #close()} will create. */
    Path path();

    /** Appends a batch of jets. */
    void write(JetBatch batch);
}
