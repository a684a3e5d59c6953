package org.jetflow.flows.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.jet.ParticleClass;

/**
 * Architecture and training settings of the multimodal flow, read from JSON (docs/flows.md#the-method).
 *
 * @param maxParticles      P, particles per jet the network sees (the hardest P are kept)
 * @param width             hidden width of the particle transformer
 * @param heads             attention heads
 * @param blocks            pre-LayerNorm self-attention blocks
 * @param feedForward       feed-forward width inside a block
 * @param timeFrequencies   sinusoidal frequencies of the time embedding
 * @param contextDim        jet-level conditions, the first of (log pT, η, log mass): 0 unconditional,
 *                          1 pT, 2 pT and η, 3 pT, η and mass
 * @param multiplicityEmbedding whether the network sees each jet's particle count (log N, embedded and
 *                          added to the time embedding). Masked softmax attention averages over
 *                          the particles, so without it the network cannot tell a 20-particle jet from
 *                          an 80-particle one, and generated mass and τ21 lose their correlation with N.
 *                          Absent in configurations and bundles written before it existed: false.
 * @param beta              off-diagonal rate β of the telegraph bridge
 * @param sigma             width σ of the flow-matching path
 * @param epsilon           training times stay in [ε, 1 − ε]
 * @param timeLogitStd      how training draws times: 0 uniformly in [ε, 1 − ε] (docs/flows.md#the-method; also
 *                          when absent, as in configurations written before it existed), s > 0
 *                          logit-normally, t = 1/(1 + e^−s·z) with z ~ N(0, 1) (see
 *                          {@code TrainingTimes}); the validation loss always uses uniform times
 * @param shortcutLevels    0 for a flow (also when absent, as in configurations written before it
 *                          existed); L > 0 for a shortcut model: the network also sees a step size
 *                          d ∈ {0, 2^−L, …, 1/2, 1} and learns the mean velocity over [t, t + d], so
 *                          K = 2^j ≤ 2^L steps of {@code Solver.SHORTCUT} integrate the path
 *                          (see {@code ShortcutObjective}; docs/flows.md)
 * @param batchSize         jets per training step
 * @param learningRate      peak Adam learning rate
 * @param finalLearningRate learning rate at the end of the cosine decay
 * @param warmupSteps       linear warm-up steps
 * @param steps             training steps
 * @param clipNorm          global gradient-norm clip
 * @param emaDecay          decay of the exponential moving average of the weights (0: none)
 * @param seed              random seed: same seed and configuration, same run
 * @param checkpointEvery   steps between checkpoints
 * @param validationFraction share of the jets held out for the validation loss
 * @param maskedClasses     false for a flow (also when absent, as in configurations written before it
 *                          existed); true for a masked class model: the same network learns each
 *                          particle's class from the jet's kinematics and the classes of the particles
 *                          not masked ({@code MaskedClassObjective}), and generates the classes of a
 *                          flow's jets particle group by particle group ({@code MaskedClassSampler})
 * @param couplingRank      0 (also when absent); r > 0 makes a masked class model a pairwise (Potts)
 *                          model of the classes given the kinematics: one evaluation, which sees no
 *                          class, gives each particle's field h_i(k) and coupling vectors a_i(k) ∈ R^r,
 *                          the energy of classes k_1 … k_N is Σ h_i(k_i) + Σ_{i<j} a_i(k_i)·D·a_j(k_j)
 *                          (D = ±1, {@code ParticleTransformer.couplingSigns}),
 *                          trained by pseudo-likelihood and sampled by Gibbs sweeps without the network
 * @param uncoupledClasses  classes of a pairwise class model whose coupling vectors are held at zero, by
 *                          their names in files ("muminus", "muplus"; empty, also when absent): their
 *                          probabilities come from the fields alone. Rare classes need it: pseudo-likelihood
 *                          never sees a jet with many muons, so it leaves their self-coupling unbounded and
 *                          Gibbs sweeps can turn whole jets into muons (docs/flows.md#classes-from-a-class-model)
 * @param blockTimeGates    false (also when absent): every block adds the time embedding to the particles;
 *                          true: each block scales it by a learned gate of its own (starting at 1), so
 *                          that {@code --init} from a model with fewer blocks starts exactly where that
 *                          model was: its blocks are copied and the new ones, appended after them, start
 *                          as the identity (gate and output projections 0; docs/flows.md#growing-a-model)
 * @param optimalTransport  false (also when absent): training pairs each particle's kinematics with a noise
 *                          point at random; true: the noise points of a jet, drawn as before, are permuted to
 *                          the pairing that minimises their summed squared distance to the jet's particles
 *                          (equivariant optimal-transport flow matching, {@code OptimalTransportPairing}).
 *                          Sampling is unchanged: the noise is exchangeable, so any permutation of it is
 *                          still N(0, I) per particle, and the flow stays exact with straighter paths
 * @param autoregressiveClasses false (also when absent); true makes a pairwise class model autoregressive in
 *                          pT order: particle i's class is drawn from softmax_k(h_i(k) + a_i(k)·D·Σ_{j<i} a_j(k_j)),
 *                          the harder particles' classes drawn before it, so one pass over the jet samples
 *                          the model exactly (no Gibbs sweeps) and training maximises its exact likelihood
 *                          instead of a pseudo-likelihood (docs/flows.md#classes-from-a-class-model)
 * @param angularScale      0 (also when absent): the network sees each particle's Δη, Δφ as they are;
 *                          r0 > 0 (rad): compressed about the jet axis beyond r0 first
 *                          ({@code RadialCompression}), which magnifies the jet's collinear core
 *                          (docs/flows.md#the-jet-core-and-linear-angles)
 */
public record FlowConfig(int maxParticles, int width, int heads, int blocks, int feedForward, int timeFrequencies,
        int contextDim, boolean multiplicityEmbedding, double beta, double sigma, double epsilon, double timeLogitStd,
        int shortcutLevels, int batchSize, double learningRate, double finalLearningRate, int warmupSteps, int steps, double clipNorm,
        double emaDecay, long seed, int checkpointEvery, double validationFraction, boolean maskedClasses, int couplingRank,
        List<String> uncoupledClasses, boolean blockTimeGates, boolean optimalTransport, boolean autoregressiveClasses,
        double angularScale) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public FlowConfig {
        if (maxParticles < 1 || width < 1 || heads < 1 || width % heads != 0 || blocks < 0 || feedForward < 1
                || timeFrequencies < 1 || contextDim < 0 || contextDim > 3 || !(beta > 0) || batchSize < 1 || steps < 0
                || !(timeLogitStd >= 0 && timeLogitStd <= 10) || shortcutLevels < 0 || shortcutLevels > 12) {
            throw new IllegalArgumentException("invalid flow configuration (width must divide by heads; sizes positive): "
                    + "P=" + maxParticles + ", width=" + width + ", heads=" + heads + ", blocks=" + blocks
                    + ", timeLogitStd=" + timeLogitStd + " (0 to 10), shortcutLevels=" + shortcutLevels + " (0 to 12)");
        }
        if (couplingRank < 0 || couplingRank > 64 || (couplingRank > 0 && !maskedClasses)) {
            throw new IllegalArgumentException("invalid flow configuration: couplingRank is 0 to 64, and above 0 only for a"
                    + " masked class model (maskedClasses), got " + couplingRank);
        }
        uncoupledClasses = uncoupledClasses == null ? List.of() : List.copyOf(uncoupledClasses);
        for (String name : uncoupledClasses) {
            try {
                ParticleClass.ofShortName(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid flow configuration: uncoupledClasses: " + e.getMessage(), e);
            }
        }
        if (!uncoupledClasses.isEmpty() && couplingRank == 0) {
            throw new IllegalArgumentException("invalid flow configuration: uncoupledClasses " + uncoupledClasses
                    + " needs a pairwise class model (couplingRank > 0)");
        }
        if (autoregressiveClasses && couplingRank == 0) {
            throw new IllegalArgumentException("invalid flow configuration: autoregressiveClasses needs a pairwise class"
                    + " model (couplingRank > 0)");
        }
        if (maskedClasses && shortcutLevels > 0) {
            throw new IllegalArgumentException("invalid flow configuration: a masked class model (maskedClasses) has no"
                    + " shortcut levels, got shortcutLevels=" + shortcutLevels);
        }
        if (!(angularScale >= 0 && angularScale <= 10)) {
            throw new IllegalArgumentException("invalid flow configuration: angularScale is 0 (linear angles) or a radius"
                    + " in (0, 10] rad, got " + angularScale);
        }
        if (maskedClasses && optimalTransport) {
            throw new IllegalArgumentException("invalid flow configuration: a masked class model draws no noise to pair"
                    + " (optimalTransport is for flows)");
        }
        if (maskedClasses && contextDim > 2) {
            // The jet mass depends on the classes (their masses) that such a model draws.
            throw new IllegalArgumentException("invalid flow configuration: a masked class model is conditioned on jet pT"
                    + " and eta at most (contextDim <= 2), got contextDim=" + contextDim);
        }
    }

    /**
     * The CPU default ({@code samples/configs/cpu-default.json}, the shipped model): width 96, 4 heads,
     * 3 blocks, 150 particles, conditioned on jet pT and η, multiplicity embedded, 10,000 steps of 128
     * jets (the shipped model then had 8,000, 12,000, 10,000, 8,000 and 4,500 more with {@code --init},
     * the last with logit-normal training times, and a class calibration; samples/README.md).
     */
    public static FlowConfig cpuDefault() {
        return new FlowConfig(150, 96, 4, 3, 192, 16, 2, true, 0.075, 1e-5, 1e-3, 0, 0, 128, 4e-4, 1e-5, 100, 10000, 1.0,
                0.999, 1, 250, 0.05, false, 0, List.of(), false, false, false, 0);
    }

    /** Returns a copy with another number of jet-level conditions. */
    public FlowConfig withContext(int dim) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, dim, multiplicityEmbedding,
                beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate, finalLearningRate, warmupSteps, steps,
                clipNorm, emaDecay, seed, checkpointEvery, validationFraction, maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy that does or does not embed the jet multiplicity. */
    public FlowConfig withMultiplicityEmbedding(boolean on) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim, on, beta,
                sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate, finalLearningRate, warmupSteps, steps, clipNorm,
                emaDecay, seed, checkpointEvery, validationFraction, maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy that is a shortcut model with {@code levels} step-size levels (0: a flow). */
    public FlowConfig withShortcutLevels(int levels) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, levels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction, maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy that is, or is not, a masked class model. */
    public FlowConfig withMaskedClasses(boolean on) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction, on, on ? couplingRank : 0, on ? uncoupledClasses : List.of(), blockTimeGates, optimalTransport, on && autoregressiveClasses, angularScale);
    }

    /** Returns a copy of a masked class model with coupling rank r (0: group-by-group sampling). */
    public FlowConfig withCouplingRank(int r) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, r, r > 0 ? uncoupledClasses : List.of(), blockTimeGates, optimalTransport, r > 0 && autoregressiveClasses, angularScale);
    }

    /** Returns a copy of a pairwise class model whose listed classes ({@link ParticleClass} names) are not coupled. */
    public FlowConfig withUncoupledClasses(List<String> names) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, couplingRank, names, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy of a pairwise class model that is, or is not, autoregressive in pT order. */
    public FlowConfig withAutoregressiveClasses(boolean on) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, on, angularScale);
    }

    /** Returns a copy whose blocks do, or do not, gate the time embedding they add. */
    public FlowConfig withBlockTimeGates(boolean on) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, couplingRank, uncoupledClasses, on, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy whose training pairs noise and particles within each jet by optimal transport, or at random. */
    public FlowConfig withOptimalTransport(boolean on) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, on, autoregressiveClasses, angularScale);
    }

    /** Returns a copy whose particles' angles are compressed beyond r0 rad about the jet axis (0: linear). */
    public FlowConfig withAngularScale(double r0) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate,
                finalLearningRate, warmupSteps, steps, clipNorm, emaDecay, seed, checkpointEvery, validationFraction,
                maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, r0);
    }

    /** Returns a copy with other sizes (tests, toy data). */
    public FlowConfig withSizes(int particles, int w, int h, int b, int ff) {
        return new FlowConfig(particles, w, h, b, ff, timeFrequencies, contextDim, multiplicityEmbedding, beta, sigma,
                epsilon, timeLogitStd, shortcutLevels, batchSize, learningRate, finalLearningRate, warmupSteps, steps, clipNorm, emaDecay,
                seed, checkpointEvery, validationFraction, maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    /** Returns a copy with other training settings. */
    public FlowConfig withTraining(int batch, double lr, int warmup, int totalSteps, double ema, long newSeed) {
        return new FlowConfig(maxParticles, width, heads, blocks, feedForward, timeFrequencies, contextDim,
                multiplicityEmbedding, beta, sigma, epsilon, timeLogitStd, shortcutLevels, batch, lr, finalLearningRate, warmup, totalSteps,
                clipNorm, ema, newSeed, checkpointEvery, validationFraction, maskedClasses, couplingRank, uncoupledClasses, blockTimeGates, optimalTransport, autoregressiveClasses, angularScale);
    }

    public static FlowConfig read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), FlowConfig.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FlowConfig fromJson(String json) throws IOException {
        return JSON.readValue(json, FlowConfig.class);
    }
}
