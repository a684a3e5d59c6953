package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.junit.jupiter.api.Test;

/**
 * The fused forward pass (one native linear per layer, the attention scale folded into q's
 * LayerNorm, no mask add for groups without padding) gives the outputs of the textbook pass it
 * replaced, on the shipped model's weights: velocity, logits and loss weights, with and without
 * padding.
 */
class ForwardEquivalenceTest {
    private static final Path SHIPPED = Path.of("../samples/models/qcd-default");

    /** The pass as it was written before the fusion: matMul + add, scores divided by sqrt(dh). */
    private static NDArray[] reference(Map<String, NDArray> w, FlowConfig c, NDArray x, NDArray tok, NDArray t,
            NDArray mask, NDArray ctx) {
        int width = c.width();
        int heads = c.heads();
        int dh = width / heads;
        long b = x.getShape().get(0);
        long p = x.getShape().get(1);
        NDArray h = lin(w, Activation.gelu(lin(w, x, "in.x1")), "in.x2").add(lin(w, tok, "in.token"));
        int f = c.timeFrequencies();
        float[] freq = new float[f];
        for (int i = 0; i < f; i++) {
            freq[i] = (float) Math.pow(1000.0, (double) i / Math.max(1, f - 1));
        }
        NDArray arg = t.mul(t.getManager().create(freq).reshape(1, f));
        NDArray temb = lin(w, Activation.gelu(lin(w, NDArrays.concat(new NDList(arg.sin(), arg.cos()), -1), "time.1")),
                "time.2");
        temb = temb.add(lin(w, Activation.gelu(lin(w, ctx, "context.1")), "context.2"));
        NDArray n = mask.sum(new int[] {1}, true).maximum(1f);
        NDArray feature = n.log().mul((float) (2 / Math.log(Math.max(2, c.maxParticles())))).sub(1f);
        temb = temb.add(lin(w, Activation.gelu(lin(w, feature, "multiplicity.1")), "multiplicity.2"));
        NDArray tb = temb.expandDims(1);
        NDArray keyMask = mask.sub(1).mul(1e5f).reshape(b, 1, 1, p);
        for (int k = 0; k < c.blocks(); k++) {
            String nm = "block" + k + ".";
            h = h.add(tb);
            NDArray a = norm(w, h, nm + "ln1");
            NDArray q = norm(w, split(lin(w, a, nm + "q"), b, p, heads, dh), nm + "qnorm");
            NDArray kk = norm(w, split(lin(w, a, nm + "k"), b, p, heads, dh), nm + "knorm");
            NDArray v = split(lin(w, a, nm + "v"), b, p, heads, dh);
            NDArray s = q.matMul(kk.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dh)).add(keyMask);
            NDArray att = s.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, p, width);
            h = h.add(lin(w, att, nm + "o"));
            h = h.add(lin(w, Activation.gelu(lin(w, norm(w, h, nm + "ln2"), nm + "ff1")), nm + "ff2"));
        }
        NDArray out = norm(w, h.add(tb), "out.ln");
        return new NDArray[] {lin(w, out, "out.velocity"), lin(w, out, "out.logits"), lin(w, temb, "out.weights")};
    }

    private static NDArray split(NDArray a, long b, long p, int heads, int dh) {
        return a.reshape(b, p, heads, dh).transpose(0, 2, 1, 3);
    }

    private static NDArray lin(Map<String, NDArray> w, NDArray x, String name) {
        return x.matMul(w.get(name + ".w")).add(w.get(name + ".b"));
    }

    private static NDArray norm(Map<String, NDArray> w, NDArray x, String name) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray var = centred.square().mean(new int[] {-1}, true);
        return centred.div(var.add(1e-5f).sqrt()).mul(w.get(name + ".g")).add(w.get(name + ".b"));
    }

    @Test
    void fusedPassGivesTheReferenceOutputsOnTheShippedModel() throws Exception {
        assertTrue(Files.isDirectory(SHIPPED), "the shipped model is part of the checkout: " + SHIPPED);
        try (ModelBundle bundle = ModelBundle.load(SHIPPED); NDManager nm = NDManager.newBaseManager()) {
            FlowConfig c = bundle.config();
            ParticleTransformer net = new ParticleTransformer(c, nm);
            net.load(bundle.weights());
            int jets = 6;
            int p = 40;
            SplittableRandom r = new SplittableRandom(11);
            for (boolean padded : new boolean[] {false, true}) {
                float[] x = new float[jets * p * 3];
                float[] tok = new float[jets * p * ParticleTransformer.TOKENS];
                float[] mask = new float[jets * p];
                float[] ctx = new float[jets * c.contextDim()];
                for (int j = 0; j < jets; j++) {
                    int real = padded ? 10 + 5 * j : p;
                    for (int i = 0; i < p; i++) {
                        int o = j * p + i;
                        boolean isReal = i < real;
                        mask[o] = isReal ? 1 : 0;
                        tok[o * ParticleTransformer.TOKENS + (isReal ? 1 + r.nextInt(8) : 0)] = 1;
                        for (int k = 0; k < 3; k++) {
                            x[o * 3 + k] = (float) r.nextGaussian();
                        }
                    }
                }
                for (int i = 0; i < ctx.length; i++) {
                    ctx[i] = (float) r.nextGaussian();
                }
                float[] times = new float[jets];
                for (int j = 0; j < jets; j++) {
                    times[j] = (float) r.nextDouble();
                }
                try (NDManager sm = nm.newSubManager()) {
                    NDArray xs = sm.create(x, new Shape(jets, p, 3));
                    NDArray ts = sm.create(tok, new Shape(jets, p, ParticleTransformer.TOKENS));
                    NDArray tt = sm.create(times, new Shape(jets, 1));
                    NDArray ms = sm.create(mask, new Shape(jets, p));
                    NDArray cs = sm.create(ctx, new Shape(jets, c.contextDim()));
                    ParticleTransformer.Output got = net.forward(xs, ts, tt, ms, cs);
                    NDArray[] want = reference(net.parameters(), c, xs, ts, tt, ms, cs);
                    NDArray[] have = {got.velocity(), got.logits(), got.lossWeights()};
                    for (int o = 0; o < 3; o++) {
                        float[] a = want[o].toFloatArray();
                        float[] e = have[o].toFloatArray();
                        assertEquals(a.length, e.length);
                        double worst = 0;
                        double scale = 0;
                        for (int i = 0; i < a.length; i++) {
                            // Padded slots' outputs are never used.
                            int slot = o == 2 ? -1 : i / (o == 0 ? 3 : 8);
                            if (slot >= 0 && mask[slot] == 0) {
                                continue;
                            }
                            worst = Math.max(worst, Math.abs(a[i] - e[i]));
                            scale = Math.max(scale, Math.abs(a[i]));
                        }
                        assertTrue(scale > 0.1, "outputs are not trivially zero");
                        assertTrue(worst < 1e-4 * Math.max(1, scale), "output " + o + (padded ? " (padded)" : "")
                                + " differs by " + worst + " (largest " + scale + ")");
                    }
                }
            }
        }
    }
}
