package org.jetflow.validation.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.validation.observable.ObservableTable;
import org.junit.jupiter.api.Test;

class ClassCorrelationsTest {
    /** Per-jet counts of every class, the given columns set and the rest zero. */
    private static ObservableTable table(double[] electrons, double[] positrons, double[] photons) {
        List<String> names = new ArrayList<>();
        double[][] cols = new double[ParticleClass.values().length][];
        for (ParticleClass c : ParticleClass.values()) {
            names.add("n_" + c.shortName());
            cols[c.ordinal()] = c == ParticleClass.ELECTRON ? electrons : c == ParticleClass.POSITRON ? positrons
                    : c == ParticleClass.PHOTON ? photons : new double[electrons.length];
        }
        return new ObservableTable(names, cols);
    }

    @Test
    void pairingCountsJetsWithAnElectronAndCorrelationsArePearson() {
        // 4 jets with an electron, 3 of them with a positron: P(e+ | e−) = 3/4.
        double[] em = {1, 2, 1, 1, 0, 0};
        double[] ep = {1, 1, 0, 2, 1, 0};
        double[] ph = {2, 4, 2, 2, 0, 0};
        ClassCorrelations c = ClassCorrelations.of(table(em, ep, ph));
        assertEquals(0.75, c.electronPairing(), 1e-12);
        // Photons are exactly twice the electrons: correlation 1.
        assertEquals(1.0, c.correlation(ParticleClass.ELECTRON, ParticleClass.PHOTON), 1e-12);
        // By hand: mean e− 5/6, mean e+ 5/6; Σdx·dy = 5/6, Σdx² = 17/6, Σdy² = 17/6 → 5/17.
        assertEquals(5.0 / 17, c.correlation(ParticleClass.ELECTRON, ParticleClass.POSITRON), 1e-12);
        // A class that never occurs has no correlation.
        assertTrue(Double.isNaN(c.correlation(ParticleClass.MUON, ParticleClass.PHOTON)));
        assertTrue(Double.isNaN(c.oppositeLeading()), "no q1q2 column");
    }

    @Test
    void oppositeLeadingChargesCountJetsWithTwoChargedParticles() {
        double[] zero = new double[5];
        ObservableTable t = table(zero, zero, zero);
        List<String> names = new ArrayList<>(t.names());
        names.add("q1q2");
        double[][] cols = java.util.Arrays.copyOf(t.columns(), t.columns().length + 1);
        // Four jets with two charged particles, three of them opposite; one jet with fewer (0).
        cols[cols.length - 1] = new double[] {-1, -1, 1, 0, -1};
        assertEquals(0.75, ClassCorrelations.of(new ObservableTable(names, cols)).oppositeLeading(), 1e-12);
    }
}
