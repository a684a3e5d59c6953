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
 * @param logitBias b_k for the 8 classes (0: the model as trained)
 */
public record ClassCalibration(double[] logitBias) {
    /** No bias: the model as trained. */
    public static final ClassCalibration NONE = new ClassCalibration(new double[ParticleTransformer.CLASSES]);

    public ClassCalibration {
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
        return o instanceof ClassCalibration c && Arrays.equals(logitBias, c.logitBias);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(logitBias);
    }

    @Override
    public String toString() {
        return "ClassCalibration" + Arrays.toString(logitBias);
    }
}
