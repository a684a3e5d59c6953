package org.jetflow.validation.observable;

import java.util.Arrays;
import java.util.List;

/**
 * Named columns of per-jet observables, one row per jet.
 *
 * @param names   column names
 * @param columns {@code columns[k][row]}
 */
public record ObservableTable(List<String> names, double[][] columns) {
    public ObservableTable {
        names = List.copyOf(names);
        if (columns.length != names.size()) {
            throw new IllegalArgumentException(columns.length + " columns for " + names.size() + " names");
        }
    }

    /** Number of jets. */
    public int rows() {
        return columns.length == 0 ? 0 : columns[0].length;
    }

    /** The first {@code n} rows (all of them when there are fewer). */
    public ObservableTable head(int n) {
        if (n >= rows()) {
            return this;
        }
        double[][] out = new double[columns.length][];
        for (int k = 0; k < columns.length; k++) {
            out[k] = Arrays.copyOf(columns[k], n);
        }
        return new ObservableTable(names, out);
    }

    /** The column called {@code name}. */
    public double[] column(String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no observable '" + name + "' (have " + names + ")");
        }
        return columns[k];
    }

    /** The rows of all {@code parts} (same columns, at least one part) in one table, in order. */
    public static ObservableTable concat(List<ObservableTable> parts) {
        double[][] cols = new double[parts.get(0).names().size()][];
        int total = parts.stream().mapToInt(ObservableTable::rows).sum();
        for (int k = 0; k < cols.length; k++) {
            cols[k] = new double[total];
            int off = 0;
            for (ObservableTable t : parts) {
                if (!t.names.equals(parts.get(0).names)) {
                    throw new IllegalArgumentException("different columns: " + parts.get(0).names + " vs " + t.names);
                }
                System.arraycopy(t.columns[k], 0, cols[k], off, t.rows());
                off += t.rows();
            }
        }
        return new ObservableTable(parts.get(0).names(), cols);
    }

    /** This table followed by the rows of {@code other} (same columns). */
    public ObservableTable append(ObservableTable other) {
        if (!names.equals(other.names)) {
            throw new IllegalArgumentException("different columns: " + names + " vs " + other.names);
        }
        double[][] out = new double[columns.length][];
        for (int k = 0; k < columns.length; k++) {
            out[k] = Arrays.copyOf(columns[k], rows() + other.rows());
            System.arraycopy(other.columns[k], 0, out[k], rows(), other.rows());
        }
        return new ObservableTable(names, out);
    }
}
