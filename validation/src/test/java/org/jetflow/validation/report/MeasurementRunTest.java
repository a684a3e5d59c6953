package org.jetflow.validation.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.validation.distance.ChiSquare;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.YodaReader;
import org.jetflow.validation.measurement.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementRunTest {
    /** The description shipped in samples/ (tests run in the module's directory). */
    static final Path SHIPPED = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.json");
    static final Path SHIPPED_RECORD = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.yoda");

    @TempDir
    Path tmp;

    /**
     * Pythia 8 (qcd-train-2, 50,000 jets) against CMS's normalised jet-mass and soft-drop-mass
     * histograms between 550 and 1000 GeV, per-jet selection only, normalised to all jets of the pT
     * bin. The χ² of each histogram must equal one computed here from FastJet's observables of the
     * same jets (qcd-train-2.obs.csv), binned and counted in the test, and the totals are pinned.
     *
     * <p>The fixture's README quotes 29.0/40 and 114.5/46 for this comparison, with the Gaussian χ²
     * (the sample's error √N_k / (N Δx_k)). The procedure it states gives 33.0/40 and 118.6/46 with
     * that form, here and in an independent computation on the .obs.csv columns (selecting on the
     * file's jet_kinematics instead changes nothing: they equal the constituent sums); the 50,000
     * jets' own subsets scatter by more than the difference (the first 30,000 give 25.2 and 109.8).
     * With the Poisson statistic JetFlow uses since 2026-12-08 the same jets give 31.5/40 and
     * 114.7/46.
     */
    @Test
    void pythiaAgainstCmsJetMass() throws IOException {
        Path record = SharedData.dir().resolve("fixtures").resolve("published").resolve("CMS_2018_I1682495.yoda");
        Path jets = SharedData.data("qcd-train-2.h5");
        assertArrayEquals(Files.readAllBytes(record), Files.readAllBytes(SHIPPED_RECORD), "the shipped record is CMS's");
        Measurement m = Measurement.load(List.of(record), SHIPPED);
        assertEquals(8, m.entries().size());
        Path out = tmp.resolve("cms");
        ObjectNode metrics = new MeasurementRun(new MeasurementRun.Options(Long.MAX_VALUE, 2), n -> { })
                .run(m, List.of(new MeasurementRun.Sample("generated", jets)), out);

        Map<String, double[]> fastjet = columns(SharedData.data("qcd-train-2.obs.csv"), "pt", "eta", "mass", "msd");
        StringBuilder seen = new StringBuilder();
        for (Measurement.Entry e : m.entries()) {
            JsonNode h = metrics.path("histograms").path(e.described().path()).path("generated");
            double expected = chi2(e, fastjet);
            seen.append(String.format(Locale.ROOT, "%s %s: %.2f/%d (FastJet %.2f)%n", e.described().shortName(),
                    e.described().selection().describe(), h.path("chi2").asDouble(), h.path("ndf").asInt(), expected));
            assertEquals(expected, h.path("chi2").asDouble(), 1e-6 * expected, e.described().path());
            assertEquals(e.data().binning().size(), h.path("ndf").asInt(), e.described().path());
        }
        System.out.print(seen);
        JsonNode mass = metrics.path("by_observable").path("mass").path("generated");
        JsonNode msd = metrics.path("by_observable").path("softdrop_mass(beta=0, zcut=0.1)").path("generated");
        assertEquals(40, mass.path("ndf").asInt());
        assertEquals(46, msd.path("ndf").asInt());
        assertEquals(31.51, mass.path("chi2").asDouble(), 0.01, seen.toString());
        assertEquals(114.67, msd.path("chi2").asDouble(), 0.01, seen.toString());
        assertEquals(86, metrics.path("total").path("generated").path("ndf").asInt());

        // Rivet's paths, the normalised values, and the files a user opens.
        YodaReader yoda = YodaReader.read(out.resolve("generated.yoda"));
        Histo1D d29 = yoda.histograms().get(0);
        assertEquals("/CMS_2018_I1682495/d29-x01-y01", d29.path());
        assertEquals(1, d29.total().sumW(), 1e-12, "unit area over every selected jet");
        for (String f : new String[] {"metrics.json", "report.html", "plots/d29-x01-y01.png", "plots/d44-x01-y01.svg"}) {
            assertTrue(Files.size(out.resolve(f)) > 500, f);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("gives no correlations"), "the report says the record has no correlations");
        assertTrue(html.contains("<img src=\"plots/d41-x01-y01.png\""));
    }

    /**
     * A hand-made record and six selected jets, χ² worked out by hand. Bins [2, 10), [10, 20),
     * [20, 40) GeV; selected jet masses 5, 5, 15, 30 (in range), 1 (underflow), 50 (overflow); two
     * more jets fail the selection (pT 250 GeV; |η| 1.5). Unit area: N = 6; in range: N = 4.
     */
    @Test
    void handMadeHistogramGivesTheChiSquareWorkedOutByHand() throws IOException {
        Path record = tmp.resolve("TOY_2026_I1.yoda");
        String points = "---\n6 4 4 0.03 0.005 0.005\n15 5 5 0.02 0.003 0.005\n30 10 10 0.01 0.002 0.002\nEND YODA_SCATTER2D_V2\n";
        Files.writeString(record, "BEGIN YODA_SCATTER2D_V2 /REF/TOY_2026_I1/d01-x01-y01\nPath: /REF/TOY_2026_I1/d01-x01-y01\n"
                + points + "BEGIN YODA_SCATTER2D_V2 /REF/TOY_2026_I1/d02-x01-y01\n" + points);
        Path description = tmp.resolve("toy.json");
        Files.writeString(description, """
                {"analysis": "TOY_2026_I1", "histograms": [
                  {"path": "/REF/TOY_2026_I1/d01-x01-y01", "observable": {"name": "mass"},
                   "selection": {"pt": [100, 200], "abs_eta": 1.0}, "normalisation": "unit_area",
                   "x_label": "m [GeV]", "y_label": "1/N dN/dm [1/GeV]"},
                  {"path": "/REF/TOY_2026_I1/d02-x01-y01", "observable": {"name": "mass"},
                   "selection": {"pt": [100, 200], "abs_eta": 1.0}, "normalisation": "unit_area_in_range",
                   "x_label": "m [GeV]", "y_label": "1/N dN/dm [1/GeV]"}]}
                """);
        Path jets = massiveJets(tmp.resolve("toy.arrow"), new double[][] {
            {150, 0.2, 5}, {120, -0.5, 5}, {180, 0.9, 15}, {110, 0, 30}, {130, 0.1, 1}, {190, -0.3, 50},
            {250, 0, 5}, {150, 1.5, 5}});
        Measurement m = Measurement.load(List.of(record), description);
        ObjectNode metrics = new MeasurementRun(new MeasurementRun.Options(Long.MAX_VALUE, 1), n -> { })
                .run(m, List.of(new MeasurementRun.Sample("generated", jets)), tmp.resolve("toy"));
        // The counts and N worked out by hand: 2, 1, 1 jets in bins 8, 10 and 20 GeV wide; the statistic
        // itself is ChiSquareTest's.
        double[] y = {0.03, 0.02, 0.01};
        double[] sigma = {0.005, 0.004, 0.002};
        double[] counts = {2, 1, 1};
        double unitArea = ChiSquare.ofCounts(y, sigma, counts, new double[] {6 * 8, 6 * 10, 6 * 20}).chi2();
        double inRange = ChiSquare.ofCounts(y, sigma, counts, new double[] {4 * 8, 4 * 10, 4 * 20}).chi2();
        JsonNode d01 = metrics.path("histograms").path("/REF/TOY_2026_I1/d01-x01-y01").path("generated");
        JsonNode d02 = metrics.path("histograms").path("/REF/TOY_2026_I1/d02-x01-y01").path("generated");
        assertEquals(6, d01.path("selected_jets").asInt());
        assertEquals(unitArea, d01.path("chi2").asDouble(), 1e-9 * unitArea);
        assertEquals(3, d01.path("ndf").asInt());
        assertEquals(inRange, d02.path("chi2").asDouble(), 1e-9 * inRange);
        assertEquals(unitArea + inRange, metrics.path("total").path("generated").path("chi2").asDouble(), 1e-9 * inRange);
        assertEquals(6, metrics.path("total").path("generated").path("ndf").asInt());
        Histo1D written = YodaReader.read(tmp.resolve("toy/generated.yoda")).histograms().get(0);
        assertEquals(2.0 / 48, written.density(0), 1e-12, "the YODA output holds the normalised values");
        assertEquals(1.0 / 6, written.bin(-1).sumW(), 1e-12, "underflow kept");
    }

    /** Jets of one particle each, {pT (GeV), η, mass (GeV)}: the jet's pT, η and mass are the particle's. */
    static Path massiveJets(Path file, double[][] jets) {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, jets.length);
        for (double[] j : jets) {
            double pz = j[0] * Math.sinh(j[1]);
            double e = Math.sqrt(j[0] * j[0] + pz * pz + j[2] * j[2]);
            b.beginJet(0, 0).addCartesian(j[0], 0, pz, e, 1).endJetFromConstituents();
        }
        JetWriter w = JetFiles.create(file, JetSchema.CORE, Map.of());
        w.write(b.build());
        w.close();
        return file;
    }

    /**
     * χ² of the selected jets' values, binned and counted here: unit area over all selected jets
     * (under- and overflow included), so a bin of width Δx expects N Δx jets per unit of the value.
     */
    private static double chi2(Measurement.Entry e, Map<String, double[]> obs) {
        var sel = e.described().selection();
        // The description's soft-drop mass (β = 0, zcut = 0.1) is FastJet's msd column.
        String column = e.described().observable().name().equals("softdrop_mass") ? "msd" : e.described().observable().name();
        double[] edges = e.data().binning().edges();
        int bins = edges.length - 1;
        double[] count = new double[bins];
        double n = 0;
        double[] pt = obs.get("pt");
        for (int i = 0; i < pt.length; i++) {
            if (pt[i] < sel.ptMinGeV() || pt[i] >= sel.ptMaxGeV() || Math.abs(obs.get("eta")[i]) >= sel.absEtaMax()) {
                continue;
            }
            n++;
            double v = obs.get(column)[i];
            for (int k = 0; k < bins; k++) {
                if (v >= edges[k] && v < edges[k + 1]) {
                    count[k]++;
                }
            }
        }
        double[] perValue = new double[bins];
        for (int k = 0; k < bins; k++) {
            perValue[k] = n * (edges[k + 1] - edges[k]);
        }
        return ChiSquare.ofCounts(e.data().values(), e.data().errors(), count, perValue).chi2();
    }

    /** Named columns of a CSV file with a header. */
    static Map<String, double[]> columns(Path csv, String... names) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, double[]> out = new java.util.HashMap<>();
        for (String name : names) {
            int c = header.indexOf(name);
            double[] v = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                v[i - 1] = Double.parseDouble(lines.get(i).split(",")[c]);
            }
            out.put(name, v);
        }
        return out;
    }
}
