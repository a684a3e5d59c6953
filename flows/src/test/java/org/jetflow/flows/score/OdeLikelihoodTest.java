package org.jetflow.flows.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Against a density known in closed form: the flow x_t = (1 + (s − 1)t)·x0 carries N(0, 1) at t = 0
 * to N(0, s²) at t = 1 in each coordinate. Its velocity is v(x, t) = (s − 1)·x / (1 + (s − 1)t), a
 * linear map whose divergence (3 per particle times the factor) every Rademacher probe gives exactly.
 */
class OdeLikelihoodTest {
    @Test
    void recoversTheGaussianDensityOfALinearFlow() {
        // Euler's error is O(1/K) in the log-density; at K = 2000 it is below 1e-3 per coordinate.
        double[][] err = errors(new OdeLikelihood(2000, 1, OdeLikelihood.Scheme.EULER));
        for (double[] e : err) {
            assertTrue(Math.abs(e[0]) < 2e-3 && Math.abs(e[1]) < 1e-3, "per coordinate: " + e[0] + ", " + e[1]);
        }
    }

    @Test
    void heunIsSecondOrder() {
        // Same cost, 40 evaluations: Euler's log-density is off by about dt/4 per coordinate
        // (the Riemann sum of the divergence 1/(1 + t)), Heun's by O(dt²).
        double[][] euler = errors(new OdeLikelihood(40, 1, OdeLikelihood.Scheme.EULER));
        double[][] heun = errors(new OdeLikelihood(20, 1, OdeLikelihood.Scheme.HEUN));
        for (int j = 0; j < heun.length; j++) {
            assertTrue(Math.abs(euler[j][0]) > 3e-3, "Euler per coordinate " + euler[j][0]);
            assertTrue(Math.abs(heun[j][0]) < 5e-4, "Heun per coordinate " + heun[j][0]);
            assertTrue(Math.abs(heun[j][1]) < 5e-4, "Heun divergence per coordinate " + heun[j][1]);
        }
    }

    /**
     * Per jet, the errors per coordinate of the log-density and of the divergence integral against the
     * closed form, for s = 2 on three jets of 4, 2 and 1 particles in 4 slots (padding must not count).
     */
    private static double[][] errors(OdeLikelihood ode) {
        double s = 2.0;
        int jets = 3;
        int slots = 4;
        float[] x1 = new float[jets * slots * 3];
        float[] mask = new float[jets * slots];
        SplittableRandom r = new SplittableRandom(3);
        for (int o = 0; o < x1.length; o++) {
            x1[o] = (float) (s * r.nextGaussian());
        }
        int[] real = {4, 2, 1};
        for (int j = 0; j < jets; j++) {
            for (int i = 0; i < real[j]; i++) {
                mask[j * slots + i] = 1;
            }
        }
        SplittableRandom[] rnd = new SplittableRandom[jets];
        for (int j = 0; j < jets; j++) {
            rnd[j] = new SplittableRandom(j);
        }
        double[][] err = new double[jets][2];
        try (NDManager m = NDManager.newBaseManager()) {
            OdeLikelihood.Result res = ode.logDensity((x, t, k) -> x.mul(t.mul((float) (s - 1)).add(1f)
                    .reshape(jets, 1, 1).pow(-1f).mul((float) (s - 1))), x1, mask, jets, slots, rnd, m);
            for (int j = 0; j < jets; j++) {
                double want = 0;
                for (int i = 0; i < real[j]; i++) {
                    for (int c = 0; c < 3; c++) {
                        double z = x1[(j * slots + i) * 3 + c];
                        want += -0.5 * z * z / (s * s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
                    }
                }
                err[j][0] = (res.logDensity()[j] - want) / (3 * real[j]);
                err[j][1] = (res.divergenceIntegral()[j] - 3 * real[j] * Math.log(s)) / (3 * real[j]);
            }
        }
        return err;
    }
}
