package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken ROOT files give one-line errors naming the file, tree, branch and entry; never wrong values. */
class BadRootInputTest {
    @TempDir
    Path tmp;

    @Test
    void aTruncatedFileIsRefusedOnOpening() throws Exception {
        Path f = copy("uproot-HZZ-zlib.root");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        RootFormatException e = assertThrows(RootFormatException.class, () -> RootFile.open(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** A damaged basket of one branch: that branch fails with the codec's complaint, the others still read. */
    @ParameterizedTest
    @CsvSource({"uproot-HZZ-zlib.root, Jet_Px, corrupt zlib block", "uproot-HZZ-lz4.root, Muon_E, LZ4 checksum mismatch",
        "uproot-HZZ-zstd.root, Jet_E, corrupt ZS block", "uproot-HZZ-lzma.root, Jet_Py, corrupt XZ block"})
    void aCorruptBasketNamesTreeBranchEntryAndCodec(String fixture, String branch, String problem) throws Exception {
        Path f = copy(fixture);
        corruptFirstBasket(f, branch);
        try (RootFile file = RootFile.open(f)) {
            RootTree t = file.tree("events");
            assertEquals(2421, t.read(t.branch("NJet")).entries(), "other branches still read");
            RootFormatException e = assertThrows(RootFormatException.class, () -> t.read(t.branch(branch)));
            assertTrue(e.getMessage().startsWith(f + ": tree events, branch " + branch + ", entry 0, basket 0: " + problem),
                    e.getMessage());
        }
    }

    @Test
    void anUnsupportedStreamedClassIsNamed() {
        RootBranch b = new RootBranch("jets", "", "TBranchElement", List.of(), List.of(), 3, 0, 0, new int[0],
                new long[0], new long[0], List.of(), "vector<TLorentzVector>", -1);
        RootFormatException e = assertThrows(RootFormatException.class, () -> BranchDecoder.of(b, "f.root: tree t, branch jets"));
        assertTrue(e.getMessage().startsWith("f.root: tree t, branch jets: class 'vector<TLorentzVector>'"),
                e.getMessage());
    }

    @Test
    void aMissingTreeOrBranchListsWhatIsThere() throws Exception {
        try (RootFile file = RootFile.open(FixtureAgreementTest.fixture("uproot-Zmumu.root"))) {
            RootFormatException e = assertThrows(RootFormatException.class, () -> file.tree("Events"));
            assertTrue(e.getMessage().contains("no tree 'Events' (trees: [events])"), e.getMessage());
            RootFormatException b = assertThrows(RootFormatException.class, () -> file.tree("events").branch("pT"));
            assertTrue(b.getMessage().endsWith("tree events: no branch 'pT'"), b.getMessage());
        }
    }

    @Test
    void aFileThatIsNotRootIsRefused() throws Exception {
        Path f = tmp.resolve("jets.root");
        Files.writeString(f, "this is not a ROOT file, just text long enough to read a header from it");
        RootFormatException e = assertThrows(RootFormatException.class, () -> RootFile.open(f));
        assertEquals(f + ": not a ROOT file (no 'root' magic at byte 0)", e.getMessage());
    }

    /**
     * A basket's key header with a damaged key length or object length: the sizes are checked
     * before the record is cut or the output allocated (they gave StringIndexOutOfBounds, a
     * NegativeArraySizeException and a 2 GB allocation).
     */
    @ParameterizedTest
    @CsvSource({"14, 2, 0xe000, record of", "6, 4, 0xc0000000, uncompressed (corrupt)",
        "6, 4, 0x7fff0000, compressed record ends after"})
    void aBasketKeyWithDamagedSizesIsRefused(int at, int width, String value, String problem) throws Exception {
        Path f = RootTreeWriterTest.write(tmp.resolve("k.root"), 3000, RootCompression.Algorithm.ZLIB);
        long seek;
        try (RootFile file = RootFile.open(f)) {
            seek = file.tree("jets").branch("v").basketSeek(0);
        }
        long v = Long.decode(value);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(seek + at);
            for (int k = width - 1; k >= 0; k--) {
                raf.write((int) (v >>> (8 * k)));
            }
        }
        try (RootFile file = RootFile.open(f)) {
            RootTree t = file.tree("jets");
            RootFormatException e = assertThrows(RootFormatException.class, () -> t.read(t.branch("v")));
            assertTrue(e.getMessage().startsWith(f + ": tree jets, branch v, entry 0, basket 0: ")
                    && e.getMessage().contains(problem), e.getMessage());
        }
    }

    /** A jet file cut short is one JetFileException naming it when opened for jets (it was a RootFormatException). */
    @Test
    void aTruncatedJetFileIsAJetFileError() throws Exception {
        Path f = RootTreeWriterTest.write(tmp.resolve("t.root"), 100, RootCompression.Algorithm.ZLIB);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        org.jetflow.io.file.JetFileException e = assertThrows(org.jetflow.io.file.JetFileException.class,
                () -> org.jetflow.io.file.JetFiles.open(f));
        assertTrue(e.getMessage().startsWith(f + ": truncated: the header says the file ends at byte "), e.getMessage());
    }

    /**
     * Jet branches stored apart can disagree in a damaged file: a constituent branch with another
     * count than the class branch is named, not read past its end (an IndexOutOfBoundsException).
     */
    @Test
    void constituentBranchesThatDisagreeAreNamed() throws Exception {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 2);
        b.beginJet(0, 0).addRelative(10, 0.1, 0.1, 1).addRelative(5, 0.2, 0.0, 2).endJetFromConstituents();
        b.beginJet(0, 0).addRelative(7, 0.1, 0.1, 3).endJetFromConstituents();
        Path f = tmp.resolve("jets.root");
        RootJetWriter w = new RootJetWriter(f, JetSchema.CORE, java.util.Map.of(), RootCompression.Algorithm.NONE, 0);
        w.write(b.build());
        w.close();
        long seek;
        int nbytes;
        int keylen;
        try (RootFile file = RootFile.open(f)) {
            RootBranch pz = file.tree("jets").branch("constituents_pz");
            seek = pz.basketSeek(0);
            nbytes = pz.basketBytes(0);
            keylen = file.keyAt(seek, "test").keylen();
        }
        // the uncompressed basket ends with its entry offsets: n + 1, then one per entry (from the
        // key's start); moving entry 1's start one value back gives jet 0 one value and jet 1 two
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(seek + nbytes - 8);
            int second = raf.readInt();
            raf.seek(seek + nbytes - 8);
            raf.writeInt(second - 4);
        }
        org.jetflow.io.file.JetFileException e = assertThrows(org.jetflow.io.file.JetFileException.class, () -> {
            try (org.jetflow.io.file.JetReader r = org.jetflow.io.file.JetFiles.open(f)) {
                r.next();
            }
        });
        assertTrue(e.getMessage().startsWith(f + ": tree jets, branch constituents_pz, row 0: 1 values where "
                + "constituents_class has 2 (corrupt)"), e.getMessage() + " (key " + keylen + ")");
    }

    private Path copy(String fixture) throws Exception {
        Path f = tmp.resolve(fixture);
        Files.copy(FixtureAgreementTest.fixture(fixture), f);
        return f;
    }

    /** Overwrites bytes in the middle of a branch's first basket's compressed data. */
    private static void corruptFirstBasket(Path f, String branch) throws Exception {
        long seek;
        int nbytes;
        int keylen;
        try (RootFile file = RootFile.open(f)) {
            RootBranch b = file.tree("events").branch(branch);
            seek = b.basketSeek(0);
            nbytes = b.basketBytes(0);
            keylen = file.keyAt(seek, "test").keylen();
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            long at = seek + keylen + RootCompression.HEADER + 20;
            assertTrue(at + 16 < seek + nbytes, "basket large enough to corrupt");
            raf.seek(at);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        }
    }
}
