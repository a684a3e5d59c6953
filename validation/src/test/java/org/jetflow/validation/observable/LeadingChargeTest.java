package org.jetflow.validation.observable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;
import org.junit.jupiter.api.Test;

/** q1q2, the charge product of the two hardest charged constituents, on jets worked out by hand. */
class LeadingChargeTest {
    private static void add(JetBatch.Builder b, double pt, double deta, ParticleClass c) {
        b.addRelative(pt, deta, 0.1, c.token());
    }

    @Test
    void theTwoHardestChargedParticlesDecideWhateverTheNeutralsAndSofterOnes() {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 3);
        // Photon hardest; then h+ 50 and h− 30: opposite (the softer h+ 10 does not count).
        b.beginJet(0, 0);
        add(b, 100, 0.0, ParticleClass.PHOTON);
        add(b, 10, 0.2, ParticleClass.POSITIVE_HADRON);
        add(b, 50, 0.1, ParticleClass.POSITIVE_HADRON);
        add(b, 30, -0.1, ParticleClass.NEGATIVE_HADRON);
        b.endJetFromConstituents();
        // e+ 40 and h+ 20: equal charges, leptons count.
        b.beginJet(0, 0);
        add(b, 90, 0.0, ParticleClass.NEUTRAL_HADRON);
        add(b, 20, 0.1, ParticleClass.POSITIVE_HADRON);
        add(b, 40, -0.1, ParticleClass.POSITRON);
        b.endJetFromConstituents();
        // One charged particle: 0.
        b.beginJet(0, 0);
        add(b, 90, 0.0, ParticleClass.PHOTON);
        add(b, 20, 0.1, ParticleClass.MUON);
        b.endJetFromConstituents();
        double[] q = new JetObservables().compute(b.build()).column("q1q2");
        assertArrayEquals(new double[] {-1, 1, 0}, q, 0);
    }
}
