package org.jetflow.io.file;

import java.io.Closeable;
import java.util.function.Consumer;

/**
 * An output that appears under its name only when complete: {@link #close()} moves it into place,
 * {@link #abort()} discards it.
 */
public interface AtomicOutput extends Closeable {
    /** Completes the output and moves it into place. */
    @Override
    void close();

    /** Discards everything written; the target is not created. Safe to call after close. */
    void abort();

    /**
     * Runs {@code job} on the output, then completes it; if the job fails, the output is discarded
     * and the failure rethrown — nothing half-written is left behind.
     */
    static <W extends AtomicOutput> void complete(W output, Consumer<W> job) {
        try {
            job.accept(output);
            output.close();
        } catch (RuntimeException | Error e) {
            output.abort();
            throw e;
        }
    }
}
