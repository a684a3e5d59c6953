package org.jetflow.flows.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.io.jet.ParticleClass;

/**
 * The permutation-equivariant particle transformer of the multimodal flow (docs/flows.md#the-method): a
 * continuous input MLP (3 → width) plus a class-token embedding, a sinusoidal time embedding (plus
 * optional embeddings of jet-level conditions and of the multiplicity) added before every block,
 * pre-LayerNorm masked self-attention blocks (QK-LayerNorm per head) without positional encoding,
 * and two heads: velocity (3) and class logits (S = 8). A third small head maps the time embedding
 * to the two learned loss weights.
 *
 * <p>Shapes: x (B, P, 3), tokens one-hot (B, P, 9) with column 0 for padding, t (B, 1),
 * mask (B, P) with 1 for real particles, context (B, C). Padding enters attention with an additive
 * −1e5 and no loss. Parameters live in the manager given at construction and are initialised from
 * the configuration's seed (Xavier-uniform), so the same seed builds the same network.
 */
public final class ParticleTransformer {
    public static final int FEATURES = 3;
    public static final int CLASSES = 8;
    public static final int TOKENS = CLASSES + 1;
    /**
     * The class index of a particle whose class a masked class model does not see: its token is a row
     * of zeros, unlike padding (column 0) and every class.
     */
    public static final int MASKED = -2;
    /** Name prefix of the multiplicity embedding's parameters. */
    public static final String MULTIPLICITY = "multiplicity.";
    /** Name prefix of a shortcut model's step-size embedding. */
    public static final String STEP = "step.";
    /** Name suffix of a block's time gate (FlowConfig.blockTimeGates): blockK.tgate. */
    public static final String TIME_GATE = "tgate";
    /** The coupling head of a pairwise class model (FlowConfig.couplingRank). */
    public static final String COUPLINGS = "out.couplings";

    private final FlowConfig config;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final float[] couplingMask;

    public ParticleTransformer(FlowConfig config, NDManager manager) {
        TorchWarnings.silence();
        this.config = config;
        this.couplingMask = couplingMask(config);
        SplittableRandom rnd = new SplittableRandom(config.seed() * 31 + 7);
        int w = config.width();
        int te = 2 * config.timeFrequencies();
        dense(manager, rnd, "in.x1", FEATURES, w);
        dense(manager, rnd, "in.x2", w, w);
        dense(manager, rnd, "in.token", TOKENS, w);
        dense(manager, rnd, "time.1", te, w);
        dense(manager, rnd, "time.2", w, w);
        if (config.contextDim() > 0) {
            dense(manager, rnd, "context.1", config.contextDim(), w);
            dense(manager, rnd, "context.2", w, w);
        }
        for (int b = 0; b < config.blocks(); b++) {
            String p = block(b);
            norm(manager, p + "ln1", w);
            dense(manager, rnd, p + "q", w, w);
            dense(manager, rnd, p + "k", w, w);
            norm(manager, p + "qnorm", w / config.heads());
            norm(manager, p + "knorm", w / config.heads());
            dense(manager, rnd, p + "v", w, w);
            dense(manager, rnd, p + "o", w, w);
            norm(manager, p + "ln2", w);
            dense(manager, rnd, p + "ff1", w, config.feedForward());
            dense(manager, rnd, p + "ff2", config.feedForward(), w);
            if (config.blockTimeGates()) {
                add(p + TIME_GATE, manager.ones(new Shape(1), DataType.FLOAT32));
            }
        }
        norm(manager, "out.ln", w);
        dense(manager, rnd, "out.velocity", w, FEATURES);
        dense(manager, rnd, "out.logits", w, CLASSES);
        dense(manager, rnd, "out.weights", w, 2);
        if (config.multiplicityEmbedding()) {
            // Created last so that the other parameters draw the same initial values with or without it;
            // the zero output layer makes the embedding start as a no-op, so a model initialised from one
            // without it starts exactly where that model was.
            dense(manager, rnd, MULTIPLICITY + "1", 1, w);
            zeros(manager, MULTIPLICITY + "2", w, w);
        }
        if (config.shortcutLevels() > 0) {
            // Also last and zero at its output: a shortcut model initialised from a flow starts as that
            // flow at every step size.
            dense(manager, rnd, STEP + "1", 1, w);
            zeros(manager, STEP + "2", w, w);
        }
        if (config.couplingRank() > 0) {
            // Not zero: at a = 0 the pseudo-likelihood's gradient in a vanishes (a saddle), and a tenth of
            // Xavier keeps the summed couplings of a hundred particles small at the start.
            dense(manager, rnd, COUPLINGS, w, CLASSES * config.couplingRank(), 0.1);
        }
    }

    private void zeros(NDManager m, String name, int in, int out) {
        add(name + ".w", m.zeros(new Shape(in, out), DataType.FLOAT32));
        add(name + ".b", m.zeros(new Shape(out), DataType.FLOAT32));
    }

    private void dense(NDManager m, SplittableRandom rnd, String name, int in, int out) {
        dense(m, rnd, name, in, out, 1.0);
    }

    /** Xavier-uniform weights times {@code gain}, zero bias. */
    private void dense(NDManager m, SplittableRandom rnd, String name, int in, int out, double gain) {
        double a = gain * Math.sqrt(6.0 / (in + out));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * rnd.nextDouble() - 1) * a);
        }
        add(name + ".w", m.create(w, new Shape(in, out)));
        add(name + ".b", m.zeros(new Shape(out), DataType.FLOAT32));
    }

    private void norm(NDManager m, String name, int n) {
        add(name + ".g", m.ones(new Shape(n), DataType.FLOAT32));
        add(name + ".b", m.zeros(new Shape(n), DataType.FLOAT32));
    }

    private void add(String name, NDArray a) {
        a.setName(name);
        params.put(name, a);
    }

    /** The name prefix of block b's parameters. */
    public static String block(int b) {
        return "block" + b + ".";
    }

    /** The number of attention blocks of a network's weights (their {@code blockK.} names). */
    public static int blocksOf(Map<String, NDArray> weights) {
        int blocks = 0;
        while (weights.containsKey(block(blocks) + "ln1.g")) {
            blocks++;
        }
        return blocks;
    }

    /**
     * Makes blocks {@code from} and above of a network with time gates the identity: their time gate
     * and the output projections of attention and feed-forward go to zero, so each adds nothing to the
     * particles. The rest of such a block keeps its random start, so its gradients do not vanish.
     */
    public static void startAsIdentity(Map<String, NDArray> params, int from) {
        for (int b = from, blocks = blocksOf(params); b < blocks; b++) {
            String n = block(b);
            for (String name : new String[] {n + TIME_GATE, n + "o.w", n + "o.b", n + "ff2.w", n + "ff2.b"}) {
                NDArray a = params.get(name);
                if (a == null) {
                    throw new IllegalArgumentException("block " + b + " has no " + name + ": a network with time gates"
                            + " (blockTimeGates) can grow, one without cannot");
                }
                a.set(new float[Math.toIntExact(a.size())]);
            }
        }
    }

    /** The parameters by name, in a fixed order (the order of saving and loading). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** Copies trained weights in by name; each must exist with this network's shape. */
    public void load(Map<String, NDArray> weights) {
        ParameterIO.copy(weights, params, "weights");
    }

    public FlowConfig config() {
        return config;
    }

    /**
     * One-hot class tokens (slots × {@link #TOKENS}) of class indices 0..7, with column 0 for a
     * padding slot (class −1) and none for a masked one ({@link #MASKED}).
     */
    public static float[] tokens(int[] classes) {
        float[] out = new float[classes.length * TOKENS];
        for (int o = 0; o < classes.length; o++) {
            if (classes[o] != MASKED) {
                out[o * TOKENS + classes[o] + 1] = 1;
            }
        }
        return out;
    }

    /**
     * The network's outputs: velocity (B, P, 3), logits (B, P, 8), loss weights (B, 2), and for a
     * pairwise class model the coupling vectors (B, P, 8·r), class-major; else {@code null}.
     */
    public record Output(NDArray velocity, NDArray logits, NDArray lossWeights, NDArray couplings) {
    }

    /** One forward pass of a flow (no step size); arrays are created in the manager of {@code x}. */
    public Output forward(NDArray x, NDArray tokens, NDArray t, NDArray mask, NDArray context) {
        return forward(x, tokens, t, null, mask, context);
    }

    /**
     * One forward pass; arrays are created in the manager of {@code x}.
     *
     * @param stepSize (B, 1) the step d of a shortcut model's velocity, the mean velocity over
     *                 [t, t + d] (0 for the instantaneous velocity); ignored ({@code null} allowed)
     *                 by a flow without {@link FlowConfig#shortcutLevels()}
     */
    public Output forward(NDArray x, NDArray tokens, NDArray t, NDArray stepSize, NDArray mask, NDArray context) {
        int w = config.width();
        int heads = config.heads();
        int dh = w / heads;
        long batch = x.getShape().get(0);
        long p = x.getShape().get(1);
        NDArray h = linear(Activation.gelu(linear(x, "in.x1")), "in.x2").add(linear(tokens, "in.token"));
        NDArray temb = linear(Activation.gelu(linear(timeFeatures(t), "time.1")), "time.2");
        if (context != null && config.contextDim() > 0) {
            temb = temb.add(linear(Activation.gelu(linear(context, "context.1")), "context.2"));
        }
        if (config.multiplicityEmbedding()) {
            temb = temb.add(linear(Activation.gelu(linear(multiplicityFeature(mask), MULTIPLICITY + "1")),
                    MULTIPLICITY + "2"));
        }
        if (config.shortcutLevels() > 0) {
            NDArray d = stepSize != null ? stepSize : x.getManager().zeros(new Shape(batch, 1));
            temb = temb.add(linear(Activation.gelu(linear(stepFeature(d), STEP + "1")), STEP + "2"));
        }
        NDArray tb = temb.expandDims(1);
        // Additive attention mask over keys: 0 for real particles, −1e5 for padding; a group without
        // padding (most of a sampler's buckets) skips the add over every attention score.
        NDArray keyMask = mask.min().getFloat() < 1f ? mask.sub(1).mul(1e5f).reshape(batch, 1, 1, p) : null;
        // The 1/sqrt(dh) of the attention scores is folded into the (dh) affine of q's LayerNorm,
        // which is cheaper than scaling every (P × P) score.
        // A tensor of the pass's own manager, not a Java float: DJL frees the temporary it makes of a float
        // right after the multiply, while autograd keeps it for the backward pass, which then read freed
        // memory and made training runs of one seed differ (found by KillTest under memory pressure).
        NDArray scale = x.getManager().create((float) (1 / Math.sqrt(dh)));
        for (int b = 0; b < config.blocks(); b++) {
            String n = block(b);
            h = h.add(config.blockTimeGates() ? tb.mul(params.get(n + TIME_GATE)) : tb);
            NDArray a = layerNorm(h, n + "ln1");
            // QK-LayerNorm (as in the paper's network) bounds the attention logits, which otherwise grow
            // until a training step overflows. It normalises each head's (dh) slice in the (B, P, H, dh)
            // layout the projection writes, before the heads move to the batch axes.
            // scale · g, not g · scale: DJL gives a result to its left operand's manager, and one in the
            // weights' manager outlives the pass (about a megabyte per array, found by a 20k-jet sampler run).
            NDArray q = layerNorm(linear(a, n + "q").reshape(batch, p, heads, dh), scale.mul(params.get(n + "qnorm.g")),
                    scale.mul(params.get(n + "qnorm.b"))).transpose(0, 2, 1, 3);
            NDArray k = layerNorm(linear(a, n + "k").reshape(batch, p, heads, dh), n + "knorm").transpose(0, 2, 3, 1);
            NDArray v = linear(a, n + "v").reshape(batch, p, heads, dh).transpose(0, 2, 1, 3);
            NDArray scores = q.matMul(k);
            if (keyMask != null) {
                scores = scores.add(keyMask);
            }
            NDArray att = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, p, w);
            h = h.add(linear(att, n + "o"));
            h = h.add(linear(Activation.gelu(linear(layerNorm(h, n + "ln2"), n + "ff1")), n + "ff2"));
        }
        NDArray out = layerNorm(h.add(tb), "out.ln");
        return new Output(linear(out, "out.velocity"), linear(out, "out.logits"), linear(temb, "out.weights"),
                config.couplingRank() > 0 ? couplings(out) : null);
    }

    /**
     * The coupling vectors, zero for uncoupled classes: masked here, the pseudo-likelihood and the Gibbs
     * sweeps both see no coupling for them, and their head weights get no gradient.
     */
    private NDArray couplings(NDArray out) {
        NDArray a = linear(out, COUPLINGS);
        // An array of the pass's own manager, as for the attention scale above.
        return couplingMask == null ? a : a.mul(out.getManager().create(couplingMask));
    }

    /** 1 for the coupling components of coupled classes, 0 for uncoupled ones; null when all are coupled. */
    private static float[] couplingMask(FlowConfig config) {
        if (config.uncoupledClasses().isEmpty()) {
            return null;
        }
        int r = config.couplingRank();
        float[] keep = new float[CLASSES * r];
        Arrays.fill(keep, 1f);
        for (String name : config.uncoupledClasses()) {
            int k = ParticleClass.ofShortName(name).token() - 1;
            Arrays.fill(keep, k * r, (k + 1) * r, 0f);
        }
        return keep;
    }

    /**
     * The diagonal D of a pairwise class model's coupling a_i·D·a_j: +1 on the first ⌊r/2⌋
     * components, −1 on the rest. A coupling a_i·a_j alone is attractive between equal classes (a·a ≥ 0),
     * so it could not say that two hadrons' charges tend to be opposite; the negative part can.
     */
    public static float[] couplingSigns(int r) {
        float[] d = new float[r];
        for (int i = 0; i < r; i++) {
            d[i] = i < r / 2 ? 1 : -1;
        }
        return d;
    }

    /**
     * Multiply-adds of one forward pass over {@code jets} × {@code particles} slots, counted as two
     * floating-point operations each: the particle-wise linear layers and the two attention products
     * (the jet-level embeddings and the elementwise work are not counted).
     */
    public double flops(long jets, long particles) {
        double rows = (double) jets * particles;
        double w = config.width();
        double perRow = FEATURES * w + w * w + TOKENS * w
                + config.blocks() * (4 * w * w + 2 * w * config.feedForward())
                + w * (FEATURES + CLASSES);
        double attention = config.blocks() * 2.0 * particles * w;
        return 2 * rows * (perRow + attention);
    }

    /**
     * The step size as the network sees it: −log2(d)/L for d = 2^−j (0 for one step over the whole
     * path, 1 for the finest level L), and (L + 1)/L for d = 0, the instantaneous velocity.
     */
    private NDArray stepFeature(NDArray d) {
        double levels = config.shortcutLevels();
        NDArray finite = d.maximum(1e-30f).log().mul((float) (-1 / (Math.log(2) * levels)));
        return ai.djl.ndarray.NDArrays.where(d.gt(0f), finite, d.zerosLike().add((float) ((levels + 1) / levels)));
    }

    /** 2·ln N / ln P − 1 per jet (B, 1): −1 for one particle, +1 for P, N counted from the mask. */
    private NDArray multiplicityFeature(NDArray mask) {
        NDArray n = mask.sum(new int[] {1}, true).maximum(1f);
        return n.log().mul((float) (2 / Math.log(Math.max(2, config.maxParticles())))).sub(1f);
    }

    /** x·W + b in one fused native call (PyTorch's linear takes W as (out, in): a transposed view). */
    private NDArray linear(NDArray x, String name) {
        NDArray w = params.get(name + ".w").transpose();
        // The view would otherwise stay with the weights' manager for the model's lifetime.
        w.attach(x.getManager());
        return x.getNDArrayInternal().linear(x, w, params.get(name + ".b")).singletonOrThrow();
    }

    /**
     * LayerNorm over the last axis, (x − mean)/sqrt(var + 1e-5)·g + b with the biased variance, as
     * PyTorch's fused kernel: one native call instead of seven elementwise ones.
     */
    NDArray layerNorm(NDArray x, String name) {
        return layerNorm(x, params.get(name + ".g"), params.get(name + ".b"));
    }

    private static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
        return x.getNDArrayInternal().layerNorm(x, g.getShape(), g, b, 1e-5f).singletonOrThrow();
    }

    /** sin/cos of t at geometric frequencies 1 … 1000 (B, 1) → (B, 2F). */
    private NDArray timeFeatures(NDArray t) {
        int f = config.timeFrequencies();
        float[] freq = new float[f];
        for (int i = 0; i < f; i++) {
            freq[i] = (float) Math.pow(1000.0, (double) i / Math.max(1, f - 1));
        }
        NDArray arg = t.mul(t.getManager().create(freq).reshape(1, f));
        return ai.djl.ndarray.NDArrays.concat(new NDList(arg.sin(), arg.cos()), -1);
    }
}
