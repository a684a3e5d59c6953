package org.jetflow.validation.table;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFileException;
import org.jetflow.validation.observable.ObservableTable;

/**
 * Writes per-jet observables, one row per jet, streaming table by table; the file appears under its
 * name only when {@link #close()} completes.
 */
public interface ObservableWriter extends AtomicOutput {
    /** Appends rows. */
    void write(ObservableTable rows);

    /** A CSV ({@code .csv}) or Arrow ({@code .arrow}, {@code .feather}, {@code .ipc}) writer by extension. */
    static ObservableWriter create(Path path, List<String> names) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return new CsvObservableWriter(path, names);
        }
        if (n.endsWith(".arrow") || n.endsWith(".feather") || n.endsWith(".ipc")) {
            return new ArrowObservableWriter(path, names);
        }
        throw new JetFileException(path, null, "unknown extension for observables (use .csv or .arrow)");
    }
}
