package org.jetflow.validation.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads one numeric column, by its header name, from a CSV file with a header line (as JetFlow writes). */
public final class CsvColumn {
    private CsvColumn() {
    }

    /** Whether the CSV's header names {@code column}. */
    public static boolean has(Path file, String column) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            return header != null && Arrays.asList(header.split(",", -1)).contains(column);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    public static double[] read(Path file, String column) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a CSV header");
            }
            String[] names = header.split(",", -1);
            int at = Arrays.asList(names).indexOf(column);
            if (at < 0) {
                throw new IllegalArgumentException(file + ": line 1: no column '" + column + "' in " + header);
            }
            double[] out = new double[1024];
            int n = 0;
            int line = 1;
            String s;
            while ((s = in.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                String[] f = s.split(",", -1);
                if (f.length != names.length) {
                    throw new IllegalArgumentException(file + ": line " + line + ": " + f.length + " fields, header has "
                            + names.length);
                }
                try {
                    double v = Double.parseDouble(f[at]);
                    if (n == out.length) {
                        out = Arrays.copyOf(out, 2 * n);
                    }
                    out[n++] = v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": line " + line + ", column " + column
                            + ": not a number: '" + f[at] + "'");
                }
            }
            return Arrays.copyOf(out, n);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
