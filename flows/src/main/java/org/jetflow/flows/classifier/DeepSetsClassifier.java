package org.jetflow.flows.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.net.GraphScalar;

/**
 * A permutation-invariant jet classifier (Deep Sets; Zaheer et al., arXiv:1703.06114, as the
 * energy/particle flow networks of Komiske, Metodiev, Thaler, arXiv:1810.05165): every particle's
 * features pass the same two-layer network φ, the results are pooled over the jet's real
 * particles as their mean and their sum / 50 (so the multiplicity is seen too), and a two-layer
 * network ρ of the pooled vector gives one logit per jet.
 */
public final class DeepSetsClassifier {
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    /**
     * @param features per-particle input features
     * @param width    hidden width of φ and ρ
     * @param seed     of the initial weights (Glorot-uniform, zero biases)
     */
    public DeepSetsClassifier(int features, int width, long seed, NDManager manager) {
        SplittableRandom rnd = new SplittableRandom(seed);
        layer("phi1", features, width, rnd, manager);
        layer("phi2", width, width, rnd, manager);
        layer("rho1", 2 * width, width, rnd, manager);
        layer("rho2", width, 1, rnd, manager);
    }

    private void layer(String name, int in, int out, SplittableRandom rnd, NDManager manager) {
        float[] w = new float[in * out];
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * rnd.nextDouble() - 1) * limit);
        }
        params.put(name + ".w", manager.create(w, new Shape(in, out)));
        params.put(name + ".b", manager.zeros(new Shape(out)));
    }

    /** The trainable weights by name. */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * Logits of jets (B): positive means "generated".
     *
     * @param x    (B, P, F) particle features, padding rows zero
     * @param mask (B, P) 1 for real particles
     */
    public NDArray forward(NDArray x, NDArray mask) {
        NDArray h = dense(Activation.relu(dense(x, "phi1")), "phi2");
        h = Activation.relu(h).mul(mask.expandDims(2));
        NDArray sum = h.sum(new int[] {1});
        NDArray mean = sum.div(mask.sum(new int[] {1}, true).maximum(1f));
        NDArray pooled = NDArrays.concat(new NDList(mean, sum.mul(GraphScalar.of(sum, 1f / 50))), -1);
        return dense(Activation.relu(dense(pooled, "rho1")), "rho2").reshape(-1);
    }

    private NDArray dense(NDArray x, String name) {
        return x.matMul(params.get(name + ".w")).add(params.get(name + ".b"));
    }
}
