package org.jetflow.flows.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jetflow.flows.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped few-step model's class model, calibrated on the classes it draws for the flow's
 * generated kinematics, must reach a target far from its own fractions (photons 50 % instead of
 * 45 %, neutral hadrons 7 % instead of 8 %); the bundle written with it keeps the flow's weights,
 * the flow's own calibration and the schedule, and samples the fitted fractions again.
 */
class AttachedClassCalibrationTest {
    private static final Path MODEL = Path.of("../samples/models/qcd-distilled");
    private static final double[] TARGET = {0.50, 0.07, 0.205, 0.205, 0.008, 0.008, 0.002, 0.002};
    private static final int JETS = 512;

    @Test
    void theAttachedClassModelReachesTheTargetOnGeneratedKinematics(@TempDir Path tmp) throws Exception {
        Sampling at = Sampling.shortcut(StepSchedule.parse("2,4,8,8"), 4);
        ClassCalibrator.Result fit;
        ClassCalibration flowOwn;
        try (ModelBundle bundle = ModelBundle.load(MODEL)) {
            flowOwn = bundle.calibration();
            MaskedClassSampler drawer = bundle.classModel().classSampler();
            try (FlowSampler sampler = bundle.sampler().classModel(drawer).classSweeps(4).schedule(at.schedule())) {
                fit = ClassCalibrator.fitClassModel(sampler, drawer, bundle.classModel().calibration(), TARGET, JETS, 3,
                        at.steps(), at.solver(), 3, n -> { });
            }
            bundle.saveWithClassCalibration(tmp.resolve("out"), fit, at,
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        }
        double[] before = fit.fractions()[0];
        double[] after = fit.fractions()[3];
        assertTrue(TARGET[0] - before[0] > 0.03 && before[1] - TARGET[1] > 0.008, "the model starts far off: "
                + java.util.Arrays.toString(before));
        for (int k = 0; k < 4; k++) {
            assertEquals(TARGET[k], after[k], 0.006, "class " + k + " after three updates");
        }
        assertTrue(fit.calibration().bias(0) > 0 && fit.calibration().bias(1) < 0, fit.calibration().toString());
        try (ModelBundle written = ModelBundle.load(tmp.resolve("out"))) {
            assertEquals(at, written.sampling());
            assertEquals(flowOwn, written.calibration(), "the flow's own calibration stays");
            assertEquals(fit.calibration(), written.classModel().calibration());
            double[] again = new double[8];
            long total = 0;
            try (FlowSampler s = written.sampler()) {
                for (int b = 0, done = 0; done < JETS; b++) {
                    int n = Math.min(256, JETS - done);
                    for (int c : s.sample(n, 3 ^ ClassCalibrator.STREAM, b, at.steps(), at.solver(), 1.0).classes()) {
                        again[c]++;
                        total++;
                    }
                    done += n;
                }
            }
            for (int k = 0; k < 8; k++) {
                again[k] /= total;
            }
            assertArrayEquals(after, again, 1e-12, "the written bundle samples the last pass again");
        }
    }
}
