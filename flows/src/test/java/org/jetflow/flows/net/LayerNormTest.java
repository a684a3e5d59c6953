package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.junit.jupiter.api.Test;

/** The fused LayerNorm equals the textbook formula, computed here in double precision, and trains. */
class LayerNormTest {
    @Test
    void matchesTheFormulaAndHasGradients() {
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(4, 8, 2, 1, 16);
        int rows = 5;
        int w = 8;
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[rows * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * r.nextGaussian() + 1);
        }
        float[] gain = new float[w];
        float[] bias = new float[w];
        for (int k = 0; k < w; k++) {
            gain[k] = (float) (0.5 + r.nextDouble());
            bias[k] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ParticleTransformer net = new ParticleTransformer(cfg, m);
            net.parameters().get("out.ln.g").set(gain);
            net.parameters().get("out.ln.b").set(bias);
            NDArray in = m.create(x, new Shape(rows, w));
            float[] out = net.layerNorm(in, "out.ln").toFloatArray();
            for (int row = 0; row < rows; row++) {
                for (int k = 0; k < w; k++) {
                    double want = normalised(x, row, w, k) * gain[k] + bias[k];
                    assertEquals(want, out[row * w + k], 1e-5, "row " + row + " column " + k);
                }
            }
            NDArray g = net.parameters().get("out.ln.g");
            g.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.layerNorm(in, "out.ln").sum());
            }
            // d/dg Σ (x̂ g + b) = Σ over rows of x̂, which is 0 for every column only by accident.
            float[] dg = g.getGradient().toFloatArray();
            double want0 = 0;
            for (int row = 0; row < rows; row++) {
                want0 += normalised(x, row, w, 0);
            }
            assertEquals(want0, dg[0], 1e-4);
        }
    }

    /** (x − mean)/sqrt(var + 1e-5) of column k of a row, in double precision. */
    private static double normalised(float[] x, int row, int w, int k) {
        double mean = 0;
        for (int c = 0; c < w; c++) {
            mean += x[row * w + c] / (double) w;
        }
        double var = 0;
        for (int c = 0; c < w; c++) {
            var += Math.pow(x[row * w + c] - mean, 2) / w;
        }
        return (x[row * w + k] - mean) / Math.sqrt(var + 1e-5);
    }
}
