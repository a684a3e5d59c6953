package org.jetflow.validation.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.validation.observable.ObservableRunner;
import org.jetflow.validation.observable.ObservableTable;
import org.junit.jupiter.api.Test;

class BoostedTreeTwoSampleTest {
    private static final Path SAMPLE = Path.of(System.getProperty("jetflow.root", ".."), "samples/data/qcd-2k.h5");
    /** Φ(1/√2): the best AUC between N(0, 1) and N(1, 1). */
    private static final double GAUSSIAN_OPTIMUM = 0.760250;

    /** The observables of the 2000 shipped QCD jets. */
    private static ObservableTable qcd() {
        List<ObservableTable> parts = new ArrayList<>();
        try (JetReader r = JetFiles.open(SAMPLE)) {
            new ObservableRunner(1, 0.5, false).run(r, Long.MAX_VALUE, parts::add);
        }
        return ObservableTable.concat(parts);
    }

    /** Rows {@code parity}, {@code parity + 2}, ... of a table. */
    private static ObservableTable alternate(ObservableTable t, int parity) {
        double[][] cols = new double[t.columns().length][];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = new double[(t.rows() - parity + 1) / 2];
            for (int i = parity, j = 0; i < t.rows(); i += 2, j++) {
                cols[k][j] = t.columns()[k][i];
            }
        }
        return new ObservableTable(t.names(), cols);
    }

    /** {@code rows} rows of columns x (Gaussian, mean {@code mean}, unit width) and two N(0, 1) noise columns. */
    private static ObservableTable gaussians(int rows, double mean, SplittableRandom rnd) {
        double[][] cols = new double[3][rows];
        for (int i = 0; i < rows; i++) {
            cols[0][i] = mean + rnd.nextGaussian();
            cols[1][i] = rnd.nextGaussian();
            cols[2][i] = rnd.nextGaussian();
        }
        return new ObservableTable(List.of("x", "noise1", "noise2"), cols);
    }

    private static ObservableTable shuffledRows(ObservableTable t, long seed) {
        int[] perm = new int[t.rows()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        double[][] cols = new double[t.columns().length][t.rows()];
        for (int k = 0; k < cols.length; k++) {
            for (int i = 0; i < perm.length; i++) {
                cols[k][i] = t.columns()[k][perm[i]];
            }
        }
        return new ObservableTable(t.names(), cols);
    }

    private static final List<String> XS = List.of("x", "noise1", "noise2");

    @Test
    void halvesOfOneSampleAreIndistinguishableAndAShiftedTau21IsSeen() {
        ObservableTable all = qcd();
        ObservableTable even = alternate(all, 0);
        ObservableTable odd = alternate(all, 1);
        BoostedTreeTwoSample.Result same = BoostedTreeTwoSample.run(even, odd);
        System.out.printf("boosted trees, QCD halves: AUC %.4f ± %.4f (fold std %.4f, folds %s, rounds %s)%n",
                same.auc(), same.spread(), same.foldStd(), same.foldAucs(), same.rounds());
        assertEquals(1000, same.generatedJets());
        assertEquals(1000, same.referenceJets());
        assertEquals(5, same.foldAucs().size());
        assertEquals(13, same.observables().size());
        assertEquals(0.5, same.auc(), 0.05, "two halves of one sample");

        // A sample against itself: each jet and its copy share a fold and a score.
        BoostedTreeTwoSample.Result itself = BoostedTreeTwoSample.run(even, even);
        System.out.printf("boosted trees, a sample against itself: AUC %.6f%n", itself.auc());
        assertEquals(0.5, itself.auc(), 1e-12);

        // τ21 of one half times 0.8: the trees see it (and would not if they ignored τ21).
        double[] tau21 = odd.column("tau21");
        for (int i = 0; i < tau21.length; i++) {
            tau21[i] *= 0.8;
        }
        BoostedTreeTwoSample.Result shifted = BoostedTreeTwoSample.run(even, odd);
        System.out.printf("boosted trees, QCD halves with tau21 x 0.8: AUC %.4f ± %.4f%n", shifted.auc(), shifted.spread());
        assertTrue(shifted.auc() > 0.65, "tau21 scaled by 0.8: AUC " + shifted.auc());
    }

    @Test
    void gaussiansReachTheLikelihoodRatioOptimum() {
        SplittableRandom rnd = new SplittableRandom(11);
        ObservableTable a = gaussians(4000, 1, rnd);
        ObservableTable b = gaussians(4000, 0, rnd);
        BoostedTreeTwoSample.Result r = BoostedTreeTwoSample.run(a, b, XS, BoostedTreeTwoSample.Settings.defaults());
        System.out.printf("boosted trees, N(1,1) vs N(0,1) + 2 noise columns: AUC %.4f ± %.4f (optimum %.4f; folds %s,"
                + " rounds %s)%n", r.auc(), r.spread(), GAUSSIAN_OPTIMUM, r.foldAucs(), r.rounds());
        assertEquals(GAUSSIAN_OPTIMUM, r.auc(), 0.03);
        assertTrue(r.spread() > 0 && r.spread() < 0.02, "spread " + r.spread());
        // The trees learn which way the samples differ: swapped, the same separation.
        BoostedTreeTwoSample.Result swapped = BoostedTreeTwoSample.run(b, a, XS, BoostedTreeTwoSample.Settings.defaults());
        System.out.printf("boosted trees, samples swapped: AUC %.4f%n", swapped.auc());
        assertEquals(GAUSSIAN_OPTIMUM, swapped.auc(), 0.03);
    }

    @Test
    void onlyHeldOutJetsAreScored() {
        // Trees that memorise their training jets (300 rounds of depth 6, eta 0.5, no early stopping)
        // score their own jets near AUC 1, but two samples of one distribution near 0.5 on jets they
        // never saw: an AUC far above 0.5 here would mean training jets were scored.
        SplittableRandom rnd = new SplittableRandom(21);
        ObservableTable a = gaussians(1000, 0, rnd);
        ObservableTable b = gaussians(1000, 0, rnd);
        BoostedTreeTwoSample.Settings memorise = new BoostedTreeTwoSample.Settings(5, 300, 6, 0.5, 0, 0, 1, 4);
        BoostedTreeTwoSample.Result r = BoostedTreeTwoSample.run(a, b, XS, memorise);
        System.out.printf("boosted trees, memorising, one distribution: AUC %.4f ± %.4f (rounds %s)%n", r.auc(),
                r.spread(), r.rounds());
        assertEquals(List.of(300, 300, 300, 300, 300), r.rounds());
        assertEquals(0.5, r.auc(), 0.06);
    }

    @Test
    void sameSeedSameAucWhateverTheRowOrder() {
        SplittableRandom rnd = new SplittableRandom(5);
        ObservableTable a = gaussians(600, 0.5, rnd);
        ObservableTable b = gaussians(500, 0, rnd);
        BoostedTreeTwoSample.Settings s = BoostedTreeTwoSample.Settings.defaults();
        BoostedTreeTwoSample.Result first = BoostedTreeTwoSample.run(a, b, XS, s);
        BoostedTreeTwoSample.Result again = BoostedTreeTwoSample.run(a, b, XS, s);
        BoostedTreeTwoSample.Result reordered = BoostedTreeTwoSample.run(shuffledRows(a, 1), shuffledRows(b, 2), XS, s);
        BoostedTreeTwoSample.Result otherSeed = BoostedTreeTwoSample.run(a, b, XS, s.withSeed(99));
        System.out.printf("boosted trees, seed %d: AUC %.6f, again %.6f, rows reordered %.6f; seed 99: %.6f%n", s.seed(),
                first.auc(), again.auc(), reordered.auc(), otherSeed.auc());
        assertEquals(first.foldAucs(), again.foldAucs());
        assertEquals(first.rounds(), again.rounds());
        assertEquals(first.foldAucs(), reordered.foldAucs(), "the folds do not depend on the order of the rows");
        assertNotEquals(first.foldAucs(), otherSeed.foldAucs(), "another seed deals other folds");
        assertEquals(first.auc(), otherSeed.auc(), 0.05);
        assertEquals(600, first.generatedJets());
        assertEquals(500, first.referenceJets());
    }

    @Test
    void badInputIsAOneLineErrorNamingWhatIsWrong() {
        SplittableRandom rnd = new SplittableRandom(3);
        ObservableTable a = gaussians(50, 0, rnd);
        ObservableTable b = gaussians(50, 0, rnd);
        BoostedTreeTwoSample.Settings s = BoostedTreeTwoSample.Settings.defaults();

        b.column("noise1")[17] = Double.NaN;
        assertError("reference sample: jet 17, observable noise1 is NaN (the boosted-tree test needs finite values)",
                () -> BoostedTreeTwoSample.run(a, b, XS, s));
        b.column("noise1")[17] = Double.POSITIVE_INFINITY;
        assertError("reference sample: jet 17, observable noise1 is Infinity (the boosted-tree test needs finite values)",
                () -> BoostedTreeTwoSample.run(a, b, XS, s));
        b.column("noise1")[17] = 0;
        assertError("the boosted-tree test needs at least 5 jets per sample (one per fold), got 4 generated and 50"
                + " reference", () -> BoostedTreeTwoSample.run(a.head(4), b, XS, s));
        assertError("generated sample: no observable 'pt' (have [x, noise1, noise2])",
                () -> BoostedTreeTwoSample.run(a, b));
        ObservableTable copies = new ObservableTable(XS, new double[][] {new double[50], new double[50], new double[50]});
        assertError("the boosted-tree test cannot deal the generated jets into 5 folds: too many of them have"
                + " identical observables (51 distinct rows in both samples)", () -> BoostedTreeTwoSample.run(copies, b, XS, s));
        assertThrows(IllegalArgumentException.class, () -> new BoostedTreeTwoSample.Settings(1, 300, 3, 0.1, 20, 0.2, 1, 1));
    }

    @Test
    void comparisonTakesEqualJetsAndWritesTheMetrics() throws Exception {
        SplittableRandom rnd = new SplittableRandom(8);
        ObservableTable a = gaussians(700, 1, rnd);
        ObservableTable b = gaussians(900, 0, rnd);
        BoostedTreeComparison c = new BoostedTreeComparison(BoostedTreeTwoSample.Settings.defaults(), 800, 1);
        assertEquals("bdt_classifier", c.name());
        // Columns x, noise1, noise2 are not jet observables: the comparison asks for the 13.
        assertError("generated sample: no observable 'pt' (have [x, noise1, noise2])",
                () -> c.compare(Path.of("g.h5"), Path.of("r.h5"), a, b, Long.MAX_VALUE));
        ObservableTable all = qcd();
        ObjectNode m = c.compare(Path.of("g.h5"), Path.of("r.h5"), alternate(all, 0), alternate(all, 1).head(900),
                Long.MAX_VALUE);
        assertEquals(800, m.get("jets").asInt(), "min(800 jets asked for, 1000 and 900 given)");
        assertFalse(m.has("reference_jets"));
        assertEquals(5, m.get("folds").asInt());
        assertEquals(5, m.get("fold_aucs").size());
        assertEquals(13, m.get("observables").size());
        assertEquals(0.5, m.get("auc").asDouble(), 0.06);
        assertTrue(m.get("spread").asDouble() > 0 && m.get("seconds").asDouble() > 0, m.toString());
        assertTrue(m.get("what").asText().contains("XGBoost"), m.toString());
    }

    private static void assertError(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
