package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.hdf5.Hdf5Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    @TempDir
    Path tmp;

    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter err = new StringWriter();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
            CommandLine cl = JetflowCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        CommandLine cl = JetflowCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        for (String c : new String[] {"convert", "info", "observables", "validate", "train", "generate", "reference",
            "score", "roc", "demo", "bench"}) {
            assertTrue(out.toString().contains("  " + c + " "), out.toString());
        }
        // Every format the readers take is named, ROOT included.
        for (String ext : new String[] {".h5", ".arrow", ".root"}) {
            assertTrue(out.toString().contains(ext), ext + " in " + out);
        }
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        List<CommandLine> all = new ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(
                JetflowCommand.commandLine().getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            if (!c.getCommandName().equals("help") && all.stream().noneMatch(x -> x.getCommandSpec() == c.getCommandSpec())) {
                all.add(c);
                todo.addAll(c.getSubcommands().values());
            }
        }
        assertTrue(all.size() >= 13, "commands found: " + all.size());
        // picocli formats help texts with String.format and only warns on stderr when one is malformed
        // (an unescaped %): the text then comes out raw.
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            JetflowCommand.commandLine().getUsageMessage();
            for (CommandLine c : all) {
                String usage = c.getUsageMessage();
                assertTrue(usage.contains("Example"), c.getCommandName() + " has no examples:\n" + usage);
                assertTrue(usage.contains("--help"), c.getCommandName());
            }
        } finally {
            System.setErr(err);
        }
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void convertAndInfoRoundTrip() throws Exception {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("in.h5"), 12);
        Path arrow = tmp.resolve("out.arrow");
        Result r = run("convert", "-q", h5.toString(), arrow.toString());
        assertEquals(0, r.code(), r.err());
        Result info = run("info", "-q", arrow.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("jets:        12"), info.out());
        // Jet j of the fixture has j + 1 particles: 1 + 2 + ... + 12 = 78.
        assertTrue(info.out().contains("particles:   78"), info.out());
        assertTrue(info.out().contains("multiplicity: mean 6.50, min 1, median 6, 90% 11, max 12"), info.out());
    }

    @Test
    void rootFilesConvertAndListTheirBranches() throws Exception {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("in.h5"), 12);
        Path root = tmp.resolve("jets.root");
        Result r = run("convert", "-q", "--root-compression", "zstd:3", h5.toString(), root.toString());
        assertEquals(0, r.code(), r.err());
        Result info = run("info", "-q", root.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("format:      ROOT (compression 503)"), info.out());
        assertTrue(info.out().contains("tree jets: 12 entries"), info.out());
        assertTrue(info.out().matches("(?s).*constituents_pt\\s+float\\[nconstituents\\]\\s+12 entries.*"), info.out());
        assertTrue(info.out().contains("particles:   78"), info.out());
        Result bad = run("convert", "-q", "--root-compression", "lz4", h5.toString(), tmp.resolve("x.root").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("JetFlow writes zlib, zstd or none, not lz4"), bad.err());
    }

    @Test
    void aTruncatedRootFileIsOneLine() throws Exception {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("in.h5"), 12);
        Path root = tmp.resolve("jets.root");
        assertEquals(0, run("convert", "-q", h5.toString(), root.toString()).code());
        byte[] all = Files.readAllBytes(root);
        Files.write(root, java.util.Arrays.copyOf(all, all.length / 2));
        Result r = run("info", "-q", root.toString());
        assertEquals(1, r.code());
        assertEquals("jetflow info: error: " + root + ": truncated: the header says the file ends at byte " + all.length
                + ", it has " + all.length / 2 + " bytes", r.err().strip());
    }

    @Test
    void badInputExitsNonZeroWithOneLineNamingFileAndPlace() {
        float[][][] c = Hdf5Fixtures.cands(5000, 150);
        float[][] k = Hdf5Fixtures.kinematics(c);
        c[4321][0][3] = -1f;
        Path bad = Hdf5Fixtures.write(tmp.resolve("bad.h5"), c, k, null, null);
        Path out = tmp.resolve("out.arrow");
        Result r = run("convert", "-q", bad.toString(), out.toString());
        assertEquals(1, r.code());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("jetflow convert: error: " + bad), line);
        assertTrue(line.endsWith("dataset PFCands, row 4321, particle 0, field E: negative energy -1.0 GeV"), line);
        // Two batches were written before the bad row; nothing may be left under the output name.
        assertFalse(Files.exists(out), "no half-written output");
        assertEquals(1, tmp.toFile().list().length, "no temporary file left behind");
    }

    @Test
    void wrongUsageExitsWithTwo() {
        assertEquals(2, run("convert", "only-one-arg.h5").code());
        assertEquals(2, run("frobnicate").code());
        Result r = run("convert", "--limit", "0", "a.h5", "b.arrow");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--limit must be at least 1"), r.err());
    }

    @Test
    void observablesOfKnownJets() throws Exception {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("in.h5"), 6);
        Path csv = tmp.resolve("obs.csv");
        Result r = run("observables", "-q", "--threads", "2", h5.toString(), "-o", csv.toString());
        assertEquals(0, r.code(), r.err());
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals(7, lines.size());
        assertTrue(lines.get(0).startsWith("pt,eta,phi,mass,msd,n,tau1,tau2,tau3,tau4,tau21,tau32,c2,d2,charge,ptd,girth,q1q2,rg,zg,n_photon"));
        // Jet 3 of the fixture has 4 particles: 2 photons and 2 positive hadrons, whose charges multiply to +1.
        java.util.List<String> header = java.util.List.of(lines.get(0).split(","));
        String[] jet3 = lines.get(4).split(",");
        assertEquals("4", jet3[header.indexOf("n")]);
        assertEquals("1", jet3[header.indexOf("q1q2")]);
        assertEquals("2", jet3[header.indexOf("n_photon")]);
        assertEquals("2", jet3[header.indexOf("n_hplus")]);
    }

    @Test
    void validateNeedsItsOptions() {
        assertEquals(2, run("validate", "--generated", "a.h5", "-o", "out").code());
        Result r = run("validate", "--generated", tmp.resolve("none.h5").toString(), "--reference",
                tmp.resolve("none2.h5").toString(), "-o", tmp.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("none.h5: no such file"), r.err());
    }

    /** {@code --bdt}: the boosted-tree test alone, in metrics.json, on stdout and in the report. */
    @Test
    void validateRunsTheBoostedTreeTest() throws Exception {
        String qcd = Path.of("..", "samples", "data", "qcd-2k.h5").toString();
        Path out = tmp.resolve("bdt");
        Result r = run("validate", "--generated", qcd, "--reference", qcd, "-o", out.toString(), "--bdt",
                "--classifier-jets", "300", "--limit", "400", "--efp-jets", "0", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        // A file against itself: each jet and its copy share a fold and a score, so exactly 0.5.
        assertTrue(r.out().contains("classifier AUC: boosted trees on 13 observables 0.5000 ± 0.0000"
                + " (0.5: indistinguishable)"), r.out());
        assertFalse(r.out().contains("Deep Sets"), r.out());
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"bdt_classifier\"") && !metrics.contains("\"classifier\""), metrics);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Classifier two-sample tests"));
        Result few = run("validate", "--generated", qcd, "--reference", qcd, "-o", tmp.resolve("few").toString(),
                "--bdt", "--classifier-jets", "3");
        assertEquals(1, few.code());
        assertTrue(few.err().contains("--classifier-jets must be at least 5 (one jet per fold of the boosted-tree"
                + " test), got 3"), few.err());
        assertEquals(2, run("validate", "--measurement", "a.yoda", "--analysis", "a.json", "--generated", qcd, "--bdt",
                "-o", tmp.resolve("m").toString()).code());
    }

    /**
     * The README's example on the shipped measurement: the generated and a reference sample against
     * CMS's record, outputs at Rivet's paths, and the options' usage errors.
     */
    @Test
    void validateAgainstTheShippedMeasurement() throws Exception {
        Path record = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.yoda");
        Path description = Path.of("..", "samples", "measurements", "CMS_2018_I1682495.json");
        // Jet j of the fixture has j + 1 particles; about a third of these 60 fall between 550 and 1000 GeV.
        Path gen = Hdf5Fixtures.valid(tmp.resolve("gen.h5"), 60);
        Path ref = Hdf5Fixtures.valid(tmp.resolve("ref.h5"), 45);
        Path out = tmp.resolve("cms");
        Result r = run("validate", "--measurement", record.toString(), "--analysis", description.toString(), "--generated",
                gen.toString(), "--reference", ref.toString(), "-o", out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/REF/CMS_2018_I1682495/d44-x01-y01"), r.out());
        assertTrue(r.out().matches("(?s).*\ntotal +generated chi2/ndf +[0-9.]+/86 +reference chi2/ndf +[0-9.]+/86\n.*"), r.out());
        var metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(60, metrics.path("samples").path("generated").path("jets").asInt());
        long selected = 0;
        for (var h : metrics.path("histograms")) {
            selected += h.path("generated").path("selected_jets").asLong();
        }
        assertTrue(selected > 10 && selected < 60, "each selected jet is in one mass and one msd histogram: " + selected);
        for (String f : new String[] {"generated.yoda", "reference.yoda", "report.html", "plots/d29-x01-y01.svg"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("reference.yoda")).contains("BEGIN YODA_HISTO1D_V2 /CMS_2018_I1682495/d41-x01-y01"));

        Path bad = Files.writeString(tmp.resolve("bad.json"), Files.readString(description)
                .replaceFirst("\"name\": \"softdrop_mass\"", "\"name\": \"tau21\""));
        Result unknown = run("validate", "--measurement", record.toString(), "--analysis", bad.toString(), "--generated",
                gen.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(1, unknown.code());
        assertEquals("jetflow validate: error: " + bad + ": line 45, histograms[4].observable.name: unknown observable"
                + " 'tau21' (known: mass, msd, softdrop_mass, rg, zg, rho, angularity)", unknown.err().strip());
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written for a bad description");
        assertEquals(2, run("validate", "--measurement", record.toString(), "--generated", gen.toString(), "-o",
                tmp.resolve("y").toString()).code(), "--measurement needs --analysis");
        assertEquals(2, run("validate", "--measurement", record.toString(), "--analysis", description.toString(),
                "--generated", gen.toString(), "--classifier", "-o", tmp.resolve("y").toString()).code());
        Result csv = run("validate", "--measurement", tmp.resolve("rec.csv").toString(), "--analysis", description.toString(),
                "--generated", gen.toString(), "-o", tmp.resolve("y").toString());
        assertEquals(1, csv.code());
        assertTrue(csv.err().contains("rec.csv: unknown record format (.yoda, .yoda.gz, HEPData .yaml)"), csv.err());
    }

    @Test
    void unknownExtensionIsAClearError() {
        Result r = run("info", tmp.resolve("jets.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("jets.csv: unknown file extension"), r.err());
    }

    /**
     * Options and paths are checked before any heavy work: with a model that does not exist, each
     * command still reports its bad output or input path, so it cannot have loaded the model first.
     */
    @Test
    void pathsAreCheckedBeforeTheModelLoads() throws Exception {
        String missingModel = tmp.resolve("no-model").toString();
        Path jets = tmp.resolve("jets.h5");
        Files.write(jets, new byte[] {1});
        Result gen = run("generate", "--model", missingModel, "-n", "10", "-o", tmp.resolve("x.csv").toString());
        assertEquals(1, gen.code());
        assertTrue(gen.err().contains("x.csv: unknown file extension"), gen.err());
        Result dir = run("generate", "--model", missingModel, "-n", "10", "-o", tmp.resolve("no/dir/x.h5").toString());
        assertEquals(1, dir.code());
        assertTrue(dir.err().contains("x.h5: its directory does not exist"), dir.err());
        Result steps = run("generate", "--model", missingModel, "-n", "10", "--solver", "rk4", "-o",
                tmp.resolve("x.h5").toString());
        assertEquals(1, steps.code());
        assertTrue(steps.err().contains("--solver must be euler, heun or shortcut"), steps.err());
        Result score = run("score", "--model", missingModel, "--data", jets.toString(), "-o",
                tmp.resolve("s.txt").toString());
        assertEquals(1, score.code());
        assertTrue(score.err().contains("s.txt: unknown extension"), score.err());
        Result train = run("train", "--data", tmp.resolve("none.h5").toString(), "--init", missingModel, "-o",
                tmp.resolve("m").toString());
        assertEquals(1, train.code());
        assertTrue(train.err().contains("none.h5: no such file"), train.err());
        Result workers = run("train", "--data", jets.toString(), "--init", missingModel, "--workers", "3", "-o",
                tmp.resolve("m").toString());
        assertEquals(1, workers.code());
        assertTrue(workers.err().contains("--workers must be 1 or 2, got 3"), workers.err());
        Result cal = run("calibrate", "--model", missingModel, "--data", tmp.resolve("none.h5").toString(), "-o",
                tmp.resolve("c").toString());
        assertEquals(1, cal.code());
        assertTrue(cal.err().contains("none.h5: no such file"), cal.err());
    }
}
