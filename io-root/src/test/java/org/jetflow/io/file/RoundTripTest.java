package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetflow.io.SharedData;
import org.jetflow.io.hdf5.Hdf5Fixtures;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void hdf5ToArrowToHdf5PreservesEveryValueOfTheSharedData() {
        Path source = SharedData.data("qcd-train-1.h5");
        int n = 3000;
        List<JetBatch> original = read(source, n);
        Path arrow = copy(source, tmp.resolve("q.arrow"), n);
        Path back = copy(arrow, tmp.resolve("q.h5"), n);
        Path root = copy(back, tmp.resolve("q.root"), n);
        assertSameJets(original, read(arrow, n));
        assertSameJets(original, read(back, n));
        assertSameJets(original, read(root, n));
        // The datasets themselves, read by jhdf alone, are identical to the source's first n rows.
        try (HdfFile a = new HdfFile(source); HdfFile b = new HdfFile(back)) {
            for (String ds : new String[] {"PFCands", "jet_kinematics", "jet_tagging", "event_info"}) {
                int[] dims = b.getDatasetByPath(ds).getDimensions();
                assertEquals(n, dims[0], ds);
                long[] origin = new long[dims.length];
                Object x = a.getDatasetByPath(ds).getData(origin, dims);
                Object y = b.getDatasetByPath(ds).getData();
                assertEquals(java.util.Arrays.deepToString(new Object[] {x}), java.util.Arrays.deepToString(new Object[] {y}), ds);
            }
        }
    }

    @Test
    void syntheticJetsSurviveEveryFormatPair() {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("s.h5"), 40);
        List<JetBatch> original = read(h5, 40);
        Path arrow = copy(h5, tmp.resolve("s.feather"), 40);
        Path h5again = copy(arrow, tmp.resolve("s2.hdf5"), 40);
        Path arrowAgain = copy(h5again, tmp.resolve("s2.ipc"), 40);
        Path root = copy(arrowAgain, tmp.resolve("s3.root"), 40);
        Path h5fromRoot = copy(root, tmp.resolve("s4.h5"), 40);
        assertSameJets(original, read(arrowAgain, 40));
        assertSameJets(original, read(root, 40));
        assertSameJets(original, read(h5fromRoot, 40));
    }

    @Test
    void hdf5AndRootSkipToTheJetAskedFor() {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("k.h5"), 40);
        Path root = copy(h5, tmp.resolve("k.root"), 40);
        JetBatch all = concat(read(h5, 40));
        for (Path p : List.of(h5, root)) {
            try (JetReader r = JetFiles.open(p)) {
                assertEquals(17, r.skip(17), p.toString());
                JetBatch b = r.next();
                assertEquals(23, b.size(), p.toString());
                assertEquals(all.jetPt()[17], b.jetPt()[0], p.toString());
                assertArrayEquals(java.util.Arrays.copyOfRange(all.pt(), all.offset(17), all.offset(18)),
                        java.util.Arrays.copyOf(b.pt(), b.multiplicity(0)), p.toString());
            }
            try (JetReader r = JetFiles.open(p)) {
                assertEquals(40, r.skip(100), "skipping past the end stops at the end");
                assertEquals(null, r.next());
            }
        }
        try (JetReader r = JetFiles.open(copy(h5, tmp.resolve("k.arrow"), 40))) {
            assertEquals(0, r.skip(5), "Arrow files are read and dropped instead");
        }
    }

    @Test
    void metadataTravelsWithTheJets() {
        Path h5 = Hdf5Fixtures.valid(tmp.resolve("m.h5"), 3);
        Path arrow = tmp.resolve("m.arrow");
        try (JetReader r = JetFiles.open(h5)) {
            JetWriter w = JetFiles.create(arrow, r.schema(), Map.of("generator", "test", "seed", "42"));
            w.write(r.next());
            w.close();
        }
        Path back = copy(arrow, tmp.resolve("m2.h5"), 3);
        Path root = copy(back, tmp.resolve("m3.root"), 3);
        for (Path p : List.of(back, root)) {
            try (JetReader r = JetFiles.open(p)) {
                assertEquals("42", r.metadata().get("seed"), p.toString());
                assertEquals("test", r.metadata().get("generator"), p.toString());
            }
        }
    }

    static List<JetBatch> read(Path p, int limit) {
        List<JetBatch> out = new ArrayList<>();
        try (JetReader r = JetFiles.open(p)) {
            int n = 0;
            JetBatch b;
            while (n < limit && (b = r.next()) != null) {
                b = b.head(limit - n);
                out.add(b);
                n += b.size();
            }
        }
        return out;
    }

    static Path copy(Path from, Path to, int limit) {
        try (JetReader r = JetFiles.open(from)) {
            JetWriter w = JetFiles.create(to, r.schema(), r.metadata());
            for (JetBatch b : read(from, limit)) {
                w.write(b);
            }
            w.close();
        }
        return to;
    }

    /** Every value of every column of {@code expected} equal (bitwise for floats, so NaN equals NaN). */
    static void assertSameJets(List<JetBatch> expected, List<JetBatch> actual) {
        JetBatch a = concat(expected);
        JetBatch b = concat(actual);
        assertEquals(a.size(), b.size(), "jets");
        assertArrayEquals(a.offsets(), b.offsets(), "multiplicities");
        assertArrayEquals(a.token(), b.token(), "classes");
        float[][] ca = {a.pt(), a.deta(), a.dphi(), a.px(), a.py(), a.pz(), a.energy(), a.jetPt(), a.jetEta(), a.jetPhi(), a.jetMass()};
        float[][] cb = {b.pt(), b.deta(), b.dphi(), b.px(), b.py(), b.pz(), b.energy(), b.jetPt(), b.jetEta(), b.jetPhi(), b.jetMass()};
        String[] names = {"pt", "deta", "dphi", "px", "py", "pz", "e", "jet pt", "jet eta", "jet phi", "jet mass"};
        for (int k = 0; k < ca.length; k++) {
            assertArrayEquals(ca[k], cb[k], names[k]);
        }
        // The HDF5 layout adds jet_tagging and event_info where the source had none; every source column survives.
        assertTrue(b.schema().jetFloats().containsAll(a.schema().jetFloats()), "jet columns " + b.schema());
        a.particleFloats().forEach((name, v) -> assertArrayEquals(v, b.particleFloat(name), name));
        a.jetFloats().forEach((name, v) -> assertArrayEquals(v, b.jetFloat(name), name));
        a.jetLongs().forEach((name, v) -> assertArrayEquals(v, b.jetLong(name), name));
    }

    private static JetBatch concat(List<JetBatch> batches) {
        JetBatch first = batches.get(0);
        JetBatch.Builder out = JetBatch.builder(first.schema(), 16);
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++) {
                b.copyJet(j, out);
            }
        }
        return out.build();
    }
}
