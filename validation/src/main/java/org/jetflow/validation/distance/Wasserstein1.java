package org.jetflow.validation.distance;

import java.util.Arrays;

/**
 * The 1-Wasserstein distance between two one-dimensional samples, exact:
 * {@code W1 = ∫ |F_a(x) − F_b(x)| dx} over the empirical CDFs (docs/validation.md#w1-and-the-statistical-floor).
 */
public final class Wasserstein1 {
    private Wasserstein1() {
    }

    /**
     * W1 between two histograms of the same binning, each read as a piecewise-uniform density of
     * unit area (bin contents {@code a} and {@code b}, normalised here): {@code ∫ |F_a − F_b| dx}
     * with piecewise-linear CDFs, integrated exactly bin by bin (a sign change inside a bin
     * included). The distributed jobs use it where the samples themselves are not kept.
     */
    public static double binned(double[] edges, double[] a, double[] b) {
        if (a.length != b.length || edges.length != a.length + 1) {
            throw new IllegalArgumentException("binned W1 needs " + (edges.length - 1) + " bins in both histograms, got "
                    + a.length + " and " + b.length);
        }
        double sa = 0;
        double sb = 0;
        for (int k = 0; k < a.length; k++) {
            sa += a[k];
            sb += b[k];
        }
        if (!(sa > 0) || !(sb > 0)) {
            throw new IllegalArgumentException("binned W1 of an empty histogram");
        }
        double fa = 0;
        double fb = 0;
        double w = 0;
        for (int k = 0; k < a.length; k++) {
            double d0 = fa - fb;
            fa += a[k] / sa;
            fb += b[k] / sb;
            double d1 = fa - fb;
            double width = edges[k + 1] - edges[k];
            if (d0 * d1 >= 0) {
                w += width * (Math.abs(d0) + Math.abs(d1)) / 2;
            } else {
                w += width * (d0 * d0 + d1 * d1) / (2 * (Math.abs(d0) + Math.abs(d1)));
            }
        }
        return w;
    }

    /** W1 between samples (not modified); NaN values are refused. */
    public static double distance(double[] a, double[] b) {
        double[] x = sortedCopy(a, "first");
        double[] y = sortedCopy(b, "second");
        return distanceSorted(x, y);
    }

    /** W1 between already sorted samples. */
    public static double distanceSorted(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("W1 of an empty sample");
        }
        int i = 0;
        int j = 0;
        double prev = Math.min(x[0], y[0]);
        double w = 0;
        double na = x.length;
        double nb = y.length;
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            w += Math.abs(i / na - j / nb) * (next - prev);
            prev = next;
            while (i < x.length && x[i] == next) {
                i++;
            }
            while (j < y.length && y[j] == next) {
                j++;
            }
        }
        return w;
    }

    static double[] sortedCopy(double[] v, String which) {
        double[] s = v.clone();
        for (int k = 0; k < s.length; k++) {
            if (Double.isNaN(s[k])) {
                throw new IllegalArgumentException("the " + which + " sample has NaN at index " + k);
            }
        }
        Arrays.sort(s);
        return s;
    }
}
