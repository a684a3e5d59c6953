package org.jetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.flows.classifier.TwoSampleClassifier;
import org.jetflow.io.file.JetFiles;
import org.jetflow.validation.classifier.BoostedTreeComparison;
import org.jetflow.validation.classifier.BoostedTreeTwoSample;
import org.jetflow.validation.measurement.Measurement;
import org.jetflow.validation.report.MeasurementRun;
import org.jetflow.validation.report.SampleComparison;
import org.jetflow.validation.report.ValidationRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow validate}: generated jets against a reference sample, published histograms or a measurement. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Compares generated jets with a reference: a jet file (W1 with its statistical floor and"
                + " bootstrap spread, KS, chi2/ndf, class fractions, FPD and KPD on EFPs) or YODA/HEPData histograms"
                + " named after the observables (chi2/ndf, binned KS). Writes DIR/metrics.json, DIR/report.html,"
                + " DIR/histograms.yoda and DIR/plots/*.png|svg.",
            "With --measurement and --analysis: compares with a published measurement as Rivet does. Each histogram"
                + " of the description is filled with the record's bins, its jet selection and normalisation, from the"
                + " generated jets and from the optional --reference jets; chi2 (the Poisson likelihood ratio of the"
                + " sample's jets per bin, the data's total uncertainty profiled) and ndf, per histogram, per observable"
                + " and in total. Writes"
                + " DIR/metrics.json, DIR/report.html, DIR/plots/*.png|svg and DIR/generated.yoda (and"
                + " DIR/reference.yoda) at Rivet's paths."},
        footer = {"%nExamples:", "  jetflow validate --generated gen.arrow --reference qcd-train-2.h5 -o report",
            "  jetflow validate --generated gen.h5 --reference cms-msd.yaml -o report",
            "  jetflow validate --generated a.h5 --reference b.h5 -o out --limit 10000 --efp-jets 0",
            "  jetflow validate --generated gen.h5 --reference qcd-test.h5 -o out --bdt --classifier-jets 5000",
            "  jetflow validate --measurement samples/measurements/CMS_2018_I1682495.yoda \\",
            "      --analysis samples/measurements/CMS_2018_I1682495.json --generated gen.h5 --reference pythia.h5 -o cms"})
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--generated", required = true, paramLabel = "G", description = "Generated jets (.h5, .arrow).")
    private Path generated;

    @Option(names = "--reference", paramLabel = "R",
            description = "Reference: a jet file, or a .yoda / HEPData .yaml file of histograms. Required, except with"
                    + " --measurement, where it is an optional second jet sample (Pythia, say) compared like the"
                    + " generated one.")
    private Path reference;

    @Option(names = "--measurement", arity = "1..*", paramLabel = "REC",
            description = "A published measurement's record: Rivet's .yoda or .yoda.gz, or HEPData .yaml tables (one"
                    + " file per table; several may follow). Needs --analysis.")
    private List<Path> measurement;

    @Option(names = "--analysis", paramLabel = "DESC",
            description = "The measurement description (JSON): per histogram of the record its path, observable, jet"
                    + " selection, normalisation and axis labels (docs/validation.md).")
    private Path analysis;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory.")
    private Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Read at most N jets of each sample.")
    private long limit = Long.MAX_VALUE;

    @Option(names = "--bins", paramLabel = "B", description = "Bins per continuous observable (default ${DEFAULT-VALUE}).")
    private int bins = 40;

    @Option(names = "--splits", paramLabel = "S", description = "Reference splits for the floor (default ${DEFAULT-VALUE}).")
    private int splits = 10;

    @Option(names = "--bootstrap", paramLabel = "K", description = "Bootstrap replicas for the spread (default ${DEFAULT-VALUE}).")
    private int bootstrap = 20;

    @Option(names = "--efp-jets", paramLabel = "N",
            description = "Jets per sample for FPD/KPD on EFPs; 0 skips them (default ${DEFAULT-VALUE}).")
    private int efpJets = 10_000;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of splits and bootstrap (default ${DEFAULT-VALUE}).")
    private long seed = 12345;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--classifier", description = "Also run the classifier two-sample tests: a Deep Sets network"
            + " learns to tell generated from reference jets on half of each sample (at most --classifier-jets), and"
            + " its ROC AUC on the other half goes into metrics.json and the report (0.5: indistinguishable); and"
            + " the boosted-tree test of --bdt on the same jets.")
    private boolean classifier;

    @Option(names = "--bdt", description = "Also run the boosted-tree two-sample test, without the network of"
            + " --classifier (seconds):"
            + " gradient-boosted trees (XGBoost) on 13 jet observables, 5-fold cross-validated on at most"
            + " --classifier-jets jets of each sample; the mean held-out ROC AUC goes into metrics.json"
            + " (bdt_classifier) and the report.")
    private boolean bdt;

    @Option(names = "--classifier-jets", paramLabel = "N",
            description = "Jets per sample for the classifier tests (default ${DEFAULT-VALUE}).")
    private int classifierJets = TwoSampleClassifier.Settings.defaults().jets();

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (measurement != null || analysis != null) {
            return compareWithMeasurement();
        }
        if (reference == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--reference=R' (or --measurement REC --analysis DESC)");
        }
        BoostedTreeTwoSample.Settings trees = BoostedTreeTwoSample.Settings.defaults().withSeed(seed);
        if (classifierJets < trees.folds()) {
            throw new IllegalArgumentException("--classifier-jets must be at least " + trees.folds()
                    + " (one jet per fold of the boosted-tree test), got " + classifierJets);
        }
        if (limit < 1 || bins < 2 || splits < 1 || bootstrap < 0 || efpJets < 0 || threads < 1) {
            throw new IllegalArgumentException("--limit, --splits, --threads must be ≥ 1, --bins ≥ 2, --bootstrap and --efp-jets ≥ 0");
        }
        System.setProperty("java.awt.headless", "true");
        Progress progress = new Progress(System.err, "validate", 0, quiet);
        List<SampleComparison> more = new ArrayList<>();
        if (classifier || bdt) {
            // Observables on --threads threads; the trees on one, so the AUC is the same on any machine.
            more.add(new BoostedTreeComparison(trees, classifierJets, threads));
        }
        if (classifier) {
            TwoSampleClassifier.Settings d = TwoSampleClassifier.Settings.defaults();
            more.add(new ClassifierComparison(new TwoSampleClassifier.Settings(classifierJets, d.epochs(), d.rate(), seed)));
        }
        ValidationRun run = new ValidationRun(new ValidationRun.Options(bins, splits, bootstrap, efpJets, limit, threads, seed),
                progress::advance, more);
        ObjectNode m = run.run(generated, reference, output);
        progress.finish();
        if (!quiet) {
            print(m, output);
        }
        return 0;
    }

    /** {@code --measurement}: the generated (and reference) jets against a published measurement. */
    private int compareWithMeasurement() throws IOException {
        if (measurement == null || analysis == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--measurement and --analysis go together");
        }
        if (classifier || bdt) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    (classifier ? "--classifier" : "--bdt") + " compares two jet samples; it does not apply to --measurement");
        }
        if (limit < 1 || threads < 1) {
            throw new IllegalArgumentException("--limit and --threads must be ≥ 1");
        }
        System.setProperty("java.awt.headless", "true");
        // Everything but the jets is read and checked first: a bad description fails in a second.
        JetFiles.requireReadable(generated);
        if (reference != null) {
            JetFiles.requireReadable(reference);
        }
        Measurement m = Measurement.load(measurement, analysis);
        List<MeasurementRun.Sample> samples = new ArrayList<>();
        samples.add(new MeasurementRun.Sample("generated", generated));
        if (reference != null) {
            samples.add(new MeasurementRun.Sample("reference", reference));
        }
        Progress progress = new Progress(System.err, "validate", 0, quiet);
        ObjectNode metrics = new MeasurementRun(new MeasurementRun.Options(limit, threads), progress::advance)
                .run(m, samples, output);
        progress.finish();
        if (!quiet) {
            printMeasurement(metrics, samples, output);
        }
        return 0;
    }

    /** Prints χ²/ndf per histogram, per observable and in total, and where the report is. */
    static void printMeasurement(ObjectNode m, List<MeasurementRun.Sample> samples, Path output) {
        m.path("histograms").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "%-36s %-5s %-30s%s%n",
                e.getKey(), e.getValue().path("observable").asText().replaceFirst("\\(.*", ""),
                e.getValue().path("selection").asText(), chi2s(e.getValue(), samples)));
        m.path("by_observable").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "%-73s%s%n",
                "sum over " + e.getKey(), chi2s(e.getValue(), samples)));
        System.out.printf(Locale.ROOT, "%-73s%s%n", "total", chi2s(m.path("total"), samples));
        System.out.println("the record gives no correlations: each point counts as independent (see the report)");
        System.out.println("report: " + output.resolve("report.html"));
    }

    private static String chi2s(JsonNode node, List<MeasurementRun.Sample> samples) {
        StringBuilder sb = new StringBuilder();
        for (MeasurementRun.Sample s : samples) {
            JsonNode v = node.path(s.name());
            sb.append(String.format(Locale.ROOT, "  %s chi2/ndf %6.1f/%d", s.name(), v.path("chi2").asDouble(),
                    v.path("ndf").asInt()));
        }
        return sb.toString();
    }

    /** Prints the fidelity figures of a validation run's metrics and where its report is. */
    static void print(ObjectNode m, Path output) {
        m.path("observables").fields().forEachRemaining(e -> {
            var v = e.getValue();
            if (v.has("ratio")) {
                System.out.printf(Locale.ROOT, "%-12s W1/floor %7.2f   (W1 %.4g ± %.2g, floor %.4g)%n", e.getKey(),
                        v.get("ratio").asDouble(), v.get("w1").asDouble(), v.get("w1_spread").asDouble(),
                        v.get("floor").asDouble());
            } else {
                System.out.printf(Locale.ROOT, "%-12s chi2/ndf %7.2f   KS %.4f%n", e.getKey(),
                        v.get("chi2_ndf").asDouble(), v.get("ks_binned").asDouble());
            }
        });
        if (m.has("fpd")) {
            System.out.printf(Locale.ROOT, "FPD %.4g ± %.2g   KPD %.4g ± %.2g%n", m.get("fpd").get("value").asDouble(),
                    m.get("fpd").get("error").asDouble(), m.get("kpd").get("median").asDouble(),
                    m.get("kpd").get("spread").asDouble());
        }
        List<String> aucs = new ArrayList<>();
        if (m.has("classifier")) {
            aucs.add(String.format(Locale.ROOT, "Deep Sets %.4f ± %.4f", m.get("classifier").get("auc").asDouble(),
                    m.get("classifier").get("spread").asDouble()));
        }
        JsonNode trees = m.get(BoostedTreeComparison.NAME);
        if (trees != null) {
            aucs.add(String.format(Locale.ROOT, "boosted trees on %d observables %.4f ± %.4f",
                    trees.get("observables").size(), trees.get("auc").asDouble(), trees.get("spread").asDouble()));
        }
        if (!aucs.isEmpty()) {
            System.out.println("classifier AUC: " + String.join(", ", aucs) + " (0.5: indistinguishable)");
        }
        System.out.println("report: " + output.resolve("report.html"));
    }
}
