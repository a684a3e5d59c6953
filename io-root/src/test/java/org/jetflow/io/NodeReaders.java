package org.jetflow.io;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent readers under {@code src/test/node} (Apache Arrow JS, h5wasm, JSROOT), installed
 * by {@code .ci/run}. Tests using them skip where they are not installed, except in CI (CI=true),
 * where their absence fails.
 */
public final class NodeReaders {
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

    private NodeReaders() {
    }

    /** Skips (or, in CI, fails) unless these npm packages are installed. */
    public static void require(String... packages) {
        boolean installed = true;
        for (String p : packages) {
            installed &= Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(p));
        }
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must install the independent readers: (cd io-root/src/test/node && npm ci --ignore-scripts"
                    + " --omit=optional)");
        }
        assumeTrue(installed, "skipped: independent readers not installed (cd io-root/src/test/node && npm ci"
                + " --ignore-scripts --omit=optional)");
    }

    /** Runs a script of {@code src/test/node} and parses the JSON it prints. */
    public static JsonNode run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", NODE_DIR.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("node-reader", ".json");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("node " + script + " failed on " + args[0] + ": " + err);
            }
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
