package org.jetflow.flows.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jetflow.flows.EqualSizeW1;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.train.FlowTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distillation from a teacher whose probability-flow ODE is known in closed form, on
 * {@link BimodalToy}: each particle's first feature is ±1.5 with equal probability (σ = 0.25), the
 * others N(0, 0.25²). On the linear
 * path x_t = (1 − t)x0 + t·x1 the exact velocity of a Gaussian mixture is
 * E[x1 − x0 | x_t] = Σ_m w_m(x_t) [μ_m + (t s_m² − (1 − t))(x_t − tμ_m)/((1 − t)² + t² s_m²)],
 * w_m the posterior of component m. Its ODE, integrated finely from Gaussian noise, lands every
 * particle on one of the two modes; a shortcut model taught by those trajectories must do so in one
 * step and in two. One Euler step of a flow lands near E[x1] = 0, a W1 of about 1.5.
 */
class DistillationLearningTest {
    private static final int P = BimodalToy.P;
    private static final double[][] MEANS = {{BimodalToy.MODE, -BimodalToy.MODE}, {0}, {0}};
    private static final double S = BimodalToy.SIGMA;

    /** The exact marginal velocity of feature k at (x, t). */
    private static double velocity(int k, double x, double t) {
        double[] mu = MEANS[k];
        double[] logw = new double[mu.length];
        double[] v = new double[mu.length];
        double best = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mu.length; m++) {
            double var = (1 - t) * (1 - t) + t * t * S * S;
            double d = x - t * mu[m];
            logw[m] = -0.5 * d * d / var - 0.5 * Math.log(var);
            v[m] = mu[m] + (t * S * S - (1 - t)) * d / var;
            best = Math.max(best, logw[m]);
        }
        double num = 0;
        double den = 0;
        for (int m = 0; m < mu.length; m++) {
            double w = Math.exp(logw[m] - best);
            num += w * v[m];
            den += w;
        }
        return num / den;
    }

    /** Trajectories of the exact ODE (RK4, 64 steps per interval) on a grid of 8. */
    private static TeacherTrajectories exactTeacher(int jets, long seed) {
        int grid = 8;
        int sub = 64;
        SplittableRandom r = new SplittableRandom(seed);
        int[] mult = new int[jets];
        float[][] x = new float[jets][];
        byte[][] tok = new byte[jets][];
        for (int j = 0; j < jets; j++) {
            mult[j] = P;
            x[j] = new float[(grid + 1) * P * 3];
            tok[j] = new byte[(grid + 1) * P];
            for (int i = 0; i < P; i++) {
                byte k0 = (byte) r.nextInt(8);
                for (int a = 0; a <= grid; a++) {
                    tok[j][a * P + i] = k0;
                }
                for (int k = 0; k < 3; k++) {
                    double y = r.nextGaussian();
                    x[j][i * 3 + k] = (float) y;
                    double h = 1.0 / (grid * sub);
                    for (int a = 0; a < grid; a++) {
                        for (int s = 0; s < sub; s++) {
                            double t = (a * sub + s) * h;
                            double k1 = velocity(k, y, t);
                            double k2 = velocity(k, y + h / 2 * k1, t + h / 2);
                            double k3 = velocity(k, y + h / 2 * k2, t + h / 2);
                            double k4 = velocity(k, y + h * k3, Math.min(t + h, 1 - 1e-9));
                            y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
                        }
                        x[j][((a + 1) * P + i) * 3 + k] = (float) y;
                    }
                }
            }
        }
        return new TeacherTrajectories(grid, 0, mult, new float[0], x, tok, "exact mixture ODE, seed " + seed);
    }

    @Test
    void bucketsCarryTheTeachersMoveOverEachStep() {
        TeacherTrajectories teacher = exactTeacher(3, 5);
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(P, 16, 2, 1, 32).withShortcutLevels(3);
        DistillationObjective d = new DistillationObjective(cfg, new FlowObjective(cfg, Modality.BOTH), teacher);
        try (NDManager sm = NDManager.newBaseManager()) {
            for (FlowObjective.Bucket b : d.buckets(40, new SplittableRandom(3), sm)) {
                float[] x = b.xt().toFloatArray();
                float[] u = b.u().toFloatArray();
                float[] t = b.t().toFloatArray();
                float[] step = b.stepSize().toFloatArray();
                for (int r = 0; r < t.length; r++) {
                    int a = Math.round(t[r] * 8);
                    int n = Math.round(step[r] * 8);
                    assertEquals(0, a % n, "a step starts on its own grid");
                    assertTrue(a + n <= 8);
                    // Find the trajectory by its start point, then check the target against its end point.
                    int found = -1;
                    for (int j = 0; j < teacher.jets(); j++) {
                        if (teacher.x(j, a, 0, 0) == x[r * P * 3]) {
                            found = j;
                        }
                    }
                    assertTrue(found >= 0, "the input is a recorded state");
                    for (int i = 0; i < P; i++) {
                        for (int k = 0; k < 3; k++) {
                            float expected = (teacher.x(found, a + n, i, k) - teacher.x(found, a, i, k)) / step[r];
                            assertEquals(expected, u[(r * P + i) * 3 + k], 1e-5f);
                        }
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new DistillationObjective(cfg.withShortcutLevels(2),
                new FlowObjective(cfg, Modality.BOTH), teacher), "a grid of 8 cannot teach 2 levels");
    }

    @Test
    void trajectoriesSurviveAFileAndACutFileIsNamed(@TempDir Path dir) throws IOException {
        TeacherTrajectories teacher = exactTeacher(5, 6);
        Path f = dir.resolve("t.bin");
        teacher.write(f);
        TeacherTrajectories back = TeacherTrajectories.read(f);
        assertEquals(teacher.origin(), TeacherTrajectories.originOf(f));
        assertArrayEquals(teacher.multiplicity(), back.multiplicity());
        for (int j = 0; j < teacher.jets(); j++) {
            assertArrayEquals(teacher.x()[j], back.x()[j]);
            assertArrayEquals(teacher.tokens()[j], back.tokens()[j]);
        }
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 7));
        IOException e = assertThrows(IOException.class, () -> TeacherTrajectories.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void oneAndTwoDistilledStepsLandOnTheModes() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(P, 32, 2, 1, 64)
                .withTraining(64, 3e-3, 20, 1000, 0.99, 4).withShortcutLevels(3);
        double[] truth = BimodalToy.first(BimodalToy.jets(2000, 2));
        try (FlowTrainer trainer = new FlowTrainer(cfg, BimodalToy.jets(4000, 1), null, Modality.CONTINUOUS)) {
            trainer.distilFrom(exactTeacher(3000, 7));
            for (int s = 0; s < cfg.steps(); s++) {
                trainer.trainStep();
            }
            try (FlowSampler sampler = new FlowSampler(cfg, BimodalToy.IDENTITY, trainer.emaWeights())) {
                double wFlow = EqualSizeW1.of(BimodalToy.first(sampler.sample(2000, 9, 0, 1, Solver.EULER, 1.0,
                        Modality.CONTINUOUS)), truth);
                double wOne = EqualSizeW1.of(BimodalToy.first(sampler.sample(2000, 9, 0, 1, Solver.SHORTCUT, 1.0,
                        Modality.CONTINUOUS)), truth);
                double wTwo = EqualSizeW1.of(BimodalToy.first(sampler.sample(2000, 9, 0, 2, Solver.SHORTCUT, 1.0,
                        Modality.CONTINUOUS)), truth);
                System.out.printf("W1 of x: one flow step %.3f, one distilled step %.3f, two %.3f%n", wFlow, wOne, wTwo);
                assertTrue(wFlow > 0.8, "one Euler step of the flow averages the modes: " + wFlow);
                assertTrue(wOne < 0.2, "one distilled step: " + wOne);
                assertTrue(wTwo < 0.2, "two distilled steps: " + wTwo);
            }
        }
    }
}
