package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.io.jet.ParticleClass;
import org.junit.jupiter.api.Test;

/**
 * The network's scripted forward pass (one TorchScript call, fused attention) gives the outputs of a
 * textbook pass written here op by op in DJL (matMul + add, LayerNorm from its formula, scores divided
 * by sqrt(dh), softmax, the embeddings' features computed in Java): velocity, logits, loss weights and
 * couplings, on the three shipped networks and on a small one with the options they lack, with and
 * without padding; and its gradients equal the textbook pass's.
 */
class ForwardEquivalenceTest {
    private static final Path MODELS = Path.of("../samples/models");

    /** One batch of inputs; {@code context} may be null. */
    private record Inputs(NDArray x, NDArray tokens, NDArray t, NDArray step, NDArray mask, NDArray context,
            float[] maskValues) {
    }

    private static NDArray[] reference(Map<String, NDArray> w, FlowConfig c, Inputs in) {
        int width = c.width();
        int heads = c.heads();
        int dh = width / heads;
        NDManager m = in.x().getManager();
        long b = in.x().getShape().get(0);
        long p = in.x().getShape().get(1);
        NDArray h = mlp(w, in.x(), "in.x1", "in.x2").add(lin(w, in.tokens(), "in.token"));
        float[] times = in.t().toFloatArray();
        int f = c.timeFrequencies();
        float[] features = new float[(int) b * 2 * f];
        for (int j = 0; j < b; j++) {
            for (int i = 0; i < f; i++) {
                // A float product, as the pass computes it: an argument of up to 1000 rad.
                float arg = times[j] * (float) Math.pow(1000.0, (double) i / Math.max(1, f - 1));
                features[j * 2 * f + i] = (float) Math.sin(arg);
                features[j * 2 * f + f + i] = (float) Math.cos(arg);
            }
        }
        NDArray temb = mlp(w, m.create(features, new Shape(b, 2 * f)), "time.1", "time.2");
        if (in.context() != null) {
            temb = temb.add(mlp(w, in.context(), "context.1", "context.2"));
        }
        if (c.multiplicityEmbedding()) {
            float[] feature = new float[(int) b];
            for (int j = 0; j < b; j++) {
                double n = 0;
                for (int i = 0; i < p; i++) {
                    n += in.maskValues()[(int) (j * p + i)];
                }
                feature[j] = (float) (2 * Math.log(Math.max(1, n)) / Math.log(c.maxParticles()) - 1);
            }
            temb = temb.add(mlp(w, m.create(feature, new Shape(b, 1)), ParticleTransformer.MULTIPLICITY + "1",
                    ParticleTransformer.MULTIPLICITY + "2"));
        }
        if (c.shortcutLevels() > 0) {
            float[] d = in.step().toFloatArray();
            float[] feature = new float[d.length];
            for (int j = 0; j < d.length; j++) {
                int levels = c.shortcutLevels();
                feature[j] = (float) (d[j] > 0 ? -Math.log(d[j]) / Math.log(2) / levels : (levels + 1.0) / levels);
            }
            temb = temb.add(mlp(w, m.create(feature, new Shape(b, 1)), ParticleTransformer.STEP + "1",
                    ParticleTransformer.STEP + "2"));
        }
        NDArray tb = temb.expandDims(1);
        NDArray keyMask = in.mask().sub(1).mul(1e5f).reshape(b, 1, 1, p);
        for (int k = 0; k < c.blocks(); k++) {
            String nm = ParticleTransformer.block(k);
            h = h.add(c.blockTimeGates() ? tb.mul(w.get(nm + ParticleTransformer.TIME_GATE)) : tb);
            NDArray a = norm(w, h, nm + "ln1");
            NDArray q = norm(w, split(lin(w, a, nm + "q"), b, p, heads, dh), nm + "qnorm");
            NDArray kk = norm(w, split(lin(w, a, nm + "k"), b, p, heads, dh), nm + "knorm");
            NDArray v = split(lin(w, a, nm + "v"), b, p, heads, dh);
            NDArray s = q.matMul(kk.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dh)).add(keyMask);
            NDArray att = s.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, p, width);
            h = h.add(lin(w, att, nm + "o"));
            h = h.add(mlp(w, norm(w, h, nm + "ln2"), nm + "ff1", nm + "ff2"));
        }
        NDArray out = norm(w, h.add(tb), "out.ln");
        NDArray couplings = null;
        if (c.couplingRank() > 0) {
            int r = c.couplingRank();
            float[] keep = new float[ParticleTransformer.CLASSES * r];
            for (int cls = 0; cls < ParticleTransformer.CLASSES; cls++) {
                boolean coupled = true;
                for (String name : c.uncoupledClasses()) {
                    coupled &= ParticleClass.ofShortName(name).token() - 1 != cls;
                }
                for (int i = 0; i < r; i++) {
                    keep[cls * r + i] = coupled ? 1 : 0;
                }
            }
            couplings = lin(w, out, ParticleTransformer.COUPLINGS).mul(m.create(keep));
        }
        return new NDArray[] {lin(w, out, "out.velocity"), lin(w, out, "out.logits"), lin(w, temb, "out.weights"),
            couplings};
    }

    private static NDArray split(NDArray a, long b, long p, int heads, int dh) {
        return a.reshape(b, p, heads, dh).transpose(0, 2, 1, 3);
    }

    private static NDArray lin(Map<String, NDArray> w, NDArray x, String name) {
        return x.matMul(w.get(name + ".w")).add(w.get(name + ".b"));
    }

    private static NDArray mlp(Map<String, NDArray> w, NDArray x, String first, String second) {
        return lin(w, Activation.gelu(lin(w, x, first)), second);
    }

    private static NDArray norm(Map<String, NDArray> w, NDArray x, String name) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        return centred.div(var.add(1e-5f).sqrt()).mul(w.get(name + ".g")).add(w.get(name + ".b"));
    }

    /** Random inputs; padded jets have 10, 15, … real particles, and padding gets junk kinematics. */
    private static Inputs inputs(NDManager sm, FlowConfig c, int jets, int p, boolean padded, boolean context,
            long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[jets * p * 3];
        float[] tok = new float[jets * p * ParticleTransformer.TOKENS];
        float[] mask = new float[jets * p];
        for (int j = 0; j < jets; j++) {
            int real = padded ? 10 + 5 * j : p;
            for (int i = 0; i < p; i++) {
                int o = j * p + i;
                boolean isReal = i < real;
                mask[o] = isReal ? 1 : 0;
                int token = isReal ? (c.maskedClasses() && i % 3 == 0 ? -1 : 1 + r.nextInt(8)) : 0;
                if (token >= 0) {
                    tok[o * ParticleTransformer.TOKENS + token] = 1;
                }
                for (int k = 0; k < 3; k++) {
                    x[o * 3 + k] = isReal ? (float) r.nextGaussian() : 7f;
                }
            }
        }
        float[] ctx = new float[jets * Math.max(1, c.contextDim())];
        for (int i = 0; i < ctx.length; i++) {
            ctx[i] = (float) r.nextGaussian();
        }
        float[] times = new float[jets];
        float[] steps = new float[jets];
        for (int j = 0; j < jets; j++) {
            times[j] = (float) r.nextDouble();
            // Every level of a shortcut model, and 0 for its instantaneous velocity.
            steps[j] = j % 4 == 0 ? 0 : (float) Math.pow(2, -(j % 4));
        }
        return new Inputs(sm.create(x, new Shape(jets, p, 3)), sm.create(tok, new Shape(jets, p,
                ParticleTransformer.TOKENS)), sm.create(times, new Shape(jets, 1)), sm.create(steps, new Shape(jets, 1)),
                sm.create(mask, new Shape(jets, p)), context && c.contextDim() > 0 ? sm.create(ctx, new Shape(jets,
                        c.contextDim())) : null, mask);
    }

    private static ParticleTransformer.Output forward(ParticleTransformer net, Inputs in) {
        return net.forward(in.x(), in.tokens(), in.t(), in.step(), in.mask(), in.context());
    }

    /** The largest difference over the real particles' outputs, asserted below 1e-4 of the largest. */
    private static void assertSame(NDArray want, NDArray have, float[] mask, int perSlot, String what) {
        float[] a = want.toFloatArray();
        float[] e = have.toFloatArray();
        assertEquals(a.length, e.length, what);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            // Padded slots' outputs are never used.
            if (perSlot > 0 && mask[i / perSlot] == 0) {
                continue;
            }
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(scale > 0.01, what + ": outputs are not trivially zero");
        assertTrue(worst < 1e-4 * Math.max(1, scale), what + " differs by " + worst + " (largest " + scale + ")");
    }

    private static void assertOutputs(ParticleTransformer net, Inputs in, String what) {
        ParticleTransformer.Output got = forward(net, in);
        NDArray[] want = reference(net.parameters(), net.config(), in);
        assertSame(want[0], got.velocity(), in.maskValues(), 3, what + " velocity");
        assertSame(want[1], got.logits(), in.maskValues(), ParticleTransformer.CLASSES, what + " logits");
        assertSame(want[2], got.lossWeights(), in.maskValues(), 0, what + " loss weights");
        if (want[3] != null) {
            assertSame(want[3], got.couplings(), in.maskValues(), ParticleTransformer.CLASSES
                    * net.config().couplingRank(), what + " couplings");
        } else {
            assertEquals(null, got.couplings(), what);
        }
    }

    @Test
    void scriptedPassGivesTheTextbookOutputsOnTheShippedNetworks() throws Exception {
        for (String model : List.of("qcd-default", "qcd-distilled", "qcd-default/class-model")) {
            Path dir = MODELS.resolve(model);
            assertTrue(Files.isDirectory(dir), "the shipped models are part of the checkout: " + dir);
            try (ModelBundle bundle = ModelBundle.load(dir); NDManager nm = NDManager.newBaseManager()) {
                ParticleTransformer net = new ParticleTransformer(bundle.config(), nm);
                net.load(bundle.weights());
                for (boolean padded : new boolean[] {false, true}) {
                    try (NDManager sm = nm.newSubManager()) {
                        assertOutputs(net, inputs(sm, bundle.config(), 6, 40, padded, true, 11), model
                                + (padded ? " padded" : ""));
                    }
                }
            }
        }
    }

    /** Options the shipped networks lack: time gates, no multiplicity embedding, a missing context. */
    @Test
    void scriptedPassGivesTheTextbookOutputsAndGradientsWithEveryOption() {
        FlowConfig base = FlowConfig.cpuDefault().withSizes(30, 16, 2, 2, 24);
        List<FlowConfig> configs = List.of(base.withBlockTimeGates(true).withMultiplicityEmbedding(false),
                base.withShortcutLevels(3).withContext(0), base.withMaskedClasses(true).withCouplingRank(4)
                        .withUncoupledClasses(List.of("muminus")));
        for (FlowConfig c : configs) {
            try (NDManager nm = NDManager.newBaseManager()) {
                ParticleTransformer net = new ParticleTransformer(c, nm);
                SplittableRandom r = new SplittableRandom(3);
                for (NDArray a : net.parameters().values()) {
                    float[] v = new float[Math.toIntExact(a.size())];
                    for (int i = 0; i < v.length; i++) {
                        // Zero-initialised heads and gates get values, so every path carries signal.
                        v[i] = (float) (0.4 * r.nextGaussian());
                    }
                    a.set(v);
                }
                for (boolean padded : new boolean[] {false, true}) {
                    for (boolean context : new boolean[] {true, false}) {
                        try (NDManager sm = nm.newSubManager()) {
                            assertOutputs(net, inputs(sm, c, 4, 30, padded, context, 5), c + (padded ? " padded" : "")
                                    + (context ? "" : " without context"));
                        }
                    }
                }
                assertGradients(net);
            }
        }
    }

    /** d/dθ and d/dx of Σ velocity² + Σ logits²/10 + Σ loss weights, scripted against textbook. */
    private static void assertGradients(ParticleTransformer net) {
        FlowConfig c = net.config();
        Map<String, NDArray> params = net.parameters();
        float[][] grads = new float[2][];
        float[][] xGrads = new float[2][];
        for (int pass = 0; pass < 2; pass++) {
            try (NDManager sm = params.values().iterator().next().getManager().newSubManager()) {
                for (NDArray a : params.values()) {
                    a.setRequiresGradient(true);
                    // DJL accumulates gradients.
                    a.getGradient().subi(a.getGradient());
                }
                Inputs in = inputs(sm, c, 4, 30, true, true, 9);
                in.x().setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray v;
                    NDArray l;
                    NDArray lw;
                    if (pass == 0) {
                        ParticleTransformer.Output out = forward(net, in);
                        v = out.velocity();
                        l = out.logits();
                        lw = out.lossWeights();
                    } else {
                        NDArray[] out = reference(params, c, in);
                        v = out[0];
                        l = out[1];
                        lw = out[2];
                    }
                    NDArray keep = in.mask().expandDims(2);
                    gc.backward(v.mul(keep).square().sum().add(l.mul(keep).square().sum().div(10)).add(lw.sum()));
                }
                NDList all = new NDList();
                for (NDArray a : params.values()) {
                    all.add(a.getGradient().flatten());
                }
                grads[pass] = NDArrays.concat(all).toFloatArray();
                xGrads[pass] = in.x().getGradient().toFloatArray();
                for (NDArray a : params.values()) {
                    a.setRequiresGradient(false);
                }
            }
        }
        assertClose(grads[1], grads[0], c + " parameter gradients");
        assertClose(xGrads[1], xGrads[0], c + " input gradients");
    }

    private static void assertClose(float[] want, float[] have, String what) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - have[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(scale > 0.01, what + " are not trivially zero");
        assertTrue(worst < 1e-4 * Math.max(1, scale), what + " differ by " + worst + " (largest " + scale + ")");
    }
}
