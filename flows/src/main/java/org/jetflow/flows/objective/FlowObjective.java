package org.jetflow.flows.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.GraphScalar;
import org.jetflow.flows.net.MultiplicityBuckets;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.path.LinearPath;
import org.jetflow.flows.path.OptimalTransportPairing;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.preprocess.JetTensors;

/**
 * The conditional flow-matching objective of one jet at one time (docs/flows.md#the-method): the point x_t of the
 * linear path and its target velocity x1 − x0 (x0 paired with the particles at random, or by optimal
 * transport within the jet when the configuration says so), the bridge state k_t between a uniform k0 and the
 * jet's classes k1, and the per-jet losses — MSE of the velocity and cross-entropy of the k1
 * logits, each averaged over the jet's real particles, combined with the learned time-dependent
 * weights. Training minimises it; the anomaly score averages it over fixed times and noise.
 */
public final class FlowObjective {
    /** The most jets per forward pass: jets are grouped in buckets of similar multiplicity. */
    public static final int BUCKET_JETS = 32;

    private final FlowConfig config;
    private final Modality modality;
    private final TelegraphBridge bridge;
    private final LinearPath path;

    public FlowObjective(FlowConfig config, Modality modality) {
        this.config = config;
        this.modality = modality;
        this.bridge = new TelegraphBridge(ParticleTransformer.CLASSES, config.beta());
        this.path = new LinearPath(config.sigma());
    }

    /**
     * The network inputs and targets of one bucket of jets, padded to its largest multiplicity.
     *
     * @param rows     positions of the bucket's jets in the list passed to {@link #buckets}
     * @param stepSize (B, 1) the step size a shortcut model's velocity is asked for, or {@code null}
     *                 for the instantaneous velocity
     * @param u        (B, P, 3) the velocity target
     * @param slots    the same bucket as Java arrays, for objectives that build on it
     */
    public record Bucket(int[] rows, NDArray xt, NDArray tokens, NDArray t, NDArray stepSize, NDArray mask,
            NDArray context, NDArray u, NDArray k1, Slots slots) {
        /** Returns the bucket with another velocity target for another step size. */
        public Bucket withTarget(NDArray step, NDArray target) {
            return new Bucket(rows, xt, tokens, t, step, mask, context, target, k1, slots);
        }
    }

    /**
     * A bucket's values by slot r·w + i (jet r, particle i): x_t (3 per slot), the bridge state k_t and
     * the data class k1 (−1 for padding), and each jet's time.
     */
    public record Slots(int jets, int width, float[] xt, int[] kt, int[] k1, float[] t) {
    }

    /** Per-jet losses of a bucket (B each): velocity MSE, class cross-entropy, their weighted combination. */
    public record Losses(NDArray mse, NDArray crossEntropy, NDArray combined) {
    }

    /**
     * Draws noise and bridge states for the jets (in the given order, so bucketing changes nothing)
     * and groups them in buckets.
     *
     * @param jets  jet indices into {@code data}
     * @param times the time of each listed jet
     */
    public List<Bucket> buckets(JetTensors data, int[] jets, float[] times, SplittableRandom rnd, NDManager sm) {
        return buckets(data, jets, times, j -> rnd, sm);
    }

    /** As {@link #buckets(JetTensors, int[], float[], SplittableRandom, NDManager)} with a generator per listed jet. */
    public List<Bucket> buckets(JetTensors data, int[] jets, float[] times, IntFunction<SplittableRandom> rndOfJet,
            NDManager sm) {
        int b = jets.length;
        int p = data.particles();
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        int[] mult = new int[b];
        float[][] xt = new float[b][];
        float[][] u = new float[b][];
        int[][] kt = new int[b][];
        OptimalTransportPairing pairing = config.optimalTransport() ? new OptimalTransportPairing(p) : null;
        double[] noise = pairing != null ? new double[p * 3] : null;
        for (int j = 0; j < b; j++) {
            mult[j] = data.multiplicity()[jets[j]];
            SplittableRandom rnd = rndOfJet.apply(j);
            double time = times[j];
            xt[j] = new float[mult[j] * 3];
            u[j] = new float[mult[j] * 3];
            kt[j] = new int[mult[j]];
            if (pairing != null) {
                // The whole jet's noise first, then its pairing; random pairing keeps its old order of draws.
                for (int q = 0; q < mult[j] * 3; q++) {
                    noise[q] = rnd.nextGaussian();
                }
                pairing.pair(noise, data.x(), jets[j] * p * 3, mult[j]);
            }
            for (int i = 0; i < mult[j]; i++) {
                int src = jets[j] * p + i;
                for (int k = 0; k < 3; k++) {
                    double x0 = pairing != null ? noise[i * 3 + k] : rnd.nextGaussian();
                    double x1 = data.x()[src * 3 + k];
                    double z = rnd.nextGaussian();
                    // Trained alone, the bridge sees pure noise where the kinematics would be.
                    xt[j][i * 3 + k] = (float) (modality.continuous() ? path.point(x0, x1, z, time) : x0);
                    u[j][i * 3 + k] = (float) LinearPath.velocity(x0, x1);
                }
                int k0 = rnd.nextInt(s);
                int bridged = bridge.sampleBridge(k0, data.classes()[src], time, rnd);
                // Trained alone, flow matching sees the uniform source tokens, which carry no class.
                kt[j][i] = modality.discrete() ? bridged : k0;
            }
        }
        int[][] k1 = new int[b][];
        float[] ctx = new float[b * Math.max(c, 1)];
        for (int j = 0; j < b; j++) {
            k1[j] = java.util.Arrays.copyOfRange(data.classes(), jets[j] * p, jets[j] * p + mult[j]);
            System.arraycopy(data.context(), jets[j] * JetTensors.CONTEXT, ctx, j * c, c);
        }
        return pack(mult, xt, u, kt, k1, times, ctx, null, sm);
    }

    /**
     * Groups jets in buckets of similar multiplicity, each padded to its largest jet.
     *
     * @param xt      per jet, (m, 3) points x_t
     * @param u       per jet, (m, 3) velocity targets
     * @param kt      per jet, m bridge states ({@link ParticleTransformer#MASKED} for a hidden class)
     * @param k1      per jet, m target classes (−1 for none)
     * @param times   per jet, its time
     * @param context (jets, contextDim) network context
     * @param step    per jet, the step size a shortcut model is asked for, or {@code null} for none
     */
    public List<Bucket> pack(int[] mult, float[][] xt, float[][] u, int[][] kt, int[][] k1, float[] times,
            float[] context, float[] step, NDManager sm) {
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        MultiplicityBuckets plan = ParticleTransformer.buckets(config, mult, BUCKET_JETS);
        List<Bucket> out = new ArrayList<>();
        for (int bk = 0; bk < plan.buckets(); bk++) {
            int nb = plan.size(bk);
            int w = plan.widths()[bk];
            int[] rows = new int[nb];
            float[] bx = new float[nb * w * 3];
            float[] bu = new float[nb * w * 3];
            float[] tok = new float[nb * w * ParticleTransformer.TOKENS];
            float[] bk1 = new float[nb * w * s];
            float[] mask = new float[nb * w];
            int[] skt = new int[nb * w];
            int[] sk1 = new int[nb * w];
            java.util.Arrays.fill(skt, -1);
            java.util.Arrays.fill(sk1, -1);
            float[] bt = new float[nb];
            float[] bd = new float[nb];
            float[] ctx = new float[nb * Math.max(c, 1)];
            for (int r = 0; r < nb; r++) {
                int j = plan.order()[plan.starts()[bk] + r];
                rows[r] = j;
                bt[r] = times[j];
                bd[r] = step == null ? 0 : step[j];
                System.arraycopy(xt[j], 0, bx, r * w * 3, xt[j].length);
                System.arraycopy(u[j], 0, bu, r * w * 3, u[j].length);
                System.arraycopy(context, j * c, ctx, r * c, c);
                for (int i = 0; i < w; i++) {
                    int o = r * w + i;
                    if (i < mult[j]) {
                        mask[o] = 1;
                        skt[o] = kt[j][i];
                        sk1[o] = k1[j][i];
                        // A masked token is a row of zeros, a class without target (−1) adds no loss.
                        if (kt[j][i] >= 0) {
                            tok[o * ParticleTransformer.TOKENS + kt[j][i] + 1] = 1;
                        }
                        if (k1[j][i] >= 0) {
                            bk1[o * s + k1[j][i]] = 1;
                        }
                    } else {
                        tok[o * ParticleTransformer.TOKENS] = 1;
                    }
                }
            }
            out.add(new Bucket(rows, sm.create(bx, new Shape(nb, w, 3)),
                    sm.create(tok, new Shape(nb, w, ParticleTransformer.TOKENS)), sm.create(bt, new Shape(nb, 1)),
                    step == null ? null : sm.create(bd, new Shape(nb, 1)),
                    sm.create(mask, new Shape(nb, w)), c > 0 ? sm.create(ctx, new Shape(nb, c)) : null,
                    sm.create(bu, new Shape(nb, w, 3)), sm.create(bk1, new Shape(nb, w, s)),
                    new Slots(nb, w, bx, skt, sk1, bt)));
        }
        return out;
    }

    /**
     * The per-jet losses of a bucket; {@code combined} is
     * {@code ½(u1 + e^−u1 L_MSE) + ½(u2 + e^−u2 L_CE)} over the modalities trained, or
     * {@code ½(L_MSE + L_CE)} for a bucket of self-consistency targets (one with a step size).
     */
    public Losses evaluate(ParticleTransformer net, Bucket in) {
        ParticleTransformer.Output out = net.forward(in.xt(), in.tokens(), in.t(), in.stepSize(), in.mask(),
                in.context());
        NDArray count = in.mask().sum(new int[] {1}).maximum(1f);
        NDArray mse = out.velocity().sub(in.u()).square().sum(new int[] {2}).mul(in.mask()).sum(new int[] {1})
                .div(count.mul(3f));
        NDArray ce = out.logits().logSoftmax(-1).mul(in.k1()).sum(new int[] {2}).neg().mul(in.mask())
                .sum(new int[] {1}).div(count);
        NDArray half = GraphScalar.of(in.mask(), 0.5f);
        NDArray total = null;
        // Self-consistency targets (a bucket with a step size) are weighted as u = 0: the network makes
        // its own targets, and learned weights let the easy self-referential loss drive u → −∞ and
        // outweigh flow matching, which then degrades at every step size.
        boolean learned = in.stepSize() == null;
        if (modality.continuous()) {
            NDArray u1 = out.lossWeights().get(":, 0");
            total = learned ? u1.add(u1.neg().exp().mul(mse)).mul(half) : mse.mul(half);
        }
        if (modality.discrete()) {
            NDArray u2 = out.lossWeights().get(":, 1");
            NDArray term = learned ? u2.add(u2.neg().exp().mul(ce)).mul(half) : ce.mul(half);
            total = total == null ? term : total.add(term);
        }
        return new Losses(mse, ce, total);
    }
}
