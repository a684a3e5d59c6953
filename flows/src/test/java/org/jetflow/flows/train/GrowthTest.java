package org.jetflow.flows.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.junit.jupiter.api.Test;

/** A model with time gates grows from one with fewer blocks and starts exactly where that one was. */
class GrowthTest {
    private static final int P = 6;
    private static final FlowConfig SMALL = FlowConfig.cpuDefault().withSizes(P, 16, 2, 2, 32)
            .withTraining(16, 1e-3, 3, 12, 0.9, 21);
    private static final FlowConfig GROWN = SMALL.withSizes(P, 16, 2, 4, 32).withBlockTimeGates(true);

    /** Velocity and logits of one padded batch of 3 jets at t = 0.4 with a jet-level context. */
    private static float[] outputs(ParticleTransformer net, NDManager nm) {
        SplittableRandom r = new SplittableRandom(9);
        int b = 3;
        float[] x = new float[b * P * 3];
        float[] tok = new float[b * P * ParticleTransformer.TOKENS];
        float[] mask = new float[b * P];
        for (int o = 0; o < b * P; o++) {
            boolean real = o % P < 2 + o / P;
            mask[o] = real ? 1 : 0;
            tok[o * ParticleTransformer.TOKENS + (real ? 1 + r.nextInt(8) : 0)] = 1;
            for (int k = 0; k < 3; k++) {
                x[o * 3 + k] = (float) r.nextGaussian();
            }
        }
        ParticleTransformer.Output out = net.forward(nm.create(x, new Shape(b, P, 3)),
                nm.create(tok, new Shape(b, P, ParticleTransformer.TOKENS)), nm.full(new Shape(b, 1), 0.4f),
                nm.create(mask, new Shape(b, P)), nm.create(new float[] {0.3f, -1f, 0.5f, 0.2f, -0.4f, 1f}, new Shape(b, 2)));
        float[] v = out.velocity().toFloatArray();
        float[] l = out.logits().toFloatArray();
        float[] both = java.util.Arrays.copyOf(v, v.length + l.length);
        System.arraycopy(l, 0, both, v.length, l.length);
        return both;
    }

    private static void randomize(Map<String, NDArray> params, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (NDArray a : params.values()) {
            float[] v = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.3 * r.nextGaussian());
            }
            a.set(v);
        }
    }

    @Test
    void aGrownModelStartsAsTheModelItGrewFromAndTrainsItsNewBlocks() {
        JetTensors data = CheckpointTest.data();
        try (NDManager nm = NDManager.newBaseManager();
                FlowTrainer grown = new FlowTrainer(GROWN, data, null, Modality.BOTH)) {
            // Random weights everywhere, so that a copy to the wrong place or a block that is not the
            // identity shows in the outputs.
            ParticleTransformer small = new ParticleTransformer(SMALL, nm);
            randomize(small.parameters(), 3);
            grown.initialize(small.parameters());
            float[] before = outputs(small, nm);
            assertArrayEquals(before, outputs(grown.network(), nm), 2e-5f, "the network");
            ParticleTransformer ema = new ParticleTransformer(GROWN, nm);
            ema.load(grown.emaWeights());
            assertArrayEquals(before, outputs(ema, nm), 2e-5f, "its moving average");

            for (int s = 0; s < 3; s++) {
                grown.trainStep();
            }
            float[] gate = grown.network().parameters().get("block3." + ParticleTransformer.TIME_GATE).toFloatArray();
            float[] o = grown.network().parameters().get("block3.o.w").toFloatArray();
            double norm = 0;
            for (float v : o) {
                norm += v * v;
            }
            assertTrue(gate[0] != 0 && norm > 0, "the new blocks learn: gate " + gate[0] + ", |o|^2 " + norm);
        }
    }

    @Test
    void onlyAModelWithTimeGatesGrows() {
        try (NDManager nm = NDManager.newBaseManager();
                FlowTrainer deeper = new FlowTrainer(GROWN.withBlockTimeGates(false), CheckpointTest.data(), null, Modality.BOTH)) {
            ParticleTransformer small = new ParticleTransformer(SMALL, nm);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> deeper.initialize(small.parameters()));
            assertTrue(e.getMessage().contains("block2"), e.getMessage());
        }
    }
}
