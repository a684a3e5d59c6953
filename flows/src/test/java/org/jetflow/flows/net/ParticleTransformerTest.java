package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.junit.jupiter.api.Test;

class ParticleTransformerTest {
    private static final int M = 5;

    /** Velocity and logits of the M real particles of one jet padded to {@code width} with junk values. */
    private static float[] realOutputs(ParticleTransformer net, NDManager nm, int width) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[width * 3];
        float[] tok = new float[width * ParticleTransformer.TOKENS];
        float[] mask = new float[width];
        for (int i = 0; i < width; i++) {
            for (int k = 0; k < 3; k++) {
                // Padding gets junk values, which must not leak.
                x[i * 3 + k] = i < M ? (float) r.nextGaussian() : 7f;
            }
            tok[i * ParticleTransformer.TOKENS + (i < M ? 1 + i % 8 : 0)] = 1;
            mask[i] = i < M ? 1 : 0;
        }
        ParticleTransformer.Output out = net.forward(nm.create(x, new Shape(1, width, 3)),
                nm.create(tok, new Shape(1, width, ParticleTransformer.TOKENS)), nm.create(new float[] {0.3f},
                        new Shape(1, 1)), nm.create(mask, new Shape(1, width)), null);
        float[] v = Arrays.copyOf(out.velocity().toFloatArray(), M * 3);
        float[] l = Arrays.copyOf(out.logits().toFloatArray(), M * 8);
        float[] both = Arrays.copyOf(v, v.length + l.length);
        System.arraycopy(l, 0, both, v.length, l.length);
        return both;
    }

    private static void randomize(NDArray a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(a.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        a.set(v);
    }

    /**
     * The premise of bucketing: a real particle's outputs do not depend on how much padding follows,
     * also with an active multiplicity embedding (N is counted from the mask, not the padded length).
     */
    @Test
    void paddingDoesNotChangeRealParticlesOutputs() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(12, 16, 2, 2, 32);
        try (NDManager nm = NDManager.newBaseManager()) {
            ParticleTransformer net = new ParticleTransformer(cfg, nm);
            randomize(net.parameters().get(ParticleTransformer.MULTIPLICITY + "2.w"), 3);
            assertArrayEquals(realOutputs(net, nm, M), realOutputs(net, nm, 12), 1e-5f);
        }
    }

    /**
     * The multiplicity embedding starts as a no-op and leaves the other parameters' initial values
     * alone, so a network with it starts exactly where the same network without it would; once
     * trained (here: random output weights) it changes the outputs.
     */
    @Test
    void multiplicityEmbeddingStartsAsANoOp() {
        FlowConfig with = FlowConfig.cpuDefault().withContext(0).withSizes(12, 16, 2, 2, 32);
        try (NDManager nm = NDManager.newBaseManager()) {
            ParticleTransformer a = new ParticleTransformer(with.withMultiplicityEmbedding(false), nm);
            ParticleTransformer b = new ParticleTransformer(with, nm);
            assertTrue(b.parameters().keySet().containsAll(a.parameters().keySet()));
            float[] plain = realOutputs(a, nm, 8);
            assertArrayEquals(plain, realOutputs(b, nm, 8), 0f);
            randomize(b.parameters().get(ParticleTransformer.MULTIPLICITY + "2.w"), 3);
            float[] changed = realOutputs(b, nm, 8);
            double diff = 0;
            for (int i = 0; i < plain.length; i++) {
                diff = Math.max(diff, Math.abs(plain[i] - changed[i]));
            }
            assertTrue(diff > 1e-2, "an active embedding changes the outputs, max difference " + diff);
        }
    }
}
