package org.jetflow.flows.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.preprocess.JetTensors;

/**
 * The objective of a masked class model (docs/flows.md#classes-from-a-class-model): a jet's clean
 * kinematics, a masking rate ρ ~ U(0, 1) given to the network in place of the time, each particle's
 * class hidden ({@link ParticleTransformer#MASKED}) with probability ρ (at least one per jet), and the
 * cross-entropy of the hidden classes averaged over them. Its minimum is the data's conditional
 * p(k_i | all kinematics, the visible classes) for every subset, which is what sampling classes group by
 * group ({@code MaskedClassSampler}) needs: unlike independent draws per particle, it keeps the
 * correlations between particles' classes (opposite charges of neighbouring hadrons, e+e− pairs).
 */
public final class MaskedClassObjective {
    private final FlowConfig config;
    private final FlowObjective flow;

    public MaskedClassObjective(FlowConfig config) {
        if (!config.maskedClasses()) {
            throw new IllegalArgumentException("a masked class objective needs a configuration with maskedClasses");
        }
        this.config = config;
        this.flow = new FlowObjective(config, Modality.DISCRETE);
    }

    /** Masks and buckets the listed jets of {@code data}; the jets' order is kept, so bucketing changes nothing. */
    public List<FlowObjective.Bucket> buckets(JetTensors data, int[] jets, SplittableRandom rnd, NDManager sm) {
        int b = jets.length;
        int p = data.particles();
        int dim = config.contextDim();
        boolean pairwise = config.couplingRank() > 0;
        int[] mult = new int[b];
        float[][] x = new float[b][];
        float[][] u = new float[b][];
        int[][] kt = new int[b][];
        int[][] k1 = new int[b][];
        float[] rates = new float[b];
        float[] ctx = new float[b * Math.max(dim, 1)];
        for (int j = 0; j < b; j++) {
            int m = data.multiplicity()[jets[j]];
            int first = jets[j] * p;
            // A pairwise model sees no class: its couplings carry what the classes tell each other.
            double rho = pairwise ? 1.0 : rnd.nextDouble();
            mult[j] = m;
            rates[j] = (float) rho;
            x[j] = java.util.Arrays.copyOfRange(data.x(), first * 3, (first + m) * 3);
            u[j] = new float[m * 3];
            kt[j] = new int[m];
            k1[j] = new int[m];
            int hidden = 0;
            for (int i = 0; i < m; i++) {
                boolean masked = pairwise || rnd.nextDouble() < rho;
                kt[j][i] = masked ? ParticleTransformer.MASKED : data.classes()[first + i];
                k1[j][i] = masked ? data.classes()[first + i] : -1;
                hidden += masked ? 1 : 0;
            }
            if (hidden == 0 && m > 0) {
                int i = rnd.nextInt(m);
                kt[j][i] = ParticleTransformer.MASKED;
                k1[j][i] = data.classes()[first + i];
            }
            System.arraycopy(data.context(), jets[j] * JetTensors.CONTEXT, ctx, j * dim, dim);
        }
        return flow.pack(mult, x, u, kt, k1, rates, ctx, null, sm);
    }

    /**
     * Per-jet cross-entropy (B): −log q(k_i) averaged over the jet's hidden particles. For a pairwise
     * model, q is the conditional of k_i given every other particle's class, softmax_k of
     * h_i(k) + a_i(k)·D·Σ_{j≠i} a_j(k_j) (D of {@link ParticleTransformer#couplingSigns}): the negative
     * pseudo-log-likelihood per particle. For an autoregressive one (FlowConfig.autoregressiveClasses)
     * the sum runs over the harder particles j < i only: the exact negative log-likelihood per particle.
     */
    public NDArray crossEntropy(ParticleTransformer net, FlowObjective.Bucket in) {
        ParticleTransformer.Output out = net.forward(in.xt(), in.tokens(), in.t(), in.mask(), in.context());
        NDArray hidden = in.k1().sum(new int[] {2}).sum(new int[] {1}).maximum(1f);
        NDArray energy = out.logits();
        if (config.couplingRank() > 0) {
            Shape s = in.k1().getShape();
            NDArray a = out.couplings().reshape(s.get(0), s.get(1), ParticleTransformer.CLASSES, config.couplingRank());
            // c_j = a_j(k_j); padding has no class row, so no coupling.
            NDArray c = a.mul(in.k1().expandDims(3)).sum(new int[] {2});
            // Pseudo-likelihood couples i to every other particle; the autoregressive model only to the harder
            // ones, which come first (JetTensors keeps each jet's particles in descending pT).
            NDArray coupled = config.autoregressiveClasses() ? c.cumSum(1).sub(c) : c.sum(new int[] {1}, true).sub(c);
            NDArray others = coupled.mul(in.k1().getManager().create(
                    ParticleTransformer.couplingSigns(config.couplingRank())));
            energy = energy.add(a.mul(others.expandDims(2)).sum(new int[] {3}));
        }
        return energy.logSoftmax(-1).mul(in.k1()).sum(new int[] {2}).sum(new int[] {1}).neg().div(hidden);
    }
}
