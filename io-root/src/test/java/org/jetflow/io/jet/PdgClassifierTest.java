package org.jetflow.io.jet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PdgClassifierTest {
    @Test
    void eightClassIdsMapToTheirTokensInThePdgSignConvention() {
        PdgClassifier c = new PdgClassifier();
        assertEquals(ParticleClass.PHOTON.token(), c.token(22, 0));
        assertEquals(ParticleClass.NEUTRAL_HADRON.token(), c.token(130, 0));
        assertEquals(ParticleClass.NEGATIVE_HADRON.token(), c.token(-211, -1));
        assertEquals(ParticleClass.POSITIVE_HADRON.token(), c.token(211, 1));
        assertEquals(ParticleClass.ELECTRON.token(), c.token(11, -1));
        assertEquals(ParticleClass.POSITRON.token(), c.token(-11, 1));
        assertEquals(ParticleClass.MUON.token(), c.token(13, -1));
        assertEquals(ParticleClass.ANTIMUON.token(), c.token(-13, 1));
        assertEquals(0, c.remappedCount());
    }

    @Test
    void otherIdsMapByChargeAndAreCounted() {
        PdgClassifier c = new PdgClassifier();
        assertEquals(4, c.token(321, 1), "K+ -> h+");
        assertEquals(3, c.token(-2212, -1), "anti-proton -> h-");
        assertEquals(2, c.token(2112, 0), "neutron -> h0");
        assertEquals(2, c.token(310, 0), "K0S -> h0");
        assertEquals(4, c.remappedCount());
    }

    @Test
    void zeroOrFractionalIdsAreNotPdgIds() {
        PdgClassifier c = new PdgClassifier();
        assertEquals(-1, c.token(0, 0));
        assertEquals(-1, c.token(22.5, 0));
        assertEquals(-1, c.token(211, Double.NaN));
    }

    @Test
    void classMassesAndChargesAreThoseOfPhysicsMd() {
        assertEquals(0.13957039, ParticleClass.ofToken(4).massGeV(), 0);
        assertEquals(0.1056583755, ParticleClass.MUON.massGeV(), 0);
        assertEquals(-1, ParticleClass.ELECTRON.charge());
        assertEquals(-11, ParticleClass.POSITRON.pdgId());
    }
}
