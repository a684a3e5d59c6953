package org.jetflow.flows.sample;

import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.io.jet.ParticleClass;

/**
 * The jet-charge terms of a pairwise class model's calibration ({@link ClassCalibration#chargeTilt()},
 * {@link ClassCalibration#chargeField()}): its Gibbs sweeps draw from the model's energy plus a·Q − λ·Q²,
 * where Q = Σ_i q_i (pT_i / pT_jet)^κ, κ = ½,
 * is the jet charge as the validation defines it and pT_jet the magnitude of the particles' summed
 * transverse momenta.
 *
 * <p>Why: pairwise models trained by pseudo-likelihood on Pythia's QCD jets, drawing classes for those
 * jets' own kinematics, spread the jet charge 5–7 % wider than Pythia (standard deviation 0.372–0.376
 * against 0.353), all of it in too weak a charge compensation between particles: the pT^½-weighted
 * products q_i q_j of pairs sum to −0.445 per jet against −0.461, while the diagonal Σ q_i² pT_i/pT_jet is
 * right. Sweeps do not fix it (200 give what 20 do). Of all distributions whose mean Q and mean Q² are
 * the training jets', the model times exp(aQ − λQ²) is the one closest to the model (maximum entropy, as
 * the logit biases are for the class fractions); a and λ are two numbers fitted on the training jets,
 * never on the jets a model is compared with. The field a is needed because the tilt alone pulls the
 * mean jet charge, the excess of positive hard hadrons from valence u quarks, towards 0. Q² is a sum
 * over pairs w_i w_j q_i q_j, so the tilt is one more pairwise coupling and Gibbs sweeps sample it
 * exactly.
 */
public final class JetChargeTilt {
    /** The jet charge's pT exponent κ. */
    public static final double KAPPA = 0.5;
    /** The largest tilt a fit may reach (1/e²): a jet charge of 0.1 then costs e^−1. */
    static final double MAX_TILT = 100;
    /** The largest field a fit may reach (1/e). */
    static final double MAX_FIELD = 10;
    private static final int[] CHARGE = new int[ParticleTransformer.CLASSES];

    static {
        for (int k = 0; k < CHARGE.length; k++) {
            CHARGE[k] = ParticleClass.ofToken(k + 1).charge();
        }
    }

    private JetChargeTilt() {
    }

    /** The charge (e) of class index k (0..7). */
    static int charge(int k) {
        return CHARGE[k];
    }

    /**
     * Each particle's weight (pT_i / pT_jet)^κ in its jet's charge, jet j's particles
     * {@code offsets[j] .. offsets[j+1]} ({@code dphi} relative to the jet's axis).
     */
    static float[] weights(int[] offsets, float[] pt, float[] dphi) {
        float[] w = new float[pt.length];
        for (int j = 0; j + 1 < offsets.length; j++) {
            double jet = FlowSampler.jetPt(pt, dphi, offsets[j], offsets[j + 1]);
            for (int o = offsets[j]; o < offsets[j + 1]; o++) {
                w[o] = jet > 0 ? (float) Math.pow(pt[o] / jet, KAPPA) : 0f;
            }
        }
        return w;
    }

    /** The jet charge Q_κ (e) of each jet, jet j's particles {@code offsets[j] .. offsets[j+1]} of classes {@code classes}. */
    public static double[] charges(int[] offsets, float[] pt, float[] dphi, int[] classes) {
        float[] w = weights(offsets, pt, dphi);
        double[] q = new double[offsets.length - 1];
        for (int j = 0; j < q.length; j++) {
            for (int o = offsets[j]; o < offsets[j + 1]; o++) {
                q[j] += w[o] * CHARGE[classes[o]];
            }
        }
        return q;
    }

    /**
     * The next (a, λ) of a fit: one Newton step from {@code current} = (a, λ), at which the jets of charges
     * {@code q} were drawn, towards {@code target} = (mean Q, mean Q²) of the training jets. Under the
     * factor exp(aQ − λQ²), the moments m = (⟨Q⟩, ⟨Q²⟩) move as dm/da = (Var Q, Cov(Q, Q²)) and
     * dm/dλ = −(Cov(Q, Q²), Var Q²), so the step solves that 2×2 system; λ is kept in
     * [0, {@value #MAX_TILT}] and a in [−{@value #MAX_FIELD}, {@value #MAX_FIELD}].
     */
    static double[] newtonStep(double[] current, double[] q, double[] target) {
        double[] m = moments(q);
        double m3 = 0;
        double m4 = 0;
        for (double x : q) {
            m3 += x * x * x;
            m4 += x * x * x * x;
        }
        m3 /= q.length;
        m4 /= q.length;
        double vq = m[1] - m[0] * m[0];
        double cov = m3 - m[0] * m[1];
        double vq2 = m4 - m[1] * m[1];
        // [vq, −cov; cov, −vq2] (da, dλ) = target − m
        double det = -vq * vq2 + cov * cov;
        if (!(Math.abs(det) > 0)) {
            return current.clone();
        }
        double r0 = target[0] - m[0];
        double r1 = target[1] - m[1];
        double da = (-vq2 * r0 + cov * r1) / det;
        double dl = (vq * r1 - cov * r0) / det;
        return new double[] {Math.max(-MAX_FIELD, Math.min(MAX_FIELD, current[0] + da)),
            Math.max(0, Math.min(MAX_TILT, current[1] + dl))};
    }

    /** The mean Q and mean Q² over jets. */
    static double[] moments(double[] q) {
        double s = 0;
        double s2 = 0;
        for (double x : q) {
            s += x;
            s2 += x * x;
        }
        return new double[] {s / q.length, s2 / q.length};
    }
}
