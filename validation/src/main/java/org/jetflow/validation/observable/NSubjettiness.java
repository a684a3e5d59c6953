package org.jetflow.validation.observable;

import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.cluster.JetAlgorithm;
import org.jetflow.validation.cluster.Recombination;
import org.jetflow.validation.jet.Constituents;

/**
 * N-subjettiness (Thaler, Van Tilburg, arXiv:1011.2268) as fjcontrib's
 * {@code Nsubjettiness(N, WTA_KT_Axes(), NormalizedMeasure(β, R0))}:
 * {@code τN = Σ_i pT_i min_a ΔR_ia^β / (Σ_i pT_i R0^β)}, with the N axes of exclusive kT
 * clustering with winner-take-all recombination. ΔR uses rapidity.
 */
public final class NSubjettiness {
    private final double beta;
    private final double r0;
    private final int[] axes = new int[64];

    public NSubjettiness(double beta, double r0) {
        this.beta = beta;
        this.r0 = r0;
    }

    /** β = 1, R0 = 0.8 (docs/validation.md#n-subjettiness). */
    public static NSubjettiness standard() {
        return new NSubjettiness(1, 0.8);
    }

    /**
     * τ1 … τ{@code tau.length} of a jet; one kT clustering serves all N. τN is 0 for a jet with no
     * more than N particles.
     */
    public void compute(Constituents c, ClusterSequence cs, double[] tau) {
        int n = c.size();
        if (n == 0) {
            java.util.Arrays.fill(tau, 0);
            return;
        }
        cs.cluster(c, JetAlgorithm.KT, Recombination.WTA_PT);
        double sumPt = 0;
        for (int i = 0; i < n; i++) {
            sumPt += c.pt(i);
        }
        double norm = sumPt * Math.pow(r0, beta);
        for (int k = 0; k < tau.length; k++) {
            int nAxes = k + 1;
            if (n <= nAxes) {
                tau[k] = 0;
                continue;
            }
            int m = cs.exclusive(nAxes, axes);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int a = 0; a < m; a++) {
                    double d2 = Constituents.deltaR2(c.rap(i), c.phi(i), cs.rap(axes[a]), cs.phi(axes[a]));
                    if (d2 < best) {
                        best = d2;
                    }
                }
                sum += c.pt(i) * (beta == 1 ? Math.sqrt(best) : Math.pow(best, beta / 2));
            }
            tau[k] = sum / norm;
        }
    }
}
