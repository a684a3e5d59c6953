package org.jetflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.flows.classifier.TwoSampleClassifier;
import org.jetflow.validation.report.SampleComparison;
import org.jetflow.validation.report.ValidationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow validate}: generated jets against a reference sample or published histograms. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compares generated jets with a reference: a jet file (W1 with its statistical floor and"
                + " bootstrap spread, KS, chi2/ndf, class fractions, FPD and KPD on EFPs) or YODA/HEPData histograms"
                + " named after the observables (chi2/ndf, binned KS). Writes DIR/metrics.json, DIR/report.html,"
                + " DIR/histograms.yoda and DIR/plots/*.png|svg.",
        footer = {"%nExamples:", "  jetflow validate --generated gen.arrow --reference qcd-train-2.h5 -o report",
            "  jetflow validate --generated gen.h5 --reference cms-msd.yaml -o report",
            "  jetflow validate --generated a.h5 --reference b.h5 -o out --limit 10000 --efp-jets 0"})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--generated", required = true, paramLabel = "G", description = "Generated jets (.h5, .arrow).")
    private Path generated;

    @Option(names = "--reference", required = true, paramLabel = "R",
            description = "Reference: a jet file, or a .yoda / HEPData .yaml file of histograms.")
    private Path reference;

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

    @Option(names = "--classifier", description = "Also run the classifier two-sample test: a Deep Sets network"
            + " learns to tell generated from reference jets on half of each sample (at most --classifier-jets), and"
            + " its ROC AUC on the other half goes into metrics.json and the report (0.5: indistinguishable).")
    private boolean classifier;

    @Option(names = "--classifier-jets", paramLabel = "N",
            description = "Jets per sample for the classifier (default ${DEFAULT-VALUE}).")
    private int classifierJets = TwoSampleClassifier.Settings.defaults().jets();

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (classifierJets < 4) {
            throw new IllegalArgumentException("--classifier-jets must be at least 4, got " + classifierJets);
        }
        if (limit < 1 || bins < 2 || splits < 1 || bootstrap < 0 || efpJets < 0 || threads < 1) {
            throw new IllegalArgumentException("--limit, --splits, --threads must be ≥ 1, --bins ≥ 2, --bootstrap and --efp-jets ≥ 0");
        }
        System.setProperty("java.awt.headless", "true");
        Progress progress = new Progress(System.err, "validate", 0, quiet);
        List<SampleComparison> more = new ArrayList<>();
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
        if (m.has("classifier")) {
            System.out.printf(Locale.ROOT, "classifier AUC %.4f ± %.4f (0.5: indistinguishable)%n",
                    m.get("classifier").get("auc").asDouble(), m.get("classifier").get("spread").asDouble());
        }
        System.out.println("report: " + output.resolve("report.html"));
    }
}
