package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scalar in the graph must still hold its value at the backward pass, after the garbage collector
 * has run and freed memory has been handed out again: the gradient of Σ c·x is c.
 */
class GraphScalarTest {
    @Test
    void scalarSurvivesCollectionBeforeBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            for (int round = 0; round < 5; round++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray like = step.create(new float[] {0});
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = x.mul(GraphScalar.of(like, 0.5f)).sum();
                        churn();
                        gc.backward(y);
                    }
                    NDArray g = x.getGradient();
                    g.attach(step);
                    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, g.toFloatArray(), 0f, "round " + round);
                    g.set(new NDIndex(":"), 0f);
                }
            }
        }
    }

    /** Collects garbage, then fills fresh direct buffers with 7 so that freed memory comes back dirty. */
    private static void churn() {
        for (int k = 0; k < 5; k++) {
            System.gc();
            List<ByteBuffer> held = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                held.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 7f));
            }
            held.clear();
        }
    }
}
