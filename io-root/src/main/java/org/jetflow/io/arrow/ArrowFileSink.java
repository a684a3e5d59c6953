package org.jetflow.io.arrow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;

/**
 * An Arrow IPC file being written: the allocator, the vectors of one record batch, the file writer
 * and the temporary file that becomes the target on {@link #close()}. Writers fill {@link #root()}
 * and call {@link #writeBatch()}; the file appears under its name only when complete.
 */
public final class ArrowFileSink {
    private final AtomicTarget target;
    private final BufferAllocator allocator = new RootAllocator();
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private boolean closed;

    public ArrowFileSink(Path path, Schema schema) {
        this.target = new AtomicTarget(path);
        try {
            root = VectorSchemaRoot.create(schema, allocator);
            channel = FileChannel.open(target.temp(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            writer = new ArrowFileWriter(root, null, channel);
            writer.start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            target.abort();
            throw new JetFileException(path, null, "cannot start Arrow file: " + e.getMessage(), e);
        }
    }

    /** The file that {@link #close()} creates. */
    public Path path() {
        return target.target();
    }

    /** The vectors of the next record batch. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** Writes the vectors of {@link #root()} as one record batch; on failure the output is discarded. */
    public void writeBatch() {
        try {
            writer.writeBatch();
        } catch (IOException e) {
            abort();
            throw new JetFileException(path(), null, "cannot write record batch: " + e.getMessage(), e);
        }
    }

    /** Finishes the file and moves it into place. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.end();
            writer.close();
            channel.close();
        } catch (IOException | RuntimeException e) {
            release();
            target.abort();
            throw new JetFileException(path(), null, "cannot finish Arrow file: " + e.getMessage(), e);
        }
        release();
        target.commit();
    }

    /** Discards everything written; safe after close. */
    public void abort() {
        if (!closed) {
            closed = true;
            try {
                writer.close();
                channel.close();
            } catch (IOException | RuntimeException ignored) {
                // Aborting: the temporary file is deleted below whatever state the writer is in.
            }
            release();
        }
        target.abort();
    }

    private void release() {
        root.close();
        allocator.close();
    }
}
