package org.jetflow.flows.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.preprocess.JetTensors;

/**
 * The self-consistency targets of a shortcut model (Frans et al., arXiv:2410.12557), which learns
 * s(x_t, k_t, t, d), the mean velocity over [t, t + d], so that one evaluation moves the kinematics
 * a whole step d. A step of size d = 2^−j (level j ≤ L) is taught to equal two steps of half
 * the size taken by the network itself: target = ½[s(x_t, t, d/2) + s(x', t + d/2, d/2)] with
 * x' = x_t + (d/2)·s(x_t, t, d/2); the finest level, d = 2^−L, halves into two steps of the
 * instantaneous velocity (d = 0), which flow matching trains on the rest of the batch. Targets
 * are computed without gradient, before the training step's graph is recorded. Times lie on the
 * grid of multiples of d, where a K = 1/d step sampler evaluates.
 *
 * <p>The class tokens of the second half step are drawn from the telegraph bridge's own transition
 * from k_t towards the jet's true class k1 ({@link TelegraphBridge#bridgeKernel} with q = δ_k1),
 * so the network sees tokens distributed as on its path at t + d/2. The class logits are trained
 * at every step size with the cross-entropy against k1, since a sampler reads them from the same
 * evaluation.
 */
public final class ShortcutObjective {
    /** Share of a training batch that gets self-consistency targets, as in the paper. */
    public static final double CONSISTENCY_SHARE = 0.25;

    private final FlowConfig config;
    private final FlowObjective flow;
    private final TelegraphBridge bridge;

    public ShortcutObjective(FlowConfig config, FlowObjective flow) {
        if (config.shortcutLevels() < 1) {
            throw new IllegalArgumentException("a shortcut objective needs shortcutLevels >= 1");
        }
        this.config = config;
        this.flow = flow;
        this.bridge = new TelegraphBridge(ParticleTransformer.CLASSES, config.beta());
    }

    /** Jets of a batch of {@code batch} that get self-consistency targets (at least one). */
    public int consistencyJets(int batch) {
        return Math.max(1, (int) Math.round(batch * CONSISTENCY_SHARE));
    }

    /** The step size of level j, 2^−j. */
    public static double stepOfLevel(int level) {
        return Math.scalb(1.0, -level);
    }

    /**
     * The buckets of the listed jets, each jet at a level j uniform in {0, …, L} and a time uniform on
     * the grid {0, d, …, 1 − d}, with their self-consistency targets.
     */
    public List<FlowObjective.Bucket> buckets(ParticleTransformer net, JetTensors data, int[] jets,
            SplittableRandom rnd, NDManager sm) {
        int levels = config.shortcutLevels();
        float[] step = new float[jets.length];
        float[] times = new float[jets.length];
        for (int j = 0; j < jets.length; j++) {
            int level = rnd.nextInt(levels + 1);
            step[j] = (float) stepOfLevel(level);
            times[j] = (float) (rnd.nextInt(1 << level) * stepOfLevel(level));
        }
        List<FlowObjective.Bucket> out = new ArrayList<>();
        for (FlowObjective.Bucket b : flow.buckets(data, jets, times, rnd, sm)) {
            out.add(withTarget(net, b, step, rnd, sm));
        }
        return out;
    }

    private FlowObjective.Bucket withTarget(ParticleTransformer net, FlowObjective.Bucket b, float[] stepOfJet,
            SplittableRandom rnd, NDManager sm) {
        FlowObjective.Slots s = b.slots();
        int nb = s.jets();
        int w = s.width();
        float finest = (float) stepOfLevel(config.shortcutLevels());
        float[] d = new float[nb];
        float[] halfIn = new float[nb];
        float[] later = new float[nb];
        for (int r = 0; r < nb; r++) {
            d[r] = stepOfJet[b.rows()[r]];
            // The finest level halves into steps of the instantaneous velocity.
            halfIn[r] = d[r] <= finest ? 0f : d[r] / 2;
            later[r] = s.t()[r] + d[r] / 2;
        }
        NDArray half = sm.create(halfIn, new Shape(nb, 1));
        float[] v1 = net.forward(b.xt(), b.tokens(), b.t(), half, b.mask(), b.context()).velocity().toFloatArray();
        float[] x2 = new float[v1.length];
        int[] k2 = new int[nb * w];
        double[] delta = new double[ParticleTransformer.CLASSES];
        double[] kernel = new double[ParticleTransformer.CLASSES];
        for (int o = 0; o < nb * w; o++) {
            int r = o / w;
            for (int c = 0; c < 3; c++) {
                x2[o * 3 + c] = s.xt()[o * 3 + c] + d[r] / 2 * v1[o * 3 + c];
            }
            if (s.k1()[o] < 0) {
                k2[o] = -1;
                continue;
            }
            java.util.Arrays.fill(delta, 0);
            delta[s.k1()[o]] = 1;
            k2[o] = bridge.bridgeStep(s.kt()[o], delta, s.t()[r], d[r] / 2, rnd, kernel);
        }
        float[] v2 = net.forward(sm.create(x2, new Shape(nb, w, 3)),
                sm.create(ParticleTransformer.tokens(k2), new Shape(nb, w, ParticleTransformer.TOKENS)),
                sm.create(later, new Shape(nb, 1)), half, b.mask(), b.context()).velocity().toFloatArray();
        float[] target = new float[v1.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = 0.5f * (v1[i] + v2[i]);
        }
        return b.withTarget(sm.create(d, new Shape(nb, 1)), sm.create(target, new Shape(nb, w, 3)));
    }
}
