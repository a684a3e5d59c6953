package org.jetflow.flows.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.Test;

/**
 * An untrained network spreads its classes nearly evenly; fitted to a jet-like target (photons half,
 * leptons rare), the calibrated sampler must reproduce the target, and the uncalibrated one must not.
 */
class ClassCalibratorTest {
    private static final int P = 4;
    private static final double[] TARGET = {0.50, 0.20, 0.15, 0.10, 0.03, 0.012, 0.005, 0.003};
    private static final int JETS = 2000;
    private static final FlowConfig CONFIG = FlowConfig.cpuDefault().withContext(0).withSizes(P, 16, 2, 1, 32)
            .withTraining(8, 1e-3, 1, 1, 0.9, 3);

    @Test
    void calibratedSamplerReproducesTheTargetFractions() {
        try (FlowTrainer untrained = untrained(); FlowSampler sampler = sampler(untrained)) {
            ClassCalibrator.Result fit = ClassCalibrator.fit(sampler, TARGET, JETS, 7, 4, Solver.EULER, 3, n -> { });
            double particles = JETS * P;
            double[] before = fit.fractions()[0];
            double[] after = fit.fractions()[3];
            double missBefore = 0;
            for (int k = 0; k < TARGET.length; k++) {
                double sigma = Math.sqrt(TARGET[k] * (1 - TARGET[k]) / particles);
                assertEquals(TARGET[k], after[k], 4 * sigma + 0.002, "calibrated, class " + k);
                missBefore = Math.max(missBefore, Math.abs(before[k] - TARGET[k]));
            }
            assertTrue(missBefore > 0.2, "the untrained network is far from the target: " + missBefore);
            // Photons must be raised and the rarest class lowered.
            assertTrue(fit.calibration().bias(0) > 1 && fit.calibration().bias(7) < -1, fit.calibration().toString());
            // The sampler keeps the fitted bias: sampling again with the calibration's stream reproduces the
            // last pass, and the plain seed gives other jets.
            sampler.calibration(fit.calibration());
            assertArrayEquals(after, fractions(sampler, JETS, 7 ^ ClassCalibrator.STREAM), 1e-12);
            assertFalse(java.util.Arrays.equals(after, fractions(sampler, JETS, 7)));
        }
    }

    /** The two-σ rule: a class 1σ off its target keeps a zero bias, one 6σ off is moved towards it. */
    @Test
    void onlyClassesSignificantlyOffTheTargetAreMoved() {
        try (FlowTrainer untrained = untrained(); FlowSampler sampler = sampler(untrained)) {
            int jets = 500;
            double particles = jets * P;
            double[] target = fractions(sampler, jets, 3 ^ ClassCalibrator.STREAM);
            target[0] += Math.sqrt(target[0] / particles);
            target[1] -= Math.sqrt(target[1] / particles);
            target[2] += 6 * Math.sqrt(target[2] / particles);
            double[] bias = ClassCalibrator.fit(sampler, target, jets, 3, 4, Solver.EULER, 1, n -> { })
                    .calibration().logitBias();
            assertEquals(0, bias[0], 0, "1σ above");
            assertEquals(0, bias[1], 0, "1σ below");
            assertTrue(bias[2] > 0.05, "6σ above: bias " + bias[2]);
        }
    }

    private static FlowTrainer untrained() {
        int[] cls = new int[8 * P];
        float[] mask = new float[8 * P];
        java.util.Arrays.fill(mask, 1);
        return new FlowTrainer(CONFIG, JetTensors.of(8, P, new float[8 * P * 3], cls, mask), null, Modality.BOTH);
    }

    private static FlowSampler sampler(FlowTrainer t) {
        return new FlowSampler(CONFIG, new Preprocessing(new double[3], new double[] {1, 1, 1},
                new long[] {0, 0, 0, 0, 1}), t.emaWeights());
    }

    private static double[] fractions(FlowSampler sampler, int jets, long seed) {
        double[] f = new double[8];
        for (int b = 0, done = 0; done < jets; b++) {
            int n = Math.min(256, jets - done);
            for (int c : sampler.sample(n, seed, b, 4, Solver.EULER, 1.0).classes()) {
                f[c] += 1.0 / (jets * P);
            }
            done += n;
        }
        return f;
    }
}
