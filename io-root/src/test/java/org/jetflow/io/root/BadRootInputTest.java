package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
