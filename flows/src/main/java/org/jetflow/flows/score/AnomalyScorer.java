package org.jetflow.flows.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.objective.FlowObjective;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.io.jet.JetBatch;

/**
 * The per-jet anomaly score of docs/flows.md#anomaly-score: the model's conditional flow-matching loss for the jet,
 * averaged over a fixed grid of times t_k (midpoints of K equal intervals of [ε, 1 − ε]) and R
 * noise draws per time. The noise of draw (k, r) comes from a generator seeded by (seed, k, r) and
 * restarted for every jet, so a jet's score depends on the jet alone — not on its position in the
 * file or the batching. A jet the background model fits badly has a high loss.
 *
 * <p>Reported per jet: the velocity MSE part (continuous), the class cross-entropy part (discrete),
 * and their combination with the model's learned time-dependent weights (the training loss).
 */
public final class AnomalyScorer implements AutoCloseable {
    private final FlowConfig config;
    private final Preprocessing pre;
    private final NDManager manager;
    private final ParticleTransformer net;
    private final FlowObjective objective;
    private final int times;
    private final int draws;
    private final long seed;

    /** Per-jet scores (dimensionless losses). */
    public record Scores(double[] continuous, double[] discrete, double[] combined) {
    }

    /**
     * @param times K, times per jet
     * @param draws R, noise draws per time
     */
    public AnomalyScorer(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights, int times, int draws,
            long seed) {
        if (times < 1 || draws < 1) {
            throw new IllegalArgumentException("times and draws must be at least 1");
        }
        this.config = config;
        this.pre = pre;
        this.times = times;
        this.draws = draws;
        this.seed = seed;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        net.load(weights);
        this.objective = new FlowObjective(config, Modality.BOTH);
    }

    /** Scores every jet of a batch (jets beyond P particles keep their P hardest, as in training). */
    public Scores score(JetBatch batch) {
        JetTensors data = JetTensors.of(List.of(batch), pre, config.maxParticles());
        int n = data.jets();
        int[] jets = new int[n];
        Arrays.setAll(jets, j -> j);
        double[] cont = new double[n];
        double[] disc = new double[n];
        double[] comb = new double[n];
        for (int k = 0; k < times; k++) {
            float[] t = new float[n];
            Arrays.fill(t, (float) (config.epsilon() + (1 - 2 * config.epsilon()) * (k + 0.5) / times));
            for (int r = 0; r < draws; r++) {
                long drawSeed = seed * 0x9E3779B97F4A7C15L + k * 1_000_003L + r;
                try (NDManager sm = manager.newSubManager()) {
                    for (FlowObjective.Bucket b : objective.buckets(data, jets, t,
                            j -> new SplittableRandom(drawSeed), sm)) {
                        FlowObjective.Losses l = objective.evaluate(net, b);
                        float[] mse = l.mse().toFloatArray();
                        float[] ce = l.crossEntropy().toFloatArray();
                        float[] all = l.combined().toFloatArray();
                        for (int i = 0; i < b.rows().length; i++) {
                            int j = b.rows()[i];
                            cont[j] += mse[i];
                            disc[j] += ce[i];
                            comb[j] += all[i];
                        }
                    }
                }
            }
        }
        double norm = 1.0 / (times * draws);
        for (int j = 0; j < n; j++) {
            cont[j] *= norm;
            disc[j] *= norm;
            comb[j] *= norm;
        }
        return new Scores(cont, disc, comb);
    }

    @Override
    public void close() {
        manager.close();
    }
}
