package org.jetflow.flows.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.GraphScalar;
import org.jetflow.flows.net.ParameterIO;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.objective.DistillationObjective;
import org.jetflow.flows.objective.FlowObjective;
import org.jetflow.flows.objective.MaskedClassObjective;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.objective.ShortcutObjective;
import org.jetflow.flows.objective.TeacherTrajectories;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.DirectoryTree;

/**
 * Trains the multimodal flow (docs/flows.md#joint-training): one time t per jet shared by both
 * modalities, t ~ U(ε, 1 − ε) or logit-normal ({@link TrainingTimes}); flow matching on the linear
 * path (MSE of the velocity over real particles)
 * and the telegraph bridge (cross-entropy of the k1 logits over real particles), combined with
 * learned time-dependent weights {@code ½(u1 + e^−u1 L_MSE) + ½(u2 + e^−u2 L_CE)}; Adam with
 * warm-up and cosine decay, global gradient-norm clipping, an EMA of the weights.
 *
 * <p>A masked class model (FlowConfig.maskedClasses) trains the same way on {@link MaskedClassObjective}
 * instead: the cross-entropy of hidden classes, or for a pairwise model the pseudo-likelihood.
 *
 * <p>Every random number of step s comes from a generator seeded by (seed, s), so a run resumed from
 * a checkpoint continues exactly as the uninterrupted one, and the same seed gives the same run.
 * Each step's arrays live in their own sub-manager, closed at the end of the step.
 */
public final class FlowTrainer implements AutoCloseable {
    private final FlowConfig config;
    private final JetTensors train;
    private final JetTensors validation;
    private final NDManager manager;
    private final ParticleTransformer net;
    private final Map<String, NDArray> ema = new LinkedHashMap<>();
    private final FlowObjective objective;
    /** Self-consistency targets of a shortcut model; null for a flow. */
    private final ShortcutObjective shortcut;
    /** A teacher's trajectories, which replace the self-consistency targets when set. */
    private DistillationObjective distillation;
    /** The objective of a masked class model (FlowConfig.maskedClasses), which replaces the flow's; else null. */
    private final MaskedClassObjective masked;
    private final WarmupCosine schedule;
    private final TrainingTimes times;
    /** Validation stays at uniform times, so validation losses compare across time weightings. */
    private final TrainingTimes validationTimes;
    private Adam adam;
    /** Worker threads that share each step's buckets; null for one thread. */
    private DataParallel parallel;
    private int step;
    private int skipped;
    /** Wall-clock seconds spent in steps and checkpoints, over every resumed part of the run. */
    private double seconds;

    public FlowTrainer(FlowConfig config, JetTensors train, JetTensors validation, Modality modality) {
        this.config = config;
        this.train = train;
        this.validation = validation;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            // A copy by value, made before the weights join the autograd graph.
            ema.put(e.getKey(), manager.create(e.getValue().toFloatArray(), e.getValue().getShape()));
            e.getValue().setRequiresGradient(true);
        }
        this.adam = new Adam(net.parameters(), manager);
        this.objective = new FlowObjective(config, modality);
        this.shortcut = config.shortcutLevels() > 0 ? new ShortcutObjective(config, objective) : null;
        this.masked = config.maskedClasses() ? new MaskedClassObjective(config) : null;
        this.schedule = new WarmupCosine(config.learningRate(), config.finalLearningRate(), config.warmupSteps(),
                config.steps());
        this.times = new TrainingTimes(config.epsilon(), config.timeLogitStd());
        this.validationTimes = new TrainingTimes(config.epsilon(), 0);
    }

    /**
     * Teaches a shortcut model's steps from a teacher flow's trajectories ({@link DistillationObjective})
     * instead of its own half steps. Set before the first step, and again after a resume.
     */
    public void distilFrom(TeacherTrajectories teacher) {
        this.distillation = new DistillationObjective(config, objective, teacher);
    }

    /**
     * Shares each step's buckets among {@code n} worker threads of one PyTorch thread each
     * ({@link DataParallel}; 1 or 2). Set before the first step, and again after a resume. The weights
     * differ from a one-worker run's only by the rounding of the gradients' sums.
     */
    public void useWorkers(int n) {
        if (parallel != null) {
            parallel.close();
            parallel = null;
        }
        if (n != 1) {
            parallel = new DataParallel(n);
        }
    }

    /** Steps whose loss or gradient was not finite and whose update was skipped. */
    public int skippedSteps() {
        return skipped;
    }

    /**
     * Wall-clock seconds this run has spent training (steps and checkpoints), carried through
     * checkpoints, so a resumed run counts its earlier parts too.
     */
    public double trainingSeconds() {
        return seconds;
    }

    /** Steps done so far. */
    public int step() {
        return step;
    }

    public ParticleTransformer network() {
        return net;
    }

    /** The EMA weights (the raw weights when EMA is off). */
    public Map<String, NDArray> emaWeights() {
        return config.emaDecay() > 0 ? ema : net.parameters();
    }

    /** One optimisation step; returns the loss. */
    public double trainStep() {
        long t0 = System.nanoTime();
        try {
            return optimise();
        } finally {
            seconds += (System.nanoTime() - t0) / 1e9;
        }
    }

    private double optimise() {
        SplittableRandom rnd = new SplittableRandom(config.seed() * 1_000_003L + step);
        int[] jets = new int[config.batchSize()];
        for (int b = 0; b < jets.length; b++) {
            jets[b] = rnd.nextInt(train.jets());
        }
        double lossValue;
        try (NDManager sm = manager.newSubManager()) {
            List<FlowObjective.Bucket> batches;
            if (masked != null) {
                batches = masked.buckets(train, jets, rnd, sm);
            } else if (distillation != null) {
                int taught = distillation.distilledJets(jets.length);
                int[] matched = java.util.Arrays.copyOf(jets, jets.length - taught);
                batches = new java.util.ArrayList<>(objective.buckets(train, matched, times.draw(matched.length, rnd),
                        rnd, sm));
                batches.addAll(distillation.buckets(taught, rnd, sm));
            } else if (shortcut == null) {
                batches = objective.buckets(train, jets, times.draw(jets.length, rnd), rnd, sm);
            } else {
                // The last quarter of the batch learns large steps from the network's own half steps, computed
                // here, before the gradient collector records anything.
                int consistent = shortcut.consistencyJets(jets.length);
                int[] matched = java.util.Arrays.copyOf(jets, jets.length - consistent);
                batches = new java.util.ArrayList<>(objective.buckets(train, matched, times.draw(matched.length, rnd),
                        rnd, sm));
                batches.addAll(shortcut.buckets(net, train,
                        java.util.Arrays.copyOfRange(jets, matched.length, jets.length), rnd, sm));
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            if (parallel != null) {
                lossValue = parallel.backward(batches, this::cost, share -> loss(share, jets.length));
            } else {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = loss(batches, jets.length);
                    lossValue = loss.getFloat();
                    gc.backward(loss);
                }
            }
            double norm2 = 0;
            for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(sm);
                grads.put(e.getKey(), g);
                norm2 += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(norm2);
            step++;
            if (!Double.isFinite(norm) || !Double.isFinite(lossValue)) {
                // One overflowing batch must not poison the weights: skip its update (and count it).
                skipped++;
                zero(grads);
                return lossValue;
            }
            float scale = norm > config.clipNorm() && config.clipNorm() > 0 ? (float) (config.clipNorm() / norm) : 1f;
            adam.update(net.parameters(), grads, step, schedule.rate(step), scale, sm);
            zero(grads);
            if (config.emaDecay() > 0) {
                float d = (float) Math.min(config.emaDecay(), (1.0 + step) / (10.0 + step));
                for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                    NDArray part = e.getValue().mul(1 - d);
                    part.attach(sm);
                    ema.get(e.getKey()).muli(d).addi(part);
                }
            } else {
                for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                    ema.get(e.getKey()).set(e.getValue().toFloatArray());
                }
            }
        }
        return lossValue;
    }

    /**
     * Resets the accumulated gradients. Assigning zero, not multiplying by it: 0 × ∞ is NaN, and a
     * single overflowing step would otherwise leave NaN gradients behind for every later step. Not
     * {@code set(float[])} either: DJL then points the tensor at a Java buffer that dies with this
     * short-lived gradient handle, and a later step reads freed memory.
     */
    private static void zero(Map<String, NDArray> grads) {
        for (NDArray g : grads.values()) {
            g.set(new NDIndex(":"), 0f);
        }
    }

    /** Mean loss over the validation jets at fixed times and noise (deterministic). */
    public double validationLoss(int maxJets) {
        if (validation == null || validation.jets() == 0) {
            return Double.NaN;
        }
        int n = Math.min(maxJets, validation.jets());
        double sum = 0;
        SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5EEDL);
        for (int first = 0; first < n; first += config.batchSize()) {
            int[] jets = new int[Math.min(config.batchSize(), n - first)];
            for (int b = 0; b < jets.length; b++) {
                jets[b] = first + b;
            }
            try (NDManager sm = manager.newSubManager()) {
                List<FlowObjective.Bucket> buckets = masked != null ? masked.buckets(validation, jets, rnd, sm)
                        : objective.buckets(validation, jets, validationTimes.draw(jets.length, rnd), rnd, sm);
                sum += loss(buckets, 1).getFloat();
            }
        }
        return sum / n;
    }

    /** A bucket's share of a step's work. */
    private double cost(FlowObjective.Bucket in) {
        return ParticleTransformer.passCost(config, in.xt().getShape().get(0), in.xt().getShape().get(1));
    }

    /** The summed per-jet loss of the buckets divided by {@code norm}. */
    private NDArray loss(List<FlowObjective.Bucket> buckets, int norm) {
        NDArray total = null;
        for (FlowObjective.Bucket in : buckets) {
            NDArray sum = (masked != null ? masked.crossEntropy(net, in) : objective.evaluate(net, in).combined()).sum();
            total = total == null ? sum : total.add(sum);
        }
        return total.div(GraphScalar.of(total, norm));
    }

    /**
     * Writes a checkpoint directory (weights, EMA, optimizer moments, step) beside {@code dir}
     * ({@code DIR.tmp-PID}), then swaps it into place: a killed run leaves the previous checkpoint
     * intact, at {@code dir} or, killed mid-swap, at {@code DIR.old} ({@link #resume} reads either).
     * Temporaries of killed runs ({@code DIR.tmp-PID} of a dead PID) are removed.
     */
    public void checkpoint(Path dir) throws IOException {
        long t0 = System.nanoTime();
        write(dir);
        seconds += (System.nanoTime() - t0) / 1e9;
    }

    private void write(Path dir) throws IOException {
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IllegalStateException("training diverged: parameter " + e.getKey()
                            + " is not finite at step " + step + "; the last good checkpoint is kept at " + dir);
                }
            }
        }
        dir = dir.toAbsolutePath();
        removeStaleTemporaries(dir);
        Path tmp = temporary(dir, "");
        // This process's own pid on a temporary is an earlier failed write's, or a dead process's with the same pid.
        DirectoryTree.delete(tmp);
        Files.createDirectories(tmp);
        ParameterIO.write(tmp.resolve("weights.bin"), net.parameters());
        ParameterIO.write(tmp.resolve("ema.bin"), ema);
        ParameterIO.write(tmp.resolve("adam.bin"), adam.state());
        Files.writeString(tmp.resolve("step"), Integer.toString(step));
        Files.writeString(tmp.resolve("seconds"), Double.toString(seconds));
        Files.writeString(tmp.resolve("config.json"), config.toJson());
        Path old = old(dir);
        // Without dir, DIR.old is the checkpoint a kill mid-swap left: it stays until the new one is in place.
        if (Files.exists(dir)) {
            DirectoryTree.delete(old);
            Files.move(dir, old);
        }
        Files.move(tmp, dir);
        DirectoryTree.delete(old);
    }

    /** Whether {@link #resume} finds a checkpoint at {@code dir} (or at {@code DIR.old}, left by a kill mid-swap). */
    public static boolean hasCheckpoint(Path dir) {
        return Files.exists(dir) || Files.exists(old(dir.toAbsolutePath()));
    }

    /**
     * Removes the checkpoint at {@code dir}, its {@code DIR.old} and the temporaries of killed runs.
     * Each is renamed to a temporary before its files are deleted: a kill meanwhile leaves either a
     * whole checkpoint or none, never a half-deleted one for {@code --resume} to read.
     */
    public static void deleteCheckpoint(Path dir) throws IOException {
        dir = dir.toAbsolutePath();
        Path trash = temporary(dir, "-old");
        DirectoryTree.delete(trash);
        if (Files.exists(dir)) {
            // DIR.old is not read while dir exists.
            DirectoryTree.delete(old(dir));
            Files.move(dir, trash);
        } else if (Files.exists(old(dir))) {
            Files.move(old(dir), trash);
        }
        DirectoryTree.delete(trash);
        removeStaleTemporaries(dir);
    }

    private static Path old(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".old");
    }

    /** {@code DIR.tmp-PID} and {@code DIR.tmp-PID-old}: this process's temporaries of the checkpoint. */
    private static Path temporary(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid() + suffix);
    }

    private static void removeStaleTemporaries(Path dir) {
        AtomicTarget.removeStale(dir.getParent(), dir.getFileName() + ".tmp-", "(-old)?");
    }

    /**
     * Starts from trained weights (a model bundle's): the network and its EMA take them; Adam's
     * moments and the step count start afresh, so the learning-rate schedule runs again. Weights of a
     * model without the multiplicity embedding initialise one with it: the embedding starts as a
     * no-op (zero output layer), so training starts from exactly that model; so do a flow's weights
     * for a shortcut model, whose step-size embedding starts as a no-op too. A configuration with
     * time gates ({@link FlowConfig#blockTimeGates()}) grows a model with fewer blocks: its blocks are
     * copied (their gates at 1 if it had none) and the blocks after them start as the identity
     * ({@link ParticleTransformer#startAsIdentity}), so training starts from exactly that model too.
     *
     * @throws IllegalArgumentException when a weight is missing or has another shape
     */
    public void initialize(Map<String, NDArray> weights) {
        List<String> optional = new ArrayList<>(List.of(ParticleTransformer.MULTIPLICITY, ParticleTransformer.STEP));
        int have = ParticleTransformer.blocksOf(weights);
        if (config.blockTimeGates()) {
            for (int b = 0; b < config.blocks(); b++) {
                String prefix = ParticleTransformer.block(b);
                optional.add(b < have ? prefix + ParticleTransformer.TIME_GATE : prefix);
            }
        }
        String[] absent = optional.toArray(new String[0]);
        ParameterIO.copy(weights, net.parameters(), "initial weights", absent);
        ParameterIO.copy(weights, ema, "initial weights", absent);
        if (config.blockTimeGates() && have < config.blocks()) {
            ParticleTransformer.startAsIdentity(net.parameters(), have);
            ParticleTransformer.startAsIdentity(ema, have);
        }
    }

    /** Restores weights, EMA, moments and step from a checkpoint written by the same configuration. */
    public void resume(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Path old = old(dir.toAbsolutePath());
            if (Files.exists(old)) {
                dir = old;
            } else {
                throw new IOException("no checkpoint at " + dir);
            }
        }
        FlowConfig stored = FlowConfig.fromJson(Files.readString(dir.resolve("config.json")));
        if (!stored.equals(config)) {
            throw new IOException(dir + ": checkpoint was written with another configuration: " + stored.toJson());
        }
        try {
            ParameterIO.copy(ParameterIO.read(dir.resolve("weights.bin"), manager), net.parameters(), "checkpoint weights");
            ParameterIO.copy(ParameterIO.read(dir.resolve("ema.bin"), manager), ema, "checkpoint EMA weights");
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        adam = new Adam(ParameterIO.read(dir.resolve("adam.bin"), manager));
        step = Integer.parseInt(Files.readString(dir.resolve("step")).strip());
        // Checkpoints written before the time was kept have none.
        Path time = dir.resolve("seconds");
        seconds = Files.exists(time) ? Double.parseDouble(Files.readString(time).strip()) : 0;
    }

    @Override
    public void close() {
        if (parallel != null) {
            parallel.close();
        }
        manager.close();
    }
}
