package org.jetflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.flows.condition.ConditionTable;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.objective.TeacherTrajectories;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.ParticleReference;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.preprocess.RadialCompression;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.train.FlowTrainer;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow train}: trains the multimodal flow on jet files and writes a model bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the multimodal flow (flow matching + telegraph bridge) on jets and writes a model"
                + " bundle directory. Checkpoints go to BUNDLE.checkpoint; --resume continues a killed run exactly.",
        footer = {"%nExamples:", "  jetflow train --data qcd-train-1.h5 -o qcd-model",
            "  jetflow train --data a.h5 b.arrow --config samples/configs/cpu-small.json -o model --steps 5000",
            "  jetflow train --data qcd.h5 -o qcd-model --resume",
            "  jetflow train --data qcd.h5 --init qcd-model --steps 20000 -o qcd-model-longer",
            "  jetflow train --data qcd.h5 --config shortcut.json --init qcd-model --teacher qcd-model -o qcd-fast"})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Training jet files.")
    private List<Path> data;

    @Option(names = "--config", paramLabel = "CONFIG", description = "Flow configuration JSON (default: the CPU default).")
    private Path configFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "BUNDLE", description = "Model bundle directory.")
    private Path output;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps (overrides the configuration).")
    private Integer steps;

    @Option(names = "--limit", paramLabel = "N", description = "Read at most N jets in all.")
    private long limit = Long.MAX_VALUE;

    @Option(names = "--resume", description = "Continue from BUNDLE.checkpoint, to exactly the weights of an"
            + " uninterrupted run. Without a checkpoint (a run killed before its first one, or one that finished)"
            + " the run starts from step 0, as without --resume.")
    private boolean resume;

    @Option(names = "--init", paramLabel = "MODEL", description = "Start from a trained model's weights and"
            + " preprocessing (longer training, or fine-tuning on other jets); the architecture is the model's"
            + " (a --config may add the multiplicity embedding), the schedule comes from --config/--steps.")
    private Path init;

    @Option(names = "--teacher", paramLabel = "MODEL", description = "Distil a shortcut model (a configuration with"
            + " shortcutLevels > 0) from this trained flow: its sampler's trajectories, at its own default sampling,"
            + " teach every step size, instead of the model's own half steps. The trajectories are made once, before"
            + " the first step, and kept beside the checkpoint (BUNDLE.teacher) for --resume.")
    private Path teacher;

    @Option(names = "--teacher-jets", paramLabel = "N", description = "Teacher trajectories to make (default: ${DEFAULT-VALUE}).")
    private int teacherJets = 20_000;

    @Option(names = "--snapshots", split = ",", paramLabel = "MINUTES", description = "Also write the model as it"
            + " is after these minutes of training (wall clock, steps and checkpoints, counted across --resume) to"
            + " BUNDLE.MINUTESmin, each a complete bundle: the points of a learning curve (e.g. 30,60,120,180).")
    private List<Double> snapshots = List.of();

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads that share each step's jets, one"
            + " PyTorch thread each: 2 on two cores train 1.5 times the jets per second of 1 worker on two threads"
            + " (default: ${DEFAULT-VALUE}; at most 2).")
    private int workers = 1;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        // Paths and options first, before the model and the jets load.
        for (Path f : data) {
            JetFiles.requireReadable(f);
        }
        if (steps != null && steps < 0) {
            throw new IllegalArgumentException("--steps must not be negative, got " + steps);
        }
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("--config " + configFile + ": no such file");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("-o " + output + ": its directory does not exist");
        }
        for (double m : snapshots) {
            if (!(m > 0 && m < 1e6)) {
                throw new IllegalArgumentException("--snapshots: minutes must be positive, got " + m);
            }
        }
        requireWorkers(workers);
        if (teacherJets < 1) {
            throw new IllegalArgumentException("--teacher-jets must be at least 1, got " + teacherJets);
        }
        ModelBundle start = init == null ? null : ModelBundle.load(init);
        ModelBundle taught = teacher == null ? null : ModelBundle.load(teacher);
        try {
            return train(start, taught);
        } finally {
            if (taught != null) {
                taught.close();
            }
            if (start != null) {
                start.close();
            }
        }
    }

    private Integer train(ModelBundle start, ModelBundle taught) throws IOException {
        FlowConfig config = configFile == null ? (start == null ? FlowConfig.cpuDefault() : start.config())
                : FlowConfig.read(configFile);
        if (start != null && !initialises(start.config(), config)) {
            throw new IllegalArgumentException("--init " + init + ": the model's architecture " + architecture(start.config())
                    + " differs from the configuration's " + architecture(config));
        }
        if (taught != null) {
            checkTeacher(taught, config, start);
        }
        if (steps != null) {
            config = config.withTraining(config.batchSize(), config.learningRate(), config.warmupSteps(), steps,
                    config.emaDecay(), config.seed());
        }
        List<JetBatch> jets = new ArrayList<>();
        long n = 0;
        for (Path f : data) {
            List<JetBatch> part = JetFiles.read(f, limit - n);
            jets.addAll(part);
            n += part.stream().mapToInt(JetBatch::size).sum();
        }
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 training jets, read " + n);
        }
        int nVal = (int) Math.max(1, Math.round(n * config.validationFraction()));
        // The last nVal jets are held out for the validation loss.
        List<JetBatch> trainJets = new ArrayList<>();
        JetBatch.Builder held = JetBatch.builder(jets.get(0).schema(), nVal);
        long seen = 0;
        for (JetBatch b : jets) {
            int keep = (int) Math.max(0, Math.min(b.size(), n - nVal - seen));
            if (keep > 0) {
                trainJets.add(b.head(keep));
            }
            for (int j = keep; j < b.size(); j++) {
                b.copyJet(j, held);
            }
            seen += b.size();
        }
        List<JetBatch> valJets = List.of(held.build());
        // A started model keeps the statistics its weights were trained with.
        Preprocessing pre = start != null ? start.preprocessing()
                : taught != null ? taught.preprocessing()
                : Preprocessing.fit(trainJets, config.maxParticles(), new RadialCompression(config.angularScale()));
        if (start != null) {
            // The rows conditions are drawn from describe the jets trained on last, at pT quantiles even when
            // the started model's were an older, noisier subsample; the standardisation stays the weights'.
            pre = pre.withConditionRows(ConditionTable.fit(trainJets, config.maxParticles()));
        }
        if (pre.reference() == null) {
            // Models written before the reference existed get one from these jets.
            pre = pre.withReference(ParticleReference.fit(trainJets, config.maxParticles()));
        }
        JetTensors train = JetTensors.of(trainJets, pre, config.maxParticles());
        JetTensors val = JetTensors.of(valJets, pre, config.maxParticles());
        Path checkpoint = output.resolveSibling(output.getFileName() + ".checkpoint");
        Path trajectories = output.resolveSibling(output.getFileName() + ".teacher");
        try (FlowTrainer trainer = new FlowTrainer(config, train, val, Modality.BOTH)) {
            boolean resumed = resume && FlowTrainer.hasCheckpoint(checkpoint);
            if (resumed) {
                trainer.resume(checkpoint);
            } else if (resume && !quiet) {
                System.err.println("train: no checkpoint at " + checkpoint + "; starting from step 0");
            }
            if (!resumed && start != null) {
                trainer.initialize(start.weights());
            }
            trainer.useWorkers(workers);
            if (taught != null) {
                trainer.distilFrom(teacherTrajectories(taught, train, config, trajectories));
            }
            long t0 = System.nanoTime();
            int first = trainer.step();
            double loss = Double.NaN;
            long lastDraw = 0;
            double[] marks = snapshots.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
            int mark = 0;
            // A resumed run has written the snapshots it passed.
            while (mark < marks.length && trainer.trainingSeconds() >= marks[mark] * 60.0) {
                mark++;
            }
            Bundle written = new Bundle(config, pre, n, train.jets(), val.jets(),
                    taught == null ? null : taught.sampling().describe());
            while (trainer.step() < config.steps()) {
                loss = trainer.trainStep();
                if (config.checkpointEvery() > 0 && trainer.step() % config.checkpointEvery() == 0) {
                    trainer.checkpoint(checkpoint);
                }
                if (mark < marks.length && trainer.trainingSeconds() >= marks[mark] * 60.0) {
                    String minutes = new java.math.BigDecimal(Double.toString(marks[mark])).stripTrailingZeros()
                            .toPlainString();
                    Path snapshot = output.resolveSibling(output.getFileName() + "." + minutes + "min");
                    save(snapshot, trainer, written, loss, trainer.validationLoss(2048));
                    if (!quiet) {
                        System.err.printf(Locale.ROOT, "%ntrain: %s min, step %d: wrote %s%n", minutes, trainer.step(),
                                snapshot);
                    }
                    mark++;
                }
                long now = System.nanoTime();
                if (!quiet && now - lastDraw > 500_000_000L) {
                    lastDraw = now;
                    double s = (now - t0) / 1e9;
                    double rate = (trainer.step() - first) * (double) config.batchSize() / s;
                    double eta = (config.steps() - trainer.step()) * config.batchSize() / Math.max(rate, 1e-9);
                    System.err.printf(Locale.ROOT, "\rtrain: step %d/%d  loss %.4f  %.0f jets/s  ETA %.0f s%s   ",
                            trainer.step(), config.steps(), loss, rate, eta,
                            trainer.skippedSteps() > 0 ? "  (" + trainer.skippedSteps() + " non-finite steps skipped)" : "");
                }
            }
            double valLoss = trainer.validationLoss(2048);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!quiet) {
                System.err.printf(Locale.ROOT, "%ntrain: %d steps in %.1f s, last loss %.4f, validation loss %.4f%n",
                        trainer.step() - first, seconds, loss, valLoss);
            }
            save(output, trainer, written, loss, valLoss);
        }
        FlowTrainer.deleteCheckpoint(checkpoint);
        Files.deleteIfExists(trajectories);
        if (!quiet) {
            System.out.println("wrote model " + output);
        }
        return 0;
    }

    /** The {@code --workers} of train and recipe: one, or two (FlowTrainer#useWorkers). */
    static void requireWorkers(int workers) {
        if (workers < 1 || workers > 2) {
            throw new IllegalArgumentException("--workers must be 1 or 2, got " + workers);
        }
    }

    /** What every bundle this run writes shares: its configuration, preprocessing and jets. */
    private record Bundle(FlowConfig config, Preprocessing pre, long jets, int trainingJets, int validationJets,
            String teacherSampling) {
    }

    /** Writes the trainer's EMA weights as a bundle, its card naming the data, the steps and the training time. */
    private void save(Path dir, FlowTrainer trainer, Bundle b, double loss, double valLoss) throws IOException {
        ObjectMapper json = new ObjectMapper();
        // Names, sizes and hashes, never paths: a card must not carry the directories of the machine it was made on.
        ObjectNode provenance = json.createObjectNode();
        provenance.set("files", ModelBundle.fingerprints(data, null));
        if (init != null) {
            provenance.set("initialized_from", ModelBundle.identity(init));
        }
        if (teacher != null) {
            provenance.set("distilled_from", ModelBundle.identity(teacher));
            provenance.put("teacher_sampling", b.teacherSampling()).put("teacher_jets", Math.min(teacherJets, b.trainingJets()));
        }
        provenance.put("jets", b.jets()).put("training_jets", b.trainingJets()).put("validation_jets", b.validationJets());
        ObjectNode metrics = json.createObjectNode().put("steps", trainer.step()).put("final_train_loss", loss)
                .put("validation_loss", valLoss).put("skipped_non_finite_steps", trainer.skippedSteps())
                .put("training_seconds", Math.round(trainer.trainingSeconds() * 10) / 10.0)
                .put("workers", workers);
        String version = TrainCommand.class.getPackage().getImplementationVersion();
        ModelBundle.save(dir, b.config(), b.pre(), trainer.emaWeights(), provenance, metrics,
                version == null ? "development" : version);
    }

    /** A teacher must be a flow in the same coordinates whose sampling lands on the shortcut grid. */
    private void checkTeacher(ModelBundle taught, FlowConfig config, ModelBundle start) {
        if (config.shortcutLevels() < 1) {
            throw new IllegalArgumentException("--teacher distils a shortcut model: the configuration needs"
                    + " shortcutLevels > 0");
        }
        if (taught.config().shortcutLevels() > 0 || taught.sampling().solver() == Solver.SHORTCUT) {
            throw new IllegalArgumentException("--teacher " + teacher + ": a teacher must be a flow sampled by"
                    + " euler or heun, not a shortcut model");
        }
        int grid = 1 << config.shortcutLevels();
        if (taught.sampling().steps() % grid != 0) {
            throw new IllegalArgumentException("--teacher " + teacher + ": its " + taught.sampling().steps()
                    + " steps do not land on the " + grid + "-step grid of " + config.shortcutLevels() + " shortcut levels");
        }
        if (taught.config().contextDim() != config.contextDim()) {
            throw new IllegalArgumentException("--teacher " + teacher + ": conditioned on " + taught.config().contextDim()
                    + " jet values, the configuration on " + config.contextDim());
        }
        if (taught.config().angularScale() != config.angularScale()) {
            throw new IllegalArgumentException("--teacher " + teacher + ": its angularScale is " + taught.config().angularScale()
                    + ", the configuration's " + config.angularScale() + ": the student learns in the teacher's coordinates");
        }
        if (start != null && !(java.util.Arrays.equals(start.preprocessing().mean(), taught.preprocessing().mean())
                && java.util.Arrays.equals(start.preprocessing().std(), taught.preprocessing().std()))) {
            throw new IllegalArgumentException("--teacher " + teacher + ": its preprocessing differs from --init "
                    + init + "'s, so its trajectories are in other coordinates");
        }
    }

    /**
     * The teacher's trajectories for a seeded sample of the training jets: read from {@code file} when a
     * killed run left the same ones there, else made and written there.
     */
    private TeacherTrajectories teacherTrajectories(ModelBundle taught, JetTensors train, FlowConfig config, Path file)
            throws IOException {
        int n = Math.min(teacherJets, train.jets());
        Sampling at = taught.sampling();
        String origin = ModelBundle.identity(teacher).toString() + " " + at.solverName() + " " + at.steps() + ", "
                + n + " of " + train.jets() + " jets, seed " + config.seed() + ", grid " + (1 << config.shortcutLevels());
        if (origin.equals(TeacherTrajectories.originOf(file))) {
            if (!quiet) {
                System.err.println("train: teacher trajectories from " + file.getFileName());
            }
            return TeacherTrajectories.read(file);
        }
        // A partial Fisher–Yates shuffle: n distinct jets, the same for the same seed.
        int[] order = new int[train.jets()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(config.seed() ^ 0x7EAC4E5L);
        for (int i = 0; i < n; i++) {
            int k = i + rnd.nextInt(order.length - i);
            int tmp = order[i];
            order[i] = order[k];
            order[k] = tmp;
        }
        long t0 = System.nanoTime();
        TeacherTrajectories out;
        try (FlowSampler sampler = taught.sampler()) {
            out = sampler.trajectories(train, java.util.Arrays.copyOf(order, n), 1 << config.shortcutLevels(),
                    at.steps(), at.solver(), config.seed(), origin, done -> {
                        if (!quiet) {
                            double s = (System.nanoTime() - t0) / 1e9;
                            System.err.printf(Locale.ROOT, "\rtrain: teacher trajectories %d/%d  %.0f jets/s   ", done, n,
                                    done / Math.max(s, 1e-9));
                        }
                    });
        }
        if (!quiet) {
            System.err.println();
        }
        out.write(file);
        return out;
    }

    /**
     * Whether a model's weights can start a configuration: the same architecture, except that the
     * configuration may add the multiplicity embedding (FlowTrainer.initialize), never drop it, and a
     * configuration with time gates may add them and more blocks.
     */
    private static boolean initialises(FlowConfig model, FlowConfig config) {
        FlowConfig grown = model.withMultiplicityEmbedding(config.multiplicityEmbedding());
        if (config.blockTimeGates() && config.blocks() >= model.blocks()) {
            grown = grown.withSizes(grown.maxParticles(), grown.width(), grown.heads(), config.blocks(), grown.feedForward())
                    .withBlockTimeGates(true);
        }
        return architecture(grown).equals(architecture(config))
                && (config.multiplicityEmbedding() || !model.multiplicityEmbedding());
    }

    private static String architecture(FlowConfig c) {
        return "P=" + c.maxParticles() + ", width " + c.width() + ", heads " + c.heads() + ", blocks " + c.blocks()
                + ", feed-forward " + c.feedForward() + ", time frequencies " + c.timeFrequencies() + ", context "
                + c.contextDim() + (c.multiplicityEmbedding() ? " + multiplicity" : "")
                + (c.blockTimeGates() ? " + time gates" : "") + ", beta " + c.beta()
                + (c.angularScale() > 0 ? ", angles compressed beyond " + c.angularScale() + " rad" : "");
    }
}
