package org.jetflow.validation.distance;

/** The two-sample Kolmogorov–Smirnov statistic {@code sup_x |F_a(x) − F_b(x)|}. */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {
    }

    public static double statistic(double[] a, double[] b) {
        double[] x = Wasserstein1.sortedCopy(a, "first");
        double[] y = Wasserstein1.sortedCopy(b, "second");
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("KS of an empty sample");
        }
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /** KS between two binned distributions with the same bins (normalised CDFs at the bin edges). */
    public static double binned(double[] countsA, double[] countsB) {
        double ta = 0;
        double tb = 0;
        for (int k = 0; k < countsA.length; k++) {
            ta += countsA[k];
            tb += countsB[k];
        }
        double ca = 0;
        double cb = 0;
        double d = 0;
        for (int k = 0; k < countsA.length; k++) {
            ca += countsA[k] / ta;
            cb += countsB[k] / tb;
            d = Math.max(d, Math.abs(ca - cb));
        }
        return d;
    }
}
