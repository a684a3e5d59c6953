package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetflow.io.SharedData;
import org.jetflow.io.hdf5.Hdf5Fixtures;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files JetFlow writes are read by independent readers: Apache Arrow JS for Arrow and h5wasm (the
 * HDF5 C library compiled to WebAssembly) for HDF5, installed by {@code .ci/run} under
 * {@code src/test/node}. They must see the same jets, particles and sum of pT as JetFlow.
 * Skipped where they are not installed, except in CI (CI=true), where their absence fails.
 */
class IndependentReaderTest {
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void syntheticJetsReadTheSameInArrowJsAndH5wasm() throws Exception {
        requireReaders();
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("synthetic-source.h5"), 50);
        check(h5, 50);
    }

    @Test
    void sharedQcdJetsReadTheSameInArrowJsAndH5wasm() throws Exception {
        requireReaders();
        check(SharedData.data("qcd-train-1.h5"), 2000);
    }

    private void check(Path source, int jets) throws Exception {
        Path arrow = RoundTripTest.copy(source, tmp.resolve("jets.arrow"), jets);
        Path h5 = RoundTripTest.copy(arrow, tmp.resolve("jets.h5"), jets);
        long particles = 0;
        double sumPt = 0;
        for (JetBatch b : RoundTripTest.read(arrow, jets)) {
            particles += b.particleCount();
            for (float pt : b.pt()) {
                sumPt += pt;
            }
        }
        for (Path written : List.of(arrow, h5)) {
            JsonNode r = node(written);
            assertEquals(jets, r.get("jets").asLong(), written + " jets");
            assertEquals(particles, r.get("particles").asLong(), written + " particles");
            assertEquals(sumPt, r.get("sumPt").asDouble(), 1e-6 * sumPt, written + " sum of pT");
        }
    }

    private static void requireReaders() {
        boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/apache-arrow"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/h5wasm"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must install the independent readers: (cd io-root/src/test/node && npm ci)");
        }
        assumeTrue(installed, "skipped: independent readers not installed (cd io-root/src/test/node && npm ci)");
    }

    private static JsonNode node(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", NODE_DIR.resolve("read-jets.mjs").toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("node reader failed on " + file + ": " + out);
        }
        return new ObjectMapper().readTree(out);
    }
}
