package org.jetflow.flows.preprocess;

import java.util.Arrays;
import java.util.List;
import org.jetflow.flows.condition.ConditionTable;
import org.jetflow.io.jet.JetBatch;

/**
 * What the model stores about its training data: the standardisation of the continuous features
 * (log pT, and Δη, Δφ after the configuration's radial compression; mean and standard deviation over
 * real particles) and the empirical multiplicity histogram (the paper draws masks from it), after
 * keeping the hardest P particles of each jet.
 *
 * @param mean         feature means
 * @param std          feature standard deviations
 * @param multiplicity jets with n particles, n = 0..P
 * @param conditions   the training jets' jet-level conditions (null for toy data without jets)
 * @param reference    the training jets' independent-particle density, for the anomaly score (null for toy
 *                     data and for models written before it existed)
 * @param angles       the map of (Δη, Δφ) before their standardisation (the configuration's
 *                     {@code angularScale}; the identity for models before it existed)
 */
public record Preprocessing(double[] mean, double[] std, long[] multiplicity, ConditionTable conditions,
        ParticleReference reference, RadialCompression angles) {
    public Preprocessing {
        mean = mean.clone();
        std = std.clone();
        multiplicity = multiplicity.clone();
        angles = angles == null ? RadialCompression.NONE : angles;
    }

    /** Preprocessing without jet-level conditions (toy data). */
    public Preprocessing(double[] mean, double[] std, long[] multiplicity) {
        this(mean, std, multiplicity, null, null, null);
    }

    /** Preprocessing without an independent-particle reference. */
    public Preprocessing(double[] mean, double[] std, long[] multiplicity, ConditionTable conditions) {
        this(mean, std, multiplicity, conditions, null, null);
    }

    /** This preprocessing with another independent-particle reference. */
    public Preprocessing withReference(ParticleReference r) {
        return new Preprocessing(mean, std, multiplicity, conditions, r, angles);
    }

    /**
     * This preprocessing with the condition rows of {@code fitted} (the jets generation draws its
     * conditions from) and its own standardisation of the context, which the weights were trained with.
     */
    public Preprocessing withConditionRows(ConditionTable fitted) {
        return new Preprocessing(mean, std, multiplicity, conditions == null ? null : conditions.withRowsOf(fitted),
                reference, angles);
    }

    /**
     * The network's coordinates of one particle, standardised (log(pT/GeV), Δη, Δφ), written to
     * {@code out[offset .. offset + 3)}.
     */
    public void encode(double pt, double deta, double dphi, float[] out, int offset) {
        double f = angles.compression(deta, dphi);
        out[offset] = (float) ((Math.log(pt) - mean[0]) / std[0]);
        out[offset + 1] = (float) ((deta * f - mean[1]) / std[1]);
        out[offset + 2] = (float) ((dphi * f - mean[2]) / std[2]);
    }

    /**
     * The particle (pT/GeV, Δη, Δφ) of the network's coordinates {@code x[offset .. offset + 3)},
     * written to {@code out[0..3)}: the inverse of {@link #encode}.
     */
    public void decode(float[] x, int offset, double[] out) {
        double veta = x[offset + 1] * std[1] + mean[1];
        double vphi = x[offset + 2] * std[2] + mean[2];
        double f = angles.expansion(veta, vphi);
        out[0] = Math.exp(x[offset] * std[0] + mean[0]);
        out[1] = veta * f;
        out[2] = vphi * f;
    }

    /**
     * ln |det ∂x/∂(ln pT, Δη, Δφ)| of one particle at the network's coordinates {@code x[offset ..
     * offset + 3)}: a log-density of x plus this is one of (ln pT/GeV, Δη, Δφ).
     */
    public double logJacobian(float[] x, int offset) {
        return -Math.log(std[0]) - Math.log(std[1]) - Math.log(std[2])
                + angles.logJacobian(x[offset + 1] * std[1] + mean[1], x[offset + 2] * std[2] + mean[2]);
    }

    /** Fits on jets with linear angles, keeping at most {@code maxParticles} per jet. */
    public static Preprocessing fit(List<JetBatch> batches, int maxParticles) {
        return fit(batches, maxParticles, RadialCompression.NONE);
    }

    /** Fits on jets, keeping at most {@code maxParticles} per jet, with its angles mapped by {@code angles}. */
    public static Preprocessing fit(List<JetBatch> batches, int maxParticles, RadialCompression angles) {
        double[] sum = new double[3];
        double[] sum2 = new double[3];
        long n = 0;
        long[] mult = new long[maxParticles + 1];
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++) {
                int[] keep = JetTensors.hardest(b, j, maxParticles);
                mult[keep.length]++;
                for (int i : keep) {
                    double c = angles.compression(b.deta()[i], b.dphi()[i]);
                    double[] f = {Math.log(b.pt()[i]), b.deta()[i] * c, b.dphi()[i] * c};
                    for (int k = 0; k < 3; k++) {
                        sum[k] += f[k];
                        sum2[k] += f[k] * f[k];
                    }
                    n++;
                }
            }
        }
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int k = 0; k < 3; k++) {
            mean[k] = sum[k] / n;
            std[k] = Math.sqrt(Math.max(1e-12, sum2[k] / n - mean[k] * mean[k]));
        }
        return new Preprocessing(mean, std, mult, ConditionTable.fit(batches, maxParticles),
                ParticleReference.fit(batches, maxParticles), angles);
    }

    /** The largest multiplicity with jets. */
    public int maxMultiplicity() {
        for (int k = multiplicity.length - 1; k > 0; k--) {
            if (multiplicity[k] > 0) {
                return k;
            }
        }
        return 1;
    }

    /** Draws a multiplicity from the histogram with a uniform number u ∈ [0, 1). */
    public int drawMultiplicity(double u) {
        long total = Arrays.stream(multiplicity).sum();
        double target = u * total;
        long acc = 0;
        for (int k = 1; k < multiplicity.length; k++) {
            acc += multiplicity[k];
            if (target < acc) {
                return k;
            }
        }
        return maxMultiplicity();
    }
}
