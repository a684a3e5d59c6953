package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.junit.jupiter.api.Test;

class MultiplicityBucketsTest {
    @Test
    void ordersByMultiplicityAndPadsEachBucketToItsLargestJet() {
        int[] mult = {5, 1, 9, 3, 3, 7, 2};
        MultiplicityBuckets b = MultiplicityBuckets.of(mult, 3);
        assertArrayEquals(new int[] {1, 6, 3, 4, 0, 5, 2}, b.order());
        // 7 jets in ⌈7/3⌉ = 3 buckets of equal shares 2, 2, 3.
        assertArrayEquals(new int[] {0, 2, 4, 7}, b.starts());
        assertArrayEquals(new int[] {2, 3, 9}, b.widths());
        assertEquals(3, b.size(2));
    }

    /** The premise of bucketing: a real particle's outputs do not depend on how much padding follows. */
    @Test
    void paddingDoesNotChangeRealParticlesOutputs() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(12, 16, 2, 2, 32);
        int m = 5;
        SplittableRandom r = new SplittableRandom(5);
        float[] x5 = new float[m * 3];
        for (int i = 0; i < x5.length; i++) {
            x5[i] = (float) r.nextGaussian();
        }
        try (NDManager nm = NDManager.newBaseManager()) {
            ParticleTransformer net = new ParticleTransformer(cfg, nm);
            float[][] velocity = new float[2][];
            float[][] logits = new float[2][];
            int[] widths = {m, 12};
            for (int v = 0; v < 2; v++) {
                int w = widths[v];
                float[] x = new float[w * 3];
                System.arraycopy(x5, 0, x, 0, x5.length);
                float[] tok = new float[w * ParticleTransformer.TOKENS];
                float[] mask = new float[w];
                for (int i = 0; i < w; i++) {
                    // Padding gets junk values, which must not leak.
                    if (i >= m) {
                        x[i * 3] = 7f;
                    }
                    tok[i * ParticleTransformer.TOKENS + (i < m ? 1 + i % 8 : 0)] = 1;
                    mask[i] = i < m ? 1 : 0;
                }
                ParticleTransformer.Output out = net.forward(nm.create(x, new Shape(1, w, 3)),
                        nm.create(tok, new Shape(1, w, ParticleTransformer.TOKENS)), nm.create(new float[] {0.3f},
                                new Shape(1, 1)), nm.create(mask, new Shape(1, w)), null);
                velocity[v] = java.util.Arrays.copyOf(out.velocity().toFloatArray(), m * 3);
                logits[v] = java.util.Arrays.copyOf(out.logits().toFloatArray(), m * 8);
            }
            assertArrayEquals(velocity[0], velocity[1], 1e-5f);
            assertArrayEquals(logits[0], logits[1], 1e-5f);
        }
    }
}
