package org.jetflow.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.validation.distance.ChiSquare;
import org.jetflow.validation.distance.KolmogorovSmirnov;
import org.jetflow.validation.distance.Wasserstein1;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.YodaWriter;
import org.jetflow.validation.report.ObservableSpec;
import org.jetflow.validation.report.ValidationRun;

/**
 * {@code jetflow spark validate}: a generated sample against a reference sample, both as large as
 * a cluster holds. Observables are computed on the executors and only histograms come back, so
 * the distances are binned: W1 between the unit-area histograms ({@link Wasserstein1#binned}),
 * χ²/ndf and the binned KS statistic. The statistical floor of W1 is measured on the reference
 * itself: W1 between its even and odd jets, two independent halves of N_ref/2, scaled by
 * sqrt((1/N_gen + 1/N_ref) / (4/N_ref)) to the sizes compared, as W1 noise falls like 1/sqrt(N).
 * Writes {@code metrics.json}, {@code histograms.yoda} and {@code plots/NAME.png|svg}.
 */
public final class SparkValidate {
    private SparkValidate() {
    }

    /** Runs the comparison; returns the metrics written. */
    public static ObjectNode run(SparkSession spark, JetDataset generated, JetDataset reference, Path outDir, int bins)
            throws IOException {
        String generatedName = generated.name();
        String referenceName = reference.name();
        Dataset<Row> gen = SparkObservables.of(spark, generated).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> ref = SparkObservables.of(spark, reference).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Binning> binnings = SparkObservables.binnings(gen.union(ref), bins);
            Map<String, Histo1D> hg = SparkObservables.histograms(gen, binnings, "/JETFLOW/generated");
            List<Map<String, Histo1D>> halves = SparkObservables.histogramsByParity(ref, binnings,
                    "/JETFLOW/reference-even", "/JETFLOW/reference-odd");
            Map<String, Histo1D> ha = halves.get(0);
            Map<String, Histo1D> hb = halves.get(1);
            Map<String, Histo1D> hr = new LinkedHashMap<>();
            ha.forEach((name, h) -> {
                Histo1D all = new Histo1D("/JETFLOW/reference/" + name, name, h.binning());
                all.merge(h);
                all.merge(hb.get(name));
                hr.put(name, all);
            });
            String first = binnings.keySet().iterator().next();
            long ng = (long) hg.get(first).total().entries();
            long nr = (long) hr.get(first).total().entries();
            if (ng == 0 || nr < 2) {
                throw new IllegalArgumentException((ng == 0 ? generatedName : referenceName) + ": empty sample");
            }
            double scale = Math.sqrt((1.0 / ng + 1.0 / nr) / (4.0 / nr));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode metrics = json.createObjectNode();
            metrics.putObject("generated").put("data", generatedName).put("jets", ng);
            metrics.putObject("reference").put("data", referenceName).put("jets", nr);
            ObjectNode obs = metrics.putObject("observables");
            YodaWriter yoda = new YodaWriter();
            Files.createDirectories(outDir.resolve("plots"));
            for (ObservableSpec s : ObservableSpec.standard()) {
                Histo1D g = hg.get(s.name());
                Histo1D r = hr.get(s.name());
                double[] edges = g.binning().edges();
                double w1 = Wasserstein1.binned(edges, g.sumWs(), r.sumWs());
                double floor = Wasserstein1.binned(edges, ha.get(s.name()).sumWs(), hb.get(s.name()).sumWs()) * scale;
                double ks = KolmogorovSmirnov.binned(g.sumWs(), r.sumWs());
                g.normalizeToArea();
                r.normalizeToArea();
                ChiSquare chi = ChiSquare.of(g.densities(), g.densityErrors(), r.densities(), r.densityErrors());
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("w1", w1);
                v.put("floor", floor);
                v.put("ratio", floor > 0 ? w1 / floor : Double.NaN);
                v.put("ks_binned", ks);
                v.put("chi2_ndf", chi.perDof());
                ObjectNode o = obs.putObject(s.name());
                v.forEach(o::put);
                yoda.add(g).add(r);
                ValidationRun.plot(s, g, "generated (" + ng + " jets)", r, "reference (" + nr + " jets)", outDir);
            }
            metrics.putObject("settings").put("bins", bins).put("binned", true)
                    .put("floor", "W1 between the reference's even and odd jets, scaled to the compared sizes");
            AtomicTarget.writeString(outDir.resolve("metrics.json"), json.writeValueAsString(metrics));
            AtomicTarget.writeString(outDir.resolve("histograms.yoda"), yoda.text());
            return metrics;
        } finally {
            gen.unpersist();
            ref.unpersist();
        }
    }
}
