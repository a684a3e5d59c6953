package org.jetflow.flows.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.train.Modality;
import org.jetflow.flows.train.Preprocessing;

/**
 * Generates jets from noise (METHOD.md, sampling): multiplicities drawn from the training histogram,
 * x0 ~ N(0, I) integrated from t = 0 to 1 with Euler or Heun steps, tokens started uniform and moved
 * by the telegraph bridge's jump rates with the network's posterior q (temperature T) at every step,
 * and a final draw of each token from q. Batch b of a run uses a generator seeded by (seed, b):
 * the same seed gives the same jets whatever the batching of the caller's loop.
 */
public final class FlowSampler implements AutoCloseable {
    private final FlowConfig config;
    private final Preprocessing pre;
    private final NDManager manager;
    private final ParticleTransformer net;
    private final TelegraphBridge bridge;

    /** A sampler over the given weights (the EMA weights of a trained model). */
    public FlowSampler(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights) {
        this.config = config;
        this.pre = pre;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            NDArray w = weights.get(e.getKey());
            if (w == null || !w.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("weights lack " + e.getKey() + " " + e.getValue().getShape());
            }
            e.getValue().set(w.toFloatArray());
        }
        this.bridge = new TelegraphBridge(ParticleTransformer.CLASSES, config.beta());
    }

    /**
     * Generated particles of one batch, in the network's coordinates undone: per jet its multiplicity,
     * and per particle pT (GeV), Δη, Δφ and the class index 0..7, padded to P.
     */
    public record Particles(int jets, int slots, int[] multiplicity, float[] pt, float[] deta, float[] dphi, int[] classes) {
    }

    /**
     * Samples {@code n} jets as batch number {@code batchIndex} of a run with {@code seed}.
     *
     * @param steps       integration steps K
     * @param temperature T applied to the class logits
     */
    public Particles sample(int n, long seed, long batchIndex, int steps, Solver solver, double temperature) {
        return sample(n, seed, batchIndex, steps, solver, temperature, Modality.BOTH);
    }

    /** As {@link #sample(int, long, long, int, Solver, double)} for a model trained on one modality alone. */
    public Particles sample(int n, long seed, long batchIndex, int steps, Solver solver, double temperature,
            Modality modality) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batchIndex);
        int p = config.maxParticles();
        int s = ParticleTransformer.CLASSES;
        int[] mult = new int[n];
        float[] mask = new float[n * p];
        float[] x = new float[n * p * 3];
        int[] cls = new int[n * p];
        for (int j = 0; j < n; j++) {
            mult[j] = pre.drawMultiplicity(rnd.nextDouble());
            for (int i = 0; i < mult[j]; i++) {
                mask[j * p + i] = 1;
                cls[j * p + i] = rnd.nextInt(s);
            }
            for (int i = 0; i < p * 3; i++) {
                x[j * p * 3 + i] = (float) rnd.nextGaussian();
            }
        }
        double dt = 1.0 / steps;
        double[] q = new double[s];
        double[] scratch = new double[s];
        float[] logits = null;
        for (int k = 0; k < steps; k++) {
            double t = k * dt;
            try (NDManager sm = manager.newSubManager()) {
                NDArray xs = sm.create(x, new Shape(n, p, 3));
                NDArray tok = sm.create(oneHot(cls, mask, n, p), new Shape(n, p, ParticleTransformer.TOKENS));
                NDArray m = sm.create(mask, new Shape(n, p));
                ParticleTransformer.Output out = net.forward(xs, tok, sm.full(new Shape(n, 1), (float) t), m, null);
                float[] v = out.velocity().toFloatArray();
                logits = out.logits().toFloatArray();
                if (!modality.continuous()) {
                    continue;
                }
                if (solver == Solver.HEUN && k < steps - 1) {
                    float[] pred = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        pred[i] = (float) (x[i] + dt * v[i]);
                    }
                    NDArray v2 = net.forward(sm.create(pred, new Shape(n, p, 3)), tok,
                            sm.full(new Shape(n, 1), (float) (t + dt)), m, null).velocity();
                    float[] w2 = v2.toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        x[i] += (float) (0.5 * dt * (v[i] + w2[i]));
                    }
                } else {
                    for (int i = 0; i < x.length; i++) {
                        x[i] += (float) (dt * v[i]);
                    }
                }
            }
            if (k < steps - 1 && modality.discrete()) {
                for (int o = 0; o < n * p; o++) {
                    if (mask[o] > 0) {
                        softmax(logits, o * s, s, temperature, q);
                        cls[o] = bridge.step(cls[o], q, t, dt, rnd, scratch);
                    }
                }
            }
        }
        for (int o = 0; o < n * p && modality.discrete(); o++) {
            if (mask[o] > 0) {
                softmax(logits, o * s, s, temperature, q);
                cls[o] = TelegraphBridge.draw(q, rnd);
            }
        }
        float[] pt = new float[n * p];
        float[] deta = new float[n * p];
        float[] dphi = new float[n * p];
        for (int o = 0; o < n * p; o++) {
            pt[o] = (float) Math.exp(x[o * 3] * pre.std()[0] + pre.mean()[0]);
            deta[o] = (float) (x[o * 3 + 1] * pre.std()[1] + pre.mean()[1]);
            dphi[o] = (float) (x[o * 3 + 2] * pre.std()[2] + pre.mean()[2]);
        }
        return new Particles(n, p, mult, pt, deta, dphi, cls);
    }

    private static float[] oneHot(int[] cls, float[] mask, int n, int p) {
        float[] out = new float[n * p * ParticleTransformer.TOKENS];
        for (int o = 0; o < n * p; o++) {
            out[o * ParticleTransformer.TOKENS + (mask[o] > 0 ? cls[o] + 1 : 0)] = 1;
        }
        return out;
    }

    private static void softmax(float[] logits, int off, int s, double temperature, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < s; k++) {
            max = Math.max(max, logits[off + k] / temperature);
        }
        double sum = 0;
        for (int k = 0; k < s; k++) {
            out[k] = Math.exp(logits[off + k] / temperature - max);
            sum += out[k];
        }
        for (int k = 0; k < s; k++) {
            out[k] /= sum;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
