package org.jetflow.flows.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same run; and a run killed after a checkpoint resumes to exactly the uninterrupted result. */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** 300 jets of 2 to 6 Gaussian particles of 4 classes, padded to 6. */
    static JetTensors data() {
        SplittableRandom r = new SplittableRandom(5);
        int jets = 300;
        int p = 6;
        float[] x = new float[jets * p * 3];
        int[] cls = new int[jets * p];
        float[] mask = new float[jets * p];
        for (int j = 0; j < jets; j++) {
            int m = 2 + r.nextInt(p - 1);
            for (int i = 0; i < m; i++) {
                int o = j * p + i;
                mask[o] = 1;
                cls[o] = r.nextInt(4);
                for (int k = 0; k < 3; k++) {
                    x[o * 3 + k] = (float) r.nextGaussian();
                }
            }
        }
        return JetTensors.of(jets, p, x, cls, mask);
    }

    private static final FlowConfig CONFIG = FlowConfig.cpuDefault().withContext(0).withSizes(6, 16, 2, 1, 32)
            .withTraining(16, 1e-3, 3, 12, 0.9, 21);

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        JetTensors data = data();
        float[] straight;
        double lossStraight;
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            double l = 0;
            for (int s = 0; s < 12; s++) {
                l = t.trainStep();
            }
            lossStraight = l;
            straight = t.emaWeights().get("block0.q.w").toFloatArray();
        }
        Path ckpt = tmp.resolve("checkpoint");
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            for (int s = 0; s < 7; s++) {
                t.trainStep();
            }
            t.checkpoint(ckpt);
            t.trainStep();
            t.trainStep();
            // killed here: the checkpoint holds step 7
        }
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary left");
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.resume(ckpt);
            assertEquals(7, t.step());
            double l = 0;
            for (int s = 7; s < 12; s++) {
                l = t.trainStep();
            }
            assertEquals(lossStraight, l, 0.0, "last loss");
            assertArrayEquals(straight, t.emaWeights().get("block0.q.w").toFloatArray(), "EMA weights");
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        JetTensors data = data();
        double a;
        double b;
        double c;
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.trainStep();
            a = t.trainStep();
        }
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.trainStep();
            b = t.trainStep();
        }
        try (FlowTrainer t = new FlowTrainer(CONFIG.withTraining(16, 1e-3, 3, 12, 0.9, 22), data, null, Modality.BOTH)) {
            t.trainStep();
            c = t.trainStep();
        }
        assertEquals(a, b, 0.0);
        assertFalse(a == c, "another seed changes the run");
    }

    /**
     * Weights of a model without the multiplicity embedding initialise one with it (the --init route
     * the shipped model took): its validation loss is then the source model's, as the embedding
     * starts as a no-op.
     */
    @Test
    void aModelWithoutTheMultiplicityEmbeddingInitialisesOneWithIt() {
        JetTensors data = data();
        FlowConfig without = CONFIG.withMultiplicityEmbedding(false);
        try (FlowTrainer source = new FlowTrainer(without, data, data, Modality.BOTH);
                FlowTrainer plain = new FlowTrainer(without, data, data, Modality.BOTH);
                FlowTrainer grown = new FlowTrainer(CONFIG, data, data, Modality.BOTH)) {
            for (int s = 0; s < 5; s++) {
                source.trainStep();
            }
            double before = grown.validationLoss(100);
            plain.initialize(source.emaWeights());
            grown.initialize(source.emaWeights());
            double after = grown.validationLoss(100);
            assertEquals(plain.validationLoss(100), after, 1e-6);
            assertFalse(Math.abs(after - before) < 1e-6, "initialisation changed the network");
            assertTrue(grown.network().parameters().containsKey(ParticleTransformer.MULTIPLICITY + "1.w"));
        }
    }

    /** A batch that overflows is skipped; the ones after it train normally and the weights stay finite. */
    @Test
    void anOverflowingBatchIsSkippedNotPropagated() {
        JetTensors clean = data();
        float[] x = clean.x().clone();
        // One jet whose features overflow float32 in the squared error: every batch holding it is non-finite.
        x[0] = 3e30f;
        JetTensors poisoned = JetTensors.of(clean.jets(), clean.particles(), x, clean.classes(), clean.mask());
        FlowConfig cfg = CONFIG.withTraining(16, 1e-3, 3, 400, 0.9, 21);
        try (FlowTrainer t = new FlowTrainer(cfg, poisoned, null, Modality.BOTH)) {
            for (int s = 0; s < 400; s++) {
                t.trainStep();
            }
            // Jet 0 is in about 400 · 16/300 ≈ 21 batches.
            assertTrue(t.skippedSteps() > 5 && t.skippedSteps() < 60, "skipped " + t.skippedSteps());
            for (var e : t.network().parameters().entrySet()) {
                for (float f : e.getValue().toFloatArray()) {
                    assertTrue(Float.isFinite(f), e.getKey());
                }
            }
        }
    }
}
