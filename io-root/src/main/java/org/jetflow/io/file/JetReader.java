package org.jetflow.io.file;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Map;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;

/**
 * Streams the jets of a file in batches, so that a file larger than the heap can be read. Bad
 * values are reported as {@link JetFileException}s naming the file, dataset, row and field.
 */
public interface JetReader extends Closeable {
    /** The file being read. */
    Path path();

    /** The number of jets in the file. */
    long jetCount();

    /** The columns the batches carry. */
    JetSchema schema();

    /** Metadata stored with the file (provenance, units, conventions); may be empty. */
    Map<String, String> metadata();

    /** The next batch, or {@code null} at the end of the file. */
    JetBatch next();

    /**
     * Before the first {@link #next}, moves past up to {@code jets} jets without decoding them,
     * where the format allows it (HDF5 and JetFlow ROOT files do). Distributed jobs use it to read
     * one file in ranges.
     *
     * @return how many jets were skipped: 0 where the format cannot skip (the caller reads and drops
     *         them instead)
     */
    default long skip(long jets) {
        return 0;
    }

    /**
     * How many particles had a PDG id outside the eight classes and were mapped by charge
     * (docs/validation.md#definitions), in the batches read so far.
     */
    long remappedParticles();

    @Override
    void close();
}
