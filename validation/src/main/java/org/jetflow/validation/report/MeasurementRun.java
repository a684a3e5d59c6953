package org.jetflow.validation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFiles;
import org.jetflow.validation.distance.ChiSquare;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.YodaWriter;
import org.jetflow.validation.measurement.DataHistogram;
import org.jetflow.validation.measurement.HistogramDescription;
import org.jetflow.validation.measurement.HistogramFiller;
import org.jetflow.validation.measurement.Measurement;
import org.jetflow.validation.measurement.Normalisation;
import org.jetflow.validation.plot.ComparisonPlot;

/**
 * {@code jetflow validate --measurement}: samples of jets against a published measurement. Each
 * sample is filled into every described histogram with the record's bins and the description's
 * selection and normalisation ({@link HistogramFiller}), and compared with the measured points by
 * the Poisson likelihood ratio of Baker and Cousins with each point's uncertainty profiled
 * ({@link ChiSquare#ofCounts}):
 *
 * <pre>  χ² = Σ_k min_t [(y_data,k − t)² / σ_data,k² + 2 (c_k t − n_k + n_k ln(n_k / (c_k t)))]</pre>
 *
 * with n_k the sample's jets in bin k, c_k = N Δx_k (N as the normalisation counts them) and
 * σ_data,k the point's total uncertainty (the mean of its downward and upward totals); why this
 * and not the Gaussian form is said at {@link ChiSquare#ofCounts}. ndf is the number of points with
 * an uncertainty (nothing is subtracted for the normalisation). The record gives no correlations
 * between bins, so every point counts as independent: with bin-to-bin correlated systematics this
 * overstates the effective ndf. χ² and ndf are reported per histogram, summed per observable and in
 * total.
 *
 * <p>Writes under the output directory: {@code metrics.json}, {@code report.html},
 * {@code plots/NAME.png|svg} (NAME the last part of the record path) and one YODA file per sample
 * ({@code generated.yoda}, {@code reference.yoda}) holding its normalised histograms at Rivet's
 * output paths ({@link HistogramDescription#outputPath()}), which Rivet's {@code rivet-mkhtml} draws
 * beside the data. Each file appears only when complete.
 */
public final class MeasurementRun {
    /**
     * A sample to compare.
     *
     * @param name the key in {@code metrics.json} and the YODA file's name ({@code generated})
     * @param file its jet file
     */
    public record Sample(String name, Path file) {
    }

    /**
     * Settings.
     *
     * @param limit   jets read per sample at most
     * @param threads worker threads for the observables
     */
    public record Options(long limit, int threads) {
    }

    /** χ² and ndf summed over histograms. */
    private static final class Sum {
        double chi2;
        int ndf;

        void add(ChiSquare c) {
            chi2 += c.chi2();
            ndf += c.ndf();
        }
    }

    static final String CORRELATIONS = "The record gives no correlations between its bins: each point's total"
            + " uncertainty enters as independent, so where systematic uncertainties are correlated between bins the"
            + " effective number of degrees of freedom is smaller than ndf.";
    static final String CHI2 = "χ² = Σ_k min_t [(y_data,k − t)² / σ_data,k² + 2 (c_k t − n_k + n_k ln(n_k / c_k t))], the"
            + " Poisson likelihood ratio of Baker and Cousins with the data point's uncertainty profiled: n_k the"
            + " sample's jets in bin k, c_k = N Δx_k the jets it expects per unit of y (N as the normalisation counts"
            + " them), σ_data,k the point's total uncertainty (mean of its downward and upward totals). With many jets"
            + " per bin it is (y_data,k − y_sample,k)² / (σ_data,k² + σ_sample,k²); unlike that form it stays"
            + " calibrated where the sample expects only a few jets. ndf = the points with an uncertainty, nothing"
            + " subtracted for the normalisation.";

    private final Options options;
    private final LongConsumer progress;

    public MeasurementRun(Options options, LongConsumer progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the comparison and returns the metrics written to {@code metrics.json}. */
    public ObjectNode run(Measurement m, List<Sample> samples, Path outDir) throws IOException {
        for (Sample s : samples) {
            JetFiles.requireReadable(s.file());
        }
        HistogramFiller filler = new HistogramFiller(m.entries(), options.threads());
        List<List<Histo1D>> filled = new ArrayList<>();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode metrics = json.createObjectNode();
        metrics.put("mode", "measurement");
        describe(m, metrics.putObject("measurement"));
        ObjectNode sampleNode = metrics.putObject("samples");
        for (Sample s : samples) {
            long[] read = {0};
            filled.add(filler.fill(s.file(), options.limit(), n -> {
                read[0] += n;
                progress.accept(n);
            }));
            sampleNode.putObject(s.name()).put("file", String.valueOf(s.file().getFileName())).put("jets", read[0]);
        }

        Files.createDirectories(outDir.resolve("plots"));
        ObjectNode hists = metrics.putObject("histograms");
        Map<String, Sum[]> byObservable = new LinkedHashMap<>();
        Sum[] total = sums(samples.size());
        List<YodaWriter> yoda = new ArrayList<>();
        samples.forEach(s -> yoda.add(new YodaWriter()));
        Set<String> plotNames = new HashSet<>();
        for (int k = 0; k < m.entries().size(); k++) {
            Measurement.Entry e = m.entries().get(k);
            HistogramDescription d = e.described();
            ObjectNode h = hists.putObject(d.path());
            h.put("output_path", d.outputPath()).put("title", d.title()).put("observable", d.observable().label())
                    .put("selection", d.selection().describe()).put("normalisation", d.normalisation().key())
                    .put("points", e.data().binning().size());
            Sum[] obs = byObservable.computeIfAbsent(d.observable().label(), o -> sums(samples.size()));
            List<ComparisonPlot.Series> lines = new ArrayList<>();
            for (int s = 0; s < samples.size(); s++) {
                Histo1D normalised = filled.get(s).get(k);
                ChiSquare chi = compare(e, normalised, h.putObject(samples.get(s).name()));
                obs[s].add(chi);
                total[s].add(chi);
                yoda.get(s).add(normalised);
                lines.add(new ComparisonPlot.Series(samples.get(s).name() + " (" + samples.get(s).file().getFileName() + ")",
                        normalised.densities(), normalised.densityErrors()));
            }
            String name = plotName(d, plotNames);
            h.put("plot", "plots/" + name + ".png");
            plot(m, e, lines, outDir.resolve("plots"), name);
        }
        ObjectNode obsNode = metrics.putObject("by_observable");
        byObservable.forEach((label, sums) -> put(obsNode.putObject(label), samples, sums));
        put(metrics.putObject("total"), samples, total);
        for (int s = 0; s < samples.size(); s++) {
            AtomicTarget.writeString(outDir.resolve(samples.get(s).name() + ".yoda"), yoda.get(s).text());
        }
        AtomicTarget.writeString(outDir.resolve("metrics.json"), json.writeValueAsString(metrics));
        AtomicTarget.writeString(outDir.resolve("report.html"), MeasurementReport.render(m, samples, metrics));
        return metrics;
    }

    private static void describe(Measurement m, ObjectNode about) {
        about.put("analysis", m.description().analysis()).put("title", m.description().title())
                .put("citation", m.description().citation())
                .put("description", String.valueOf(m.description().file().getFileName()));
        m.record().files().forEach(f -> about.withArray("record").add(String.valueOf(f.getFileName())));
        about.put("correlations", CORRELATIONS).put("chi2", CHI2);
    }

    /**
     * Normalises a sample's filled histogram in place as the description says, and compares it with
     * the data; the selected jets, the fraction inside the range and χ² go into {@code out}.
     */
    private static ChiSquare compare(Measurement.Entry e, Histo1D filled, ObjectNode out) {
        double selected = filled.total().sumW();
        double inRange = filled.integral();
        Normalisation norm = e.described().normalisation();
        double jets = norm.jets(filled);
        double[] counts = filled.sumWs();
        double[] perValue = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            perValue[k] = jets * filled.binning().width(k);
        }
        norm.apply(filled);
        DataHistogram data = e.data();
        ChiSquare chi = ChiSquare.ofCounts(data.values(), data.errors(), counts, perValue);
        out.put("selected_jets", (long) selected).put("in_range_fraction", selected > 0 ? inRange / selected : Double.NaN)
                .put("chi2", chi.chi2()).put("ndf", chi.ndf()).put("chi2_ndf", chi.perDof());
        return chi;
    }

    /** Writes {@code NAME.png} and {@code .svg}: the data and every sample, and their ratio. */
    private static void plot(Measurement m, Measurement.Entry e, List<ComparisonPlot.Series> samples, Path dir, String name)
            throws IOException {
        HistogramDescription d = e.described();
        String title = d.title().isEmpty() ? d.observable().label() + ", " + d.selection().describe() : d.title();
        ComparisonPlot.Series data = new ComparisonPlot.Series(m.description().analysis() + " data", e.data().values(),
                e.data().errors());
        ComparisonPlot.MeasurementFigure fig = new ComparisonPlot.MeasurementFigure(title, d.xLabel(), d.yLabel(),
                e.data().binning().edges(), data, samples);
        ComparisonPlot.write(ComparisonPlot.chart(fig), dir.resolve(name + ".png"), dir.resolve(name + ".svg"), 640, 560);
    }

    private static Sum[] sums(int n) {
        Sum[] s = new Sum[n];
        for (int i = 0; i < n; i++) {
            s[i] = new Sum();
        }
        return s;
    }

    private static void put(ObjectNode o, List<Sample> samples, Sum[] sums) {
        for (int s = 0; s < samples.size(); s++) {
            o.putObject(samples.get(s).name()).put("chi2", sums[s].chi2).put("ndf", sums[s].ndf)
                    .put("chi2_ndf", sums[s].ndf == 0 ? Double.NaN : sums[s].chi2 / sums[s].ndf);
        }
    }

    /** The last part of the record path, made a safe file name, unique within the run. */
    private static String plotName(HistogramDescription d, Set<String> taken) {
        String base = d.shortName().replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "h" + base;
        }
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
