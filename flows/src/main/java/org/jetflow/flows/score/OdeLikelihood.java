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
 * autograd per probe; the path takes K Euler steps backwards in time. Every random number of jet j
 * comes from the generator {@code rndOfJet(j)}, so a jet's value depends on the jet alone.
 */
public final class OdeLikelihood {
    /** The velocity of a batch: x (B, P, 3) at time t (B, 1); may be called with x requiring a gradient. */
    public interface Velocity {
        NDArray at(NDArray x, NDArray t, int step);
    }

    /**
     * DJL records one gradient at a time per process, so concurrent callers (Spark tasks sharing an
     * executor's scorer) take turns for the autograd part.
     */
    private static final Object AUTOGRAD = new Object();

    private final int steps;
    private final int probes;

    /**
     * @param steps  Euler steps K from t = 1 to 0
     * @param probes Rademacher probes per step (the estimate is exact in expectation)
     */
    public OdeLikelihood(int steps, int probes) {
        if (steps < 1 || probes < 1) {
            throw new IllegalArgumentException("steps and probes must be at least 1");
        }
        this.steps = steps;
        this.probes = probes;
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
        float[] eps = new float[x.length];
        for (int k = 0; k < steps; k++) {
            double t = 1 - k * dt;
            float[] vel = null;
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
                            out = v.at(xs, sm.full(new Shape(jets, 1), (float) t), k);
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
                        div[j] += dt * s / probes;
                    }
                }
            }
            for (int o = 0; o < x.length; o++) {
                x[o] -= (float) (dt * vel[o]);
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
}
