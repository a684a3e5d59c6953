package org.jetflow.validation.distance;

/**
 * χ² between two binned distributions with errors: {@code Σ_k (a_k − b_k)² / (σa_k² + σb_k²)} over
 * the bins where the combined error is non-zero, and ndf the number of such bins.
 *
 * @param chi2 the χ² sum
 * @param ndf  the number of bins that entered it
 */
public record ChiSquare(double chi2, int ndf) {
    /** χ²/ndf (NaN when no bin had an error). */
    public double perDof() {
        return ndf == 0 ? Double.NaN : chi2 / ndf;
    }

    public static ChiSquare of(double[] a, double[] errA, double[] b, double[] errB) {
        if (a.length != b.length || errA.length != a.length || errB.length != b.length) {
            throw new IllegalArgumentException("mismatched binning: " + a.length + " vs " + b.length + " bins");
        }
        double chi2 = 0;
        int ndf = 0;
        for (int k = 0; k < a.length; k++) {
            double var = errA[k] * errA[k] + errB[k] * errB[k];
            if (var > 0) {
                double d = a[k] - b[k];
                chi2 += d * d / var;
                ndf++;
            }
        }
        return new ChiSquare(chi2, ndf);
    }
}
