package org.jetflow.validation.table;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;
import org.jetflow.validation.observable.ObservableTable;

/** Observables as an Arrow IPC file: one float64 column per observable, one record batch per table. */
final class ArrowObservableWriter implements ObservableWriter {
    private final AtomicTarget target;
    private final List<String> names;
    private final BufferAllocator allocator = new RootAllocator();
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;

    ArrowObservableWriter(Path path, List<String> names) {
        this.target = new AtomicTarget(path);
        this.names = List.copyOf(names);
        List<Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(new Field(n, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
        }
        try {
            root = VectorSchemaRoot.create(new Schema(fields, Map.of("jetflow.content", "per-jet observables (PHYSICS.md)")), allocator);
            channel = FileChannel.open(target.temp(), StandardOpenOption.WRITE);
            writer = new ArrowFileWriter(root, null, channel);
            writer.start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            target.abort();
            throw new JetFileException(path, null, "cannot start Arrow file: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(ObservableTable rows) {
        if (!rows.names().equals(names)) {
            throw new IllegalArgumentException("columns " + rows.names() + " differ from " + names);
        }
        int n = rows.rows();
        root.clear();
        for (int k = 0; k < names.size(); k++) {
            Float8Vector v = (Float8Vector) root.getVector(k);
            v.allocateNew(n);
            double[] c = rows.columns()[k];
            for (int i = 0; i < n; i++) {
                v.set(i, c[i]);
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            abort();
            throw new JetFileException(target.target(), null, "cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            writer.end();
            writer.close();
            channel.close();
        } catch (IOException | RuntimeException e) {
            release();
            target.abort();
            throw new JetFileException(target.target(), null, "cannot finish: " + e.getMessage(), e);
        }
        release();
        target.commit();
    }

    @Override
    public void abort() {
        try {
            writer.close();
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // Discarding the file anyway.
        }
        release();
        target.abort();
    }

    private void release() {
        root.close();
        allocator.close();
    }
}
