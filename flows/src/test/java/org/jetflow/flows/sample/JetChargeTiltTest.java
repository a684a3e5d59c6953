package org.jetflow.flows.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ai.djl.ndarray.NDArray;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jet-charge terms of a pairwise class model's calibration against their exact answer: jets of two
 * particles of equal pT at the same φ, each an h+ or an h− by an independent coin toss (a model with
 * both charges uncoupled, trained on such jets). Each particle weighs (pT/pT_jet)^½ = √½ in the jet
 * charge, so Q is −√2, 0 or +√2, and the Gibbs sweeps with the terms a·Q − λ·Q² must draw Q with the
 * untilted frequencies p₀(Q) times exp(aQ − λQ²), normalised: at a = 0.5, λ = 0.5 about (0.06, 0.68,
 * 0.26) where p₀ is (¼, ½, ¼).
 */
class JetChargeTiltTest {
    private static final int H_MINUS = 2;
    private static final int H_PLUS = 3;
    private static final int JETS = 4000;
    private static final Preprocessing IDENTITY = new Preprocessing(new double[3], new double[] {1, 1, 1},
            new long[] {0, 0, 1});
    private static final double[] Q = {-Math.sqrt(2), 0, Math.sqrt(2)};
    private static FlowConfig config;
    private static Map<String, NDArray> weights;
    private static FlowTrainer trainer;

    @BeforeAll
    static void train() {
        config = FlowConfig.cpuDefault().withContext(0).withSizes(2, 16, 2, 1, 32)
                .withTraining(64, 3e-3, 20, 300, 0.99, 4).withMaskedClasses(true).withCouplingRank(4)
                .withUncoupledClasses(List.of("hminus", "hplus"));
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[JETS * 2 * 3];
        int[] cls = new int[JETS * 2];
        float[] mask = new float[JETS * 2];
        for (int o = 0; o < JETS * 2; o++) {
            cls[o] = r.nextBoolean() ? H_PLUS : H_MINUS;
            x[o * 3 + 1] = (float) r.nextGaussian();
            mask[o] = 1;
        }
        trainer = new FlowTrainer(config, JetTensors.of(JETS, 2, x, cls, mask), null, Modality.BOTH);
        for (int s = 0; s < config.steps(); s++) {
            trainer.trainStep();
        }
        weights = trainer.emaWeights();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    /** Jets of two particles of pT 100 GeV at Δφ = 0 and random Δη. */
    private record Pairs(int[] offsets, float[] pt, float[] deta, float[] dphi) {
        static Pairs of(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int[] offsets = new int[n + 1];
            float[] pt = new float[2 * n];
            float[] deta = new float[2 * n];
            for (int o = 0; o < 2 * n; o++) {
                offsets[o / 2 + 1] = o + 1;
                pt[o] = 100f;
                deta[o] = (float) r.nextGaussian();
            }
            return new Pairs(offsets, pt, deta, new float[2 * n]);
        }

        int[] classes(MaskedClassSampler s, long seed) {
            return s.classes(offsets, pt, deta, dphi, new float[offsets.length - 1], 10, new SplittableRandom(seed));
        }

        double[] charges(int[] classes) {
            return JetChargeTilt.charges(offsets, pt, dphi, classes);
        }
    }

    /** Frequencies of Q = −√2, 0, +√2. */
    private static double[] frequencies(double[] q) {
        double[] f = new double[3];
        for (double v : q) {
            f[(int) Math.round(v / Math.sqrt(2)) + 1] += 1.0 / q.length;
        }
        return f;
    }

    /** p₀ times exp(aQ − λQ²), normalised. */
    private static double[] tilted(double[] p0, double a, double lambda) {
        double[] p = new double[3];
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            p[i] = p0[i] * Math.exp(a * Q[i] - lambda * Q[i] * Q[i]);
            sum += p[i];
        }
        for (int i = 0; i < 3; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void gibbsSweepsDrawTheTiltedJetCharge() {
        Pairs jets = Pairs.of(JETS, 5);
        try (MaskedClassSampler s = new MaskedClassSampler(config, IDENTITY, weights)) {
            double[] p0 = frequencies(jets.charges(jets.classes(s, 7)));
            double[] p = frequencies(jets.charges(jets.classes(s.calibration(
                    new ClassCalibration(new double[8], 0.5, 0.5)), 7)));
            double[] expected = tilted(p0, 0.5, 0.5);
            System.out.printf("Q = -√2, 0, +√2: untilted %.3f %.3f %.3f; tilted %.3f %.3f %.3f, exact %.3f %.3f %.3f%n",
                    p0[0], p0[1], p0[2], p[0], p[1], p[2], expected[0], expected[1], expected[2]);
            assertEquals(0.25, p0[0], 0.04, "independent coin tosses");
            assertEquals(0.5, p0[1], 0.04, "independent coin tosses");
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], p[i], 0.025, "tilted frequency of Q = " + Q[i]);
            }
        }
    }

    /**
     * The calibration finds the tilt back from the moments of the tilted law. Symmetric (a = 0): in these
     * jets every particle weighs the same, so a field a·Q is the same as a bias between h+ and h−, and
     * the two are not told apart.
     */
    @Test
    void theCalibrationFindsTheTiltFromTheMoments() {
        Pairs jets = Pairs.of(JETS, 5);
        try (MaskedClassSampler s = new MaskedClassSampler(config, IDENTITY, weights)) {
            double[] p0 = frequencies(jets.charges(jets.classes(s, 7)));
            double[] p = tilted(p0, 0, 0.6);
            double[] target = {p[2] * Q[2] + p[0] * Q[0], (p[0] + p[2]) * 2};
            double[] fractions = new double[8];
            fractions[H_PLUS] = p[2] + p[1] / 2;
            fractions[H_MINUS] = p[0] + p[1] / 2;
            ClassCalibrator.Result fit = ClassCalibrator.fit((c, b, n) -> Pairs.of(n, 100 + b).classes(s.calibration(c),
                    200 + b), ClassCalibration.NONE, fractions, (b, classes) -> Pairs.of(classes.length / 2, 100 + b)
                    .charges(classes), target, JETS, 4, 0.5, n -> { });
            System.out.printf("fitted %.3f Q - %.3f Q^2 (the law: 0 Q - 0.6 Q^2); moments per pass %s, target %s%n",
                    fit.calibration().chargeField(), fit.calibration().chargeTilt(),
                    java.util.Arrays.deepToString(fit.chargeMoments()), java.util.Arrays.toString(target));
            assertEquals(0.6, fit.calibration().chargeTilt(), 0.1, "the tilt");
            assertEquals(0, fit.calibration().chargeField(), 0.1, "no field");
        }
        assertThrows(IllegalArgumentException.class, () -> new ClassCalibration(new double[8], -1, 0),
                "a negative tilt would reward large jet charges without bound");
    }
}
