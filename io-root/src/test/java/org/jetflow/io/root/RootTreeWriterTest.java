package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees JetFlow writes read back exactly, in JetFlow's reader and in JSROOT. */
class RootTreeWriterTest {
    @TempDir
    Path tmp;

    /** Entry e holds: x = e / 4 (float), n = e % 5 items of i + e (float) and i - e (int16), id = e * 1e10 (int64). */
    static Path write(Path file, int entries, RootCompression.Algorithm alg) {
        RootFileWriter w = new RootFileWriter(file, alg, alg == RootCompression.Algorithm.ZSTD ? 3 : 4);
        RootTreeWriter t = w.tree("jets", "test tree");
        RootTreeWriter.Column x = t.scalar("x", LeafType.FLOAT32);
        RootTreeWriter.Column d = t.scalar("d", LeafType.FLOAT64);
        RootTreeWriter.Column id = t.scalar("id", LeafType.INT64);
        RootTreeWriter.Column n = t.scalar("n", LeafType.INT32);
        RootTreeWriter.Column v = t.jagged("v", LeafType.FLOAT32, n);
        RootTreeWriter.Column s = t.jagged("s", LeafType.INT16, n);
        RootTreeWriter.Column c = t.jagged("c", LeafType.INT8, n);
        for (int e = 0; e < entries; e++) {
            x.putFloat(e / 4f);
            d.putDouble(e / 3.0);
            id.putLong(e * 10_000_000_000L);
            int k = e % 5;
            n.putInt(k);
            for (int i = 0; i < k; i++) {
                v.putFloat(i + e);
                s.putInt(i - e % 1000);
                c.putInt(i - 2);
            }
            t.endEntry();
        }
        w.close();
        return file;
    }

    @Test
    void valuesReadBackExactlyAcrossBaskets() {
        int entries = RootTreeWriter.BASKET_ENTRIES * 2 + 123;
        for (RootCompression.Algorithm alg : RootCompression.Algorithm.values()) {
            if (alg == RootCompression.Algorithm.LZ4 || alg == RootCompression.Algorithm.LZMA) {
                continue;
            }
            Path f = write(tmp.resolve("t-" + alg + ".root"), entries, alg);
            try (RootFile file = RootFile.open(f)) {
                assertEquals(java.util.List.of("jets"), file.treeNames());
                RootTree t = file.tree("jets");
                assertEquals(entries, t.entries());
                BranchArray x = t.read(t.branch("x"));
                BranchArray id = t.read(t.branch("id"));
                BranchArray v = t.read(t.branch("v"));
                BranchArray s = t.read(t.branch("s"));
                BranchArray c = t.read(t.branch("c"));
                for (int e = 0; e < entries; e++) {
                    assertEquals(e / 4f, x.getFloat(e), alg + " x " + e);
                    assertEquals(e * 10_000_000_000L, id.getLong(e));
                    assertEquals(e % 5, v.count(e));
                    for (int i = 0; i < e % 5; i++) {
                        assertEquals(i + e, v.getFloat(v.start(e) + i), 0f);
                        assertEquals(i - e % 1000, s.getLong(s.start(e) + i));
                        assertEquals(i - 2, c.getLong(c.start(e) + i));
                    }
                }
                long from = RootTreeWriter.BASKET_ENTRIES - 2;
                BranchArray mid = t.read(t.branch("v"), from, 5);
                for (int k = 0; k < 5; k++) {
                    long e = from + k;
                    java.util.List<Double> want = new java.util.ArrayList<>();
                    for (int i = 0; i < e % 5; i++) {
                        want.add((double) (i + e));
                    }
                    assertEquals(want, mid.value(k), "entry " + e + ", across the basket boundary");
                }
                assertEquals(String.valueOf(f), file.path().toString());
            }
        }
    }

    @Test
    void jsrootReadsWhatJetFlowWrites() throws Exception {
        int entries = RootTreeWriter.BASKET_ENTRIES * 3 + 77;
        Path zlib = write(tmp.resolve("zlib.root"), entries, RootCompression.Algorithm.ZLIB);
        assertEquals(valuesIn(entries), JsrootAgreement.check(zlib));
        Path zstd = write(tmp.resolve("zstd.root"), 3000, RootCompression.Algorithm.ZSTD);
        assertEquals(valuesIn(3000), JsrootAgreement.check(zstd));
    }

    /** x, d, id, n, and e % 5 values in each of v, s, c. */
    private static long valuesIn(int entries) {
        long n = 0;
        for (int e = 0; e < entries; e++) {
            n += 4 + 3 * (e % 5);
        }
        return n;
    }

    @Test
    void aFailedWriteLeavesNoFile() {
        Path f = tmp.resolve("bad.root");
        RootFileWriter w = new RootFileWriter(f, RootCompression.Algorithm.ZLIB, 1);
        RootTreeWriter t = w.tree("jets", "");
        RootTreeWriter.Column n = t.scalar("n", LeafType.INT32);
        RootTreeWriter.Column v = t.jagged("v", LeafType.FLOAT32, n);
        n.putInt(2);
        v.putFloat(1f);
        assertThrows(IllegalStateException.class, t::endEntry, "one value where the counter says two");
        w.abort();
        assertFalse(Files.exists(f));
    }
}
