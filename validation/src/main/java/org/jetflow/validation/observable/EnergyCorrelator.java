package org.jetflow.validation.observable;

import org.jetflow.validation.jet.Constituents;

/**
 * Energy correlation functions with pT and ΔR (Larkoski, Salam, Thaler, arXiv:1305.0007; fjcontrib
 * {@code EnergyCorrelator} with measure {@code pt_R}):
 * {@code ECF1 = Σ pT_i}, {@code ECF2 = Σ_{i<j} pT_i pT_j θ_ij^β},
 * {@code ECF3 = Σ_{i<j<k} pT_i pT_j pT_k (θ_ij θ_ik θ_jk)^β}, θ = ΔR in (y, φ); and the ratios
 * {@code C2 = ECF3 ECF1 / ECF2²} (arXiv:1305.0007) and {@code D2 = ECF3 ECF1³ / ECF2³}
 * (arXiv:1409.6298).
 */
public final class EnergyCorrelator {
    private final double beta;
    private final double[] theta;
    private final double[] row;
    private final int stride;

    /** A workspace for jets of up to {@code capacity} particles. */
    public EnergyCorrelator(double beta, int capacity) {
        this.beta = beta;
        this.stride = capacity;
        this.theta = new double[capacity * capacity];
        this.row = new double[capacity];
    }

    /** Computes ECF1, ECF2, ECF3 into {@code out[0..2]}. */
    public void compute(Constituents c, double[] out) {
        int n = c.size();
        double ecf1 = 0;
        double ecf2 = 0;
        for (int i = 0; i < n; i++) {
            ecf1 += c.pt(i);
            int base = i * stride;
            for (int j = i + 1; j < n; j++) {
                double t = Math.sqrt(c.deltaR2(i, j));
                if (beta != 1) {
                    t = Math.pow(t, beta);
                }
                theta[base + j] = t;
                theta[j * stride + i] = t;
                ecf2 += c.pt(i) * c.pt(j) * t;
            }
        }
        // ECF3 = Σ_{i<j} pT_i pT_j θ_ij Σ_{k>j} (pT_k θ_ik) θ_jk: the inner sum is a dot product of
        // two contiguous rows, run with four accumulators so that the additions can overlap.
        double ecf3 = 0;
        for (int i = 0; i < n; i++) {
            int bi = i * stride;
            for (int k = 0; k < n; k++) {
                row[k] = c.pt(k) * theta[bi + k];
            }
            double sumI = 0;
            for (int j = i + 1; j < n - 1; j++) {
                int bj = j * stride;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int k = j + 1;
                for (; k + 3 < n; k += 4) {
                    s0 += row[k] * theta[bj + k];
                    s1 += row[k + 1] * theta[bj + k + 1];
                    s2 += row[k + 2] * theta[bj + k + 2];
                    s3 += row[k + 3] * theta[bj + k + 3];
                }
                for (; k < n; k++) {
                    s0 += row[k] * theta[bj + k];
                }
                sumI += c.pt(j) * theta[bi + j] * ((s0 + s1) + (s2 + s3));
            }
            ecf3 += c.pt(i) * sumI;
        }
        out[0] = ecf1;
        out[1] = ecf2;
        out[2] = ecf3;
    }

    /** C2 from ECF1..3. */
    public static double c2(double[] ecf) {
        return ecf[2] * ecf[0] / (ecf[1] * ecf[1]);
    }

    /** D2 from ECF1..3. */
    public static double d2(double[] ecf) {
        return ecf[2] * ecf[0] * ecf[0] * ecf[0] / (ecf[1] * ecf[1] * ecf[1]);
    }
}
