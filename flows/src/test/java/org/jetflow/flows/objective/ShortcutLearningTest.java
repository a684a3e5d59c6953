package org.jetflow.flows.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetflow.flows.EqualSizeW1;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.sample.StepSchedule;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.Test;

/**
 * A shortcut model learns to cross the whole path in one step, on {@link BimodalToy} with the
 * kinematics trained alone. One Euler step of a flow lands near the mean, a W1 of about 1.5 from the
 * truth (1.0–1.4 measured, as the velocity at t = 0 is learned imperfectly); one step of the
 * shortcut model must land on the two modes (W1 0.11 measured).
 *
 * <p>Without the fixed weight of the self-consistency part (FlowObjective.evaluate) this test
 * failed: the learned loss weights drove the flow itself to W1 ≈ 4–6.
 */
class ShortcutLearningTest {
    @Test
    void oneShortcutStepReachesBothModesWhereOneFlowStepAverages() {
        JetTensors data = BimodalToy.jets(4000, 1);
        double[] truth = BimodalToy.first(BimodalToy.jets(2000, 2));
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(BimodalToy.P, 32, 2, 1, 64)
                .withTraining(64, 3e-3, 20, 1500, 0.99, 4).withShortcutLevels(3);
        try (FlowTrainer trainer = new FlowTrainer(cfg, data, null, Modality.CONTINUOUS)) {
            for (int s = 0; s < cfg.steps(); s++) {
                trainer.trainStep();
            }
            try (FlowSampler sampler = new FlowSampler(cfg, BimodalToy.IDENTITY, trainer.emaWeights())) {
                FlowSampler.Particles flowStep = sampler.sample(2000, 9, 0, 1, Solver.EULER, 1.0, Modality.CONTINUOUS);
                FlowSampler.Particles one = sampler.sample(2000, 9, 0, 1, Solver.SHORTCUT, 1.0, Modality.CONTINUOUS);
                FlowSampler.Particles four = sampler.sample(2000, 9, 0, 4, Solver.SHORTCUT, 1.0, Modality.CONTINUOUS);
                double wFlow = EqualSizeW1.of(BimodalToy.first(flowStep), truth);
                double wOne = EqualSizeW1.of(BimodalToy.first(one), truth);
                double wFour = EqualSizeW1.of(BimodalToy.first(four), truth);
                System.out.printf("W1 of x: one flow step %.3f, one shortcut step %.3f, four %.3f%n", wFlow, wOne, wFour);
                assertTrue(wFlow > 0.8, "one Euler step of the flow averages the modes: " + wFlow);
                assertTrue(wOne < 0.25, "one shortcut step: " + wOne);
                assertTrue(wFour < 0.25, "four shortcut steps: " + wFour);
                assertTrue(wOne < wFlow / 4, "one shortcut step beats one flow step by far");
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(10, 1, 0, 16, Solver.SHORTCUT, 1.0),
                        "16 steps are finer than the model's 2^-3");
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(10, 1, 0, 3, Solver.SHORTCUT, 1.0),
                        "3 is not a power of two");
                // Unequal steps: four equal ones listed as a schedule are the uniform K = 4 exactly, and
                // coarse-to-fine steps land on the modes too.
                sampler.schedule(StepSchedule.parse("4,4,4,4"));
                float[] listed = sampler.sample(2000, 9, 0, 4, Solver.SHORTCUT, 1.0, Modality.CONTINUOUS).pt();
                assertArrayEquals(four.pt(), listed, 0f, "a schedule of four quarters is K = 4");
                sampler.schedule(StepSchedule.parse("2,4,8,8"));
                double wScheduled = EqualSizeW1.of(BimodalToy.first(sampler.sample(2000, 9, 0, 4, Solver.SHORTCUT, 1.0,
                        Modality.CONTINUOUS)), truth);
                System.out.printf("W1 of x: shortcut steps 1/2, 1/4, 1/8, 1/8: %.3f%n", wScheduled);
                assertTrue(wScheduled < 0.25, "steps 1/2, 1/4, 1/8, 1/8: " + wScheduled);
                assertThrows(IllegalArgumentException.class, () -> sampler.sample(10, 1, 0, 8, Solver.SHORTCUT, 1.0),
                        "a sampler with a four-step schedule takes four steps");
                assertThrows(IllegalArgumentException.class, () -> sampler.schedule(StepSchedule.parse("2,4,8,16,16")),
                        "1/16 is finer than the model's 2^-3");
            }
        }
    }
}
