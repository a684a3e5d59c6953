package org.jetflow.validation.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jetflow.io.arrow.ArrowFileSink;
import org.jetflow.validation.observable.ObservableTable;

/** Observables as an Arrow IPC file: one float64 column per observable, one record batch per table. */
final class ArrowObservableWriter implements ObservableWriter {
    private final List<String> names;
    private final ArrowFileSink sink;

    ArrowObservableWriter(Path path, List<String> names) {
        this.names = List.copyOf(names);
        List<Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(new Field(n, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null));
        }
        sink = new ArrowFileSink(path, new Schema(fields, Map.of("jetflow.content", "per-jet observables (docs/validation.md#definitions)")));
    }

    @Override
    public void write(ObservableTable rows) {
        if (!rows.names().equals(names)) {
            throw new IllegalArgumentException("columns " + rows.names() + " differ from " + names);
        }
        int n = rows.rows();
        VectorSchemaRoot root = sink.root();
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
        sink.writeBatch();
    }

    @Override
    public void close() {
        sink.close();
    }

    @Override
    public void abort() {
        sink.abort();
    }
}
