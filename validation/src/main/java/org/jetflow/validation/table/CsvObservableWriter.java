package org.jetflow.validation.table;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;
import org.jetflow.validation.observable.ObservableTable;

/** Observables as CSV: a header of column names, then one line per jet with shortest round-trip decimals. */
final class CsvObservableWriter implements ObservableWriter {
    private final AtomicTarget target;
    private final List<String> names;
    private final BufferedWriter out;

    CsvObservableWriter(Path path, List<String> names) {
        this.target = new AtomicTarget(path);
        this.names = List.copyOf(names);
        try {
            out = Files.newBufferedWriter(target.temp(), StandardCharsets.UTF_8);
            out.write(String.join(",", names));
            out.write('\n');
        } catch (IOException e) {
            target.abort();
            throw new JetFileException(path, null, "cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(ObservableTable rows) {
        if (!rows.names().equals(names)) {
            throw new IllegalArgumentException("columns " + rows.names() + " differ from " + names);
        }
        try {
            StringBuilder sb = new StringBuilder(names.size() * 12);
            double[][] cols = rows.columns();
            for (int r = 0; r < rows.rows(); r++) {
                sb.setLength(0);
                for (int k = 0; k < cols.length; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    double v = cols[k][r];
                    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                        sb.append((long) v);
                    } else {
                        sb.append(v);
                    }
                }
                sb.append('\n');
                out.write(sb.toString());
            }
        } catch (IOException e) {
            abort();
            throw new JetFileException(target.target(), null, "cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            target.abort();
            throw new JetFileException(target.target(), null, "cannot finish: " + e.getMessage(), e);
        }
        target.commit();
    }

    @Override
    public void abort() {
        try {
            out.close();
        } catch (IOException ignored) {
            // Discarding the file anyway.
        }
        target.abort();
    }
}
