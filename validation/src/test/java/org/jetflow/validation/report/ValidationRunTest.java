package org.jetflow.validation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.validation.classifier.BoostedTreeComparison;
import org.jetflow.validation.classifier.BoostedTreeTwoSample;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.YodaReader;
import org.jetflow.validation.hist.YodaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationRunTest {
    @TempDir
    Path tmp;

    private static final ValidationRun.Options FAST = new ValidationRun.Options(30, 5, 5, 0, 3000, 2, 7);

    @Test
    void independentQcdSamplesScoreNearTheFloorAndTopJetsFarAbove() throws IOException {
        Path qcd1 = SharedData.data("qcd-train-1.h5");
        Path qcd2 = SharedData.data("qcd-train-2.h5");
        ObjectNode same = new ValidationRun(FAST, n -> { }).run(qcd1, qcd2, tmp.resolve("same"));
        for (String obs : new String[] {"mass", "msd", "tau21", "tau32", "d2", "n"}) {
            double ratio = same.get("observables").get(obs).get("ratio").asDouble();
            assertTrue(ratio > 0.3 && ratio < 2.5, obs + " QCD vs QCD: W1/floor = " + ratio);
        }
        ObjectNode top = new ValidationRun(FAST, n -> { }).run(SharedData.data("top-5k.h5"), qcd2, tmp.resolve("top"));
        for (String obs : new String[] {"mass", "msd", "tau32", "n"}) {
            double ratio = top.get("observables").get(obs).get("ratio").asDouble();
            assertTrue(ratio > 5, obs + " top vs QCD: W1/floor = " + ratio);
        }
        Path dir = tmp.resolve("same");
        for (String f : new String[] {"metrics.json", "report.html", "plots/msd.png", "plots/msd.svg", "plots/n_muplus.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 500, f);
        }
        YodaReader yoda = YodaReader.read(dir.resolve("histograms.yoda"));
        assertEquals(2 * ObservableSpec.standard().size(), yoda.histograms().size());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<img src=\"plots/tau32.png\""));
    }

    @Test
    void boostedTreeTestGoesIntoMetricsAndReport() throws IOException {
        // Top against QCD jets: the trees tell them apart almost always, on the 500 first jets of each.
        ValidationRun.Options options = new ValidationRun.Options(30, 5, 5, 0, 600, 2, 7);
        BoostedTreeComparison trees = new BoostedTreeComparison(BoostedTreeTwoSample.Settings.defaults(), 500, 2);
        ObjectNode m = new ValidationRun(options, n -> { }, List.of(trees)).run(SharedData.data("top-5k.h5"),
                SharedData.data("qcd-train-2.h5"), tmp.resolve("bdt"));
        JsonNode bdt = m.get("bdt_classifier");
        System.out.printf("boosted trees, top vs QCD (500 jets each): AUC %.4f ± %.4f%n", bdt.get("auc").asDouble(),
                bdt.get("spread").asDouble());
        assertTrue(bdt.get("auc").asDouble() > 0.9, bdt.toString());
        assertEquals(500, bdt.get("jets").asInt());
        assertEquals(5, bdt.get("fold_aucs").size());
        String html = Files.readString(tmp.resolve("bdt/report.html"));
        assertTrue(html.contains("<h2>Classifier two-sample tests</h2>") && html.contains("XGBoost"), "report");
        assertTrue(Files.readString(tmp.resolve("bdt/metrics.json")).contains("\"bdt_classifier\""));
    }

    @Test
    void publishedHistogramsAsReference() throws IOException {
        Path qcd2 = SharedData.data("qcd-train-2.h5");
        // A "published" msd histogram: the reference sample's own, written as YODA.
        ObjectNode sample = new ValidationRun(FAST, n -> { }).run(qcd2, qcd2, tmp.resolve("self"));
        Histo1D ref = YodaReader.read(tmp.resolve("self/histograms.yoda")).histograms().stream()
                .filter(h -> h.path().equals("/JETFLOW/reference/msd")).findFirst().orElseThrow();
        Histo1D published = new Histo1D("/CMS_2026_JETS/msd", "msd", ref.binning());
        for (int k = -1; k <= ref.binning().size(); k++) {
            published.set(k, ref.bin(k));
        }
        Path yoda = tmp.resolve("published.yoda");
        Files.writeString(yoda, new YodaWriter().add(published).text());
        ObjectNode m = new ValidationRun(FAST, n -> { }).run(SharedData.data("qcd-train-1.h5"), yoda, tmp.resolve("pub"));
        double chi2 = m.get("observables").get("msd").get("chi2_ndf").asDouble();
        assertTrue(chi2 < 3, "QCD vs a QCD msd histogram: chi2/ndf = " + chi2);
        ObjectNode t = new ValidationRun(FAST, n -> { }).run(SharedData.data("top-5k.h5"), yoda, tmp.resolve("pubtop"));
        assertTrue(t.get("observables").get("msd").get("chi2_ndf").asDouble() > 10, "top vs QCD msd histogram");
        assertTrue(Files.exists(tmp.resolve("pub/plots/msd.png")));
        assertTrue(sample.has("class_fractions"));
    }

    @Test
    void histogramsNamedAfterNoObservableAreAClearError() throws IOException {
        Path yoda = tmp.resolve("other.yoda");
        Files.writeString(yoda, new YodaWriter().add(new Histo1D("/X/unrelated", "", Binning.uniform(2, 0, 1))).text());
        Path jets = singleParticleJets(false);
        JetFileException e = assertThrows(JetFileException.class,
                () -> new ValidationRun(FAST, n -> { }).run(jets, yoda, tmp.resolve("x")));
        assertTrue(e.getMessage().contains("no histogram is named after an observable"), e.getMessage());
    }

    @Test
    void nanObservablesNameTheJet() throws IOException {
        Path jets = singleParticleJets(true);
        JetFileException e = assertThrows(JetFileException.class,
                () -> new ValidationRun(FAST, n -> { }).run(jets, jets, tmp.resolve("nan")));
        assertTrue(e.getMessage().contains("jet 1, observable tau21: is NaN"), e.getMessage());
    }

    /** Three jets; with {@code lonely}, jet 1 has a single particle (τ21 = 0/0). */
    private Path singleParticleJets(boolean lonely) {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 3);
        for (int j = 0; j < 3; j++) {
            b.beginJet(0, 0).addRelative(100, 0.01, 0.02, 1);
            if (!(lonely && j == 1)) {
                b.addRelative(50, -0.1, 0.05, 4).addRelative(20, 0.2, -0.1, 3);
            }
            b.endJetFromConstituents();
        }
        Path f = tmp.resolve(lonely ? "lonely.arrow" : "jets.arrow");
        JetWriter w = JetFiles.create(f, JetSchema.CORE, Map.of());
        w.write(b.build());
        w.close();
        return f;
    }
}
