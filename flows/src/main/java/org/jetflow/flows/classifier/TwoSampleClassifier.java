package org.jetflow.flows.classifier;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.net.GraphScalar;
import org.jetflow.flows.net.TorchWarnings;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.train.Adam;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;

/**
 * The classifier two-sample test (as in the CaloChallenge and JetNet comparisons): a
 * {@link DeepSetsClassifier} learns to tell generated from reference jets on half of each sample,
 * and its ROC AUC on the other half says how well they can be told apart: 0.5 when they cannot,
 * 1 when always. Equal numbers of jets from each sample; per particle ln(pT/pT_jet), Δη, Δφ and the
 * class (one-hot), the {@link #PARTICLES} hardest. The spread is the standard deviation of the AUC
 * over bootstrap replicas of the held-out jets. Deterministic in the seed.
 */
public final class TwoSampleClassifier {
    /** Hardest particles per jet the classifier sees. */
    public static final int PARTICLES = 100;
    private static final int FEATURES = 3 + ParticleClass.values().length;
    private static final int WIDTH = 64;
    private static final int BATCH = 128;
    private static final int BOOTSTRAP = 20;

    /**
     * Settings.
     *
     * @param jets   jets per sample at most (half train, half test)
     * @param epochs passes over the training half
     * @param rate   Adam learning rate
     * @param seed   of the split, the initial weights, the batches and the bootstrap
     */
    public record Settings(int jets, int epochs, double rate, long seed) {
        public Settings {
            if (jets < 4 || epochs < 1 || !(rate > 0)) {
                throw new IllegalArgumentException("the classifier needs at least 4 jets per sample, 1 epoch, a rate > 0");
            }
        }

        /** 10,000 jets per sample, 20 epochs, rate 1e-3, seed 1. */
        public static Settings defaults() {
            return new Settings(10_000, 20, 1e-3, 1);
        }
    }

    /**
     * What the test found.
     *
     * @param auc        ROC AUC on the held-out jets
     * @param spread     its standard deviation over bootstrap replicas of those jets
     * @param trainAuc   ROC AUC on the training jets (far above {@code auc}: overtraining)
     * @param trainJets  jets per sample trained on
     * @param testJets   jets per sample held out
     */
    public record Result(double auc, double spread, double trainAuc, int trainJets, int testJets) {
    }

    private TwoSampleClassifier() {
    }

    /** Trains on half of each sample and measures the AUC on the other half. */
    public static Result run(List<JetBatch> generated, List<JetBatch> reference, Settings s) {
        TorchWarnings.silence();
        Features g = Features.of(generated, s.jets());
        Features r = Features.of(reference, s.jets());
        int n = Math.min(g.jets, r.jets);
        if (n < 4) {
            throw new IllegalArgumentException("the classifier needs at least 4 jets in each sample, got " + g.jets
                    + " generated and " + r.jets + " reference");
        }
        SplittableRandom rnd = new SplittableRandom(s.seed());
        int[] gi = shuffled(g.jets, rnd);
        int[] ri = shuffled(r.jets, rnd);
        int train = n / 2;
        // Rows of the pooled sample: generated first (label 1), then reference (label 0).
        List<int[]> trainRows = new ArrayList<>();
        List<int[]> testRows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            (k < train ? trainRows : testRows).add(new int[] {1, gi[k]});
            (k < train ? trainRows : testRows).add(new int[] {0, ri[k]});
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepSetsClassifier net = new DeepSetsClassifier(FEATURES, WIDTH, rnd.nextLong(), manager);
            for (NDArray p : net.parameters().values()) {
                p.setRequiresGradient(true);
            }
            Adam adam = new Adam(net.parameters(), manager);
            int step = 0;
            for (int e = 0; e < s.epochs(); e++) {
                int[] perm = shuffled(trainRows.size(), rnd);
                for (int from = 0; from < perm.length; from += BATCH) {
                    int b = Math.min(BATCH, perm.length - from);
                    int[][] rows = new int[b][];
                    for (int k = 0; k < b; k++) {
                        rows[k] = trainRows.get(perm[from + k]);
                    }
                    try (NDManager sm = manager.newSubManager()) {
                        Batch in = batch(rows, g, r, sm);
                        Map<String, NDArray> grads = new LinkedHashMap<>();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray z = net.forward(in.x, in.mask);
                            // Binary cross-entropy with logits: softplus(z) − y·z, written stably.
                            NDArray loss = z.maximum(GraphScalar.of(z, 0f)).sub(z.mul(in.y))
                                    .add(z.abs().neg().exp().add(GraphScalar.of(z, 1f)).log()).mean();
                            gc.backward(loss);
                        }
                        for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
                            NDArray grad = p.getValue().getGradient();
                            grad.attach(sm);
                            grads.put(p.getKey(), grad);
                        }
                        adam.update(net.parameters(), grads, ++step, s.rate(), 1f, sm);
                        for (NDArray grad : grads.values()) {
                            grad.set(new ai.djl.ndarray.index.NDIndex(":"), 0f);
                        }
                    }
                }
            }
            double[][] test = scores(net, testRows, g, r, manager);
            double[][] fit = scores(net, trainRows, g, r, manager);
            double auc = auc(test[0], test[1]);
            double[] replicas = new double[BOOTSTRAP];
            for (int k = 0; k < BOOTSTRAP; k++) {
                replicas[k] = auc(resample(test[0], rnd), resample(test[1], rnd));
            }
            return new Result(auc, std(replicas), auc(fit[0], fit[1]), train, n - train);
        }
    }

    /** Scores of the rows' jets: [0] the reference's, [1] the generated. */
    private static double[][] scores(DeepSetsClassifier net, List<int[]> rows, Features g, Features r, NDManager m) {
        List<Double> ref = new ArrayList<>();
        List<Double> gen = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 512) {
            int b = Math.min(512, rows.size() - from);
            int[][] part = rows.subList(from, from + b).toArray(new int[0][]);
            try (NDManager sm = m.newSubManager()) {
                Batch in = batch(part, g, r, sm);
                float[] z = net.forward(in.x, in.mask).toFloatArray();
                for (int k = 0; k < b; k++) {
                    (part[k][0] == 1 ? gen : ref).add((double) z[k]);
                }
            }
        }
        return new double[][] {ref.stream().mapToDouble(Double::doubleValue).toArray(),
            gen.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    private record Batch(NDArray x, NDArray mask, NDArray y) {
    }

    private static Batch batch(int[][] rows, Features g, Features r, NDManager sm) {
        int b = rows.length;
        float[] x = new float[b * PARTICLES * FEATURES];
        float[] mask = new float[b * PARTICLES];
        float[] y = new float[b];
        for (int k = 0; k < b; k++) {
            Features f = rows[k][0] == 1 ? g : r;
            int j = rows[k][1];
            y[k] = rows[k][0];
            System.arraycopy(f.x, j * PARTICLES * FEATURES, x, k * PARTICLES * FEATURES, PARTICLES * FEATURES);
            System.arraycopy(f.mask, j * PARTICLES, mask, k * PARTICLES, PARTICLES);
        }
        return new Batch(sm.create(x, new Shape(b, PARTICLES, FEATURES)), sm.create(mask, new Shape(b, PARTICLES)),
                sm.create(y));
    }

    /** Every jet's particle features, (jets, PARTICLES, FEATURES), and mask. */
    private static final class Features {
        final int jets;
        final float[] x;
        final float[] mask;

        private Features(int jets, float[] x, float[] mask) {
            this.jets = jets;
            this.x = x;
            this.mask = mask;
        }

        static Features of(List<JetBatch> batches, int limit) {
            int n = (int) Math.min(limit, batches.stream().mapToLong(JetBatch::size).sum());
            float[] x = new float[n * PARTICLES * FEATURES];
            float[] mask = new float[n * PARTICLES];
            int row = 0;
            for (JetBatch b : batches) {
                for (int j = 0; j < b.size() && row < n; j++, row++) {
                    int[] keep = JetTensors.hardest(b, j, PARTICLES);
                    for (int s = 0; s < keep.length; s++) {
                        int i = keep[s];
                        int o = (row * PARTICLES + s) * FEATURES;
                        // Scaled to order one: ln z is about −3 ± 2, the angles about ± 0.2.
                        x[o] = (float) ((Math.log(Math.max(b.pt()[i] / b.jetPt()[j], 1e-12)) + 4) / 2);
                        x[o + 1] = b.deta()[i] * 5;
                        x[o + 2] = b.dphi()[i] * 5;
                        x[o + 3 + b.token()[i] - 1] = 1;
                        mask[row * PARTICLES + s] = 1;
                    }
                }
            }
            return new Features(n, x, mask);
        }
    }

    private static int[] shuffled(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    private static double[] resample(double[] v, SplittableRandom rnd) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[rnd.nextInt(v.length)];
        }
        return out;
    }

    /** ROC AUC: the probability that a generated jet scores above a reference one, ties half. */
    static double auc(double[] reference, double[] generated) {
        double[] r = reference.clone();
        java.util.Arrays.sort(r);
        double sum = 0;
        for (double v : generated) {
            int below = lowerBound(r, v);
            int upTo = lowerBound(r, Math.nextUp(v));
            sum += below + 0.5 * (upTo - below);
        }
        return sum / ((double) reference.length * generated.length);
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double std(double[] v) {
        double m = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
    }
}
