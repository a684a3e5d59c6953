package org.jetflow.flows.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jetflow.flows.condition.JetConditions;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Solver;
import org.junit.jupiter.api.Test;

/**
 * The multiplicity embedding on a toy where the particles depend on the jet's particle count, as
 * mass and τ21 do on real jets: half the jets have 4 particles with x ~ N(−1.5, 0.3²) and class h−,
 * half have 8 with x ~ N(+1.5, 0.3²) and class h+. Masked softmax attention averages over the
 * particles, so a network that is not told N can only learn a mixture the same for both counts.
 */
class MultiplicityLearningTest {
    private static final int P = 8;
    private static final int[] COUNTS = {4, 8};

    /** Trains a small model on the toy; per count (4, 8): the mean generated x and the share of the right class. */
    private static double[][] learn(boolean embedding) {
        int jets = 3000;
        SplittableRandom r = new SplittableRandom(17);
        float[] x = new float[jets * P * 3];
        int[] cls = new int[jets * P];
        float[] mask = new float[jets * P];
        for (int j = 0; j < jets; j++) {
            int side = j % 2 == 0 ? -1 : 1;
            int n = side < 0 ? COUNTS[0] : COUNTS[1];
            for (int i = 0; i < n; i++) {
                TwoSidedToy.particle(j * P + i, side, x, cls, mask, r);
            }
        }
        int steps = 600;
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withMultiplicityEmbedding(embedding)
                .withSizes(P, 32, 2, 1, 64).withTraining(64, 3e-3, 20, steps, 0.99, 5);
        Preprocessing identity = new Preprocessing(new double[3], new double[] {1, 1, 1},
                new long[] {0, 0, 0, 0, 1, 0, 0, 0, 1});
        double[][] meanAndShare = new double[2][2];
        try (FlowTrainer trainer = new FlowTrainer(cfg, JetTensors.of(jets, P, x, cls, mask), null, Modality.BOTH)) {
            for (int s = 0; s < steps; s++) {
                trainer.trainStep();
            }
            try (FlowSampler sampler = new FlowSampler(cfg, identity, trainer.emaWeights()).matchJetPt(false)) {
                for (int k = 0; k < 2; k++) {
                    int n = 300;
                    int[] mult = new int[n];
                    Arrays.fill(mult, COUNTS[k]);
                    float[] one = new float[n];
                    Arrays.fill(one, 1f);
                    FlowSampler.Particles g = sampler.sample(new JetConditions(one, new float[n], new float[n], mult),
                            3, 0, 40, Solver.HEUN, 1.0);
                    int right = 0;
                    for (int o = 0; o < g.pt().length; o++) {
                        meanAndShare[k][0] += Math.log(g.pt()[o]) / g.pt().length;
                        right += g.classes()[o] == TwoSidedToy.classOf(k == 1 ? 1 : -1) ? 1 : 0;
                    }
                    meanAndShare[k][1] = right / (double) g.pt().length;
                }
            }
        }
        return meanAndShare;
    }

    @Test
    void withTheEmbeddingEachMultiplicityGetsItsOwnParticles() {
        double[][] m = learn(true);
        for (int k = 0; k < 2; k++) {
            // A model this small learns the two sides' means but not their 0.3 widths (seeds 5-7 gave
            // means off by up to 0.53); without the embedding both means are near 0.
            assertEquals(k == 0 ? -1.5 : 1.5, m[k][0], 0.6, "mean x of " + COUNTS[k] + "-particle jets");
            assertTrue(m[k][1] > 0.9, "share of the right class in " + COUNTS[k] + "-particle jets: " + m[k][1]);
        }
    }

    @Test
    void withoutItTheParticlesDoNotFollowTheMultiplicity() {
        double[][] m = learn(false);
        assertTrue(Math.abs(m[1][0] - m[0][0]) < 1.0, "mean x by multiplicity: " + Arrays.deepToString(m));
        assertTrue(Math.min(m[0][1], m[1][1]) < 0.9, "share of the right class by multiplicity: " + Arrays.deepToString(m));
    }
}
