package org.jetflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code jetflow spark}: the jobs that scale out on Apache Spark. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Generates, scores and validates jets on Apache Spark: embedded on this machine (--master"
                + " local[*], the default) or on a cluster under spark-submit. Data in and out are Parquet datasets"
                + " with the columns of JetFlow's Arrow jet files plus the global jet index 'jet'; inputs may also be"
                + " JetFlow jet files (.h5, .arrow, .root), one task per file.",
        subcommands = {SparkCommand.Generate.class, SparkCommand.Score.class, SparkCommand.Observables.class,
            SparkCommand.Validate.class},
        footer = {"%nExamples:",
            "  jetflow spark generate -n 1000000 --partitions 64 --seed 1 -o gen.parquet",
            "  jetflow spark score --data top.parquet -o top-scores.parquet --master local[2]",
            "  jetflow spark validate --generated gen.parquet --reference qcd.h5 -o report",
            "  spark-submit --master yarn --class org.jetflow.cli.JetflowCommand --jars LIBS jetflow.jar spark generate ...",
            "%nRun 'jetflow spark COMMAND --help' for a job's options."})
final class SparkCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a Spark job is required");
    }

    /** Options every job has. */
    static final class Common {
        @CommandLine.Option(names = "--master", paramLabel = "URL",
                description = "Spark master (default: spark-submit's, else local[*]).")
        String master;

        @CommandLine.Option(names = "--overwrite", description = "Replace an existing output.")
        boolean overwrite;

        @CommandLine.Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
        boolean quiet;
    }

    /** The model a job uses. */
    static final class ModelOption {
        @CommandLine.Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle (default: the shipped QCD model).")
        java.nio.file.Path model;

        java.nio.file.Path bundle() {
            return model != null ? model : org.jetflow.api.DefaultModel.path();
        }
    }

    /** The jets a job reads. */
    static final class JetInput {
        @CommandLine.Option(names = "--data", required = true, arity = "1..*", paramLabel = "IN",
                description = "Parquet dataset(s) or jet files.")
        java.util.List<String> data;

        @CommandLine.Mixin
        InputPartitions partitions = new InputPartitions();
    }

    /** How many partitions input jets are spread over. */
    static final class InputPartitions {
        @CommandLine.Option(names = "--partitions", paramLabel = "P",
                description = "Spread the input jets over at least P tasks (default: one per core of the master).")
        int partitions;
    }

    /**
     * Runs a job, turning a missing Spark into a one-line error, and a failed task into the error
     * that failed it (Spark wraps it with the stack trace in the message).
     */
    static int withSpark(Callable<Integer> job) throws Exception {
        try {
            return job.call();
        } catch (NoClassDefFoundError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("org/apache/spark")) {
                throw new IllegalStateException("Spark is not on the classpath: run 'jetflow spark' through the jetflow"
                        + " launcher (it adds hep-plugin/target/spark-lib) or under spark-submit", e);
            }
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                        || t instanceof java.io.UncheckedIOException || t instanceof org.jetflow.io.file.JetFileException) {
                    cause = t;
                }
            }
            String m = String.valueOf(cause.getMessage());
            int nl = m.indexOf('\n');
            throw new IllegalStateException(nl < 0 ? m : m.substring(0, nl), e);
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generates N jets in P partitions, each sampled with a seed derived from --seed and its"
                    + " index, into a Parquet dataset. A rerun or a retried task writes exactly the same jets.",
            footer = {"%nExamples:", "  jetflow spark generate -n 100000 --partitions 16 --seed 1 -o gen.parquet",
                "  jetflow spark generate --model qcd-model -n 1000000 --steps 32 -o gen.parquet --master local[2]"})
    static final class Generate implements Callable<Integer> {
        @CommandLine.Mixin
        private final Common common = new Common();

        @CommandLine.Mixin
        private final ModelOption model = new ModelOption();

        @CommandLine.Option(names = "-n", required = true, paramLabel = "N", description = "Number of jets.")
        private long jets;

        @CommandLine.Option(names = "--partitions", paramLabel = "P",
                description = "Partitions (tasks) to split the jets into (default: N / 10000, at least one per core).")
        private int partitions;

        @CommandLine.Option(names = "--seed", paramLabel = "S", description = "Job seed (default ${DEFAULT-VALUE}).")
        private long seed = 1;

        @CommandLine.Option(names = "--steps", paramLabel = "K", description = "Integration steps (default: the model's own).")
        private Integer steps;

        @CommandLine.Option(names = "--solver", paramLabel = "euler|heun|shortcut",
                description = "Solver (default: the model's own).")
        private String solver;

        @CommandLine.Option(names = "--temperature", paramLabel = "T",
                description = "Class-logit temperature (default ${DEFAULT-VALUE}).")
        private double temperature = org.jetflow.api.GenerationRequest.DEFAULT_TEMPERATURE;

        @CommandLine.Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output Parquet dataset.")
        private String output;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path bundle = model.bundle();
            org.jetflow.flows.sample.Sampling at;
            try (var b = org.jetflow.flows.model.ModelBundle.load(bundle)) {
                at = b.sampling().with(steps, solver);
                org.jetflow.flows.sample.FlowSampler.check(b.config(), at);
            }
            String schedule = at.schedule() == null ? null : at.schedule().toString();
            return withSpark(() -> {
                long t0 = System.nanoTime();
                try (var spark = org.jetflow.spark.SparkSessions.open("generate", common.master)) {
                    int p = partitions > 0 ? partitions : (int) Math.max(spark.sparkContext().defaultParallelism(),
                            Math.min(1 << 20, (jets + 9_999) / 10_000));
                    var o = new org.jetflow.spark.SparkGenerate.Options(jets, seed, p, at.steps(), at.solverName(), temperature, 256,
                            common.overwrite, -1, schedule);
                    long n = org.jetflow.spark.SparkGenerate.run(spark, bundle, output, o, common.quiet ? null : System.err);
                    report("generated " + n + " jets in " + p + " partitions to " + output, t0, n);
                }
                return 0;
            });
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Scores jets for anomalies (as 'jetflow score', the same scorer) into a Parquet dataset with"
                    + " columns jet, run/lumi/event when present, pt, eta, mass and the columns of 'jetflow score'.",
            footer = {"%nExamples:", "  jetflow spark score --data events.parquet -o scores.parquet",
                "  jetflow spark score --model qcd-model --data a.h5 b.h5 -o scores.parquet --partitions 32"})
    static final class Score implements Callable<Integer> {
        @CommandLine.Mixin
        private final Common common = new Common();

        @CommandLine.Mixin
        private final ModelOption model = new ModelOption();

        @CommandLine.Mixin
        private final JetInput input = new JetInput();

        @CommandLine.Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output Parquet dataset.")
        private String output;

        @CommandLine.Option(names = "--method", paramLabel = "likelihood|loss",
                description = "As 'jetflow score' (default ${DEFAULT-VALUE}).")
        private String method = "likelihood";

        @CommandLine.Option(names = "--steps", paramLabel = "K", description = "ODE steps of the likelihood (default ${DEFAULT-VALUE}).")
        private int steps = 8;

        @CommandLine.Option(names = "--solver", paramLabel = "euler|heun", description = "The likelihood's ODE"
                + " integrator, as for 'jetflow score' (default ${DEFAULT-VALUE}).")
        private String solver = "heun";

        @CommandLine.Option(names = "--times", paramLabel = "K", description = "Times per jet of the loss (default ${DEFAULT-VALUE}).")
        private int times = 8;

        @CommandLine.Option(names = "--draws", paramLabel = "R", description = "Noise draws per time of the loss (default ${DEFAULT-VALUE}).")
        private int draws = 2;

        @CommandLine.Option(names = "--seed", paramLabel = "S", description = "Seed of the fixed noise (default ${DEFAULT-VALUE}).")
        private long seed = 1;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path bundle = model.bundle();
            var m = org.jetflow.flows.score.JetScorer.Method.parse(method);
            var settings = new org.jetflow.flows.score.JetScorer.Settings(m,
                    m == org.jetflow.flows.score.JetScorer.Method.LIKELIHOOD ? steps : times, draws, seed,
                    org.jetflow.flows.score.OdeLikelihood.Scheme.parse(solver));
            return withSpark(() -> {
                long t0 = System.nanoTime();
                try (var spark = org.jetflow.spark.SparkSessions.open("score", common.master)) {
                    var jets = org.jetflow.spark.SparkJetInput.read(spark, input.data, input.partitions.partitions);
                    long n = org.jetflow.spark.SparkScore.run(spark, bundle, jets, output, settings, 0,
                            common.overwrite, common.quiet ? null : System.err);
                    report("scored " + n + " jets to " + output, t0, n);
                }
                return 0;
            });
        }
    }

    @Command(name = "observables", mixinStandardHelpOptions = true,
            description = "Computes every jet's observables (the columns of 'jetflow observables') into a Parquet"
                    + " dataset, and with --histograms their histograms, filled per partition and merged, as YODA.",
            footer = {"%nExamples:", "  jetflow spark observables --data gen.parquet -o obs.parquet --histograms gen.yoda"})
    static final class Observables implements Callable<Integer> {
        @CommandLine.Mixin
        private final Common common = new Common();

        @CommandLine.Mixin
        private final JetInput input = new JetInput();

        @CommandLine.Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output Parquet dataset.")
        private String output;

        @CommandLine.Option(names = "--histograms", paramLabel = "FILE.yoda", description = "Also write histograms of the standard observables.")
        private java.nio.file.Path histograms;

        @CommandLine.Option(names = "--bins", paramLabel = "B", description = "Bins per continuous observable (default ${DEFAULT-VALUE}).")
        private int bins = 40;

        @Override
        public Integer call() throws Exception {
            return withSpark(() -> {
                long t0 = System.nanoTime();
                try (var spark = org.jetflow.spark.SparkSessions.open("observables", common.master)) {
                    var jets = org.jetflow.spark.SparkJetInput.read(spark, input.data, input.partitions.partitions);
                    long n = org.jetflow.spark.SparkObservables.write(spark, jets, output,
                            histograms, bins, common.overwrite, common.quiet ? null : System.err);
                    report("wrote the observables of " + n + " jets to " + output
                            + (histograms != null ? " and histograms to " + histograms : ""), t0, n);
                }
                return 0;
            });
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Compares generated jets with reference jets through binned distances (W1 with its statistical"
                    + " floor, chi2/ndf, KS) of histograms filled on the executors; writes metrics.json, histograms.yoda"
                    + " and plots/ under OUT.",
            footer = {"%nExamples:", "  jetflow spark validate --generated gen.parquet --reference qcd-train-2.h5 -o report"})
    static final class Validate implements Callable<Integer> {
        @CommandLine.Mixin
        private final Common common = new Common();

        @CommandLine.Option(names = "--generated", required = true, arity = "1..*", paramLabel = "IN",
                description = "Generated jets: Parquet dataset(s) or jet files.")
        private java.util.List<String> generated;

        @CommandLine.Option(names = "--reference", required = true, arity = "1..*", paramLabel = "IN",
                description = "Reference jets: Parquet dataset(s) or jet files.")
        private java.util.List<String> reference;

        @CommandLine.Mixin
        private final InputPartitions input = new InputPartitions();

        @CommandLine.Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory.")
        private java.nio.file.Path output;

        @CommandLine.Option(names = "--bins", paramLabel = "B", description = "Bins per continuous observable (default ${DEFAULT-VALUE}).")
        private int bins = 40;

        @Override
        public Integer call() throws Exception {
            return withSpark(() -> {
                long t0 = System.nanoTime();
                try (var spark = org.jetflow.spark.SparkSessions.open("validate", common.master)) {
                    var gen = org.jetflow.spark.SparkJetInput.read(spark, generated, input.partitions);
                    var ref = org.jetflow.spark.SparkJetInput.read(spark, reference, input.partitions);
                    var m = org.jetflow.spark.SparkValidate.run(spark, gen, ref, output, bins);
                    System.out.printf(java.util.Locale.ROOT, "%-10s %12s %12s %8s %9s%n", "observable", "W1", "floor",
                            "W1/floor", "chi2/ndf");
                    m.get("observables").fields().forEachRemaining(e -> System.out.printf(java.util.Locale.ROOT,
                            "%-10s %12.5g %12.5g %8.2f %9.2f%n", e.getKey(), e.getValue().get("w1").asDouble(),
                            e.getValue().get("floor").asDouble(), e.getValue().get("ratio").asDouble(),
                            e.getValue().get("chi2_ndf").asDouble()));
                    report("wrote " + output.resolve("metrics.json"), t0, m.get("generated").get("jets").asLong()
                            + m.get("reference").get("jets").asLong());
                }
                return 0;
            });
        }
    }

    private static void report(String what, long t0, long jets) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s (%.1f s, %.1f jets/s)%n", what, s, jets / s);
    }
}
