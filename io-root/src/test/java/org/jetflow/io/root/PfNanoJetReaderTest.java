package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jets from a PFNano-style event tree: jets assembled from the link collection, candidates'
 * four-momenta and classes, event numbers. The file is written with the PFNano branch names and
 * checked by JSROOT too, so the layout read is the one any ROOT reader sees.
 */
class PfNanoJetReaderTest {
    @TempDir
    Path tmp;

    /**
     * Event e has 2 fat jets and 5 candidates; the link assigns candidates 0, 2, 4 to jet 0 and 1, 3
     * to jet 1. Candidate c has pT 10 + c + e GeV, η 0.1 c, φ 0.2 c, mass 0.13957 GeV, pdgId ±211
     * alternating (+211 for even c), charge to match; jet j has pT 100 + j GeV.
     */
    static Path write(Path file, int events) {
        RootFileWriter w = new RootFileWriter(file, RootCompression.Algorithm.ZLIB, 1);
        RootTreeWriter t = w.tree("Events", "Events");
        RootTreeWriter.Column run = t.scalar("run", LeafType.UINT32);
        RootTreeWriter.Column lumi = t.scalar("luminosityBlock", LeafType.UINT32);
        RootTreeWriter.Column event = t.scalar("event", LeafType.UINT64);
        RootTreeWriter.Column nj = t.scalar("nFatJet", LeafType.INT32);
        RootTreeWriter.Column[] jet = new RootTreeWriter.Column[5];
        String[] jf = {"pt", "eta", "phi", "mass", "msoftdrop"};
        for (int k = 0; k < 5; k++) {
            jet[k] = t.jagged("FatJet_" + jf[k], LeafType.FLOAT32, nj);
        }
        RootTreeWriter.Column nc = t.scalar("nPFCands", LeafType.INT32);
        String[] cf = {"pt", "eta", "phi", "mass"};
        RootTreeWriter.Column[] cand = new RootTreeWriter.Column[4];
        for (int k = 0; k < 4; k++) {
            cand[k] = t.jagged("PFCands_" + cf[k], LeafType.FLOAT32, nc);
        }
        RootTreeWriter.Column pdg = t.jagged("PFCands_pdgId", LeafType.INT32, nc);
        RootTreeWriter.Column charge = t.jagged("PFCands_charge", LeafType.INT32, nc);
        RootTreeWriter.Column nl = t.scalar("nFatJetPFCands", LeafType.INT32);
        RootTreeWriter.Column ljet = t.jagged("FatJetPFCands_jetIdx", LeafType.INT32, nl);
        RootTreeWriter.Column lcand = t.jagged("FatJetPFCands_pFCandsIdx", LeafType.INT32, nl);
        for (int e = 0; e < events; e++) {
            run.putInt(1);
            lumi.putInt(7);
            event.putLong(1000 + e);
            nj.putInt(2);
            for (int j = 0; j < 2; j++) {
                jet[0].putFloat(100 + j);
                jet[1].putFloat(0.1f * j);
                jet[2].putFloat(0.2f * j);
                jet[3].putFloat(50 + j);
                jet[4].putFloat(40 + j);
            }
            nc.putInt(5);
            for (int c = 0; c < 5; c++) {
                cand[0].putFloat(10 + c + e);
                cand[1].putFloat(0.1f * c);
                cand[2].putFloat(0.2f * c);
                cand[3].putFloat(0.13957f);
                pdg.putInt(c % 2 == 0 ? 211 : -211);
                charge.putInt(c % 2 == 0 ? 1 : -1);
            }
            int[][] links = {{0, 0}, {1, 1}, {0, 2}, {1, 3}, {0, 4}};
            nl.putInt(links.length);
            for (int[] l : links) {
                ljet.putInt(l[0]);
                lcand.putInt(l[1]);
            }
            t.endEntry();
        }
        w.close();
        return file;
    }

    @Test
    void jetsAreAssembledFromTheLinkCollection() {
        Path f = write(tmp.resolve("pfnano.root"), 1500);
        try (JetReader r = JetFiles.open(f)) {
            assertEquals(3000, r.jetCount());
            assertEquals(java.util.List.of("msd"), r.schema().jetFloats());
            JetBatch b = r.next();
            assertEquals(2000, b.size(), "the first 1000 events");
            assertArrayEquals(new int[] {3, 2, 3, 2}, new int[] {b.multiplicity(0), b.multiplicity(1), b.multiplicity(2),
                b.multiplicity(3)});
            // jet 1 of event 0 holds candidates 1 and 3: pT 11 and 13 GeV, both π−
            assertEquals(11f, b.pt()[b.offset(1)], 1e-5f);
            assertEquals(13f, b.pt()[b.offset(1) + 1], 1e-5f);
            assertEquals(3, b.token()[b.offset(1)], "π− is class 3 (h−)");
            assertEquals(4, b.token()[b.offset(0)], "π+ is class 4 (h+)");
            // Δη of candidate 2 (η 0.2) in jet 0 (η 0): 0.2
            assertEquals(0.2f, b.deta()[b.offset(0) + 1], 1e-5f);
            assertEquals(101f, b.jetPt()[1], 0f);
            assertEquals(41f, b.jetFloat("msd")[1], 0f);
            assertEquals(1001L, b.jetLong("event")[2], "jet 2 is in event 1");
            assertEquals(1000, r.next().size(), "the last 500 events");
            assertEquals(null, r.next());
        }
    }

    @Test
    void jsrootReadsThePfNanoFile() throws Exception {
        assertTrue(JsrootAgreement.check(write(tmp.resolve("pfnano-js.root"), 20)) > 500);
    }

    @Test
    void otherBranchNamesAreConfigurableAndMissingOnesNamed() {
        Path f = write(tmp.resolve("pfnano2.root"), 3);
        JetFileException e = assertThrows(JetFileException.class,
                () -> RootJets.open(f, PfNanoLayout.parse("jets=Jet,link=JetPFCands")));
        assertTrue(e.getMessage().contains("not a PFNano jet layout: no branch Jet_pt"), e.getMessage());
        try (JetReader r = RootJets.open(f, PfNanoLayout.parse("tree=Events,jets=FatJet"))) {
            assertEquals(6, r.jetCount());
        }
        assertThrows(IllegalArgumentException.class, () -> PfNanoLayout.parse("jet=FatJet"));
    }

    @Test
    void theCmsOpenDataNanoAodHasNoCandidatesAndSaysSo() {
        Path nano = FixtureAgreementTest.fixture("nanoAOD_2015_CMS_Open_Data_ttbar.root");
        JetFileException e = assertThrows(JetFileException.class, () -> JetFiles.open(nano));
        assertTrue(e.getMessage().startsWith(nano + ": tree Events: not a PFNano jet layout: no branch PFCands_pt, "),
                e.getMessage());
    }
}
