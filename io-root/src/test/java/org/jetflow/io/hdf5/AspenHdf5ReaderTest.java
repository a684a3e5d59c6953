package org.jetflow.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.SharedData;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AspenHdf5ReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsKnownParticlesSkippingPaddingAcrossBatches() {
        Path f = Hdf5Fixtures.valid(tmp.resolve("known.h5"), 20);
        float[][][] cands = Hdf5Fixtures.cands(20, 150);
        try (AspenHdf5Reader r = new AspenHdf5Reader(f, 7)) {
            assertEquals(20, r.jetCount());
            int row = 0;
            int[] sizes = new int[3];
            for (int k = 0; k < 3; k++) {
                JetBatch b = r.next();
                sizes[k] = b.size();
                for (int j = 0; j < b.size(); j++, row++) {
                    assertEquals(row + 1, b.multiplicity(j), "jet " + row);
                    double sx = 0;
                    double sy = 0;
                    double sz = 0;
                    double se = 0;
                    for (int p = 0; p < b.multiplicity(j); p++) {
                        int i = b.offset(j) + p;
                        float[] c = cands[row][p];
                        assertEquals((float) Math.hypot(c[0], c[1]), b.pt()[i], 1e-5f);
                        assertEquals(p % 2 == 0 ? ParticleClass.PHOTON.token() : ParticleClass.POSITIVE_HADRON.token(),
                                b.token()[i]);
                        assertEquals(c[3], b.energy()[i], 0f);
                        sx += c[0];
                        sy += c[1];
                        sz += c[2];
                        se += c[3];
                    }
                    double m = Math.sqrt(Math.max(0, se * se - sx * sx - sy * sy - sz * sz));
                    assertEquals(m, b.jetMass()[j], 1e-4 * Math.max(1, m), "mass of jet " + row);
                    assertEquals(-1f, b.jetFloat("msd")[j], 0f);
                }
            }
            assertArrayEquals(new int[] {7, 7, 6}, sizes);
            assertNull(r.next());
        }
    }

    @Test
    void sharedQcdFileMatchesFastJetJetByJet() throws IOException {
        Path h5 = SharedData.data("qcd-train-1.h5");
        List<String> csv = Files.readAllLines(SharedData.data("qcd-train-1.obs.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int nStored = header.indexOf("n_stored");
        int mass = header.indexOf("mass");
        int pt = header.indexOf("pt");
        long particles = 0;
        int row = 0;
        try (AspenHdf5Reader r = new AspenHdf5Reader(h5)) {
            assertEquals(50_000, r.jetCount());
            JetBatch b;
            while ((b = r.next()) != null) {
                for (int j = 0; j < b.size(); j++, row++) {
                    String[] cols = csv.get(row + 1).split(",");
                    assertEquals(Integer.parseInt(cols[nStored]), b.multiplicity(j), "multiplicity of jet " + row);
                    double m = Double.parseDouble(cols[mass]);
                    assertEquals(m, b.jetMass()[j], 1e-4 * m + 1e-3, "mass of jet " + row);
                    double p = Double.parseDouble(cols[pt]);
                    assertEquals(p, b.jetPt()[j], 1e-4 * p, "pT of jet " + row);
                }
                particles += b.particleCount();
            }
            assertEquals(0, r.remappedParticles());
        }
        assertEquals(50_000, row);
        assertEquals(3_227_358, particles, "particles with E > 0, as counted by h5py");
    }

    @Test
    void everySharedFileReadsWithItsDocumentedJetCount() {
        String[] names = {"qcd-train-2.h5", "top-5k.h5", "wz-5k.h5"};
        long[] counts = {50_000, 5_000, 5_000};
        for (int k = 0; k < names.length; k++) {
            try (AspenHdf5Reader r = new AspenHdf5Reader(SharedData.data(names[k]))) {
                long n = 0;
                JetBatch b;
                while ((b = r.next()) != null) {
                    n += b.size();
                    for (int j = 0; j < b.size(); j++) {
                        assertTrue(b.multiplicity(j) > 0 && b.multiplicity(j) <= 150);
                    }
                }
                assertEquals(counts[k], n, names[k]);
                assertEquals(List.of("run", "lumi", "event"), r.schema().jetLongs());
            }
        }
    }
}
