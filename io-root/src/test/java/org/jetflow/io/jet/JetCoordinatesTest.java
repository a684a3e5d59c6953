package org.jetflow.io.jet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JetCoordinatesTest {
    @Test
    void phiIsWrappedIntoTheHalfOpenInterval() {
        assertEquals(Math.PI, JetCoordinates.wrapPhi(Math.PI), 0);
        assertEquals(Math.PI, JetCoordinates.wrapPhi(-Math.PI), 1e-15);
        assertEquals(-Math.PI / 2, JetCoordinates.wrapPhi(1.5 * Math.PI), 1e-15);
        assertEquals(0.1, JetCoordinates.wrapPhi(0.1 + 6 * Math.PI), 1e-12);
        assertEquals(-3.0, JetCoordinates.wrapPhi(-3.0), 0);
        assertEquals(3.0, JetCoordinates.wrapPhi(3.0 + 2 * Math.PI), 1e-12);
        assertEquals(Math.PI - 0.1, JetCoordinates.wrapPhi(-Math.PI - 0.1), 1e-12);
    }

    @Test
    void deltaPhiAcrossThePiBoundaryIsSmall() {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 1);
        b.beginJet(0.0, 3.1);
        // A particle at φ = −3.1 is 2π − 6.2 ≈ 0.0832 rad away from the axis, not −6.2.
        b.addCartesian(10 * Math.cos(-3.1), 10 * Math.sin(-3.1), 0, 10, 1);
        b.endJet(10, 0, 3.1);
        assertEquals(2 * Math.PI - 6.2, b.build().dphi()[0], 1e-6);
    }

    @Test
    void cartesianAndRelativeCoordinatesRoundTrip() {
        double[] p4 = new double[4];
        JetCoordinates.toCartesian(50, 1.2, -2.0, 0.13957039, p4);
        assertEquals(50, Math.hypot(p4[0], p4[1]), 1e-12);
        assertEquals(1.2, JetCoordinates.eta(p4[0], p4[1], p4[2]), 1e-12);
        assertEquals(-2.0, JetCoordinates.phi(p4[0], p4[1]), 1e-12);
        assertEquals(0.13957039, JetCoordinates.mass(p4[0], p4[1], p4[2], p4[3]), 1e-6);
    }

    @Test
    void jetMassOfTwoBackToBackMasslessParticlesIsTwiceTheirEnergy() {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 1);
        b.beginJet(0, 0);
        b.addCartesian(0, 40, 30, 50, 1);
        b.addCartesian(0, -40, -30, 50, 1);
        b.endJetFromConstituents();
        assertEquals(100, b.build().jetMass()[0], 1e-4);
    }
}
