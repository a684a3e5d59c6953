package org.jetflow.validation.observable;

import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.cluster.JetAlgorithm;
import org.jetflow.validation.cluster.Recombination;
import org.jetflow.validation.jet.Constituents;

/**
 * Generalised angularity (Larkoski, Thaler, Waalewijn, arXiv:1408.3122):
 *
 * <pre>
 *   λ^κ_β = Σ_i z_i^κ (ΔR_i / R)^β,    z_i = pT_i / Σ_j pT_j,
 * </pre>
 *
 * with both sums over the constituents with pT above {@code ptMinGeV}, and ΔR_i the (rapidity, φ)
 * distance of particle i to the {@link JetAxis}. The axis always comes from all the constituents;
 * the threshold only selects the particles summed. (κ, β) = (0, 0) is the multiplicity, (2, 0)
 * the square of pT_D, (1, ½) the Les Houches angularity, (1, 1) width (girth with Σ pT_i in the
 * denominator) and (1, 2) "thrust", close to m²/(pT R)² for a narrow jet. Dimensionless; 0 when no particle passes.
 * ΔR_i^0 = 1, also for the particle on the axis.
 *
 * @param kappa    momentum exponent κ ≥ 0 (κ = 1 is infrared and collinear safe)
 * @param beta     angular exponent β ≥ 0
 * @param axis     the axis ΔR_i is measured from
 * @param ptMinGeV particles with pT ≤ this (GeV) are left out of both sums
 * @param radius   the jet radius R that normalises ΔR
 */
public record Angularity(double kappa, double beta, JetAxis axis, double ptMinGeV, double radius) {
    public Angularity {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("angularity kappa must be finite and ≥ 0, got " + kappa);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("angularity beta must be finite and ≥ 0, got " + beta);
        }
        if (axis == null) {
            throw new IllegalArgumentException("angularity axis is missing");
        }
        if (!(ptMinGeV >= 0) || Double.isInfinite(ptMinGeV)) {
            throw new IllegalArgumentException("angularity ptMin must be finite and ≥ 0 GeV, got " + ptMinGeV);
        }
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("angularity radius must be positive and finite, got " + radius);
        }
    }

    /** λ^κ_β of a jet, reusing {@code cs} for the winner-take-all reclustering. */
    public double value(Constituents jet, ClusterSequence cs) {
        int n = jet.size();
        if (n == 0) {
            return 0;
        }
        double axisRap;
        double axisPhi;
        if (beta == 0) {
            // ΔR^0 = 1: no axis needed (and no reclustering spent on it).
            axisRap = 0;
            axisPhi = 0;
        } else if (axis == JetAxis.WTA) {
            cs.cluster(jet, JetAlgorithm.ANTI_KT, Recombination.WTA_PT);
            int root = cs.root();
            axisRap = cs.rap(root);
            axisPhi = cs.phi(root);
        } else {
            JetMomentum p = JetMomentum.of(jet);
            axisRap = p.rapidity();
            axisPhi = p.phi();
        }
        double sumPt = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double pt = jet.pt(i);
            if (!(pt > ptMinGeV)) {
                continue;
            }
            sumPt += pt;
            double angular = beta == 0 ? 1 : angularFactor(Constituents.deltaR2(jet.rap(i), jet.phi(i), axisRap, axisPhi));
            sum += power(pt, kappa) * angular;
        }
        if (sumPt == 0) {
            return 0;
        }
        return sum / (power(sumPt, kappa) * Math.pow(radius, beta));
    }

    /** ΔR^β from ΔR², with the common exponents spared a {@code Math.pow}. */
    private double angularFactor(double dr2) {
        if (beta == 2) {
            return dr2;
        }
        if (beta == 1) {
            return Math.sqrt(dr2);
        }
        if (beta == 0.5) {
            return Math.sqrt(Math.sqrt(dr2));
        }
        return Math.pow(dr2, beta / 2);
    }

    private static double power(double x, double p) {
        if (p == 1) {
            return x;
        }
        if (p == 0) {
            return 1;
        }
        if (p == 2) {
            return x * x;
        }
        return Math.pow(x, p);
    }
}
