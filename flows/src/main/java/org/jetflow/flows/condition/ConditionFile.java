package org.jetflow.flows.condition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;

/**
 * Reads the jet-level conditions to generate for: either a jet file (.h5, .arrow), whose jets'
 * pT, η, mass and multiplicity are used ("jets like these"), or a CSV file with a header naming
 * {@code pt} (GeV) and {@code eta} and optionally {@code mass} (GeV) and {@code n} (multiplicity).
 */
public final class ConditionFile {
    private ConditionFile() {
    }

    public static JetConditions read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? readCsv(file) : readJets(file);
    }

    /** Streams the file, keeping four numbers per jet rather than its particles. */
    private static JetConditions readJets(Path file) {
        try (JetReader r = JetFiles.open(file)) {
            int n = Math.toIntExact(r.jetCount());
            float[] pt = new float[n];
            float[] eta = new float[n];
            float[] mass = new float[n];
            int[] mult = new int[n];
            int row = 0;
            JetBatch b;
            while ((b = r.next()) != null) {
                System.arraycopy(b.jetPt(), 0, pt, row, b.size());
                System.arraycopy(b.jetEta(), 0, eta, row, b.size());
                System.arraycopy(b.jetMass(), 0, mass, row, b.size());
                for (int j = 0; j < b.size(); j++) {
                    mult[row + j] = b.multiplicity(j);
                }
                row += b.size();
            }
            return checked(file, new float[][] {pt, eta, mass}, mult);
        }
    }

    private static JetConditions readCsv(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty condition file (expected a header pt,eta[,mass][,n])");
            }
            String[] names = header.strip().split(",");
            int iPt = -1;
            int iEta = -1;
            int iMass = -1;
            int iN = -1;
            for (int k = 0; k < names.length; k++) {
                switch (names[k].strip().toLowerCase(Locale.ROOT)) {
                    case "pt" -> iPt = k;
                    case "eta" -> iEta = k;
                    case "mass" -> iMass = k;
                    case "n", "multiplicity" -> iN = k;
                    default -> { }
                }
            }
            if (iPt < 0 || iEta < 0) {
                throw new IllegalArgumentException(file + ": line 1: the header must name columns pt and eta, got '"
                        + header + "'");
            }
            List<float[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != names.length) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ": " + f.length + " fields, header has "
                            + names.length);
                }
                float m = iN < 0 ? 0 : number(file, lineNo, "n", f[iN]);
                if (m != Math.rint(m)) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column n: not a whole number: "
                            + f[iN]);
                }
                rows.add(new float[] {number(file, lineNo, "pt", f[iPt]), number(file, lineNo, "eta", f[iEta]),
                    iMass < 0 ? Float.NaN : number(file, lineNo, "mass", f[iMass]), m});
            }
            int n = rows.size();
            float[][] cols = new float[3][n];
            int[] mult = new int[n];
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < 3; k++) {
                    cols[k][r] = rows.get(r)[k];
                }
                mult[r] = (int) rows.get(r)[3];
            }
            return checked(file, cols, mult);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static float number(Path file, int line, String column, String text) {
        try {
            return Float.parseFloat(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + line + ", column " + column + ": not a number: '"
                    + text + "'");
        }
    }

    private static JetConditions checked(Path file, float[][] cols, int[] mult) {
        if (mult.length == 0) {
            throw new IllegalArgumentException(file + ": no conditions (no jets or rows)");
        }
        try {
            return new JetConditions(cols[0], cols[1], cols[2], mult);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }
}
