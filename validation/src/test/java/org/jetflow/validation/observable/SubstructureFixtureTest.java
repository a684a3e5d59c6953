package org.jetflow.validation.observable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.jet.Constituents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every column of {@code ../shared/fixtures/substructure/*.more.csv} (angularities of the whole,
 * charged, groomed and groomed charged jet; SoftDrop m, R_g, z_g for β = 0, 1, 2), jet by jet,
 * against {@link SubstructureObservable} chosen by name and parameters, as a measurement
 * description would choose it. FastJet 3.4.0 and fjcontrib 1.051 computed the fixtures from the
 * same float32 four-vectors.
 */
class SubstructureFixtureTest {
    /** The five angularities as the fixture defines them: (κ, β), axis, particle threshold. */
    private static final Map<String, Map<String, Object>> ANGULARITIES = new LinkedHashMap<>();

    static {
        ANGULARITIES.put("multiplicity", Map.of("kappa", 0, "beta", 0, "ptMin", 1.0));
        ANGULARITIES.put("ptd", Map.of("kappa", 2, "beta", 0));
        ANGULARITIES.put("lha", Map.of("kappa", 1, "beta", 0.5, "axis", "wta"));
        ANGULARITIES.put("width", Map.of("kappa", 1, "beta", 1, "axis", "wta"));
        ANGULARITIES.put("thrust", Map.of("kappa", 1, "beta", 2, "axis", "jet"));
    }

    /** Every column of a {@code .more.csv} file with the observable that should reproduce it. */
    static Map<String, SubstructureObservable> columns() {
        Map<String, SubstructureObservable> cols = new LinkedHashMap<>();
        for (String prefix : List.of("", "charged_", "groomed_", "groomed_charged_")) {
            for (Map.Entry<String, Map<String, Object>> a : ANGULARITIES.entrySet()) {
                Map<String, Object> p = new HashMap<>(a.getValue());
                p.put("charged", prefix.contains("charged"));
                if (prefix.startsWith("groomed")) {
                    p.put("groomed", true);
                    p.put("groomBeta", 0);
                    p.put("groomZcut", 0.1);
                }
                cols.put(prefix + a.getKey(), SubstructureObservable.parse("angularity", p));
            }
        }
        for (int beta = 0; beta <= 2; beta++) {
            Map<String, Object> p = Map.of("beta", beta, "zcut", 0.1);
            cols.put("msd_b" + beta, SubstructureObservable.parse("softdrop_mass", p));
            cols.put("rg_b" + beta, SubstructureObservable.parse("rg", p));
            cols.put("zg_b" + beta, SubstructureObservable.parse("zg", p));
        }
        return cols;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qcd-1k", "top-500", "wz-500"})
    void everyColumnMatchesFastJetJetByJet(String name) throws IOException {
        Fixture f = Fixture.read(name);
        Map<String, SubstructureObservable> cols = columns();
        assertEquals(f.header.subList(1, f.header.size()), List.copyOf(cols.keySet()), "the fixture's columns");
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder(name + ": worst relative deviation per column (where the fixture is not 0),"
                + " worst absolute deviation where it is 0\n");
        for (Map.Entry<String, SubstructureObservable> col : cols.entrySet()) {
            double[] ref = f.column(col.getKey());
            double[] ours = values(col.getValue(), f.jets);
            boolean integer = col.getKey().endsWith("multiplicity");
            double worstRelative = 0;
            double worstAtZero = 0;
            int zeros = 0;
            for (int row = 0; row < ref.length; row++) {
                double dev = deviation(ours[row], ref[row], integer);
                if (ref[row] == 0) {
                    zeros++;
                    worstAtZero = Math.max(worstAtZero, Math.abs(ours[row]));
                } else if (ref[row] != -1) {
                    worstRelative = Math.max(worstRelative, Math.abs(ours[row] - ref[row]) / Math.abs(ref[row]));
                }
                if (!(dev <= 1)) {
                    failures.add(name + " jet " + row + " " + col.getKey() + ": fjcontrib " + ref[row] + ", JetFlow " + ours[row]);
                }
            }
            summary.append(String.format("  %-30s %.2e", col.getKey(), worstRelative));
            summary.append(zeros == 0 ? "\n" : String.format("   (%d zeros, worst |JetFlow| there %.1e)%n", zeros, worstAtZero));
        }
        System.out.print(summary);
        assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: " + failures.subList(0, Math.min(10, failures.size())));
    }

    /**
     * The deviation in units of the tolerance (≤ 1 passes). Integers must be equal. Otherwise the
     * tolerance is 1e-4 relative: the fixtures print 9 digits and the inputs are float32, so
     * anything larger is a different definition (the same definitions agree to the 9 printed
     * digits). The absolute floor of 1e-10 is for the exact zeros: a jet groomed down to one
     * particle has R_g = z_g = 0 and angularities 0 (the particle is its own axis), which must
     * not have to be met to a relative precision. It is below 1e-4 times the smallest non-zero
     * value in the fixtures (7.7e-6, a groomed thrust), so it loosens no other comparison.
     * −1 in the fixture means "no charged jet", which JetFlow reports as NaN.
     */
    static double deviation(double v, double ref, boolean integer) {
        if (ref == -1) {
            return Double.isNaN(v) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (integer) {
            return v == ref ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(v - ref) / Math.max(1e-4 * Math.abs(ref), 1e-10);
    }

    /** The report's msd, rg and zg columns are fjcontrib's SoftDrop at β = 0, z_cut = 0.1, jet by jet. */
    @ParameterizedTest
    @ValueSource(strings = {"qcd-1k", "top-500", "wz-500"})
    void theReportsSoftDropColumnsMatchFastJet(String name) throws IOException {
        Fixture f = Fixture.read(name);
        JetObservables observables = new JetObservables();
        ObservableTable table = ObservableTable.concat(f.jets.stream().map(observables::compute).toList());
        for (String col : List.of("msd", "rg", "zg")) {
            double[] ref = f.column(col + "_b0");
            double[] ours = table.column(col);
            for (int row = 0; row < ref.length; row++) {
                assertTrue(deviation(ours[row], ref[row], false) <= 1,
                        name + " jet " + row + " " + col + ": fjcontrib " + ref[row] + ", JetFlow " + ours[row]);
            }
        }
    }

    @Test
    void theJetAxisForLhaOrTheWtaAxisForThrustWouldNotMatch() throws IOException {
        Fixture f = Fixture.read("qcd-1k");
        int lhaOnJetAxis = mismatches(f, "lha", Map.of("kappa", 1, "beta", 0.5, "axis", "jet"));
        int widthOnJetAxis = mismatches(f, "width", Map.of("kappa", 1, "beta", 1, "axis", "jet"));
        int thrustOnWtaAxis = mismatches(f, "thrust", Map.of("kappa", 1, "beta", 2, "axis", "wta"));
        System.out.printf("qcd-1k mismatches with the other axis: lha %d, width %d, thrust %d of %d%n",
                lhaOnJetAxis, widthOnJetAxis, thrustOnWtaAxis, f.rows());
        assertTrue(lhaOnJetAxis > f.rows() / 2, "lha about the E-scheme axis matched " + (f.rows() - lhaOnJetAxis) + " jets");
        assertTrue(widthOnJetAxis > f.rows() / 2, "width about the E-scheme axis matched " + (f.rows() - widthOnJetAxis) + " jets");
        assertTrue(thrustOnWtaAxis > f.rows() / 2, "thrust about the WTA axis matched " + (f.rows() - thrustOnWtaAxis) + " jets");
    }

    @Test
    void theThresholdAndTheGroomingMatter() throws IOException {
        Fixture f = Fixture.read("qcd-1k");
        int allParticles = mismatches(f, "multiplicity", Map.of("kappa", 0, "beta", 0));
        int ungroomed = mismatches(f, "groomed_multiplicity", Map.of("kappa", 0, "beta", 0, "ptMin", 1.0));
        int otherZcut = mismatches(f, "groomed_lha", Map.of("kappa", 1, "beta", 0.5, "groomed", true, "groomZcut", 0.2));
        System.out.printf("qcd-1k mismatches: multiplicity without threshold %d, groomed multiplicity ungroomed %d,"
                + " groomed lha with zcut 0.2 %d of %d%n", allParticles, ungroomed, otherZcut, f.rows());
        assertTrue(allParticles > f.rows() / 2, "multiplicity without the 1 GeV threshold");
        assertTrue(ungroomed > f.rows() / 4, "groomed multiplicity without grooming");
        assertTrue(otherZcut > f.rows() / 10, "groomed lha with zcut 0.2");
    }

    @Test
    void allChargedConstituentsInsteadOfTheChargedJetWouldNotMatch() throws IOException {
        Fixture f = Fixture.read("qcd-1k");
        Angularity lha = new Angularity(1, 0.5, JetAxis.WTA, 0, 0.8);
        Constituents jet = new Constituents();
        Constituents charged = new Constituents();
        ClusterSequence cs = new ClusterSequence(JetBatch.MAX_PARTICLES);
        int[] indices = new int[JetBatch.MAX_PARTICLES];
        double[] ours = new double[f.rows()];
        int row = 0;
        for (JetBatch b : f.jets) {
            for (int j = 0; j < b.size(); j++) {
                jet.load(b, j);
                int k = 0;
                for (int i = 0; i < jet.size(); i++) {
                    if (jet.charge(i) != 0) {
                        indices[k++] = i;
                    }
                }
                ours[row++] = lha.value(charged.select(jet, indices, k), cs);
            }
        }
        int bad = mismatches(f.column("charged_lha"), ours, false);
        System.out.printf("qcd-1k mismatches of charged_lha over all charged constituents: %d of %d%n", bad, f.rows());
        // About 30 % of these jets have charged particles more than R = 0.8 from the hardest charged jet.
        assertTrue(bad > f.rows() / 5, "charged_lha without the anti-kT R = 0.8 charged jet");
    }

    private static int mismatches(Fixture f, String column, Map<String, Object> parameters) {
        return mismatches(f.column(column), values(SubstructureObservable.parse("angularity", parameters), f.jets),
                column.endsWith("multiplicity"));
    }

    private static int mismatches(double[] ref, double[] ours, boolean integer) {
        int bad = 0;
        for (int row = 0; row < ref.length; row++) {
            if (!(deviation(ours[row], ref[row], integer) <= 1)) {
                bad++;
            }
        }
        return bad;
    }

    static double[] values(SubstructureObservable o, List<JetBatch> jets) {
        int n = jets.stream().mapToInt(JetBatch::size).sum();
        double[] out = new double[n];
        int k = 0;
        for (JetBatch b : jets) {
            double[] v = o.values(b);
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    /** A fixture's jets (read with the project's reader) and its {@code .more.csv} table. */
    private record Fixture(List<JetBatch> jets, List<String> header, List<String[]> rowsOfCells) {
        static Fixture read(String name) throws IOException {
            Path dir = SharedData.dir().resolve("fixtures").resolve("substructure");
            List<String> lines = Files.readAllLines(dir.resolve(name + ".more.csv"));
            List<String[]> cells = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                cells.add(line.split(","));
            }
            List<JetBatch> jets = JetFiles.read(dir.resolve(name + ".h5"), Long.MAX_VALUE);
            Fixture f = new Fixture(jets, List.of(lines.get(0).split(",")), cells);
            assertEquals(f.rows(), jets.stream().mapToInt(JetBatch::size).sum(), name + ": jets in the .h5 and rows in the .more.csv");
            return f;
        }

        int rows() {
            return rowsOfCells.size();
        }

        double[] column(String name) {
            int k = header.indexOf(name);
            double[] v = new double[rows()];
            for (int row = 0; row < v.length; row++) {
                v[row] = Double.parseDouble(rowsOfCells.get(row)[k]);
            }
            return v;
        }
    }
}
