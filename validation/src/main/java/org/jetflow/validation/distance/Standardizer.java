package org.jetflow.validation.distance;

import java.util.SplittableRandom;

/**
 * Per-feature standardisation with a reference's mean and standard deviation (features with no
 * spread are left centred, not scaled), and random batches of rows.
 */
final class Standardizer {
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    static Standardizer fit(double[][] ref) {
        double[] m = mean(ref);
        double[] s = new double[m.length];
        for (double[] row : ref) {
            for (int k = 0; k < m.length; k++) {
                s[k] += (row[k] - m[k]) * (row[k] - m[k]);
            }
        }
        for (int k = 0; k < m.length; k++) {
            s[k] = Math.sqrt(s[k] / Math.max(1, ref.length - 1));
            if (!(s[k] > 0)) {
                s[k] = 1;
            }
        }
        return new Standardizer(m, s);
    }

    double[][] apply(double[][] x) {
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < mean.length; k++) {
                out[i][k] = (x[i][k] - mean[k]) / scale[k];
            }
        }
        return out;
    }

    static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] row : x) {
            for (int k = 0; k < m.length; k++) {
                m[k] += row[k];
            }
        }
        for (int k = 0; k < m.length; k++) {
            m[k] /= x.length;
        }
        return m;
    }

    /** {@code n} distinct rows drawn at random. */
    static double[][] sample(double[][] x, int n, SplittableRandom rnd) {
        int[] idx = new int[x.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            out[i] = x[idx[i]];
        }
        return out;
    }
}
