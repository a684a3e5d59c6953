package org.jetflow.validation.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jetflow.validation.observable.JetObservables;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.roc.RocCurve;

/**
 * The boosted-tree two-sample test: gradient-boosted decision trees (XGBoost; T. Chen, C. Guestrin,
 * arXiv:1603.02754) learn to tell the jets of one sample from those of another by their per-jet
 * observables, and the ROC AUC on jets the trees did not train on says how well the samples can be
 * told apart: 0.5 when not at all, 1 when always. For two distributions p and q the best any
 * classifier can reach is the AUC of the likelihood ratio p/q; a classifier that falls short of it
 * only understates the difference, so a large AUC is always a real difference (or too few jets).
 *
 * <p>k-fold cross-validation, stratified: each sample's jets are dealt into k folds of (nearly)
 * equal size; for each fold the trees train on the other k − 1 folds of both samples and score the
 * fold's jets. {@link Result#auc()} is the mean over folds of the held-out AUC; no jet is ever scored
 * by trees that trained on it. Inside the training folds a share of each sample
 * ({@link Settings#validationShare()}) is kept aside for early stopping: boosting stops when the
 * log-loss on those jets has not improved for {@link Settings#patience()} rounds, and the trees up
 * to the best round score the held-out fold.
 *
 * <p>Jets with identical observables (within a sample or across the two) always share a fold, so
 * a sample compared with itself gives 0.5, not less.
 *
 * <p>Deterministic: the folds are dealt from the rows sorted by value and shuffled with the seed, so
 * the result depends on the multiset of rows and the seed, never on the order of the rows; the trees
 * are fitted on one thread (by default) with no random subsampling.
 * Label 1 is the first sample ({@code generated}), label 0 the second ({@code reference}).
 */
public final class BoostedTreeTwoSample {
    /** The observables of the fidelity table, the default inputs. */
    public static final List<String> OBSERVABLES = JetObservables.FIDELITY;
    /** Training jets per sample below which no validation split is made (early stopping is off). */
    private static final int MIN_FOR_VALIDATION = 10;

    /**
     * Settings.
     *
     * @param folds           k of the k-fold cross-validation (≥ 2)
     * @param maxRounds       boosting rounds at most (one tree each)
     * @param maxDepth        depth of each tree
     * @param eta             learning rate (shrinkage of each tree)
     * @param patience        early stopping: rounds without a better validation log-loss before
     *                        boosting stops; 0 boosts {@code maxRounds} rounds with no validation split
     * @param validationShare share of each sample's training jets kept aside for early stopping, in
     *                        [0, 0.5); 0 turns early stopping off
     * @param threads         XGBoost threads (1 keeps the result independent of the machine)
     * @param seed            of the folds and the validation split
     */
    public record Settings(int folds, int maxRounds, int maxDepth, double eta, int patience, double validationShare,
            int threads, long seed) {
        public Settings {
            if (folds < 2 || maxRounds < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1) || patience < 0
                    || !(validationShare >= 0 && validationShare < 0.5) || threads < 1) {
                throw new IllegalArgumentException("boosted-tree settings need folds ≥ 2, rounds ≥ 1, depth ≥ 1,"
                        + " 0 < eta ≤ 1, patience ≥ 0, 0 ≤ validation share < 0.5, threads ≥ 1; got " + this);
            }
        }

        /**
         * 5 folds; at most 300 rounds of depth-3 trees with eta 0.1, stopped after 20 rounds without
         * a better log-loss on 20 % of the training jets; one thread; seed 12345.
         */
        public static Settings defaults() {
            return new Settings(5, 300, 3, 0.1, 20, 0.2, 1, 12345);
        }

        /** These settings with another seed. */
        public Settings withSeed(long s) {
            return new Settings(folds, maxRounds, maxDepth, eta, patience, validationShare, threads, s);
        }

        private boolean earlyStopping() {
            return patience > 0 && validationShare > 0;
        }
    }

    /**
     * What the test found.
     *
     * @param auc            mean over the folds of the ROC AUC on the held-out fold
     * @param spread         its standard error: the sample standard deviation of the fold AUCs over
     *                       √k. The folds' trees share most of their training jets, so this is
     *                       a little optimistic; it is about the statistical error of one AUC on
     *                       all the jets.
     * @param foldStd        the sample standard deviation of the fold AUCs (the spread of one fold's AUC)
     * @param foldAucs       the held-out AUC of each fold
     * @param rounds         the boosting rounds each fold's trees kept (the best round with early stopping)
     * @param generatedJets  jets of the first sample (label 1)
     * @param referenceJets  jets of the second sample (label 0)
     * @param observables    the columns the trees saw
     * @param settings       the settings used
     */
    public record Result(double auc, double spread, double foldStd, List<Double> foldAucs, List<Integer> rounds,
            int generatedJets, int referenceJets, List<String> observables, Settings settings) {
    }

    private BoostedTreeTwoSample() {
    }

    /** The test on the {@link #OBSERVABLES} with the default settings. */
    public static Result run(ObservableTable generated, ObservableTable reference) {
        return run(generated, reference, OBSERVABLES, Settings.defaults());
    }

    /**
     * The test on the named columns of two tables (one row per jet).
     *
     * @throws IllegalArgumentException naming the sample, jet and column when a value is NaN or
     *                                  infinite, a column is missing, or a sample has fewer jets than folds
     */
    public static Result run(ObservableTable generated, ObservableTable reference, List<String> observables,
            Settings s) {
        if (observables.isEmpty()) {
            throw new IllegalArgumentException("the boosted-tree test needs at least one observable");
        }
        double[][] g = rows(generated, observables, "generated");
        double[][] r = rows(reference, observables, "reference");
        if (g.length < s.folds() || r.length < s.folds()) {
            throw new IllegalArgumentException("the boosted-tree test needs at least " + s.folds() + " jets per sample"
                    + " (one per fold), got " + g.length + " generated and " + r.length + " reference");
        }
        SplittableRandom rnd = new SplittableRandom(s.seed());
        int[][][] dealt = folds(g, r, s.folds(), rnd);
        int[][] gFolds = dealt[0];
        int[][] rFolds = dealt[1];
        long[] foldSeeds = rnd.longs(s.folds()).toArray();
        double[] aucs = new double[s.folds()];
        List<Integer> rounds = new ArrayList<>();
        for (int f = 0; f < s.folds(); f++) {
            Fold fold = fitAndScore(g, r, gFolds, rFolds, f, s, new SplittableRandom(foldSeeds[f]));
            aucs[f] = fold.auc;
            rounds.add(fold.rounds);
        }
        double mean = Arrays.stream(aucs).average().orElseThrow();
        double var = 0;
        for (double a : aucs) {
            var += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(var / (aucs.length - 1));
        return new Result(mean, std / Math.sqrt(aucs.length), std, Arrays.stream(aucs).boxed().toList(), rounds,
                g.length, r.length, List.copyOf(observables), s);
    }

    /** One fold's held-out AUC and the rounds its trees kept. */
    private record Fold(double auc, int rounds) {
    }

    private static Fold fitAndScore(double[][] g, double[][] r, int[][] gFolds, int[][] rFolds, int test, Settings s,
            SplittableRandom rnd) {
        int[] gTrain = others(gFolds, test);
        int[] rTrain = others(rFolds, test);
        int[] gFit = gTrain;
        int[] rFit = rTrain;
        int[] gVal = new int[0];
        int[] rVal = new int[0];
        // Too few jets to keep some aside: all rounds on all training jets.
        boolean earlyStopping = s.earlyStopping() && gTrain.length >= MIN_FOR_VALIDATION
                && rTrain.length >= MIN_FOR_VALIDATION;
        if (earlyStopping) {
            shuffle(gTrain, rnd);
            shuffle(rTrain, rnd);
            int gv = validationSize(gTrain.length, s.validationShare());
            int rv = validationSize(rTrain.length, s.validationShare());
            gVal = Arrays.copyOfRange(gTrain, 0, gv);
            rVal = Arrays.copyOfRange(rTrain, 0, rv);
            gFit = Arrays.copyOfRange(gTrain, gv, gTrain.length);
            rFit = Arrays.copyOfRange(rTrain, rv, rTrain.length);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eval_metric", "logloss");
        params.put("tree_method", "hist");
        params.put("max_depth", s.maxDepth());
        params.put("eta", s.eta());
        params.put("nthread", s.threads());
        params.put("seed", s.seed());
        params.put("verbosity", 0);
        List<DMatrix> matrices = new ArrayList<>();
        Booster booster = null;
        try {
            DMatrix fit = matrix(g, gFit, r, rFit, matrices);
            DMatrix held = matrix(g, gFolds[test], r, rFolds[test], matrices);
            Map<String, DMatrix> watches = new HashMap<>();
            DMatrix val = null;
            if (earlyStopping) {
                val = matrix(g, gVal, r, rVal, matrices);
                watches.put("validation", val);
            }
            // Zero rounds: a booster that caches the fit and validation matrices' predictions, so
            // that each round's validation log-loss costs one tree's evaluation.
            booster = XGBoost.train(fit, params, 0, watches, null, null);
            int kept = 0;
            double best = Double.POSITIVE_INFINITY;
            float[] loss = new float[1];
            for (int round = 0; round < s.maxRounds(); round++) {
                booster.update(fit, round);
                if (val == null) {
                    kept = round + 1;
                    continue;
                }
                booster.evalSet(new DMatrix[] {val}, new String[] {"validation"}, round, loss);
                if (loss[0] < best) {
                    best = loss[0];
                    kept = round + 1;
                } else if (round + 1 - kept >= s.patience()) {
                    break;
                }
            }
            float[][] p = booster.predict(held, false, kept);
            int ng = gFolds[test].length;
            double[] signal = new double[ng];
            double[] background = new double[p.length - ng];
            for (int i = 0; i < p.length; i++) {
                if (i < ng) {
                    signal[i] = p[i][0];
                } else {
                    background[i - ng] = p[i][0];
                }
            }
            return new Fold(RocCurve.of(background, signal).auc(), kept);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            matrices.forEach(DMatrix::dispose);
        }
    }

    private static int validationSize(int train, double share) {
        return Math.max(1, (int) Math.round(share * train));
    }

    /**
     * A matrix of the rows {@code gi} of {@code g} (label 1) followed by the rows {@code ri} of
     * {@code r} (label 0), in float as XGBoost takes them.
     */
    private static DMatrix matrix(double[][] g, int[] gi, double[][] r, int[] ri, List<DMatrix> owned)
            throws XGBoostError {
        int cols = g[0].length;
        int n = gi.length + ri.length;
        float[] data = new float[n * cols];
        float[] labels = new float[n];
        int row = 0;
        for (int i : gi) {
            put(g[i], data, row);
            labels[row++] = 1;
        }
        for (int i : ri) {
            put(r[i], data, row);
            labels[row++] = 0;
        }
        DMatrix m = new DMatrix(data, n, cols, Float.NaN);
        owned.add(m);
        m.setLabel(labels);
        return m;
    }

    private static void put(double[] values, float[] data, int row) {
        for (int k = 0; k < values.length; k++) {
            data[row * values.length + k] = (float) values[k];
        }
    }

    /** The rows of the named columns, refusing missing columns and non-finite values. */
    private static double[][] rows(ObservableTable t, List<String> observables, String sample) {
        double[][] cols = new double[observables.size()][];
        for (int k = 0; k < cols.length; k++) {
            try {
                cols[k] = t.column(observables.get(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(sample + " sample: " + e.getMessage(), e);
            }
        }
        double[][] rows = new double[t.rows()][cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < cols.length; k++) {
                double v = cols[k][i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(sample + " sample: jet " + i + ", observable " + observables.get(k)
                            + " is " + v + " (the boosted-tree test needs finite values)");
                }
                rows[i][k] = v;
            }
        }
        return rows;
    }

    /**
     * The jets of both samples dealt into k folds: {@code [sample][fold][]} row indices, sample 0
     * {@code g}, 1 {@code r}. Jets with identical observables, in one sample or across the two,
     * form a group that goes to one fold, so that no jet is scored by trees that trained on its
     * copy (two copies of one file then give 0.5, not less). The groups, sorted by value and shuffled
     * with {@code rnd}, go one by one to the fold where the samples they hold have the fewest jets so
     * far (the first such fold): jets without copies are dealt round-robin, each sample's folds
     * differing in size by at most one. Depends on the rows' values and the seed, not their order.
     */
    private static int[][][] folds(double[][] g, double[][] r, int k, SplittableRandom rnd) {
        double[][][] rows = {g, r};
        long[] jets = new long[g.length + r.length];
        for (int i = 0; i < jets.length; i++) {
            jets[i] = i < g.length ? i : (1L << 32) | (i - g.length);
        }
        // Sorted by value; copies are then neighbours (in either order, which changes no value).
        Long[] order = Arrays.stream(jets).boxed().toArray(Long[]::new);
        Arrays.sort(order, (a, b) -> Arrays.compare(rows[(int) (a >>> 32)][(int) (long) a],
                rows[(int) (b >>> 32)][(int) (long) b]));
        List<int[]> groupBounds = new ArrayList<>();
        for (int from = 0, to; from < order.length; from = to) {
            to = from + 1;
            double[] first = rows[(int) (order[from] >>> 32)][(int) (long) order[from]];
            while (to < order.length
                    && Arrays.equals(first, rows[(int) (order[to] >>> 32)][(int) (long) order[to]])) {
                to++;
            }
            groupBounds.add(new int[] {from, to});
        }
        int[] groups = new int[groupBounds.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = i;
        }
        shuffle(groups, rnd);
        int[][] load = new int[2][k];
        List<List<Integer>> dealt = new ArrayList<>();
        for (int i = 0; i < 2 * k; i++) {
            dealt.add(new ArrayList<>());
        }
        for (int grp : groups) {
            int[] bounds = groupBounds.get(grp);
            int[] count = new int[2];
            for (int j = bounds[0]; j < bounds[1]; j++) {
                count[(int) (order[j] >>> 32)]++;
            }
            int best = 0;
            long bestLoad = Long.MAX_VALUE;
            for (int f = 0; f < k; f++) {
                long l = (count[0] > 0 ? load[0][f] : 0) + (count[1] > 0 ? load[1][f] : 0);
                if (l < bestLoad) {
                    bestLoad = l;
                    best = f;
                }
            }
            for (int j = bounds[0]; j < bounds[1]; j++) {
                int sample = (int) (order[j] >>> 32);
                dealt.get(sample * k + best).add((int) (long) order[j]);
                load[sample][best]++;
            }
        }
        int[][][] out = new int[2][k][];
        for (int sample = 0; sample < 2; sample++) {
            for (int f = 0; f < k; f++) {
                out[sample][f] = dealt.get(sample * k + f).stream().mapToInt(Integer::intValue).toArray();
                if (out[sample][f].length == 0) {
                    throw new IllegalArgumentException("the boosted-tree test cannot deal the " + (sample == 0
                            ? "generated" : "reference") + " jets into " + k + " folds: too many of them have"
                            + " identical observables (" + groupBounds.size() + " distinct rows in both samples)");
                }
            }
        }
        return out;
    }

    /** The rows of every fold but {@code test}, fold by fold. */
    private static int[] others(int[][] folds, int test) {
        int n = 0;
        for (int f = 0; f < folds.length; f++) {
            n += f == test ? 0 : folds[f].length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int f = 0; f < folds.length; f++) {
            if (f != test) {
                System.arraycopy(folds[f], 0, out, at, folds[f].length);
                at += folds[f].length;
            }
        }
        return out;
    }

    /** Fisher–Yates shuffle in place. */
    private static void shuffle(int[] v, SplittableRandom rnd) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }
}
