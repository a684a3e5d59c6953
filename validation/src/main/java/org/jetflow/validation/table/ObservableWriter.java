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
        return isCsv(path) ? new CsvObservableWriter(path, names) : new ArrowObservableWriter(path, names);
    }

    /**
     * Checks, before any heavy work, that a table can be written at {@code path}: a .csv or Arrow
     * extension and an existing directory.
     *
     * @throws JetFileException naming the file
     */
    static void requireWritable(Path path) {
        isCsv(path);
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new JetFileException(path, null, "its directory does not exist");
        }
    }

    private static boolean isCsv(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return true;
        }
        if (n.endsWith(".arrow") || n.endsWith(".feather") || n.endsWith(".ipc")) {
            return false;
        }
        throw new JetFileException(path, null, "unknown extension for observables (use .csv or .arrow)");
    }
}
