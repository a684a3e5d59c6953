package org.jetflow.flows.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.Test;

/**
 * A masked class model on a toy whose class correlation is known exactly: every jet has two particles
 * with random kinematics, one h+ and one h−, in random order. Each particle alone is h+ or h− with
 * probability ½, so drawing both classes at once (one sweep) gives opposite charges half the time;
 * drawing one and then the other given it (two sweeps) must give opposite charges always.
 */
class MaskedClassLearningTest {
    private static final int H_MINUS = 2;
    private static final int H_PLUS = 3;
    private static final Preprocessing IDENTITY = new Preprocessing(new double[3], new double[] {1, 1, 1},
            new long[] {0, 0, 1});

    private static JetTensors pairs(int jets, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[jets * 2 * 3];
        int[] cls = new int[jets * 2];
        float[] mask = new float[jets * 2];
        for (int j = 0; j < jets; j++) {
            boolean plusFirst = r.nextBoolean();
            cls[j * 2] = plusFirst ? H_PLUS : H_MINUS;
            cls[j * 2 + 1] = plusFirst ? H_MINUS : H_PLUS;
            for (int k = 0; k < 6; k++) {
                x[j * 6 + k] = (float) r.nextGaussian();
            }
            mask[j * 2] = 1;
            mask[j * 2 + 1] = 1;
        }
        return JetTensors.of(jets, 2, x, cls, mask);
    }

    /** A trainer after all steps of {@code cfg} on 4000 toy jets (256 for validation). */
    private static FlowTrainer trained(FlowConfig cfg) {
        FlowTrainer trainer = new FlowTrainer(cfg, pairs(4000, 1), pairs(256, 2), Modality.BOTH);
        for (int s = 0; s < cfg.steps(); s++) {
            trainer.trainStep();
        }
        return trainer;
    }

    /** Fractions of jets with opposite charges and of particles that are h+, and classes of 2000 jets. */
    private static double[] draw(MaskedClassSampler s, int sweeps, long seed, int[][] classesOut) {
        int n = 2000;
        SplittableRandom r = new SplittableRandom(seed);
        int[] offsets = new int[n + 1];
        float[] pt = new float[2 * n];
        float[] deta = new float[2 * n];
        float[] dphi = new float[2 * n];
        for (int j = 0; j < n; j++) {
            offsets[j + 1] = 2 * (j + 1);
        }
        for (int o = 0; o < 2 * n; o++) {
            pt[o] = (float) Math.exp(r.nextGaussian());
            deta[o] = (float) r.nextGaussian();
            dphi[o] = (float) r.nextGaussian();
        }
        int[] cls = s.classes(offsets, pt, deta, dphi, new float[n], sweeps, new SplittableRandom(seed + 1));
        classesOut[0] = cls;
        int opposite = 0;
        int plus = 0;
        int charged = 0;
        for (int j = 0; j < n; j++) {
            int a = cls[2 * j];
            int b = cls[2 * j + 1];
            opposite += (a == H_PLUS && b == H_MINUS) || (a == H_MINUS && b == H_PLUS) ? 1 : 0;
            plus += (a == H_PLUS ? 1 : 0) + (b == H_PLUS ? 1 : 0);
            charged += (a == H_PLUS || a == H_MINUS ? 1 : 0) + (b == H_PLUS || b == H_MINUS ? 1 : 0);
        }
        return new double[] {opposite / (double) n, plus / (2.0 * n), charged / (2.0 * n)};
    }

    @Test
    void drawingOneParticleAfterTheOtherKeepsOppositeCharges() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(2, 16, 2, 1, 32)
                .withTraining(64, 3e-3, 20, 400, 0.99, 4).withMaskedClasses(true);
        try (FlowTrainer trainer = trained(cfg)) {
            // A hidden class next to a visible one is certain; both hidden (in a third of the jets, for a masking
            // rate uniform in 0..1) leave ln 2 each: the cross-entropy tends to ⅓ ln 2 ≈ 0.23, not ln 2.
            double loss = trainer.validationLoss(256);
            try (MaskedClassSampler s = new MaskedClassSampler(cfg, IDENTITY, trainer.emaWeights())) {
                int[][] a = new int[1][];
                int[][] b = new int[1][];
                double[] one = draw(s, 1, 5, a);
                double[] two = draw(s, 2, 5, b);
                int[][] again = new int[1][];
                draw(s, 2, 5, again);
                System.out.printf("validation cross-entropy %.3f; opposite charges: one sweep %.3f, two %.3f;"
                        + " h+ %.3f, charged %.3f%n", loss, one[0], two[0], two[1], two[2]);
                assertTrue(loss < 0.4, "the visible class tells the hidden one: " + loss);
                assertTrue(two[0] > 0.95, "one then the other: opposite charges " + two[0]);
                assertTrue(one[0] > 0.4 && one[0] < 0.6, "both at once are independent: " + one[0]);
                assertEquals(0.5, two[1], 0.04, "h+ and h- equally often");
                assertTrue(two[2] > 0.97, "only charged hadrons: " + two[2]);
                assertArrayEquals(b[0], again[0], "the same generator gives the same classes");
            }
        }
    }

    @Test
    void aPairwiseModelLearnsOppositeChargesFromOneEvaluation() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(2, 16, 2, 1, 32)
                .withTraining(64, 3e-3, 20, 300, 0.99, 4).withMaskedClasses(true).withCouplingRank(4);
        try (FlowTrainer trainer = trained(cfg)) {
            // Given the other particle's class, a particle's is certain: the pseudo-likelihood tends to 0.
            double loss = trainer.validationLoss(256);
            try (MaskedClassSampler s = new MaskedClassSampler(cfg, IDENTITY, trainer.emaWeights())) {
                int[][] a = new int[1][];
                double[] gibbs = draw(s, 10, 5, a);
                System.out.printf("pairwise: pseudo-likelihood %.3f; opposite charges after 10 Gibbs sweeps %.3f; h+ %.3f%n",
                        loss, gibbs[0], gibbs[1]);
                assertTrue(loss < 0.1, "the other class tells this one: " + loss);
                assertTrue(gibbs[0] > 0.95, "opposite charges " + gibbs[0]);
                assertEquals(0.5, gibbs[1], 0.05, "h+ and h- equally often");
            }
        }
    }

    /**
     * The autoregressive pairwise model's loss is the exact likelihood: the first particle's class is
     * h+ or h− with probability ½ (ln 2), the second's then certain (0), so the mean per particle tends
     * to ½ ln 2 ≈ 0.35, where the pseudo-likelihood above tends to 0. One pass draws opposite charges.
     */
    @Test
    void anAutoregressivePairwiseModelLearnsTheExactLikelihoodAndSamplesInOnePass() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(2, 16, 2, 1, 32)
                .withTraining(64, 3e-3, 20, 300, 0.99, 4).withMaskedClasses(true).withCouplingRank(4)
                .withAutoregressiveClasses(true);
        try (FlowTrainer trainer = trained(cfg)) {
            double loss = trainer.validationLoss(256);
            try (MaskedClassSampler s = new MaskedClassSampler(cfg, IDENTITY, trainer.emaWeights())) {
                int[][] a = new int[1][];
                double[] once = draw(s, 1, 5, a);
                System.out.printf("autoregressive: loss %.3f; opposite charges in one pass %.3f; h+ %.3f%n", loss,
                        once[0], once[1]);
                assertEquals(0.5 * Math.log(2), loss, 0.06, "the exact likelihood per particle");
                assertTrue(once[0] > 0.95, "opposite charges " + once[0]);
                assertEquals(0.5, once[1], 0.05, "h+ and h- equally often");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FlowConfig.cpuDefault().withAutoregressiveClasses(true),
                "only a pairwise class model is autoregressive");
    }

    /**
     * Uncoupled classes take their probabilities from the fields alone: with h+ and h− uncoupled, the
     * same toy's two charges are independent, where the coupled model above makes them opposite.
     */
    @Test
    void uncoupledClassesAreDrawnIndependently() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(2, 16, 2, 1, 32)
                .withTraining(64, 3e-3, 20, 300, 0.99, 4).withMaskedClasses(true).withCouplingRank(4)
                .withUncoupledClasses(List.of("hminus", "hplus"));
        try (FlowTrainer trainer = trained(cfg)) {
            double loss = trainer.validationLoss(256);
            try (MaskedClassSampler s = new MaskedClassSampler(cfg, IDENTITY, trainer.emaWeights())) {
                double[] gibbs = draw(s, 10, 5, new int[1][]);
                System.out.printf("uncoupled: pseudo-likelihood %.3f; opposite charges %.3f; h+ %.3f%n", loss, gibbs[0],
                        gibbs[1]);
                assertEquals(Math.log(2), loss, 0.05, "without couplings a charge is a coin toss");
                assertEquals(0.5, gibbs[0], 0.06, "independent charges");
                assertEquals(0.5, gibbs[1], 0.05, "h+ and h- equally often");
            }
        }
    }

    @Test
    void groupsGrowToTheWholeJet() {
        assertEquals(0, MaskedClassSampler.drawn(40, 0, 4));
        assertEquals(40, MaskedClassSampler.drawn(40, 4, 4));
        // round(40 (1 − cos(π s/8))): groups of 3, 9, 13 and 15 particles.
        assertEquals(3, MaskedClassSampler.drawn(40, 1, 4));
        assertEquals(12, MaskedClassSampler.drawn(40, 2, 4));
        assertEquals(25, MaskedClassSampler.drawn(40, 3, 4));
        assertEquals(1, MaskedClassSampler.drawn(2, 1, 2), "two particles in two sweeps: one, then the other");
        assertThrows(IllegalArgumentException.class, () -> new MaskedClassSampler(FlowConfig.cpuDefault(), IDENTITY,
                java.util.Map.of()), "a flow is not a class model");
    }
}
