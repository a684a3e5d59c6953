package org.jetflow.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.jetflow.api.DefaultModel;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.sample.StepSchedule;
import org.jetflow.flows.score.JetScorer;
import org.jetflow.flows.score.OdeLikelihood;
import org.jetflow.flows.train.FlowTrainer;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.observable.JetObservables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow bench}: the throughput figures users care about in one run — read, observables,
 * training step, generation at several step counts, anomaly scoring — each in jets/s with the core
 * count; the subcommands measure each part in more detail.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures throughput (jets/s) on this machine and prints it with the core count. Without a"
                + " subcommand: read, observables, train step, generate (several step counts) and score, on the sample"
                + " data with the default model.",
        subcommands = {IoBenchmark.class, ObservablesBenchmark.class, FlowBenchmark.class, NetworkBenchmark.class},
        footer = {"%nExamples:", "  jetflow bench", "  jetflow bench --data qcd-train-1.h5 --model qcd-model",
            "  jetflow bench io qcd-train-1.h5", "  jetflow bench network", "  taskset -c 0 jetflow bench io --repeat 5 qcd-train-1.h5"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", description = "Jets to use (default: samples/data/qcd-2k.h5).")
    private Path data;

    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle (default: the shipped QCD model).")
    private Path model;

    @Option(names = "--jets", paramLabel = "N", description = "Jets per generate/score run (default ${DEFAULT-VALUE}).")
    private int jets = 256;

    @Override
    public Integer call() throws Exception {
        Path bundlePath = model != null ? model : DefaultModel.path();
        Path file = data != null ? data : bundlePath.resolve("../../data/qcd-2k.h5").normalize();
        System.out.printf(Locale.ROOT, "jetflow bench: %s, model %s; %d cores available, Java %s%n", file, bundlePath,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        report("read " + file.getFileName(), best(3, () -> IoBenchmark.readAll(file).jets()));
        List<JetBatch> batches = JetFiles.read(file, Long.MAX_VALUE);
        JetObservables obs = new JetObservables();
        report("observables (1 thread)", best(3, () -> {
            long n = 0;
            for (JetBatch b : batches) {
                n += obs.compute(b).rows();
            }
            return n;
        }));
        try (ModelBundle bundle = ModelBundle.load(bundlePath)) {
            FlowConfig cfg = bundle.config();
            Preprocessing pre = Preprocessing.fit(batches, cfg.maxParticles());
            try (FlowTrainer trainer = new FlowTrainer(cfg, JetTensors.of(batches, pre, cfg.maxParticles()), null,
                    Modality.BOTH)) {
                trainer.trainStep();
                report("train step (batch " + cfg.batchSize() + ")", once(() -> {
                    for (int s = 0; s < 5; s++) {
                        trainer.trainStep();
                    }
                    return 5L * cfg.batchSize();
                }));
            }
            try (FlowSampler sampler = bundle.sampler()) {
                sampler.classSweeps(0).sample(32, 1, 0, 2, Solver.EULER, 1.0);
                List<Sampling> runs = new java.util.ArrayList<>(List.of(new Sampling(Solver.EULER, 32),
                        new Sampling(Solver.EULER, 16), new Sampling(Solver.HEUN, 16), new Sampling(Solver.HEUN, 8)));
                // A shortcut model also at each of its step counts, and at its own schedule.
                for (int k = 1; k <= (cfg.shortcutLevels() > 0 ? 1 << cfg.shortcutLevels() : 0); k *= 2) {
                    runs.add(new Sampling(Solver.SHORTCUT, k));
                }
                StepSchedule schedule = bundle.sampling().schedule();
                if (schedule != null) {
                    runs.add(Sampling.shortcut(schedule, 0));
                }
                // A model with a class model also draws its classes with it, at its own sweeps: each row twice.
                int own = bundle.sampling().classSweeps();
                if (own > 0) {
                    for (Sampling run : List.copyOf(runs)) {
                        runs.add(run.withClassSweeps(own));
                    }
                }
                for (Sampling run : runs) {
                    sampler.classSweeps(run.classSweeps()).schedule(run.schedule());
                    if (run.classSweeps() > 0) {
                        sampler.sample(32, 1, 0, run.steps(), run.solver(), 1.0);
                    }
                    String steps = run.schedule() != null ? "schedule " + run.schedule() : "K=" + run.steps();
                    report(String.format(Locale.ROOT, "generate %s %s%s", run.solverName(), steps,
                            run.classSweeps() > 0 ? " + classes S=" + run.classSweeps() : ""), once(() -> {
                                sampler.sample(jets, 1, 1, run.steps(), run.solver(), 1.0);
                                return jets;
                            }));
                }
            }
            JetBatch head = batches.get(0).head(Math.min(jets, batches.get(0).size()));
            for (JetScorer.Settings settings : List.of(JetScorer.Settings.defaults(),
                    new JetScorer.Settings(JetScorer.Method.LOSS, 8, 2, 1, OdeLikelihood.Scheme.EULER))) {
                try (JetScorer scorer = new JetScorer(cfg, bundle.preprocessing(), bundle.weights(), settings)) {
                    scorer.score(head.head(Math.min(8, head.size())));
                    report(settings.method() == JetScorer.Method.LIKELIHOOD
                            ? String.format(Locale.ROOT, "score (likelihood, %s %d ODE steps)",
                                    settings.scheme().name().toLowerCase(Locale.ROOT), settings.steps())
                            : "score (loss, 8 times x 2 draws)", once(() -> scorer.score(head)[0].length));
                }
            }
        }
        return 0;
    }

    /** Best rate of {@code repeat} timed runs after a warm-up run. */
    private static double best(int repeat, LongSupplier job) {
        job.getAsLong();
        double best = 0;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            long n = job.getAsLong();
            best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }

    /** The rate of one timed run (the caller has warmed up). */
    private static double once(LongSupplier job) {
        long t0 = System.nanoTime();
        long n = job.getAsLong();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void report(String what, double rate) {
        System.out.printf(Locale.ROOT, "%-30s %12.1f jets/s%n", what, rate);
    }
}
