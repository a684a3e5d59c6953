package org.jetflow.flows.train;

import java.util.SplittableRandom;

/**
 * How training draws each jet's time t in [ε, 1 − ε]: uniformly (docs/flows.md#the-method), or logit-normally,
 * t = 1/(1 + e^−s·z) with z ~ N(0, 1), clamped to [ε, 1 − ε]. The logit-normal draw spends more of
 * the training on the middle of the path, where the jet's prongs form, and less near the ends; for
 * rectified flows it is the weighting Esser et al. (arXiv:2403.03206) found best.
 *
 * @param epsilon  the margin ε kept from both ends
 * @param logitStd s; 0 draws uniformly
 */
public record TrainingTimes(double epsilon, double logitStd) {
    public TrainingTimes {
        if (!(epsilon >= 0 && epsilon < 0.5) || !(logitStd >= 0 && logitStd <= 10)) {
            throw new IllegalArgumentException("training times need 0 <= epsilon < 0.5 and 0 <= timeLogitStd <= 10,"
                    + " got " + epsilon + " and " + logitStd);
        }
    }

    /** {@code n} times, one per jet. */
    public float[] draw(int n, SplittableRandom rnd) {
        float[] t = new float[n];
        for (int j = 0; j < n; j++) {
            double u = logitStd == 0 ? epsilon + (1 - 2 * epsilon) * rnd.nextDouble()
                    : Math.min(1 - epsilon, Math.max(epsilon, 1 / (1 + Math.exp(-logitStd * rnd.nextGaussian()))));
            t[j] = (float) u;
        }
        return t;
    }
}
