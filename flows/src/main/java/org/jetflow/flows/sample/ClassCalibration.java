package org.jetflow.flows.sample;

import java.util.Arrays;
import org.jetflow.flows.net.ParticleTransformer;

/**
 * Additive biases b_k on the class logits at sampling, q(k) ∝ exp(logit_k / T + b_k), fitted by
 * {@link ClassCalibrator} so that generated jets carry their training jets' class fractions. The
 * network's own posterior leaves rare classes off by tens of percent (electrons, which mostly come
 * in pairs, 24–29 % too few for the shipped model); the bias is fitted on the training set, never on
 * the jets the model is compared with.
 *
 * <p>A pairwise class model's calibration may also add a·Q − λ·Q² to the energy of a jet's classes,
 * Q = Σ_i q_i (pT_i / pT_jet)^½ the jet charge ({@link JetChargeTilt}), fitted so that the classes drawn
 * for the training jets' kinematics have the training jets' mean Q and mean Q².
 *
 * @param logitBias   b_k for the 8 classes (0: the model as trained)
 * @param chargeTilt  λ ≥ 0 (1/e²), times Q² subtracted from the energy in a pairwise class model's Gibbs
 *                    sweeps (0: none; flows and autoregressive class models have none)
 * @param chargeField a (1/e), times Q added to that energy (0: none)
 */
public record ClassCalibration(double[] logitBias, double chargeTilt, double chargeField) {
    /** No bias: the model as trained. */
    public static final ClassCalibration NONE = new ClassCalibration(new double[ParticleTransformer.CLASSES]);

    /** Biases alone, no jet-charge tilt. */
    public ClassCalibration(double[] logitBias) {
        this(logitBias, 0, 0);
    }

    public ClassCalibration {
        if (!(chargeTilt >= 0) || Double.isInfinite(chargeTilt)) {
            throw new IllegalArgumentException("class calibration: the jet-charge tilt must be finite and at least 0, got "
                    + chargeTilt);
        }
        if (!Double.isFinite(chargeField)) {
            throw new IllegalArgumentException("class calibration: the jet-charge field must be finite, got " + chargeField);
        }
        if (logitBias.length != ParticleTransformer.CLASSES) {
            throw new IllegalArgumentException("class calibration needs " + ParticleTransformer.CLASSES
                    + " logit biases, got " + logitBias.length);
        }
        for (int k = 0; k < logitBias.length; k++) {
            if (!Double.isFinite(logitBias[k])) {
                throw new IllegalArgumentException("class calibration: logit bias " + k + " is " + logitBias[k]);
            }
        }
        logitBias = logitBias.clone();
    }

    @Override
    public double[] logitBias() {
        return logitBias.clone();
    }

    /** The bias of class k. */
    public double bias(int k) {
        return logitBias[k];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCalibration c && Arrays.equals(logitBias, c.logitBias) && chargeTilt == c.chargeTilt
                && chargeField == c.chargeField;
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(logitBias) + Double.hashCode(chargeTilt)) * 31 + Double.hashCode(chargeField);
    }

    @Override
    public String toString() {
        return "ClassCalibration" + Arrays.toString(logitBias) + (chargeTilt > 0 || chargeField != 0
                ? ", jet charge " + chargeField + " Q - " + chargeTilt + " Q^2" : "");
    }
}
