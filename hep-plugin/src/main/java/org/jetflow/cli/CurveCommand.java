package org.jetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.api.FlowJetGenerator;
import org.jetflow.api.GenerationRequest;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.validation.distance.Fidelity;
import org.jetflow.validation.observable.JetObservables;
import org.jetflow.validation.observable.ObservableRunner;
import org.jetflow.validation.observable.ObservableTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow curve}: the points of a learning curve. Each model (typically the snapshots that
 * {@code train --snapshots} writes) generates the same number of jets with the same seed at its own
 * default sampling; the command prints W1/floor against the reference for the observables of the
 * fidelity table, the proxy that ranks models cheaply (the mean W1/floor of mass, τ21, τ32, C2 and
 * jet charge) and the share of jets above 200 GeV of mass, beside the steps, training seconds and
 * validation loss from the model's card.
 */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Learning-curve points: each model generates -n jets (same seed, its own default sampling),"
                + " compared with the reference by W1/floor; prints a table and writes it as CSV.",
        footer = {"%nExamples:", "  jetflow train --data qcd.h5 -o run --snapshots 30,60,120",
            "  jetflow curve --models run.30min run.60min run.120min run --reference qcd-test.h5 -n 5000 -o curve.csv"})
final class CurveCommand implements Callable<Integer> {
    /** The observables of the fidelity table (samples/README.md), in its order. */
    static final List<String> OBSERVABLES = JetObservables.FIDELITY;
    /** The cheap proxy: observables the substructure work found slowest to learn, and the jet charge. */
    static final List<String> PROXY = List.of("mass", "tau21", "tau32", "c2", "charge");
    /** The high-mass tail the wide-angle splittings make (GeV). */
    static final double HIGH_MASS = 200;

    @Option(names = "--models", required = true, arity = "1..*", paramLabel = "BUNDLE", description = "Model bundles.")
    private List<Path> models;

    @Option(names = "--reference", required = true, paramLabel = "R", description = "Reference jets (.h5, .arrow, .root).")
    private Path reference;

    @Option(names = "-n", paramLabel = "N", description = "Jets each model generates (default ${DEFAULT-VALUE}).")
    private int jets = 5000;

    @Option(names = "--seed", paramLabel = "S", description = "Generation seed (default ${DEFAULT-VALUE}).")
    private long seed = 7;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Also write the table as CSV.")
    private Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (jets < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + jets);
        }
        for (Path m : models) {
            if (!Files.isDirectory(m)) {
                throw new IllegalArgumentException("--models " + m + ": no such model bundle");
            }
        }
        JetFiles.requireReadable(reference);
        if (output != null && (output.toAbsolutePath().getParent() == null
                || !Files.isDirectory(output.toAbsolutePath().getParent()))) {
            throw new IllegalArgumentException("-o " + output + ": its directory does not exist");
        }
        ObservableTable ref = referenceObservables();
        StringBuilder csv = new StringBuilder("model,steps,training_seconds,validation_loss,proxy,high_mass_share,"
                + "high_mass_share_reference");
        for (String o : OBSERVABLES) {
            csv.append(',').append(o);
        }
        csv.append('\n');
        System.out.printf(Locale.ROOT, "%-24s %7s %8s %9s %6s %9s  %s%n", "model", "steps", "seconds", "val.loss", "proxy",
                "m>200", String.join(" ", OBSERVABLES.stream().map(o -> String.format(Locale.ROOT, "%7s", o)).toList()));
        double refShare = share(ref.column("mass"));
        for (Path m : models) {
            ObservableTable gen = generated(m);
            JsonNode metrics = new ObjectMapper().readTree(m.resolve("model-card.json").toFile()).path("metrics");
            double[] ratio = new double[OBSERVABLES.size()];
            double proxy = 0;
            for (int k = 0; k < ratio.length; k++) {
                String o = OBSERVABLES.get(k);
                ratio[k] = Fidelity.of(gen.column(o), ref.column(o), 10, 0, seed).ratio();
                if (PROXY.contains(o)) {
                    proxy += ratio[k] / PROXY.size();
                }
            }
            double genShare = share(gen.column("mass"));
            String name = String.valueOf(m.getFileName());
            csv.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.5f,%.4f,%.5f,%.5f", name, metrics.path("steps").asInt(),
                    metrics.path("training_seconds").asDouble(), metrics.path("validation_loss").asDouble(Double.NaN),
                    proxy, genShare, refShare));
            StringBuilder line = new StringBuilder();
            for (double r : ratio) {
                csv.append(String.format(Locale.ROOT, ",%.4f", r));
                line.append(String.format(Locale.ROOT, " %7.2f", r));
            }
            csv.append('\n');
            System.out.printf(Locale.ROOT, "%-24s %7d %8.0f %9.4f %6.2f %4.2f/%4.2f %s%n", name, metrics.path("steps").asInt(),
                    metrics.path("training_seconds").asDouble(), metrics.path("validation_loss").asDouble(Double.NaN), proxy,
                    100 * genShare, 100 * refShare, line);
        }
        if (output != null) {
            AtomicTarget.writeString(output, csv.toString());
        }
        return 0;
    }

    /** The share of jets above {@link #HIGH_MASS}. */
    static double share(double[] mass) {
        int above = 0;
        for (double m : mass) {
            if (m > HIGH_MASS) {
                above++;
            }
        }
        return above / (double) mass.length;
    }

    private ObservableTable referenceObservables() throws IOException {
        return new ObservableRunner(Runtime.getRuntime().availableProcessors(), 0.5, false).table(reference, Long.MAX_VALUE);
    }

    private ObservableTable generated(Path model) {
        List<ObservableTable> parts = new ArrayList<>();
        JetObservables observables = new JetObservables(0.5, false);
        try (FlowJetGenerator generator = new FlowJetGenerator(model)) {
            Progress progress = new Progress(System.err, "curve " + model.getFileName(), jets, quiet);
            generator.generate(GenerationRequest.of(jets, seed), batch -> {
                parts.add(observables.compute(batch));
                progress.advance(batch.size());
            });
            progress.finish();
        }
        return ObservableTable.concat(parts);
    }
}
