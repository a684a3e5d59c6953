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
        requireSameBins(a, errA, b, errB);
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

    /**
     * χ² of measured points against a sample of unit-weight events: per bin the Poisson likelihood
     * ratio of Baker and Cousins (Nucl. Instrum. Meth. 221 (1984) 437) with the point's Gaussian
     * uncertainty profiled,
     * {@code min_t [(y_k − t)²/σ_k² + 2(c_k t − n_k + n_k ln(n_k / (c_k t)))]}, t ≥ 0 the true value
     * the point and the sample share, where the sample put n_k events and expects c_k·t.
     *
     * <p>Unlike {@link #of}, whose sample error √n_k/c_k vanishes where the sample happens to be
     * empty, this stays calibrated where the sample expects only a few events: a bin where it expects
     * 2.6 and has none adds about 5 here, and (y_k/σ_k)² there, up to 300 in the tail of CMS's jet
     * mass. With many events it is {@code (y_k − n_k/c_k)² / (σ_k² + n_k/c_k²)}, the Gaussian χ². The
     * minimum has a closed form: the root t ≥ 0 of t² + (c_k σ_k² − y_k) t − n_k σ_k² = 0.
     *
     * @param values           the measured values y_k (e.g. 1/N dN/dm in 1/GeV)
     * @param errors           their uncertainties σ_k (same unit); a point with none (σ_k ≤ 0) is left
     *                         out, as it cannot be compared within its uncertainty
     * @param counts           the sample's events n_k in each bin
     * @param eventsPerValue   c_k, the events the sample expects in bin k per unit of the value (N Δx_k
     *                         for 1/N dN/dx with N events, Δx_k for dN/dx)
     * @return the χ² sum and ndf, the number of points with an uncertainty
     */
    public static ChiSquare ofCounts(double[] values, double[] errors, double[] counts, double[] eventsPerValue) {
        requireSameBins(values, errors, counts, eventsPerValue);
        double chi2 = 0;
        int ndf = 0;
        for (int k = 0; k < values.length; k++) {
            double y = values[k];
            double var = errors[k] * errors[k];
            if (!(var > 0)) {
                continue;
            }
            double n = counts[k];
            double c = eventsPerValue[k];
            double b = c * var - y;
            double root = Math.sqrt(b * b + 4 * n * var);
            // The larger root of the quadratic, written so that neither sign of b cancels digits.
            double t = b > 0 ? 2 * n * var / (b + root) : 0.5 * (root - b);
            double mu = c * t;
            double poisson = 2 * (mu - n);
            if (n > 0) {
                poisson += 2 * n * Math.log(n / mu);
            }
            chi2 += (y - t) * (y - t) / var + poisson;
            ndf++;
        }
        return new ChiSquare(chi2, ndf);
    }

    private static void requireSameBins(double[] a, double[] errA, double[] b, double[] errB) {
        if (a.length != b.length || errA.length != a.length || errB.length != b.length) {
            throw new IllegalArgumentException("mismatched binning: " + a.length + " vs " + b.length + " bins");
        }
    }
}
