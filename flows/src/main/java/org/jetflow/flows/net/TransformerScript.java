package org.jetflow.flows.net;

import java.util.Locale;
import org.jetflow.flows.config.FlowConfig;

/**
 * The TorchScript source of {@link ParticleTransformer}'s forward pass for one configuration. The
 * method takes the parameters as one {@code Dict[str, Tensor]} (named as in
 * {@link ParticleTransformer#parameters()}, plus the constants {@link #FREQUENCIES} and
 * {@link #COUPLING_MASK}) and returns velocity, logits, loss weights and, for a pairwise class model,
 * the coupling vectors.
 *
 * <p>Why a script: the pass runs as one native call in which each intermediate is freed as soon as it
 * is dead, and attention is PyTorch's fused {@code scaled_dot_product_attention}, which reads q, k and v
 * in the layout the projections write (no transposed copies, no score tensor kept).
 */
final class TransformerScript {
    /** The TorchScript class name. */
    static final String CLASS = "ParticleTransformer";
    /** The (1, F) geometric time frequencies. */
    static final String FREQUENCIES = "const.frequencies";
    /** The (8·r) mask of coupled classes' components. */
    static final String COUPLING_MASK = "const.couplingMask";

    private final FlowConfig config;
    private final StringBuilder s = new StringBuilder();

    private TransformerScript(FlowConfig config) {
        this.config = config;
    }

    /** The source for {@code config}; {@code couplingMask} says whether the coupling head is masked. */
    static String of(FlowConfig config, boolean couplingMask) {
        return new TransformerScript(config).write(couplingMask);
    }

    private String write(boolean couplingMask) {
        int w = config.width();
        int heads = config.heads();
        int dh = w / heads;
        boolean couplings = config.couplingRank() > 0;
        s.append("class ").append(CLASS).append("(Module):\n");
        s.append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        s.append("  def forward(self: __torch__.").append(CLASS).append(", x: Tensor, tokens: Tensor, t: Tensor, ");
        if (config.shortcutLevels() > 0) {
            s.append("step: Tensor, ");
        }
        s.append("mask: Tensor, ");
        if (config.contextDim() > 0) {
            s.append("context: Tensor, ");
        }
        s.append("p: Dict[str, Tensor]) -> Tuple[Tensor, Tensor, Tensor").append(couplings ? ", Tensor" : "")
                .append("]:\n");
        line("b = torch.size(x, 0)");
        line("n = torch.size(x, 1)");
        line("h = torch.add(" + mlp("x", "in.x1", "in.x2") + ", " + linear("tokens", "in.token") + ")");
        line("arg = torch.mul(t, " + param(FREQUENCIES) + ")");
        line("temb = " + mlp("torch.cat([torch.sin(arg), torch.cos(arg)], -1)", "time.1", "time.2"));
        if (config.contextDim() > 0) {
            // A (B, 0) context stands for none: the pass then skips the context embedding.
            line("if torch.size(context, 1) > 0:");
            line("  temb = torch.add(temb, " + mlp("context", "context.1", "context.2") + ")");
        }
        if (config.multiplicityEmbedding()) {
            // 2·ln N / ln P − 1 per jet: −1 for one particle, +1 for P, N counted from the mask.
            line("count = torch.clamp_min(torch.sum(mask, [1], True), 1.)");
            String feature = "torch.sub(torch.mul(torch.log(count), "
                    + real((float) (2 / Math.log(Math.max(2, config.maxParticles())))) + "), 1.)";
            line("temb = torch.add(temb, " + mlp(feature, ParticleTransformer.MULTIPLICITY + "1",
                    ParticleTransformer.MULTIPLICITY + "2") + ")");
        }
        if (config.shortcutLevels() > 0) {
            // The step size as the network sees it: −log2(d)/L for d = 2^−j (0 for one step over the
            // whole path, 1 for the finest level L), and (L + 1)/L for d = 0, the instantaneous velocity.
            double levels = config.shortcutLevels();
            line("finite = torch.mul(torch.log(torch.clamp_min(step, 1e-30)), "
                    + real((float) (-1 / (Math.log(2) * levels))) + ")");
            line("feature = torch.where(torch.gt(step, 0.), finite, torch.full_like(step, "
                    + real((float) ((levels + 1) / levels)) + "))");
            line("temb = torch.add(temb, " + mlp("feature", ParticleTransformer.STEP + "1", ParticleTransformer.STEP + "2")
                    + ")");
        }
        line("tb = torch.unsqueeze(temb, 1)");
        // Additive mask over keys, −1e5 for padding; a group without padding skips it.
        line("key_mask = annotate(Optional[Tensor], None)");
        line("if bool(torch.lt(torch.min(mask), 1.)):");
        line("  key_mask = torch.reshape(torch.mul(torch.sub(mask, 1.), 100000.), [b, 1, 1, n])");
        // QK-LayerNorm (as in the paper's network) bounds the attention logits, which otherwise grow
        // until a training step overflows. It normalises each head's (dh) slice in the (B, P, H, dh)
        // layout the projection writes; the 1/sqrt(dh) of the scores is folded into the affine of q's,
        // so the attention itself runs with scale 1.
        String scale = real((float) (1 / Math.sqrt(dh)));
        for (int k = 0; k < config.blocks(); k++) {
            String pre = ParticleTransformer.block(k);
            String time = config.blockTimeGates() ? "torch.mul(tb, " + param(pre + ParticleTransformer.TIME_GATE) + ")" : "tb";
            line("h = torch.add(h, " + time + ")");
            line("a = " + norm("h", w, pre + "ln1"));
            String qGain = "torch.mul(" + param(pre + "qnorm.g") + ", " + scale + ")";
            String qBias = "torch.mul(" + param(pre + "qnorm.b") + ", " + scale + ")";
            line("q = torch.transpose(torch.layer_norm(" + heads("a", pre + "q") + ", [" + dh + "], " + qGain + ", " + qBias
                    + ", 1e-05), 1, 2)");
            line("k = torch.transpose(" + norm(heads("a", pre + "k"), dh, pre + "knorm") + ", 1, 2)");
            line("v = torch.transpose(" + heads("a", pre + "v") + ", 1, 2)");
            line("att = torch.scaled_dot_product_attention(q, k, v, key_mask, 0., False, scale=1.)");
            String merged = "torch.reshape(torch.transpose(att, 1, 2), [b, n, " + w + "])";
            line("h = torch.add(h, " + linear(merged, pre + "o") + ")");
            line("h = torch.add(h, " + mlp(norm("h", w, pre + "ln2"), pre + "ff1", pre + "ff2") + ")");
        }
        line("out = " + norm("torch.add(h, tb)", w, "out.ln"));
        String result = linear("out", "out.velocity") + ", " + linear("out", "out.logits") + ", "
                + linear("temb", "out.weights");
        if (couplings) {
            String a = linear("out", ParticleTransformer.COUPLINGS);
            result += ", " + (couplingMask ? "torch.mul(" + a + ", " + param(COUPLING_MASK) + ")" : a);
        }
        line("return (" + result + ")");
        return s.toString();
    }

    private void line(String code) {
        s.append("    ").append(code).append('\n');
    }

    private static String param(String name) {
        return "p[\"" + name + "\"]";
    }

    /** x·W + b with W stored (in, out): PyTorch's linear takes the transposed view. */
    private static String linear(String x, String name) {
        return "torch.linear(" + x + ", torch.t(" + param(name + ".w") + "), " + param(name + ".b") + ")";
    }

    /** A projection of x in the (B, P, H, dh) layout of the heads. */
    private String heads(String x, String name) {
        int heads = config.heads();
        return "torch.reshape(" + linear(x, name) + ", [b, n, " + heads + ", " + config.width() / heads + "])";
    }

    private static String mlp(String x, String first, String second) {
        return linear("torch.gelu(" + linear(x, first) + ")", second);
    }

    private static String norm(String x, int size, String name) {
        return "torch.layer_norm(" + x + ", [" + size + "], " + param(name + ".g") + ", " + param(name + ".b") + ", 1e-05)";
    }

    /**
     * A float constant as a TorchScript literal that rounds back to the same float: PyTorch applies a
     * double scalar to a float tensor as a float.
     */
    private static String real(float v) {
        String text = Float.toString(v).toLowerCase(Locale.ROOT);
        return text.contains(".") || text.contains("e") ? text : text + ".";
    }
}
