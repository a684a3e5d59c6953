package org.jetflow.validation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.validation.distance.ChiSquare;
import org.jetflow.validation.distance.ClassCorrelations;
import org.jetflow.validation.distance.Fidelity;
import org.jetflow.validation.distance.FrechetPhysicsDistance;
import org.jetflow.validation.distance.KernelPhysicsDistance;
import org.jetflow.validation.distance.KolmogorovSmirnov;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.HepDataTable;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.Scatter2D;
import org.jetflow.validation.hist.YodaReader;
import org.jetflow.validation.hist.YodaWriter;
import org.jetflow.validation.observable.ObservableRunner;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.plot.ComparisonPlot;

/**
 * {@code jetflow validate}: observables of a generated sample against a reference (a jet file, or
 * YODA/HEPData histograms), distances with their statistical floor, plots, histograms and a report.
 * Writes {@code metrics.json}, {@code report.html}, {@code histograms.yoda} and
 * {@code plots/NAME.png|svg} under the output directory.
 */
public final class ValidationRun {
    /**
     * Settings.
     *
     * @param bins      bins per continuous observable
     * @param splits    reference splits for the floor
     * @param bootstrap bootstrap replicas for the W1 spread
     * @param efpJets   jets per sample for FPD/KPD (0: skip)
     * @param limit     jets read per sample at most
     * @param threads   worker threads for the observables
     * @param seed      random seed of splits and bootstrap
     */
    public record Options(int bins, int splits, int bootstrap, int efpJets, long limit, int threads, long seed) {
        public static Options defaults() {
            return new Options(40, 10, 20, 10_000, Long.MAX_VALUE, Runtime.getRuntime().availableProcessors(), 12345);
        }
    }

    private final Options options;
    private final LongConsumer progress;
    private final List<SampleComparison> comparisons;

    public ValidationRun(Options options, LongConsumer progress) {
        this(options, progress, List.of());
    }

    /** A run that also makes the given comparisons when the reference is a jet file. */
    public ValidationRun(Options options, LongConsumer progress, List<SampleComparison> comparisons) {
        this.options = options;
        this.progress = progress;
        this.comparisons = List.copyOf(comparisons);
    }

    /** Runs the validation and returns the metrics written to {@code metrics.json}. */
    public ObjectNode run(Path generated, Path reference, Path outDir) throws IOException {
        ObservableTable gen = observables(generated, false);
        requireNoNaN(generated, gen);
        String refName = reference.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean histograms = refName.endsWith(".yoda") || refName.endsWith(".yoda.gz") || refName.endsWith(".yaml")
                || refName.endsWith(".yml");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode metrics = json.createObjectNode();
        metrics.putObject("generated").put("file", String.valueOf(generated.getFileName())).put("jets", gen.rows());
        Files.createDirectories(outDir.resolve("plots"));
        List<Row> rows = new ArrayList<>();
        YodaWriter yoda = new YodaWriter();
        if (histograms) {
            compareWithHistograms(gen, reference, metrics, rows, yoda, outDir);
        } else {
            ObservableTable ref = observables(reference, false);
            requireNoNaN(reference, ref);
            metrics.putObject("reference").put("file", String.valueOf(reference.getFileName())).put("jets", ref.rows());
            compareWithSample(gen, ref, metrics, rows, yoda, outDir);
            if (options.efpJets() > 0) {
                physicsDistances(generated, reference, metrics);
            }
            for (SampleComparison c : comparisons) {
                metrics.set(c.name(), c.compare(generated, reference, gen, ref, options.limit()));
            }
        }
        metrics.putObject("settings").put("bins", options.bins()).put("splits", options.splits())
                .put("bootstrap", options.bootstrap()).put("seed", options.seed()).put("efp_jets", options.efpJets());
        AtomicTarget.writeString(outDir.resolve("metrics.json"), json.writeValueAsString(metrics));
        AtomicTarget.writeString(outDir.resolve("histograms.yoda"), yoda.text());
        AtomicTarget.writeString(outDir.resolve("report.html"), HtmlReport.render(generated, reference, metrics, rows));
        return metrics;
    }

    /** One observable's line in the report. */
    record Row(ObservableSpec spec, Map<String, Double> values) {
    }

    private ObservableTable observables(Path file, boolean efps) {
        long n = efps ? Math.min(options.efpJets(), options.limit()) : options.limit();
        return new ObservableRunner(options.threads(), 0.5, efps).table(file, n, progress::accept);
    }

    private static void requireNoNaN(Path file, ObservableTable t) {
        for (ObservableSpec s : ObservableSpec.standard()) {
            double[] v = t.column(s.name());
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    throw new JetFileException(file, "jet " + i + ", observable " + s.name(),
                            "is NaN (a jet with a single particle has no τ ratios or C2/D2)");
                }
            }
        }
    }

    private void compareWithSample(ObservableTable gen, ObservableTable ref, ObjectNode metrics, List<Row> rows,
            YodaWriter yoda, Path outDir) throws IOException {
        ObjectNode obs = metrics.putObject("observables");
        for (ObservableSpec s : ObservableSpec.standard()) {
            double[] g = gen.column(s.name());
            double[] r = ref.column(s.name());
            Fidelity f = Fidelity.of(g, r, options.splits(), options.bootstrap(), options.seed());
            Binning b = binning(s, r, g);
            Histo1D hg = Histo1D.of("/JETFLOW/generated/" + s.name(), s.title(), b, g);
            Histo1D hr = Histo1D.of("/JETFLOW/reference/" + s.name(), s.title(), b, r);
            hg.normalizeToArea();
            hr.normalizeToArea();
            yoda.add(hg).add(hr);
            ChiSquare chi = ChiSquare.of(hg.densities(), hg.densityErrors(), hr.densities(), hr.densityErrors());
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("w1", f.w1());
            v.put("w1_spread", f.spread());
            v.put("floor", f.floor());
            v.put("ratio", f.ratio());
            v.put("ks", f.ks());
            v.put("chi2_ndf", chi.perDof());
            v.put("size", (double) f.size());
            putAll(obs.putObject(s.name()), v);
            rows.add(new Row(s, v));
            plot(s, hg, "generated (" + g.length + " jets)", hr, "reference (" + r.length + " jets)", outDir);
        }
        ObjectNode fractions = metrics.putObject("class_fractions");
        for (ParticleClass c : ParticleClass.values()) {
            double[] g = fraction(gen, c);
            double[] r = fraction(ref, c);
            Fidelity f = Fidelity.of(g, r, options.splits(), options.bootstrap(), options.seed());
            ObjectNode o = fractions.putObject(c.shortName());
            o.put("generated", sum(gen.column("n_" + c.shortName())) / sum(gen.column("n")));
            o.put("reference", sum(ref.column("n_" + c.shortName())) / sum(ref.column("n")));
            o.put("w1", f.w1()).put("floor", f.floor()).put("ratio", f.ratio());
        }
        classCorrelations(metrics.putObject("class_correlations"), ClassCorrelations.of(gen), ClassCorrelations.of(ref));
    }

    /**
     * P(e+ | e−) and the correlations of the per-jet class counts that differ most between the
     * samples, generated beside reference.
     */
    private static void classCorrelations(ObjectNode out, ClassCorrelations g, ClassCorrelations r) {
        out.putObject("electron_pairing").put("what", "P(jet has an e+ | it has an e-)").put("generated",
                g.electronPairing()).put("reference", r.electronPairing());
        out.putObject("opposite_leading_charges").put("what", "P(the two hardest charged particles have opposite"
                + " charges | the jet has two)").put("generated", g.oppositeLeading()).put("reference", r.oppositeLeading());
        ObjectNode pairs = out.putObject("count_correlations");
        ParticleClass[] c = g.classes();
        for (int a = 0; a < c.length; a++) {
            for (int b = a + 1; b < c.length; b++) {
                pairs.putObject(c[a].shortName() + "," + c[b].shortName()).put("generated", g.countCorrelation()[a][b])
                        .put("reference", r.countCorrelation()[a][b]);
            }
        }
    }

    private void compareWithHistograms(ObservableTable gen, Path reference, ObjectNode metrics, List<Row> rows,
            YodaWriter yoda, Path outDir) throws IOException {
        String name = reference.getFileName().toString().toLowerCase(Locale.ROOT);
        List<RefHist> refs = new ArrayList<>();
        if (name.endsWith(".yoda") || name.endsWith(".yoda.gz")) {
            YodaReader r = YodaReader.read(reference);
            for (Histo1D h : r.histograms()) {
                double[] d = new double[h.binning().size()];
                double[] e = new double[d.length];
                for (int k = 0; k < d.length; k++) {
                    d[k] = h.bin(k).sumW();
                    e[k] = Math.sqrt(h.bin(k).sumW2());
                }
                refs.add(new RefHist(h.path(), h.binning(), d, e));
            }
            for (Scatter2D s : r.scatters()) {
                refs.add(RefHist.of(reference, s));
            }
        } else {
            for (Scatter2D s : HepDataTable.read(reference)) {
                refs.add(RefHist.of(reference, s));
            }
        }
        metrics.putObject("reference").put("file", String.valueOf(reference.getFileName())).put("histograms", refs.size());
        ObjectNode obs = metrics.putObject("observables");
        for (ObservableSpec s : ObservableSpec.standard()) {
            for (RefHist ref : refs) {
                if (!ref.matches(s.name(), reference)) {
                    continue;
                }
                Histo1D hg = Histo1D.of("/JETFLOW/generated/" + s.name(), s.title(), ref.binning(), gen.column(s.name()));
                hg.normalizeToArea();
                Histo1D hr = ref.asUnitArea(s.title());
                yoda.add(hg).add(hr);
                ChiSquare chi = ChiSquare.of(hg.densities(), hg.densityErrors(), hr.densities(), hr.densityErrors());
                double[] cg = new double[ref.binning().size()];
                double[] cr = new double[cg.length];
                for (int k = 0; k < cg.length; k++) {
                    cg[k] = hg.bin(k).sumW();
                    cr[k] = hr.bin(k).sumW();
                }
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("chi2_ndf", chi.perDof());
                v.put("ndf", (double) chi.ndf());
                v.put("ks_binned", KolmogorovSmirnov.binned(cg, cr));
                putAll(obs.putObject(s.name()).put("reference_path", ref.path()), v);
                rows.add(new Row(s, v));
                plot(s, hg, "generated (" + gen.rows() + " jets)", hr, "reference " + ref.path(), outDir);
            }
        }
        if (obs.isEmpty()) {
            throw new JetFileException(reference, null, "no histogram is named after an observable (name a YODA path's"
                    + " last part or a HEPData table file after one of " + ObservableSpec.standard().stream()
                    .map(ObservableSpec::name).toList() + ")");
        }
    }

    /** A reference distribution with bins, values and errors. */
    private record RefHist(String path, Binning binning, double[] values, double[] errors) {
        static RefHist of(Path file, Scatter2D s) {
            Binning b = s.binning();
            if (b == null) {
                throw new JetFileException(file, s.path(), "points do not tile the x axis into bins (mismatched binning)");
            }
            double[] v = new double[b.size()];
            double[] e = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                Scatter2D.Point p = s.points().get(k);
                v[k] = p.y() * b.width(k);
                e[k] = 0.5 * (p.yErrMinus() + p.yErrPlus()) * b.width(k);
            }
            return new RefHist(s.path(), b, v, e);
        }

        boolean matches(String observable, Path file) {
            String[] parts = path.split("/");
            String last = parts.length == 0 ? "" : parts[parts.length - 1];
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            return last.equalsIgnoreCase(observable) || (parts.length > 1 && parts[1].equalsIgnoreCase(observable))
                    || stem.equalsIgnoreCase(observable);
        }

        Histo1D asUnitArea(String title) {
            Histo1D h = new Histo1D(path, title, binning);
            for (int k = 0; k < values.length; k++) {
                h.set(k, new org.jetflow.validation.hist.BinStats(values[k], errors[k] * errors[k], 0, 0, 0));
            }
            h.normalizeToArea();
            return h;
        }
    }

    private void physicsDistances(Path generated, Path reference, ObjectNode metrics) {
        ObservableTable g = observables(generated, true);
        ObservableTable r = observables(reference, true);
        double[][] fg = efpRows(g);
        double[][] fr = efpRows(r);
        FrechetPhysicsDistance fpd = FrechetPhysicsDistance.of(fg, fr, 5000, 5, 5, options.seed());
        KernelPhysicsDistance kpd = KernelPhysicsDistance.of(fg, fr, 5000, 5, options.seed());
        metrics.putObject("fpd").put("value", fpd.value()).put("error", fpd.error()).put("jets", Math.min(fg.length, fr.length));
        metrics.putObject("kpd").put("median", kpd.median()).put("spread", kpd.spread());
    }

    private static double[][] efpRows(ObservableTable t) {
        List<String> names = t.names();
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).startsWith("efp_") && !names.get(k).equals("efp_0")) {
                idx.add(k);
            }
        }
        double[][] rows = new double[t.rows()][idx.size()];
        for (int i = 0; i < t.rows(); i++) {
            for (int k = 0; k < idx.size(); k++) {
                rows[i][k] = t.columns()[idx.get(k)][i];
            }
        }
        return rows;
    }

    private Binning binning(ObservableSpec s, double[] ref, double[] gen) {
        double[] all = new double[ref.length + gen.length];
        System.arraycopy(ref, 0, all, 0, ref.length);
        System.arraycopy(gen, 0, all, ref.length, gen.length);
        Arrays.sort(all);
        double lo = all[(int) Math.floor(0.001 * (all.length - 1))];
        double hi = all[(int) Math.ceil(0.999 * (all.length - 1))];
        return binning(s, lo, hi, options.bins());
    }

    /**
     * The binning of an observable whose combined samples have 0.1 % and 99.9 % quantiles
     * {@code lo} and {@code hi}: {@code bins} equal bins, or unit-wide bins centred on integers
     * (merged to at most max(bins, 60)) for integer observables.
     */
    public static Binning binning(ObservableSpec s, double lo, double hi, int bins) {
        if (s.integer()) {
            int a = (int) Math.floor(lo);
            int b = (int) Math.ceil(hi);
            int step = Math.max(1, (int) Math.ceil((b - a + 1) / (double) Math.max(bins, 60)));
            int n = (int) Math.ceil((b - a + 1) / (double) step);
            return Binning.uniform(n, a - 0.5, a - 0.5 + n * step);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        return Binning.uniform(bins, lo, hi);
    }

    private static double[] fraction(ObservableTable t, ParticleClass c) {
        double[] n = t.column("n");
        double[] k = t.column("n_" + c.shortName());
        double[] f = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            f[i] = k[i] / n[i];
        }
        return f;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static void putAll(ObjectNode o, Map<String, Double> v) {
        v.forEach(o::put);
    }

    /** Writes {@code plots/NAME.png} and {@code .svg} under {@code outDir}: two unit-area histograms and their ratio. */
    public static void plot(ObservableSpec s, Histo1D gen, String genLabel, Histo1D ref, String refLabel, Path outDir)
            throws IOException {
        ComparisonPlot.Data d = new ComparisonPlot.Data(s.title(), s.xLabel(), s.yLabel(), gen.binning().edges(),
                gen.densities(), gen.densityErrors(), genLabel, ref.densities(), ref.densityErrors(), refLabel);
        ComparisonPlot.write(ComparisonPlot.chart(d), outDir.resolve("plots").resolve(s.name() + ".png"),
                outDir.resolve("plots").resolve(s.name() + ".svg"), 640, 560);
    }
}
