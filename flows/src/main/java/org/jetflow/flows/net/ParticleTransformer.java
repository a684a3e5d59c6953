package org.jetflow.flows.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * the configuration's seed (Xavier-uniform), so the same seed builds the same network. The forward
 * pass is a TorchScript method written for the configuration ({@link TransformerScript}), compiled
 * once per network.
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
    /**
     * The prefix of the parameters' array names: DJL passes arrays named {@code p.KEY} to a script as
     * one {@code Dict[str, Tensor]} argument {@code p}.
     */
    private static final String SCRIPT_DICTIONARY = "p.";

    private final FlowConfig config;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    /** The parameters and the pass's constants, named for the script's dictionary argument. */
    private final List<NDArray> scriptArguments = new ArrayList<>();
    private final PtSymbolBlock script;

    public ParticleTransformer(FlowConfig config, NDManager manager) {
        TorchWarnings.silence();
        this.config = config;
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
        scriptArguments.addAll(params.values());
        scriptArguments.add(constant(manager, TransformerScript.FREQUENCIES, timeFrequencies(config)));
        float[] couplingMask = couplingMask(config);
        if (couplingMask != null) {
            scriptArguments.add(constant(manager, TransformerScript.COUPLING_MASK, couplingMask));
        }
        script = TorchScriptModule.load(manager, TransformerScript.CLASS, TransformerScript.of(config, couplingMask != null));
    }

    /** A (1, n) constant of the pass, a row that broadcasts over jets (and particles). */
    private static NDArray constant(NDManager m, String name, float[] values) {
        NDArray a = m.create(values, new Shape(1, values.length));
        a.setName(SCRIPT_DICTIONARY + name);
        return a;
    }

    /** The geometric frequencies 1 … 1000 of the time embedding's sin and cos. */
    private static float[] timeFrequencies(FlowConfig config) {
        int f = config.timeFrequencies();
        float[] freq = new float[f];
        for (int i = 0; i < f; i++) {
            freq[i] = (float) Math.pow(1000.0, (double) i / Math.max(1, f - 1));
        }
        return freq;
    }

    /**
     * 1 for the coupling components of coupled classes, 0 for uncoupled ones (the pseudo-likelihood and
     * the Gibbs sweeps then see no coupling for them, and their head weights get no gradient); null
     * when all are coupled.
     */
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
        a.setName(SCRIPT_DICTIONARY + name);
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
     * One forward pass, a single call of the network's TorchScript method ({@link TransformerScript});
     * arrays are created in the manager of {@code x}, and gradients flow to the parameters and inputs
     * inside a gradient collector.
     *
     * @param stepSize (B, 1) the step d of a shortcut model's velocity, the mean velocity over
     *                 [t, t + d] (0 for the instantaneous velocity); ignored ({@code null} allowed)
     *                 by a flow without {@link FlowConfig#shortcutLevels()}
     * @param context  (B, C) jet-level conditions, or {@code null} for none
     */
    public Output forward(NDArray x, NDArray tokens, NDArray t, NDArray stepSize, NDArray mask, NDArray context) {
        long batch = x.getShape().get(0);
        NDList in = new NDList(scriptArguments.size() + 6);
        in.add(x);
        in.add(tokens);
        in.add(t);
        if (config.shortcutLevels() > 0) {
            in.add(stepSize != null ? stepSize : x.getManager().zeros(new Shape(batch, 1)));
        }
        in.add(mask);
        if (config.contextDim() > 0) {
            in.add(context != null ? context : x.getManager().zeros(new Shape(batch, 0)));
        }
        for (NDArray a : in) {
            if (a.getName() != null) {
                // DJL passes named arrays to a script as lists or dictionaries, not as the tensor itself.
                throw new IllegalArgumentException("an input of the network has a name (" + a.getName() + ")");
            }
        }
        in.addAll(scriptArguments);
        // The plain graph executor: no profiling runs and PyTorch's eager autograd, the same on every
        // call and every thread (the setting is per thread).
        JniUtils.setGraphExecutorOptimize(false);
        NDList out = IValueUtils.forward(script, in, true);
        return new Output(out.get(0), out.get(1), out.get(2), config.couplingRank() > 0 ? out.get(3) : null);
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
        return flops(config, jets, particles);
    }

    /** {@link #flops(long, long)} of the network {@code config} describes. */
    public static double flops(FlowConfig config, long jets, long particles) {
        double rows = (double) jets * particles;
        double w = config.width();
        double perRow = FEATURES * w + w * w + TOKENS * w
                + config.blocks() * (4 * w * w + 2 * w * config.feedForward())
                + w * (FEATURES + CLASSES);
        double attention = config.blocks() * 2.0 * particles * w;
        return 2 * rows * (perRow + attention);
    }

    /**
     * The relative cost of one pass over {@code jets} × {@code particles} slots, padding included:
     * its counted operations ({@link #flops(FlowConfig, long, long)}) plus a fixed
     * {@value #PASS_OVERHEAD_FLOPS} per pass, the time PyTorch spends launching the pass's few hundred
     * operators whatever their size, at the rate the linear layers reach
     * (docs/flows.md#buckets-of-jets).
     */
    public static double passCost(FlowConfig config, long jets, long particles) {
        return flops(config, jets, particles) + PASS_OVERHEAD_FLOPS;
    }

    /**
     * Groups jets of these multiplicities in buckets of at most {@code maxJets} with the least summed
     * {@link #passCost} ({@link MultiplicityBuckets#cheapest}).
     */
    public static MultiplicityBuckets buckets(FlowConfig config, int[] multiplicity, int maxJets) {
        return MultiplicityBuckets.cheapest(multiplicity, maxJets, (jets, width) -> passCost(config, jets, width));
    }

    /**
     * See {@link #passCost}: a forward pass over 2 jets × 8 particles took about 4 ms on one thread of
     * a Xeon whose passes over 32 × 128 ran at about 40 GFLOP/s.
     */
    static final double PASS_OVERHEAD_FLOPS = 1.5e8;

}
