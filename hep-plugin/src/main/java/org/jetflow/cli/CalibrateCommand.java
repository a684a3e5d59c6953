package org.jetflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.ClassCalibration;
import org.jetflow.flows.sample.ClassCalibrator;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.MaskedClassSampler;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.sample.StepSchedule;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow calibrate}: fits the class-logit biases that give generated jets their training
 * jets' class fractions.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fits additive biases on a model's class logits so that generated particles carry the class"
                + " fractions of its training jets, and writes the model with them to OUT. Generates the same N jets"
                + " once per pass; a class is moved only when it is more than 2 Poisson sigma off. Fit on the"
                + " training jets, never on jets the model is to be compared with.",
        footer = {"%nExample:",
            "  jetflow calibrate --model qcd-model --data qcd-train-1.h5 -o qcd-model-calibrated"})
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Model bundle to calibrate.")
    private Path model;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE",
            description = "The model's training jet files (.h5, .arrow).")
    private List<Path> data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Calibrated bundle directory (may be BUNDLE itself).")
    private Path output;

    @Option(names = "-n", paramLabel = "N", description = "Jets generated per pass (default ${DEFAULT-VALUE}).")
    private int jets = 5000;

    @Option(names = "--updates", paramLabel = "U", description = "Bias updates; one more pass measures the result"
            + " (default ${DEFAULT-VALUE}).")
    private int updates = 2;

    @Option(names = "--steps", paramLabel = "K", description = "Integration steps (default: the model's own, 16"
            + " for an uncalibrated flow). The model then samples this way by default.")
    private Integer steps;

    @Option(names = "--solver", paramLabel = "euler|heun|shortcut",
            description = "Solver (default: the model's own, heun for an uncalibrated flow).")
    private String solver;

    @Option(names = "--schedule", paramLabel = "D1,D2,...", description = "Unequal shortcut steps 1/D1, 1/D2, ..."
            + " (powers of two adding up to 1, each starting on a multiple of its size, e.g. 2,4,8,8); the model then"
            + " samples this way by default. Not with --steps or --solver.")
    private String schedule;

    @Option(names = "--class-model", description = "Fit the biases of the flow's attached class model, on the classes"
            + " it draws for the kinematics the flow generates, instead of the flow's own class logits.")
    private boolean classModelFit;

    @Option(names = "--jet-charge", description = "For a pairwise class model: also fit the jet-charge terms, so that"
            + " the classes drawn for the training jets' kinematics have their mean jet charge and mean squared jet"
            + " charge (docs/flows.md#classes-from-a-class-model).")
    private boolean jetCharge;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = "--sweeps", paramLabel = "S", description = "For a class model: its sweeps per jet (default"
            + " ${DEFAULT-VALUE}); it draws classes for the kinematics of the first -n training jets.")
    private int sweeps = 20;

    /** Jets a class model draws classes for at once. */
    private static final int CLASS_CHUNK = 256;

    @Option(names = "--limit", paramLabel = "N", description = "Read at most N training jets.")
    private long limit = Long.MAX_VALUE;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (jets < 1 || updates < 1 || limit < 1 || (steps != null && steps < 1)) {
            throw new IllegalArgumentException("-n, --updates, --steps and --limit must be at least 1");
        }
        if (solver != null) {
            Solver.parse(solver);
        }
        for (Path f : data) {
            JetFiles.requireReadable(f);
        }
        try (ModelBundle bundle = ModelBundle.load(model)) {
            if (bundle.config().maskedClasses()) {
                return calibrateClassModel(bundle);
            }
            if (jetCharge) {
                throw new IllegalArgumentException("--jet-charge fits a pairwise class model's own calibration: " + model
                        + " is a flow (calibrate its class model, then attach it)");
            }
            Sampling at = sampling(bundle);
            if (classModelFit) {
                return calibrateAttachedClassModel(bundle, at);
            }
            int maxParticles = bundle.config().maxParticles();
            TrainingJets training = TrainingJets.read(data, limit);
            ArrayNode files = training.files();
            double[] target = ClassCalibrator.classFractions(training.batches(), maxParticles);
            training.batches().clear();
            Progress progress = new Progress(System.err, "calibrate", (long) jets * (updates + 1), quiet);
            ClassCalibrator.Result fit;
            // The calibration corrects the flow's own classes, so a class model (which replaces them) stays off.
            try (FlowSampler sampler = bundle.sampler().classSweeps(0).schedule(at.schedule())) {
                fit = ClassCalibrator.fit(sampler, target, jets, seed, at.steps(), at.solver(), updates,
                        progress::advance);
            }
            progress.finish();
            bundle.saveCalibrated(output, fit, at, provenance(files, at));
            if (!quiet) {
                print(fit);
                System.out.println("wrote " + output);
            }
        }
        return 0;
    }

    /** The sampling to fit at: the model's own, or the options'. */
    private Sampling sampling(ModelBundle bundle) {
        Sampling at = bundle.sampling().with(steps, solver);
        if (schedule != null) {
            if (steps != null || solver != null) {
                throw new IllegalArgumentException("--schedule sets the steps and the solver: not with --steps or --solver");
            }
            at = Sampling.shortcut(StepSchedule.parse(schedule), at.classSweeps());
        }
        FlowSampler.check(bundle.config(), at);
        return at;
    }

    /** What a flow's calibration was fitted on and at. */
    private ObjectNode provenance(ArrayNode files, Sampling at) {
        ObjectNode provenance = new ObjectMapper().createObjectNode();
        provenance.set("files", files);
        provenance.put("jets_per_pass", jets).put("updates", updates).put("steps", at.steps())
                .put("solver", at.solverName());
        if (at.schedule() != null) {
            provenance.put("schedule", at.schedule().toString());
        }
        return provenance.put("seed", seed);
    }

    /**
     * The flow generates -n jets per pass, each pass with the same random numbers, and its attached
     * class model draws their classes with biases that move towards the training jets' class fractions.
     */
    private Integer calibrateAttachedClassModel(ModelBundle bundle, Sampling at) throws Exception {
        ModelBundle classes = bundle.classModel();
        if (classes == null || at.classSweeps() < 1) {
            throw new IllegalArgumentException("--class-model needs a flow with an attached class model that draws its"
                    + " classes (jetflow attach)");
        }
        TrainingJets training = TrainingJets.read(data, limit);
        ArrayNode files = training.files();
        double[] target = ClassCalibrator.classFractions(training.batches(), bundle.config().maxParticles());
        training.batches().clear();
        Progress progress = new Progress(System.err, "calibrate", (long) jets * (updates + 1), quiet);
        ClassCalibrator.Result fit;
        MaskedClassSampler drawer = classes.classSampler();
        try (FlowSampler sampler = bundle.sampler().classModel(drawer).classSweeps(at.classSweeps())
                .schedule(at.schedule())) {
            fit = ClassCalibrator.fitClassModel(sampler, drawer, classes.calibration(), target, jets, seed, at.steps(),
                    at.solver(), updates, progress::advance);
        }
        progress.finish();
        ObjectNode provenance = provenance(files, at).put("class_sweeps", at.classSweeps())
                .put("kinematics", "generated by the flow it is attached to");
        bundle.saveWithClassCalibration(output, fit, at, provenance);
        if (!quiet) {
            print(fit);
            System.out.println("wrote " + output);
        }
        return 0;
    }

    /**
     * A class model draws classes for the kinematics of the first -n training jets, each pass with
     * the same random numbers, and its field biases move towards the training jets' class fractions.
     */
    private Integer calibrateClassModel(ModelBundle bundle) throws Exception {
        if (sweeps < 1) {
            throw new IllegalArgumentException("--sweeps must be at least 1, got " + sweeps);
        }
        FlowConfig config = bundle.config();
        if (jetCharge && (config.couplingRank() == 0 || config.autoregressiveClasses())) {
            throw new IllegalArgumentException("--jet-charge: " + model + " is not a pairwise class model sampled by Gibbs"
                    + " sweeps (couplingRank > 0, not autoregressive)");
        }
        int maxParticles = bundle.config().maxParticles();
        TrainingJets training = TrainingJets.read(data, limit);
        double[] target = ClassCalibrator.classFractions(training.batches(), maxParticles);
        List<JetBatch> chunks = new ArrayList<>();
        JetBatch.Builder chunk = null;
        int taken = 0;
        for (JetBatch b : training.batches()) {
            for (int j = 0; j < b.size() && taken < jets; j++, taken++) {
                if (chunk == null) {
                    chunk = JetBatch.builder(b.schema(), CLASS_CHUNK);
                }
                b.copyJet(j, chunk);
                if ((taken + 1) % CLASS_CHUNK == 0) {
                    chunks.add(chunk.build());
                    chunk = null;
                }
            }
        }
        if (chunk != null) {
            chunks.add(chunk.build());
        }
        training.batches().clear();
        Progress progress = new Progress(System.err, "calibrate", (long) taken * (updates + 1), quiet);
        ClassCalibrator.Result fit;
        try (MaskedClassSampler sampler = bundle.classSampler()) {
            ClassCalibrator.JetCharges charges = null;
            double[] targetCharge = new double[0];
            if (jetCharge) {
                charges = (b, classes) -> sampler.jetCharges(chunks.get(b), classes);
                targetCharge = new double[2];
                for (JetBatch b : chunks) {
                    for (double q : sampler.jetCharges(b, null)) {
                        targetCharge[0] += q / taken;
                        targetCharge[1] += q * q / taken;
                    }
                }
            }
            fit = ClassCalibrator.fit((c, b, n) -> sampler.calibration(c).classes(chunks.get(b), sweeps,
                    new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b)), ClassCalibration.NONE, target, charges,
                    targetCharge, taken, updates, config.couplingRank() > 0 ? 0.5 : 1.0, progress::advance);
        }
        progress.finish();
        ObjectNode provenance = new ObjectMapper().createObjectNode();
        provenance.set("files", training.files());
        provenance.put("jets_per_pass", taken).put("updates", updates).put("sweeps", sweeps).put("seed", seed)
                .put("kinematics", "the training jets' own");
        bundle.saveCalibrated(output, fit, null, provenance);
        if (!quiet) {
            print(fit);
            System.out.println("wrote " + output);
        }
        return 0;
    }

    private static void print(ClassCalibrator.Result fit) {
        double[][] q = fit.chargeMoments();
        if (q.length > 0) {
            double[] t = fit.targetChargeMoments();
            System.out.printf(Locale.ROOT, "jet charge mean and mean square: training %.5f %.5f, before %.5f %.5f,"
                    + " after %.5f %.5f; energy %+.3f Q - %.3f Q^2%n", t[0], t[1], q[0][0], q[0][1], q[q.length - 1][0],
                    q[q.length - 1][1], fit.calibration().chargeField(), fit.calibration().chargeTilt());
        }
        double[][] f = fit.fractions();
        System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s %8s%n", "class", "training", "before", "after", "bias");
        for (int k = 0; k < fit.target().length; k++) {
            System.out.printf(Locale.ROOT, "%-8s %10.5f %10.5f %10.5f %+8.3f%n",
                    ParticleClass.ofToken(k + 1).shortName(), fit.target()[k], f[0][k], f[f.length - 1][k],
                    fit.calibration().bias(k));
        }
    }
}
