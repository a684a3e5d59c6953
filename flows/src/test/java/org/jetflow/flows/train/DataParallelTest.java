package org.jetflow.flows.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two workers compute the gradient of the whole batch: the run is one worker's up to rounding, and repeats exactly. */
class DataParallelTest {
    /** 128 jets a step: four buckets of 32 to share. */
    private static final FlowConfig CONFIG = FlowConfig.cpuDefault().withContext(0).withSizes(6, 16, 2, 1, 32)
            .withTraining(128, 1e-3, 3, 10, 0.9, 21);

    @Test
    void sharesGoLargestFirstToTheLighterShare() {
        Map<String, Double> cost = Map.of("a", 5.0, "b", 4.0, "c", 3.0, "d", 3.0, "e", 1.0);
        List<List<String>> shares = DataParallel.shares(List.of("a", "b", "c", "d", "e"), cost::get, 2);
        // 5 → first; 4 → second; 3 (c) → second (4 < 5); 3 (d) → first (5 < 7); 1 → either (8, 7): second.
        assertEquals(List.of(List.of("a", "d"), List.of("b", "c", "e")), shares);
    }

    @Test
    void twoWorkersLearnWhatOneLearns() {
        JetTensors data = CheckpointTest.data();
        float[] one = train(data, 1);
        float[] two = train(data, 2);
        float[] again = train(data, 2);
        assertArrayEquals(two, again, 0f, "two workers, same seed: the same weights");
        float[] start;
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            start = t.network().parameters().get("block0.q.w").toFloatArray();
        }
        double moved = 0;
        double apart = 0;
        for (int i = 0; i < one.length; i++) {
            moved = Math.max(moved, Math.abs(one[i] - start[i]));
            apart = Math.max(apart, Math.abs(one[i] - two[i]));
        }
        // Ten steps of 1e-3 move weights by about 1e-2; a share's gradient left out moves them elsewhere by as much.
        assertTrue(moved > 3e-3, "training moved the weights by " + moved);
        assertTrue(apart < 1e-5, "one and two workers differ by " + apart);
    }

    @Test
    void resumedTwoWorkerRunEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        JetTensors data = CheckpointTest.data();
        float[] straight = train(data, 2);
        Path checkpoint = tmp.resolve("ckpt");
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.useWorkers(2);
            for (int s = 0; s < 4; s++) {
                t.trainStep();
            }
            t.checkpoint(checkpoint);
        }
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.resume(checkpoint);
            t.useWorkers(2);
            while (t.step() < CONFIG.steps()) {
                t.trainStep();
            }
            assertArrayEquals(straight, t.network().parameters().get("block0.q.w").toFloatArray(), 0f);
        }
    }

    private static float[] train(JetTensors data, int workers) {
        try (FlowTrainer t = new FlowTrainer(CONFIG, data, null, Modality.BOTH)) {
            t.useWorkers(workers);
            for (int s = 0; s < CONFIG.steps(); s++) {
                t.trainStep();
            }
            return t.network().parameters().get("block0.q.w").toFloatArray();
        }
    }
}
