package org.jetflow.validation.hist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.file.JetFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void fillCountsUnderAndOverflowAndNormalises() {
        Histo1D h = Histo1D.of("/t/x", "x", Binning.uniform(4, 0, 4), new double[] {-1, 0, 0.5, 1, 3.99, 4, 10});
        assertEquals(1, h.bin(-1).sumW());
        assertEquals(2, h.bin(0).sumW());
        assertEquals(1, h.bin(3).sumW());
        assertEquals(2, h.bin(4).sumW(), "overflow includes the upper edge");
        assertEquals(7, h.total().sumW());
        h.normalizeToArea();
        double area = 0;
        for (int k = 0; k < 4; k++) {
            area += h.density(k) * h.binning().width(k);
        }
        assertEquals(1, area, 1e-12);
        assertEquals(Math.sqrt(2) / 4, h.densityError(0), 1e-12, "error scales with the weights");
    }

    @Test
    void mergeAddsAndRefusesOtherBinnings() {
        Histo1D a = Histo1D.of("/a", "", Binning.uniform(2, 0, 2), new double[] {0.5, 1.5});
        a.merge(Histo1D.of("/b", "", Binning.uniform(2, 0, 2), new double[] {0.5}));
        assertEquals(2, a.bin(0).sumW());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.merge(Histo1D.of("/c", "", Binning.uniform(3, 0, 2), new double[0])));
        assertTrue(e.getMessage().contains("mismatched binning"), e.getMessage());
    }

    @Test
    void yodaRoundTripKeepsEveryMoment() throws IOException {
        Histo1D h = Histo1D.of("/JETFLOW/msd", "soft-drop mass", new Binning(new double[] {0, 10, 25, 100}),
                new double[] {1, 2, 12, 50, 99, 150, -3});
        Scatter2D s = new Scatter2D("/REF/d01-x01-y01", "data", List.of(new Scatter2D.Point(5, 5, 5, 0.1, 0.01, 0.02)));
        Path f = tmp.resolve("h.yoda");
        Files.writeString(f, new YodaWriter().add(h).add(s).text());
        YodaReader r = YodaReader.read(f);
        Histo1D back = r.histograms().get(0);
        assertEquals("/JETFLOW/msd", back.path());
        assertEquals("soft-drop mass", back.title());
        assertTrue(back.binning().sameAs(h.binning()));
        for (int k = -1; k <= 3; k++) {
            assertEquals(h.bin(k), back.bin(k), "bin " + k);
        }
        assertEquals(s.points(), r.scatters().get(0).points());
    }

    @Test
    void malformedYodaNamesFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.yoda");
        Files.writeString(f, String.join("\n", "BEGIN YODA_HISTO1D_V2 /x", "Path: /x", "Type: Histo1D", "---",
                "0 1 2 4 1 1 2", "1 2 three 4 1 1 2", "END YODA_HISTO1D_V2", ""));
        JetFileException e = assertThrows(JetFileException.class, () -> YodaReader.read(f));
        assertTrue(e.getMessage().endsWith("bad.yoda: line 6: column 3 is not a number: 'three'"), e.getMessage());
        Path g = tmp.resolve("open.yoda");
        Files.writeString(g, "BEGIN YODA_SCATTER2D_V2 /y\n---\n1 0.5 0.5 2 0.1 0.1\n");
        e = assertThrows(JetFileException.class, () -> YodaReader.read(g));
        assertTrue(e.getMessage().contains("line 1: block 'YODA_SCATTER2D_V2 /y' has no 'END"), e.getMessage());
    }

    @Test
    void hepDataTableWithSymmetricAndAsymmetricErrors() throws IOException {
        Path f = tmp.resolve("Table1.yaml");
        Files.writeString(f, String.join("\n",
                "independent_variables:",
                "- header: {name: 'M_{SD}', units: GEV}",
                "  values:",
                "  - {low: 0, high: 10}",
                "  - {low: 10, high: 30}",
                "dependent_variables:",
                "- header: {name: '1/N dN/dM'}",
                "  qualifiers:",
                "  - {name: SQRT(S), units: GEV, value: 13000}",
                "  values:",
                "  - value: 0.02",
                "    errors:",
                "    - {symerror: 0.003, label: stat}",
                "    - {asymerror: {plus: 0.004, minus: -0.002}, label: sys}",
                "  - value: 0.03",
                "    errors:",
                "    - {symerror: 0.001}", ""));
        List<Scatter2D> tables = HepDataTable.read(f);
        Scatter2D s = tables.get(0);
        assertEquals("/Table1/1/N dN/dM", s.path());
        Scatter2D.Point p = s.points().get(0);
        assertEquals(5, p.x(), 0);
        assertEquals(0.02, p.y(), 0);
        assertEquals(0.005, p.yErrPlus(), 1e-12, "sqrt(0.003² + 0.004²)");
        assertEquals(Math.sqrt(0.003 * 0.003 + 0.002 * 0.002), p.yErrMinus(), 1e-12);
        assertTrue(s.binning().sameAs(new Binning(new double[] {0, 10, 30})));
    }

    @Test
    void hepDataWriteThenRead() throws IOException {
        Histo1D h = Histo1D.of("/x", "", Binning.uniform(3, 0, 3), new double[] {0.5, 1.5, 1.5, 2.5});
        h.normalizeToArea();
        Path f = tmp.resolve("out.yaml");
        Files.writeString(f, HepDataTable.write(h, "x", "GeV", "1/N dN/dx"));
        Scatter2D s = HepDataTable.read(f).get(0);
        assertEquals(0.5, s.points().get(1).y(), 1e-12);
        assertEquals(h.densityError(1), s.points().get(1).yErrPlus(), 1e-12);
    }

    @Test
    void malformedHepData() throws IOException {
        Path f = tmp.resolve("broken.yaml");
        Files.writeString(f, "independent_variables:\n- header: {name: x\n  values: [\n");
        JetFileException e = assertThrows(JetFileException.class, () -> HepDataTable.read(f));
        assertTrue(e.getMessage().contains("broken.yaml: line "), e.getMessage());
        Path g = tmp.resolve("short.yaml");
        Files.writeString(g, "independent_variables:\n- values: [{low: 0, high: 1}, {low: 1, high: 2}]\n"
                + "dependent_variables:\n- header: {name: y}\n  values: [{value: 1}]\n");
        e = assertThrows(JetFileException.class, () -> HepDataTable.read(g));
        assertTrue(e.getMessage().endsWith("dependent_variables[0]: has 1 values for 2 bins"), e.getMessage());
    }
}
