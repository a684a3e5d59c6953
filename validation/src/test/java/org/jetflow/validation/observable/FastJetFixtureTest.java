package org.jetflow.validation.observable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every jet of {@code ../shared/fixtures/substructure/} against the values FastJet 3.4.0 and
 * fjcontrib 1.051 computed from the same float32 four-vectors: relative difference ≤ 1e-4, or
 * absolute 1e-6 near zero.
 */
class FastJetFixtureTest {
    private static final String[][] COLUMNS = {
        {"pt", "pt"}, {"eta", "eta"}, {"phi", "phi"}, {"mass", "mass"}, {"msd", "msd"}, {"n_stored", "n"},
        {"tau1", "tau1"}, {"tau2", "tau2"}, {"tau3", "tau3"}, {"tau4", "tau4"}, {"d2", "d2"}, {"c2", "c2"}};

    @ParameterizedTest
    @ValueSource(strings = {"qcd-1k", "top-500", "wz-500"})
    void everyJetMatchesFastJetAndFjcontrib(String name) throws IOException {
        Path dir = SharedData.dir().resolve("fixtures").resolve("substructure");
        List<String> lines = Files.readAllLines(dir.resolve(name + ".obs.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        ObservableTable table = observables(dir.resolve(name + ".h5"));
        assertEquals(lines.size() - 1, table.rows(), "jets");
        List<String> failures = new ArrayList<>();
        for (String[] col : COLUMNS) {
            int k = header.indexOf(col[0]);
            double[] ours = table.column(col[1]);
            for (int row = 0; row < table.rows(); row++) {
                double ref = Double.parseDouble(lines.get(row + 1).split(",")[k]);
                double v = ours[row];
                if (col[0].equals("phi")) {
                    v = wrapLike(v, ref);
                }
                if (!close(v, ref)) {
                    failures.add(name + " jet " + row + " " + col[0] + ": fjcontrib " + ref + ", JetFlow " + v);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: " + failures.subList(0, Math.min(10, failures.size())));
    }

    /** FastJet's φ is in [0, 2π), ours in (−π, π]. */
    private static double wrapLike(double v, double ref) {
        return ref > Math.PI && v < 0 ? v + 2 * Math.PI : v;
    }

    /** The fixture prints 7 significant digits: relative 1e-4, or absolute 1e-6 near zero. */
    static boolean close(double v, double ref) {
        return Math.abs(v - ref) <= Math.max(1e-4 * Math.abs(ref), 1e-6);
    }

    static ObservableTable observables(Path file) {
        JetObservables obs = new JetObservables();
        ObservableTable all = null;
        try (JetReader r = JetFiles.open(file)) {
            JetBatch b;
            while ((b = r.next()) != null) {
                ObservableTable t = obs.compute(b);
                all = all == null ? t : all.append(t);
            }
        }
        return all;
    }
}
