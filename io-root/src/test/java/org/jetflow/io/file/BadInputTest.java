package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jetflow.io.hdf5.Hdf5Fixtures;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets one line naming the file and, where there is one, dataset, row and field. */
class BadInputTest {
    @TempDir
    Path tmp;

    private String errorReading(Path p) {
        JetFileException e = assertThrows(JetFileException.class, () -> {
            try (JetReader r = JetFiles.open(p)) {
                while (r.next() != null) {
                    // read everything
                }
            }
        });
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(p.toString()), "names the file: " + m);
        return m;
    }

    private Path chunkedFile(String name, int jets) {
        Path plain = Hdf5Fixtures.valid(tmp.resolve("plain-" + name), jets);
        return RoundTripTest.copy(plain, tmp.resolve(name), jets);
    }

    @Test
    void truncatedHdf5() throws IOException {
        Path f = chunkedFile("t.h5", 600);
        Path cut = tmp.resolve("cut.h5");
        byte[] all = Files.readAllBytes(f);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        String m = errorReading(cut);
        assertTrue(m.contains("truncated or corrupt"), m);
    }

    @Test
    void corruptCompressedChunk() throws IOException {
        Path f = chunkedFile("c.h5", 600);
        long size = Files.size(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            for (long pos = size / 3; pos < size / 3 + 64; pos++) {
                raf.seek(pos);
                raf.write(0x5A);
            }
        }
        String m = errorReading(f);
        assertTrue(m.contains("PFCands"), m);
    }

    @Test
    void notAnHdf5File() throws IOException {
        Path f = tmp.resolve("text.h5");
        Files.writeString(f, "this is not HDF5\n");
        assertTrue(errorReading(f).contains("not a readable HDF5 file"));
    }

    @Test
    void missingDataset() {
        float[][][] c = Hdf5Fixtures.cands(3, 150);
        Path f = Hdf5Fixtures.write(tmp.resolve("m.h5"), c, null, null, null);
        String m = errorReading(f);
        assertTrue(m.contains("dataset jet_kinematics: missing"), m);
    }

    @Test
    void wrongShape() {
        float[][][] c = new float[3][150][10];
        Path f = Hdf5Fixtures.write(tmp.resolve("s.h5"), c, new float[3][4], null, null);
        assertTrue(errorReading(f).contains("dataset PFCands: has shape (3, 150, 10), expected (N, particles, 11)"));
        float[][][] ok = Hdf5Fixtures.cands(3, 150);
        Path g = Hdf5Fixtures.write(tmp.resolve("r.h5"), ok, new float[2][4], null, null);
        assertTrue(errorReading(g).contains("dataset jet_kinematics: has 2 rows but PFCands has 3"));
    }

    @Test
    void nanAndInfinityAreLocated() {
        float[][][] c = Hdf5Fixtures.cands(5, 150);
        c[3][2][2] = Float.NaN;
        Path f = Hdf5Fixtures.write(tmp.resolve("nan.h5"), c, Hdf5Fixtures.kinematics(Hdf5Fixtures.cands(5, 150)), null, null);
        assertTrue(errorReading(f).endsWith("dataset PFCands, row 3, particle 2, field pz: value NaN is not finite"));
        float[][][] d = Hdf5Fixtures.cands(5, 150);
        float[][] k = Hdf5Fixtures.kinematics(d);
        k[1][1] = Float.POSITIVE_INFINITY;
        Path g = Hdf5Fixtures.write(tmp.resolve("inf.h5"), d, k, null, null);
        assertTrue(errorReading(g).endsWith("dataset jet_kinematics, row 1, field eta: value Infinity is not finite"));
    }

    @Test
    void negativeEnergy() {
        float[][][] c = Hdf5Fixtures.cands(4, 150);
        c[2][1][3] = -5f;
        Path f = Hdf5Fixtures.write(tmp.resolve("neg.h5"), c, Hdf5Fixtures.kinematics(Hdf5Fixtures.cands(4, 150)), null, null);
        assertTrue(errorReading(f).endsWith("dataset PFCands, row 2, particle 1, field E: negative energy -5.0 GeV"));
    }

    @Test
    void unknownPdgIdThatIsNoIdAtAll() {
        float[][][] c = Hdf5Fixtures.cands(4, 150);
        c[3][0][9] = 0.5f;
        Path f = Hdf5Fixtures.write(tmp.resolve("pdg.h5"), c, Hdf5Fixtures.kinematics(Hdf5Fixtures.cands(4, 150)), null, null);
        assertTrue(errorReading(f).endsWith("row 3, particle 0, field pdgId: value 0.5 is not a PDG id"));
    }

    @Test
    void tooManyParticlesPerJet() {
        float[][][] c = Hdf5Fixtures.cands(2, 160);
        for (int p = 0; p < 155; p++) {
            c[1][p] = c[0][0].clone();
        }
        Path f = Hdf5Fixtures.write(tmp.resolve("many.h5"), c, Hdf5Fixtures.kinematics(Hdf5Fixtures.cands(2, 160)), null, null);
        String m = errorReading(f);
        assertTrue(m.contains("row 1, particle 150") && m.contains("more than 150 particles"), m);
    }

    @Test
    void emptyJet() {
        float[][][] c = Hdf5Fixtures.cands(3, 150);
        c[2] = new float[150][11];
        Path f = Hdf5Fixtures.write(tmp.resolve("empty.h5"), c, Hdf5Fixtures.kinematics(Hdf5Fixtures.cands(3, 150)), null, null);
        assertTrue(errorReading(f).endsWith("dataset PFCands, row 2: empty jet: no particle with E > 0"));
    }

    @Test
    void unknownExtension() {
        JetFileException e = assertThrows(JetFileException.class, () -> JetFiles.open(tmp.resolve("jets.csv")));
        assertTrue(e.getMessage().contains("jets.csv: unknown file extension"), e.getMessage());
        assertThrows(JetFileException.class, () -> JetFiles.create(tmp.resolve("out.root.txt"), JetSchema.CORE, Map.of()));
    }

    @Test
    void missingFile() {
        assertTrue(errorReading(tmp.resolve("nope.arrow")).endsWith("nope.arrow: no such file"));
    }

    @Test
    void truncatedArrow() throws IOException {
        Path f = RoundTripTest.copy(Hdf5Fixtures.valid(tmp.resolve("a.h5"), 30), tmp.resolve("a.arrow"), 30);
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.arrow");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        assertTrue(errorReading(cut).contains("truncated"));
    }

    /**
     * Sizes in an Arrow file's footer and messages are checked against the file before Arrow
     * allocates them: a record batch block claiming a terabyte, and a message length prefix of 2 GB,
     * were OutOfMemoryErrors.
     */
    @Test
    void arrowSizesBeyondTheFileAreRefusedBeforeAllocating() throws IOException {
        Path f = RoundTripTest.copy(Hdf5Fixtures.valid(tmp.resolve("z.h5"), 30), tmp.resolve("z.arrow"), 30);
        byte[] all = Files.readAllBytes(f);
        long offset;
        int meta;
        long body;
        try (var ch = java.nio.channels.FileChannel.open(f);
                var alloc = new org.apache.arrow.memory.RootAllocator();
                var r = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, alloc)) {
            var block = r.getRecordBlocks().get(0);
            offset = block.getOffset();
            meta = block.getMetadataLength();
            body = block.getBodyLength();
        }
        // the footer's Block struct: offset, metadata length, padding, body length (little-endian)
        java.nio.ByteBuffer pattern = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(offset).putInt(meta).putInt(0).putLong(body);
        int at = indexOf(all, pattern.array());
        assertTrue(at > 0, "the block is in the footer");
        byte[] hugeBody = all.clone();
        java.nio.ByteBuffer.wrap(hugeBody).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(at + 16, 1L << 40);
        Path a = Files.write(tmp.resolve("huge-body.arrow"), hugeBody);
        assertTrue(errorReading(a).contains("record batch 0 of " + meta + " + 1099511627776 bytes at byte " + offset
                + " is not between the file's header and its footer"));
        byte[] hugeMessage = all.clone();
        java.nio.ByteBuffer m = java.nio.ByteBuffer.wrap(hugeMessage).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.putInt((int) offset + (m.getInt((int) offset) == -1 ? 4 : 0), 0x7ffffff0);
        Path b = Files.write(tmp.resolve("huge-message.arrow"), hugeMessage);
        assertTrue(errorReading(b).contains("message of 2147483632 bytes in a block of " + meta));
    }

    private static int indexOf(byte[] all, byte[] pattern) {
        outer:
        for (int i = all.length - pattern.length; i >= 0; i--) {
            for (int k = 0; k < pattern.length; k++) {
                if (all[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void nanInArrowIsLocatedByJetAndParticle() {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 2);
        b.beginJet(0, 0).addRelative(10, 0.1, 0.1, 1).addRelative(5, 0.2, 0.0, 2).endJetFromConstituents();
        b.beginJet(0, 0).addRelative(10, 0.1, 0.1, 1).addRelative(Double.NaN, 0.2, 0.0, 2).endJet(10, 0, 0, 1);
        Path f = tmp.resolve("nan.arrow");
        JetWriter w = JetFiles.create(f, JetSchema.CORE, Map.of());
        w.write(b.build());
        w.close();
        assertTrue(errorReading(f).endsWith("column constituents.pt, row 1, particle 1: value NaN is not finite"));
    }

    @Test
    void abortedWriterLeavesNothingBehind() throws IOException {
        Path out = tmp.resolve("out").resolve("never.arrow");
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 1);
        b.beginJet(0, 0).addRelative(10, 0.1, 0.1, 1).endJetFromConstituents();
        for (String name : new String[] {"never.arrow", "never.h5"}) {
            JetWriter w = JetFiles.create(out.resolveSibling(name), JetSchema.CORE, Map.of());
            w.write(b.build());
            assertEquals(1, countFiles(out.getParent()), "only the temporary file while writing");
            w.abort();
            assertEquals(0, countFiles(out.getParent()), name);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
