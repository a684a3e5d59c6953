package org.jetflow.flows.score;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;

/**
 * The log-density of points under a continuous normalising flow dx/dt = v(x, t) from a standard
 * normal at t = 0 (Chen et al., arXiv:1806.07366; Grathwohl et al., arXiv:1810.01367): integrating
 * from the point at t = 1 back to t = 0, log p1(x1) = log N(x0; 0, I) − ∫₀¹ ∇·v(x_t, t) dt. The
 * divergence is Hutchinson's estimate εᵀ(∂v/∂x)ε with Rademacher ε, from one backward pass of
 * autograd per probe; the path takes K steps backwards in time, Euler's (one evaluation per step,
 * error O(1/K)) or Heun's (two, the trapezoid rule for the path and the divergence integral alike,
 * error O(1/K²)). Every random number of jet j comes from its own generator, so a jet's value depends
 * on the jet alone.
 */
public final class OdeLikelihood {
    /**
     * The velocity of a batch: x (B, P, 3) at time t (B, 1), the grid point t = 1 − point/K; may be
     * called with x requiring a gradient. Heun's corrector asks for point K (t = 0) too.
     */
    public interface Velocity {
        NDArray at(NDArray x, NDArray t, int point);
    }

    /** The integrator of the path and the divergence. */
    public enum Scheme {
        EULER, HEUN;

        /** The scheme named {@code euler} or {@code heun}. */
        public static Scheme parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "euler" -> EULER;
                case "heun" -> HEUN;
                default -> throw new IllegalArgumentException("--solver must be euler or heun, got '" + name + "'");
            };
        }
    }

    /**
     * DJL records one gradient at a time per process, so concurrent callers (Spark tasks sharing an
     * executor's scorer) take turns for the autograd part.
     */
    private static final Object AUTOGRAD = new Object();

    private final int steps;
    private final int probes;
    private final Scheme scheme;

    /**
     * @param steps  steps K from t = 1 to 0
     * @param probes Rademacher probes per evaluation (the estimate is exact in expectation)
     */
    public OdeLikelihood(int steps, int probes, Scheme scheme) {
        if (steps < 1 || probes < 1) {
            throw new IllegalArgumentException("steps and probes must be at least 1");
        }
        this.steps = steps;
        this.probes = probes;
        this.scheme = scheme;
    }

    /** Per-jet results: log p1(x1) in the flow's coordinates, and its two parts. */
    public record Result(double[] logDensity, double[] logBase, double[] divergenceIntegral) {
    }

    /**
     * Integrates a batch of B jets of P slots back to t = 0.
     *
     * @param x1       (B·P·3) the points at t = 1; padding slots are ignored
     * @param mask     (B·P) 1 for real particles
     * @param rnd      one generator per jet, consumed in a fixed order
     */
    public Result logDensity(Velocity v, float[] x1, float[] mask, int jets, int slots, SplittableRandom[] rnd,
            NDManager manager) {
        float[] x = x1.clone();
        double[] div = new double[jets];
        double dt = 1.0 / steps;
        for (int k = 0; k < steps; k++) {
            double t = 1 - k * dt;
            Slope a = slope(v, x, t, k, mask, jets, slots, rnd, manager);
            if (scheme == Scheme.HEUN) {
                float[] xp = new float[x.length];
                for (int o = 0; o < x.length; o++) {
                    xp[o] = (float) (x[o] - dt * a.velocity[o]);
                }
                a = a.mean(slope(v, xp, t - dt, k + 1, mask, jets, slots, rnd, manager));
            }
            for (int o = 0; o < x.length; o++) {
                x[o] -= (float) (dt * a.velocity[o]);
            }
            for (int j = 0; j < jets; j++) {
                div[j] += dt * a.divergence[j];
            }
        }
        double[] base = new double[jets];
        double[] logp = new double[jets];
        for (int j = 0; j < jets; j++) {
            double s = 0;
            int n = 0;
            for (int i = 0; i < slots; i++) {
                if (mask[j * slots + i] > 0) {
                    n++;
                    for (int c = 0; c < 3; c++) {
                        double z = x[(j * slots + i) * 3 + c];
                        s += z * z;
                    }
                }
            }
            base[j] = -0.5 * s - 1.5 * n * Math.log(2 * Math.PI);
            logp[j] = base[j] - div[j];
        }
        return new Result(logp, base, div);
    }

    /** The velocity at (x, t) and each jet's divergence, averaged over the probes. */
    private record Slope(float[] velocity, double[] divergence) {
        /** Heun's slope: the mean of the predictor's and the corrector's. */
        Slope mean(Slope other) {
            float[] v = new float[velocity.length];
            for (int o = 0; o < v.length; o++) {
                v[o] = (float) (0.5 * ((double) velocity[o] + other.velocity[o]));
            }
            double[] d = new double[divergence.length];
            for (int j = 0; j < d.length; j++) {
                d[j] = 0.5 * (divergence[j] + other.divergence[j]);
            }
            return new Slope(v, d);
        }
    }

    private Slope slope(Velocity v, float[] x, double t, int point, float[] mask, int jets, int slots,
            SplittableRandom[] rnd, NDManager manager) {
        float[] vel = null;
        double[] div = new double[jets];
        float[] eps = new float[x.length];
        for (int r = 0; r < probes; r++) {
            for (int j = 0; j < jets; j++) {
                for (int o = j * slots * 3; o < (j + 1) * slots * 3; o++) {
                    eps[o] = mask[o / 3] > 0 && rnd[j].nextBoolean() ? 1f : mask[o / 3] > 0 ? -1f : 0f;
                }
            }
            try (NDManager sm = manager.newSubManager()) {
                NDArray xs = sm.create(x, new Shape(jets, slots, 3));
                xs.setRequiresGradient(true);
                NDArray out;
                float[] g;
                synchronized (AUTOGRAD) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        out = v.at(xs, sm.full(new Shape(jets, 1), (float) t), point);
                        gc.backward(out.mul(sm.create(eps, new Shape(jets, slots, 3))).sum());
                    }
                    g = xs.getGradient().toFloatArray();
                }
                if (vel == null) {
                    vel = out.toFloatArray();
                }
                for (int j = 0; j < jets; j++) {
                    double s = 0;
                    for (int o = j * slots * 3; o < (j + 1) * slots * 3; o++) {
                        s += g[o] * eps[o];
                    }
                    div[j] += s / probes;
                }
            }
        }
        return new Slope(vel, div);
    }
}
