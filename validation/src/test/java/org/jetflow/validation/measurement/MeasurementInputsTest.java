package org.jetflow.validation.measurement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading records and descriptions: the shipped pair, gzip and HEPData forms, and the one-line error
 * each kind of damage gives (the file, the line, the field).
 */
class MeasurementInputsTest {
    static final Path DESCRIPTION = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.json");
    static final Path RECORD = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.yoda");

    /** A HEPData table in the format HEPData serves (named so that it is table 8 of its record). */
    static final String TABLE = """
            dependent_variables:
            - header: {name: D2(SIG)/DM/DYRAP, units: PB/GEV}
              qualifiers:
              - {name: ABS(YRAP), value: 1.0-1.5}
              values:
              - errors:
                - {label: stat, symerror: 1.36}
                - asymerror: {minus: -3.78, plus: 4.46}
                  label: sys
                value: 65.3
              - errors:
                - {label: stat, symerror: '5%'}
                value: 12.0
            independent_variables:
            - header: {name: M(2JET), units: GEV}
              values:
              - {high: 565.0, low: 419.0}
              - {high: 740.0, low: 565.0}
            """;

    /** A description of that table's histogram. */
    static final String TABLE_DESCRIPTION = """
            {
              "analysis": "CMS_2013_I1208923",
              "histograms": [
                {
                  "path": "/REF/CMS_2013_I1208923/d08-x01-y01",
                  "observable": {"name": "mass"},
                  "selection": {"pt": [0, 7000], "abs_y": 2.5},
                  "normalisation": "per_bin_width",
                  "x_label": "m [GeV]",
                  "y_label": "dN/dm [1/GeV]"
                }
              ]
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void theShippedDescriptionReadsWithItsRecord() {
        Measurement m = Measurement.load(List.of(RECORD), DESCRIPTION);
        assertEquals("CMS_2018_I1682495", m.description().analysis());
        assertEquals(8, m.entries().size());
        Measurement.Entry d41 = m.entries().get(4);
        assertEquals("/REF/CMS_2018_I1682495/d41-x01-y01", d41.data().path());
        assertEquals("softdrop_mass", d41.described().observable().name());
        assertEquals(0.1, d41.described().observable().parameters().get("zcut"));
        assertEquals(new JetSelection(550, 650, 2.4, Double.POSITIVE_INFINITY), d41.described().selection());
        assertEquals(Normalisation.UNIT_AREA, d41.described().normalisation());
        assertEquals(10, d41.data().binning().size());
        assertEquals(10, d41.data().binning().low());
        assertEquals(1.3589e-2, d41.data().values()[0]);
        assertEquals(5.721610e-04, d41.data().errors()[0]);
        assertEquals("/CMS_2018_I1682495/d41-x01-y01", d41.described().outputPath());
    }

    @Test
    void gzippedYodaReadsAsThePlainFile() throws IOException {
        Path gz = gzip(Files.readAllBytes(RECORD), tmp.resolve("CMS_2018_I1682495.yoda.gz"));
        Measurement plain = Measurement.load(List.of(RECORD), DESCRIPTION);
        Measurement zipped = Measurement.load(List.of(gz), DESCRIPTION);
        for (int k = 0; k < plain.entries().size(); k++) {
            DataHistogram a = plain.entries().get(k).data();
            DataHistogram b = zipped.entries().get(k).data();
            assertTrue(a.binning().sameAs(b.binning()));
            assertTrue(Arrays.equals(a.values(), b.values()) && Arrays.equals(a.errPlus(), b.errPlus()));
        }
    }

    @Test
    void hepDataTableErrorsAddInQuadrature() throws IOException {
        Path table = Files.writeString(tmp.resolve("HEPData-ins1208923-v1-Table_8.yaml"), TABLE);
        Path description = Files.writeString(tmp.resolve("table8.json"), TABLE_DESCRIPTION);
        DataHistogram h = Measurement.load(List.of(table), description).entries().get(0).data();
        assertEquals(419, h.binning().low());
        assertEquals(740, h.binning().high());
        assertEquals(Math.hypot(1.36, 4.46), h.errPlus()[0], 1e-12);
        assertEquals(Math.hypot(1.36, 3.78), h.errMinus()[0], 1e-12);
        assertEquals(0.05 * 12.0, h.errPlus()[1], 1e-12, "a percentage is of the value");
    }

    @Test
    void theRealHepDataTableReads() {
        Path table = SharedData.dir().resolve("fixtures").resolve("published").resolve("HEPData-ins1208923-v1-Table_8.yaml");
        MeasurementRecord r = MeasurementRecord.read(List.of(table), "CMS_2013_I1208923");
        DataHistogram h = r.histogram("/REF/CMS_2013_I1208923/d08-x01-y01");
        assertEquals(11, h.binning().size());
        assertEquals(4509, h.binning().high());
        assertEquals(2.23e-05, h.values()[9]);
        assertEquals(Math.hypot(2.93e-06, 3.45e-06), h.errPlus()[9], 1e-18);
    }

    @Test
    void damagedYodaNamesFileAndLine() throws IOException {
        List<String> lines = Files.readAllLines(RECORD);
        int first = lines.indexOf("BEGIN YODA_SCATTER2D_V2 /REF/CMS_2018_I1682495/d29-x01-y01") + 10;
        assertTrue(lines.get(first).startsWith("3.000000e+01"), lines.get(first));
        // Two bins swapped: edges out of order.
        List<String> swapped = new java.util.ArrayList<>(lines);
        swapped.set(first, lines.get(first + 1));
        swapped.set(first + 1, lines.get(first));
        Path f = Files.write(tmp.resolve("swapped.yoda"), swapped);
        assertEquals(f + ": line " + (first + 2) + ": /REF/CMS_2018_I1682495/d29-x01-y01: bin [20.0, 40.0) of point 2 does"
                + " not start where the previous bin ended (60.0): bins must be in order without gaps or overlaps",
                error(f, DESCRIPTION));
        // A number that is not one.
        List<String> wrong = new java.util.ArrayList<>(lines);
        wrong.set(first, lines.get(first).replace("2.858300e-03", "2.8583e-0x3"));
        f = Files.write(tmp.resolve("wrong.yoda"), wrong);
        assertEquals(f + ": line " + (first + 1) + ": column 4 is not a number: '2.8583e-0x3'", error(f, DESCRIPTION));
        // A negative uncertainty.
        List<String> negative = new java.util.ArrayList<>(lines);
        negative.set(first, lines.get(first).replace("\t1.006629e-03\t1.006629e-03", "\t-1.006629e-03\t1.006629e-03"));
        f = Files.write(tmp.resolve("negative.yoda"), negative);
        assertTrue(error(f, DESCRIPTION).endsWith(": line " + (first + 1)
                + ": /REF/CMS_2018_I1682495/d29-x01-y01: negative uncertainty of point 1"));
        // Cut in the middle of a block.
        f = Files.write(tmp.resolve("cut.yoda"), lines.subList(0, first + 3));
        assertTrue(error(f, DESCRIPTION).matches(".*cut\\.yoda: line \\d+: block 'YODA_SCATTER2D_V2 /REF/CMS_2018_I1682495/d29"
                + "-x01-y01' has no 'END YODA_SCATTER2D_V2'"), error(f, DESCRIPTION));
        // A histogram the record lacks is the description's line.
        f = Files.write(tmp.resolve("fewer.yoda"), lines.subList(0, first - 10));
        String e = error(f, DESCRIPTION);
        assertTrue(e.startsWith(DESCRIPTION + ": line 7, histograms[0].path: the record (fewer.yoda) has no histogram"
                + " '/REF/CMS_2018_I1682495/d29-x01-y01'; it has 28: "), e);
    }

    @Test
    void damagedGzipNamesFileAndLine() throws IOException {
        byte[] gz = Files.readAllBytes(gzip(Files.readAllBytes(RECORD), tmp.resolve("whole.yoda.gz")));
        Path cut = Files.write(tmp.resolve("cut.yoda.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertTrue(error(cut, DESCRIPTION).matches(".*cut\\.yoda\\.gz: line \\d+: damaged gzip stream \\(.*\\)"),
                error(cut, DESCRIPTION));
        Path empty = Files.write(tmp.resolve("empty.yoda.gz"), new byte[0]);
        assertTrue(error(empty, DESCRIPTION).startsWith(empty + ": line 1: damaged gzip stream"), error(empty, DESCRIPTION));
        Path plain = Files.write(tmp.resolve("plain.yoda.gz"), Files.readAllBytes(RECORD));
        assertTrue(error(plain, DESCRIPTION).startsWith(plain + ": line 1: damaged gzip stream (Not in GZIP format)"),
                error(plain, DESCRIPTION));
    }

    @Test
    void damagedHepDataNamesFileLineAndField() throws IOException {
        Path description = Files.writeString(tmp.resolve("table8.json"), TABLE_DESCRIPTION);
        Path t = Files.writeString(tmp.resolve("Table_8.yaml"), TABLE.replace("{high: 740.0, low: 565.0}",
                "{high: 400.0, low: 300.0}"));
        assertTrue(error(t, description).endsWith("Table_8.yaml: line 18: /REF/CMS_2013_I1208923/d08-x01-y01: bin [300.0,"
                + " 400.0) of point 2 does not start where the previous bin ended (565.0): bins must be in order without gaps"
                + " or overlaps"), error(t, description));
        t = Files.writeString(tmp.resolve("Table_8.yaml"), TABLE.replace("value: 12.0", "value: twelve"));
        assertEquals(t + ": line 13, dependent_variables[0].values[1].value: 'twelve' is not a number", error(t, description));
        t = Files.writeString(tmp.resolve("Table_8.yaml"), TABLE.replace("minus: -3.78, ", ""));
        assertEquals(t + ": line 8, dependent_variables[0].values[0].errors[1].asymerror.minus: missing", error(t, description));
        t = Files.writeString(tmp.resolve("Table_8.yaml"), TABLE.substring(0, TABLE.indexOf("  values:\n  - {high")));
        assertEquals(t + ": line 15, independent_variables[0].values: missing", error(t, description));
        t = Files.writeString(tmp.resolve("Table_8.yaml"), TABLE.replace("  - {high: 565.0", "  - {high: [565.0"));
        assertEquals(t + ": line 17: malformed YAML: while parsing a flow sequence: expected ',' or ']', but got }",
                error(t, description));
        t = Files.writeString(tmp.resolve("Table_8.yaml"), "");
        assertTrue(error(t, description).startsWith(t + ": line 1: not a HEPData table"), error(t, description));
    }

    @Test
    void badDescriptionsNameFileLineAndField() throws IOException {
        String shipped = Files.readString(DESCRIPTION);
        assertEquals(": line 9, histograms[0].observable.name: unknown observable 'tau21' (known: mass, msd, softdrop_mass, rg, zg, rho, angularity)",
                describe(shipped.replaceFirst("\"name\": \"mass\"", "\"name\": \"tau21\"")));
        assertEquals(": line 45, histograms[4].observable: unknown parameter 'z_cut' for observable 'softdrop_mass' (known:"
                + " beta, zcut, charged, groomBeta, groomZcut, groomed)", describe(shipped.replaceFirst("\"zcut\"", "\"z_cut\"")));
        assertEquals(": line 45, histograms[4].observable: parameter 'charged' of 'softdrop_mass' must be true or false,"
                + " got \"yes\" (String)", describe(shipped.replaceFirst("\"zcut\": 0.1", "\"zcut\": 0.1, \"charged\": \"yes\"")));
        assertEquals(": line 11, histograms[0].normalization: unknown field 'normalization' (known here: normalisation, observable, path,"
                + " selection, title, x_label, y_label)", describe(shipped.replaceFirst("\"normalisation\"", "\"normalization\"")));
        assertEquals(": line 11, histograms[0].normalisation: 'area' is not a normalisation (one of unit_area,"
                + " unit_area_in_range, per_bin_width)", describe(shipped.replaceFirst("\"unit_area\"", "\"area\"")));
        assertEquals(": line 10, histograms[0].selection: the pT range must be [low, high) with 0 ≤ low < high, got [650.0,"
                + " 550.0)", describe(shipped.replaceFirst("\\[550, 650\\]", "[650, 550]")));
        assertEquals(": line 10, histograms[0].selection.pt[1]: must be a number",
                describe(shipped.replaceFirst("\\[550, 650\\]", "[550, \"650\"]")));
        assertEquals(": line 6, histograms[0].x_label: missing",
                describe(shipped.replaceFirst("\\s*\"x_label\": \"m \\[GeV\\]\",", "")));
        assertEquals(": line 1: empty: a measurement description is a JSON object", describe(""));
        assertTrue(describe(shipped.substring(0, 300)).startsWith(": line 7: malformed JSON: Unexpected end-of-input"),
                describe(shipped.substring(0, 300)));
        assertEquals(": line 16, histograms[1].path: '/REF/CMS_2018_I1682495/d29-x01-y01' is described twice",
                describe(shipped.replaceFirst("d30-x01-y01", "d29-x01-y01")));
    }

    /** The message of loading a description written from {@code text} with the shipped record, after its file name. */
    private String describe(String text) throws IOException {
        Path f = Files.writeString(tmp.resolve("description.json"), text);
        String e = error(RECORD, f);
        assertTrue(e.startsWith(f.toString()), e);
        return e.substring(f.toString().length());
    }

    private static String error(Path record, Path description) {
        JetFileException e = assertThrows(JetFileException.class, () -> Measurement.load(List.of(record), description));
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
        return e.getMessage();
    }

    static Path gzip(byte[] bytes, Path out) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
            o.write(bytes);
        }
        return out;
    }
}
