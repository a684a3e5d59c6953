package org.jetflow.flows.score;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.io.jet.JetBatch;

/**
 * The anomaly scores of {@code jetflow score} and the Spark score job, as named per-jet columns
 * after the jet's own ({@code n}, then the method's parts, {@code score} last): one scorer for both,
 * so the two give the same numbers for the same jets.
 */
public final class JetScorer implements AutoCloseable {
    /** How jets are scored. */
    public enum Method {
        /** The likelihood under the model over an independent-particle reference ({@link LikelihoodScorer}); the default. */
        LIKELIHOOD,
        /** The flow-matching loss averaged over fixed times and noise ({@link AnomalyScorer}). */
        LOSS;

        /** The method named {@code likelihood} or {@code loss}. */
        public static Method parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "likelihood" -> LIKELIHOOD;
                case "loss" -> LOSS;
                default -> throw new IllegalArgumentException("--method must be likelihood or loss, got '" + name + "'");
            };
        }
    }

    /**
     * Scoring settings.
     *
     * @param steps  ODE steps of the likelihood, or times per jet of the loss
     * @param draws  noise draws per time (the loss only)
     * @param seed   seed of the fixed noise, probes and bridge draws
     * @param scheme the likelihood's ODE integrator (the likelihood only)
     */
    public record Settings(Method method, int steps, int draws, long seed, OdeLikelihood.Scheme scheme)
            implements java.io.Serializable {
        public Settings {
            if (method == null || scheme == null || steps < 1 || draws < 1) {
                throw new IllegalArgumentException("scoring needs a method and a scheme, and steps and draws of at least 1");
            }
        }

        /**
         * The default: the likelihood with 8 Heun steps (16 network evaluations, as many as 16 Euler steps
         * but with the converged likelihood; docs/flows.md#anomaly-score), seed 1.
         */
        public static Settings defaults() {
            return new Settings(Method.LIKELIHOOD, 8, 1, 1, OdeLikelihood.Scheme.HEUN);
        }
    }

    private static final List<String> LIKELIHOOD_COLUMNS = List.of("n", "ll_kinematics", "ll_classes", "ll_jet",
            "ll_reference_kinematics", "ll_reference_classes", "nll_per_particle", "factorised", "llr_per_particle",
            "score");
    private static final List<String> LOSS_COLUMNS = List.of("n", "score_continuous", "score_discrete", "score");

    private final Settings settings;
    private final LikelihoodScorer likelihood;
    private final AnomalyScorer loss;

    public JetScorer(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights, Settings settings) {
        this.settings = settings;
        this.likelihood = settings.method() == Method.LIKELIHOOD
                ? new LikelihoodScorer(config, pre, weights, settings.steps(), settings.scheme(), settings.seed()) : null;
        this.loss = settings.method() == Method.LOSS
                ? new AnomalyScorer(config, pre, weights, settings.steps(), settings.draws(), settings.seed()) : null;
    }

    /**
     * The score columns: for the likelihood {@code n, ll_kinematics, ll_classes, ll_jet,
     * ll_reference_kinematics, ll_reference_classes, nll_per_particle, factorised, llr_per_particle, score}
     * ({@link LikelihoodScorer.Parts}; score = llr_per_particle, or factorised for a model without an
     * independent-particle reference); for the loss {@code n, score_continuous, score_discrete, score}.
     * Higher scores are less background-like.
     */
    public List<String> columns() {
        return columns(settings.method());
    }

    /** The score columns of a method, as {@link #columns()}. */
    public static List<String> columns(Method method) {
        return method == Method.LIKELIHOOD ? LIKELIHOOD_COLUMNS : LOSS_COLUMNS;
    }

    /** The columns of {@link #columns()} for every jet of a batch, [column][jet]. */
    public double[][] score(JetBatch b) {
        int n = b.size();
        double[][] out = new double[columns().size()][n];
        if (likelihood != null) {
            LikelihoodScorer.Parts p = likelihood.score(b);
            for (int j = 0; j < n; j++) {
                out[0][j] = p.multiplicity()[j];
                out[1][j] = p.kinematics()[j];
                out[2][j] = p.classes()[j];
                out[3][j] = p.jet()[j];
                out[4][j] = p.referenceKinematics()[j];
                out[5][j] = p.referenceClasses()[j];
                out[6][j] = p.perParticle(j);
                out[7][j] = p.factorised(j);
                out[8][j] = p.ratioPerParticle(j);
                out[9][j] = p.score(j);
            }
        } else {
            AnomalyScorer.Scores s = loss.score(b);
            for (int j = 0; j < n; j++) {
                out[0][j] = b.multiplicity(j);
                out[1][j] = s.continuous()[j];
                out[2][j] = s.discrete()[j];
                out[3][j] = s.combined()[j];
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (likelihood != null) {
            likelihood.close();
        }
        if (loss != null) {
            loss.close();
        }
    }
}
