package org.jetflow.flows;

import java.util.Arrays;

/** The learning tests' distance: W1 of two equally large samples, the mean gap of their sorted values. */
public final class EqualSizeW1 {
    private EqualSizeW1() {
    }

    public static double of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("samples of " + a.length + " and " + b.length + " values");
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }
}
