package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's C++ side writes its deprecation warning straight to file descriptor 2, where no Java
 * redirection sees it, so this runs commands that load PyTorch in a separate JVM and reads what
 * the process itself wrote to stderr.
 */
class CleanOutputTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));

    @TempDir
    Path tmp;

    private static String stderrOf(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Djetflow.home=" + ROOT.toAbsolutePath().normalize(), "-cp", System.getProperty("java.class.path"),
                "org.jetflow.cli.JetflowCommand"));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("stderr-" + args[0] + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void commandsThatLoadPyTorchPrintNoWarning() throws Exception {
        String data = ROOT.resolve("samples/data/qcd-2k.h5").toString();
        String gen = stderrOf(tmp, "generate", "-q", "-n", "4", "--seed", "1", "-o", tmp.resolve("g.h5").toString());
        String score = stderrOf(tmp, "score", "-q", "--data", data, "--limit", "2", "--steps", "2", "-o",
                tmp.resolve("s.csv").toString());
        for (String err : new String[] {gen, score}) {
            assertFalse(err.contains("AutoNonVariableTypeMode"), err);
            assertFalse(err.contains("Warning"), err);
        }
        assertTrue(Files.size(tmp.resolve("g.h5")) > 0 && new File(tmp.resolve("s.csv").toString()).length() > 0);
    }
}
