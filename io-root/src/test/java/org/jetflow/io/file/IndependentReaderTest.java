package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.NodeReaders;
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
    @TempDir
    Path tmp;

    @Test
    void syntheticJetsReadTheSameInArrowJsAndH5wasm() throws Exception {
        NodeReaders.require("apache-arrow", "h5wasm");
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("synthetic-source.h5"), 50);
        check(h5, 50);
    }

    @Test
    void sharedQcdJetsReadTheSameInArrowJsAndH5wasm() throws Exception {
        NodeReaders.require("apache-arrow", "h5wasm");
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
            JsonNode r = NodeReaders.run("read-jets.mjs", written.toString());
            assertEquals(jets, r.get("jets").asLong(), written + " jets");
            assertEquals(particles, r.get("particles").asLong(), written + " particles");
            assertEquals(sumPt, r.get("sumPt").asDouble(), 1e-6 * sumPt, written + " sum of pT");
        }
    }
}
