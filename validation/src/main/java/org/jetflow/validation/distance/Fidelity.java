package org.jetflow.validation.distance;

import java.util.SplittableRandom;

/**
 * W1 of a generated sample against a reference, next to the statistical floor (docs/validation.md#definitions): for
 * each of several random splits, two disjoint reference subsamples A and B of the generated
 * sample's size (or of half the reference when it is smaller than twice that); floor = mean W1(A, B),
 * W1 = mean W1(gen, A), ratio = W1 / floor, 1 for a perfect generator. The spread is the standard
 * deviation of W1 over bootstrap resamplings of the generated sample.
 *
 * @param w1       mean W1(gen, reference subsample)
 * @param spread   bootstrap standard deviation of W1
 * @param floor    mean W1 between disjoint reference subsamples of the same size
 * @param ratio    w1 / floor
 * @param size     subsample size used
 * @param ks       Kolmogorov–Smirnov statistic of gen against the whole reference
 */
public record Fidelity(double w1, double spread, double floor, double ratio, int size, double ks) {
    /**
     * @param splits    random splits of the reference (10 by default; docs/validation.md#w1-and-the-statistical-floor)
     * @param bootstrap bootstrap replicas for the spread
     * @param seed      the random seed: same seed, same numbers
     */
    public static Fidelity of(double[] gen, double[] ref, int splits, int bootstrap, long seed) {
        if (gen.length == 0 || ref.length < 2) {
            throw new IllegalArgumentException("empty sample: " + gen.length + " generated, " + ref.length + " reference");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Math.min(gen.length, ref.length / 2);
        double[] g = gen.length == n ? gen : subsample(gen, n, rnd);
        double w = 0;
        double floor = 0;
        double[][] firstHalves = new double[splits][];
        for (int s = 0; s < splits; s++) {
            double[] perm = shuffled(ref, rnd);
            double[] a = java.util.Arrays.copyOfRange(perm, 0, n);
            double[] b = java.util.Arrays.copyOfRange(perm, n, 2 * n);
            firstHalves[s] = a;
            floor += Wasserstein1.distance(a, b);
            w += Wasserstein1.distance(g, a);
        }
        w /= splits;
        floor /= splits;
        double sum = 0;
        double sum2 = 0;
        for (int r = 0; r < bootstrap; r++) {
            double[] boot = new double[n];
            for (int i = 0; i < n; i++) {
                boot[i] = g[rnd.nextInt(n)];
            }
            double d = Wasserstein1.distance(boot, firstHalves[r % splits]);
            sum += d;
            sum2 += d * d;
        }
        double spread = bootstrap > 1 ? Math.sqrt(Math.max(0, (sum2 - sum * sum / bootstrap) / (bootstrap - 1))) : 0;
        return new Fidelity(w, spread, floor, floor > 0 ? w / floor : Double.NaN, n, KolmogorovSmirnov.statistic(gen, ref));
    }

    private static double[] shuffled(double[] v, SplittableRandom rnd) {
        double[] p = v.clone();
        for (int i = p.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] subsample(double[] v, int n, SplittableRandom rnd) {
        return java.util.Arrays.copyOf(shuffled(v, rnd), n);
    }
}
