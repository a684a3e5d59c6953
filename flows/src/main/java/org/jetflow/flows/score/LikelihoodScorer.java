package org.jetflow.flows.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.MultiplicityBuckets;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.ParticleReference;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.io.jet.JetBatch;

/**
 * A jet's likelihood under the model, part by part (docs/flows.md#anomaly-score):
 * <ul>
 * <li>kinematics: ln p(x | N, pT, η, classes) of the particles' (ln pT, Δη, Δφ), from the
 * probability-flow ODE of the flow's velocity integrated from the jet back to the noise with the
 * change-of-variables divergence ({@link OdeLikelihood}), the class tokens along the way drawn from
 * the telegraph bridge between a uniform start and the jet's own classes (so the network sees
 * tokens as it did in training), and the Jacobian of the standardisation to physical units;</li>
 * <li>classes: the mean over the ODE's times of Σ ln q(k1_i | x_t, k_t), the network's posterior
 * of each particle's true class (a surrogate of the class likelihood, not a bound);</li>
 * <li>jet: ln p(N, ln m | pT) of the training jets ({@link JetLevelDensity});</li>
 * <li>reference: Σ ln q of the particles under the training jets' independent-particle density
 * ({@link ParticleReference}), kinematics and classes apart; the model's likelihood over it is
 * what the particles' correlations add.</li>
 * </ul>
 * Scores are negative log-likelihoods; the particle parts also per particle, since a jet's
 * log-likelihood falls about linearly with N. Every random number of a jet comes from a generator
 * restarted for that jet, so a score depends on the jet alone, not on its batch or position.
 */
public final class LikelihoodScorer implements AutoCloseable {
    private static final int BUCKET_JETS = 32;
    private final FlowConfig config;
    private final Preprocessing pre;
    private final NDManager manager;
    private final ParticleTransformer net;
    private final TelegraphBridge bridge;
    private final OdeLikelihood ode;
    private final JetLevelDensity jetLevel;
    private final int steps;
    /** Grid points the ODE evaluates at: t = 1 − k/K for k below this. */
    private final int points;
    private final long seed;

    /**
     * Per-jet parts (natural log units).
     *
     * @param kinematics   ln p of the particles' (ln pT/GeV, Δη, Δφ) given the classes
     * @param classes      mean over times of Σ ln q(k1 | x_t, k_t)
     * @param jet          ln p(N, ln m | pT), NaN for a model without a condition table
     * @param multiplicity N as the model saw it (at most P)
     * @param referenceKinematics Σ ln q(ln pT, Δη, Δφ | class) of the independent-particle reference, NaN
     *                     for a model without one
     * @param referenceClasses Σ ln q(class), NaN for a model without a reference
     */
    public record Parts(double[] kinematics, double[] classes, double[] jet, int[] multiplicity,
            double[] referenceKinematics, double[] referenceClasses) {
        /** −(kinematics + classes)/N: the particles' negative log-likelihood per particle. */
        public double perParticle(int j) {
            return -(kinematics[j] + classes[j]) / Math.max(1, multiplicity[j]);
        }

        /** The factorised score of Mikuni and Nachman: −ln p(N, m | pT) − (1/N) ln p(particles | N, pT, η). */
        public double factorised(int j) {
            return -jet[j] + perParticle(j);
        }

        /**
         * (ln p(x | N, pT, η, classes) − Σ ln q(x_i | class_i))/N: per particle, how much more likely the
         * particles' kinematics are under the model than as independent particles of the training jets,
         * i.e. what their correlations are worth to the model. NaN without a reference.
         */
        public double ratioPerParticle(int j) {
            return (kinematics[j] - referenceKinematics[j]) / Math.max(1, multiplicity[j]);
        }

        /**
         * The default score: {@link #ratioPerParticle}, which is higher for top and W/Z jets than for QCD
         * (docs/flows.md#anomaly-score); {@link #factorised} for a model without a reference.
         */
        public double score(int j) {
            return Double.isNaN(referenceKinematics[j]) ? factorised(j) : ratioPerParticle(j);
        }
    }

    /**
     * @param steps  steps of the ODE from t = 1 to 0
     * @param scheme Euler or Heun
     */
    public LikelihoodScorer(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights, int steps,
            OdeLikelihood.Scheme scheme, long seed) {
        this.config = config;
        this.pre = pre;
        this.steps = steps;
        this.seed = seed;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        net.load(weights);
        this.bridge = new TelegraphBridge(ParticleTransformer.CLASSES, config.beta());
        this.ode = new OdeLikelihood(steps, 1, scheme);
        this.points = scheme == OdeLikelihood.Scheme.HEUN ? steps + 1 : steps;
        this.jetLevel = pre.conditions() == null ? null : new JetLevelDensity(pre.conditions());
    }

    /** Scores every jet of a batch. */
    public Parts score(JetBatch batch) {
        JetTensors data = JetTensors.of(List.of(batch), pre, config.maxParticles());
        int n = data.jets();
        int p = data.particles();
        int c = config.contextDim();
        double[] kin = new double[n];
        double[] cls = new double[n];
        double[] jet = new double[n];
        int[] mult = data.multiplicity().clone();
        MultiplicityBuckets plan = ParticleTransformer.buckets(config, mult, BUCKET_JETS);
        for (int bk = 0; bk < plan.buckets(); bk++) {
            int nb = plan.size(bk);
            int w = plan.widths()[bk];
            int[] jets = new int[nb];
            float[] x1 = new float[nb * w * 3];
            float[] mask = new float[nb * w];
            int[] k1 = new int[nb * w];
            float[] ctx = new float[nb * Math.max(c, 1)];
            SplittableRandom[] rnd = new SplittableRandom[nb];
            // Tokens of every grid point, drawn first so each jet's generator is consumed in a fixed order.
            int[][] tokens = new int[points][nb * w];
            for (int r = 0; r < nb; r++) {
                int j = plan.order()[plan.starts()[bk] + r];
                jets[r] = j;
                rnd[r] = new SplittableRandom(seed);
                System.arraycopy(data.context(), j * JetTensors.CONTEXT, ctx, r * c, c);
                for (int i = 0; i < w; i++) {
                    int o = r * w + i;
                    boolean real = i < mult[j];
                    mask[o] = real ? 1 : 0;
                    k1[o] = real ? data.classes()[j * p + i] : -1;
                    if (real) {
                        System.arraycopy(data.x(), (j * p + i) * 3, x1, o * 3, 3);
                    }
                }
                for (int k = 0; k < points; k++) {
                    double t = 1 - (double) k / steps;
                    for (int i = 0; i < w; i++) {
                        int o = r * w + i;
                        tokens[k][o] = k1[o] < 0 ? -1
                                : bridge.sampleBridge(rnd[r].nextInt(ParticleTransformer.CLASSES), k1[o], t, rnd[r]);
                    }
                }
            }
            double[] logq = new double[nb];
            try (NDManager bm = manager.newSubManager()) {
                NDArray m = bm.create(mask, new Shape(nb, w));
                NDArray cx = c > 0 ? bm.create(ctx, new Shape(nb, c)) : null;
                boolean[] seen = new boolean[points];
                OdeLikelihood.Result res = ode.logDensity((x, t, k) -> {
                    NDArray tok = x.getManager().create(ParticleTransformer.tokens(tokens[k]),
                            new Shape(nb, w, ParticleTransformer.TOKENS));
                    ParticleTransformer.Output out = net.forward(x, tok, t, m, cx);
                    // The class posterior at each of the K times t = 1 − k/K, at its first evaluation
                    // (under Heun, the corrector's at the predicted point).
                    if (k < steps && !seen[k]) {
                        seen[k] = true;
                        float[] lg = out.logits().logSoftmax(-1).toFloatArray();
                        for (int o = 0; o < nb * w; o++) {
                            if (k1[o] >= 0) {
                                logq[o / w] += lg[o * ParticleTransformer.CLASSES + k1[o]] / steps;
                            }
                        }
                    }
                    return out.velocity();
                }, x1, mask, nb, w, rnd, bm);
                for (int r = 0; r < nb; r++) {
                    int j = jets[r];
                    // The preprocessing's Jacobian, ln |dx/d(ln pT, Δη, Δφ)| of each particle.
                    double jacobian = 0;
                    for (int i = 0; i < mult[j]; i++) {
                        jacobian += pre.logJacobian(x1, (r * w + i) * 3);
                    }
                    kin[j] = res.logDensity()[r] + jacobian;
                    cls[j] = logq[r];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            jet[j] = jetLevel == null ? Double.NaN
                    : jetLevel.logDensity(batch.jetPt()[j], batch.jetMass()[j], mult[j]);
        }
        double[] refKin = new double[n];
        double[] refCls = new double[n];
        for (int j = 0; j < n; j++) {
            int[] keep = JetTensors.hardest(batch, j, config.maxParticles());
            refKin[j] = pre.reference() == null ? Double.NaN : pre.reference().logKinematics(batch, j, keep);
            refCls[j] = pre.reference() == null ? Double.NaN : pre.reference().logClasses(batch, j, keep);
        }
        return new Parts(kin, cls, jet, mult, refKin, refCls);
    }

    @Override
    public void close() {
        manager.close();
    }
}
