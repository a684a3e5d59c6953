package org.jetflow.flows.objective;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jetflow.flows.EqualSizeW1;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.Test;

/**
 * A shortcut model learns to cross the whole path in one step. The toy: four independent particles
 * per jet whose first feature is ±1.5 with equal probability (σ = 0.25), the kinematics trained
 * alone. One Euler step of a flow lands every particle near E[x1] = 0, a W1 of about 1.5 from the
 * truth (1.0–1.4 measured, as the velocity at t = 0 is learned imperfectly); one step of the
 * shortcut model must land on the two modes (W1 0.11 measured).
 *
 * <p>Without the fixed weight of the self-consistency part (FlowObjective.evaluate) this test
 * failed: the learned loss weights drove the flow itself to W1 ≈ 4–6.
 */
class ShortcutLearningTest {
    private static final Preprocessing IDENTITY = new Preprocessing(new double[3], new double[] {1, 1, 1},
            new long[] {0, 0, 0, 0, 1});
    private static final int P = 4;

    private static JetTensors toy(int jets, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[jets * P * 3];
        int[] cls = new int[jets * P];
        float[] mask = new float[jets * P];
        for (int j = 0; j < jets * P; j++) {
            int side = r.nextBoolean() ? 1 : -1;
            x[j * 3] = (float) (1.5 * side + 0.25 * r.nextGaussian());
            x[j * 3 + 1] = (float) (0.25 * r.nextGaussian());
            x[j * 3 + 2] = (float) (0.25 * r.nextGaussian());
            cls[j] = side > 0 ? 3 : 2;
            mask[j] = 1;
        }
        return JetTensors.of(jets, P, x, cls, mask);
    }

    private static double[] first(FlowSampler.Particles g) {
        double[] v = new double[g.jets() * P];
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.log(g.pt()[j]);
        }
        return v;
    }

    @Test
    void oneShortcutStepReachesBothModesWhereOneFlowStepAverages() {
        JetTensors data = toy(4000, 1);
        JetTensors truthJets = toy(2000, 2);
        double[] truth = new double[truthJets.jets() * P];
        for (int j = 0; j < truth.length; j++) {
            truth[j] = truthJets.x()[j * 3];
        }
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(P, 32, 2, 1, 64)
                .withTraining(64, 3e-3, 20, 1500, 0.99, 4).withShortcutLevels(3);
        try (FlowTrainer trainer = new FlowTrainer(cfg, data, null, Modality.CONTINUOUS)) {
            for (int s = 0; s < cfg.steps(); s++) {
                trainer.trainStep();
            }
            try (FlowSampler sampler = new FlowSampler(cfg, IDENTITY, trainer.emaWeights())) {
                FlowSampler.Particles flowStep = sampler.sample(2000, 9, 0, 1, Solver.EULER, 1.0, Modality.CONTINUOUS);
                FlowSampler.Particles one = sampler.sample(2000, 9, 0, 1, Solver.SHORTCUT, 1.0, Modality.CONTINUOUS);
                FlowSampler.Particles four = sampler.sample(2000, 9, 0, 4, Solver.SHORTCUT, 1.0, Modality.CONTINUOUS);
                double wFlow = EqualSizeW1.of(first(flowStep), truth);
                double wOne = EqualSizeW1.of(first(one), truth);
                double wFour = EqualSizeW1.of(first(four), truth);
                System.out.printf("W1 of x: one flow step %.3f, one shortcut step %.3f, four %.3f%n", wFlow, wOne, wFour);
                assertTrue(wFlow > 0.8, "one Euler step of the flow averages the modes: " + wFlow);
                assertTrue(wOne < 0.25, "one shortcut step: " + wOne);
                assertTrue(wFour < 0.25, "four shortcut steps: " + wFour);
                assertTrue(wOne < wFlow / 4, "one shortcut step beats one flow step by far");
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(10, 1, 0, 16, Solver.SHORTCUT, 1.0),
                        "16 steps are finer than the model's 2^-3");
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(10, 1, 0, 3, Solver.SHORTCUT, 1.0),
                        "3 is not a power of two");
            }
        }
    }
}
