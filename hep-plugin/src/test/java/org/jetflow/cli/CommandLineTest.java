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
        for (String c : new String[] {"convert", "info", "bench"}) {
            assertTrue(out.toString().contains("  " + c + " "), out.toString());
        }
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
    void unknownExtensionIsAClearError() {
        Result r = run("info", tmp.resolve("jets.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("jets.csv: unknown file extension"), r.err());
    }
}
