package org.jetflow.validation.distance;

import java.util.Arrays;

/**
 * The 1-Wasserstein distance between two one-dimensional samples, exact:
 * {@code W1 = ∫ |F_a(x) − F_b(x)| dx} over the empirical CDFs (PHYSICS.md, "Distances").
 */
public final class Wasserstein1 {
    private Wasserstein1() {
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
