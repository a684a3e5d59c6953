package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jetflow spark} as a user runs it: embedded Spark, exit codes and one-line errors. */
class SparkCommandTest {
    @TempDir
    Path tmp;

    @Test
    void generateRunsEmbeddedAndRefusesToOverwriteSilently() {
        String out = tmp.resolve("gen.parquet").toString();
        String[] args = {"spark", "generate", "-q", "-n", "12", "--partitions", "2", "--steps", "2", "--solver", "euler",
            "-o", out, "--master", "local[2]"};
        CommandLineTest.Result r = CommandLineTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("generated 12 jets in 2 partitions to " + out), r.out());
        assertTrue(Files.exists(Path.of(out, "_SUCCESS")));

        r = CommandLineTest.run(args);
        assertEquals(1, r.code());
        assertEquals("jetflow spark generate: error: " + out + ": already exists (give --overwrite to replace it)",
                r.err().strip());
    }

    @Test
    void missingInputIsAOneLineError() {
        Path missing = tmp.resolve("nothing.parquet");
        CommandLineTest.Result r = CommandLineTest.run("spark", "score", "-q", "--data", missing.toString(), "-o",
                tmp.resolve("s.parquet").toString(), "--master", "local[1]");
        assertEquals(1, r.code());
        assertEquals("jetflow spark score: error: " + missing + ": no such file or directory", r.err().strip());
    }
}
