package org.jetflow.validation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.jetflow.validation.jet.Constituents;
import org.junit.jupiter.api.Test;

/** Anti-kT with winner-take-all recombination, and inclusive clustering with a radius, on jets worked out by hand. */
class ClusterSequenceTest {
    /** Massless particles of given pT (GeV), rapidity and azimuth, all photons. */
    static Constituents particles(double[]... ptYPhi) {
        double[][] p4 = new double[ptYPhi.length][];
        for (int i = 0; i < ptYPhi.length; i++) {
            double pt = ptYPhi[i][0];
            double y = ptYPhi[i][1];
            double phi = ptYPhi[i][2];
            p4[i] = new double[] {pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(y), pt * Math.cosh(y)};
        }
        byte[] photons = new byte[ptYPhi.length];
        Arrays.fill(photons, (byte) 1);
        return new Constituents().load(p4, photons);
    }

    @Test
    void antiKtWithWinnerTakeAllFollowsTheHarderBranchNotTheHardestParticle() {
        // B and C (31 + 30 GeV, 0.05 apart) merge first: d = 0.05²/31² < 1²/50² for A–B. Their WTA
        // object has pT 61 > 50, so the final axis is B's direction, not A's.
        Constituents c = particles(new double[] {50, 0, 0}, new double[] {31, 0, 1.0}, new double[] {30, 0, 1.05});
        ClusterSequence cs = new ClusterSequence(8).cluster(c, JetAlgorithm.ANTI_KT, Recombination.WTA_PT);
        int root = cs.root();
        assertEquals(111, cs.pt(root), 1e-12);
        assertEquals(1.0, cs.phi(root), 1e-12);
        assertEquals(0, cs.rap(root), 1e-12);
        int first = cs.left(root) == 0 ? cs.right(root) : cs.left(root);
        int[] leaves = new int[3];
        assertEquals(2, cs.constituents(first, leaves));
        assertArrayEquals(new int[] {1, 2}, Arrays.copyOf(leaves, 2));
        assertEquals(3, cs.constituents(root, leaves));
        assertArrayEquals(new int[] {0, 1, 2}, leaves);
    }

    @Test
    void inclusiveAntiKtFindsJetsWithinTheRadius() {
        // A (100 GeV) takes B at ΔR 0.5; C (50 GeV) takes D at 0.3 and E at 0.75, E being 1.25 from A;
        // F, more than R from everything, is a jet of its own.
        Constituents c = particles(new double[] {100, 0, 0}, new double[] {10, 0, 0.5}, new double[] {50, 0, 2.0},
                new double[] {5, 0, 2.3}, new double[] {1, 0, 1.25}, new double[] {2, 1.5, -1.5});
        ClusterSequence cs = new ClusterSequence(8).clusterInclusive(c, JetAlgorithm.ANTI_KT, Recombination.E_SCHEME, 0.8);
        int[] jets = new int[8];
        int n = cs.inclusive(jets);
        assertEquals(3, n);
        int[] leaves = new int[8];
        String[] found = new String[n];
        for (int j = 0; j < n; j++) {
            found[j] = Arrays.toString(Arrays.copyOf(leaves, cs.constituents(jets[j], leaves)));
        }
        Arrays.sort(found);
        assertArrayEquals(new String[] {"[0, 1]", "[2, 3, 4]", "[5]"}, found);
    }

    @Test
    void withoutARadiusEverythingEndsInOneJet() {
        Constituents c = particles(new double[] {100, 0, 0}, new double[] {10, 0, 3.0}, new double[] {2, 2.5, -1.5});
        ClusterSequence cs = new ClusterSequence(8).cluster(c, JetAlgorithm.ANTI_KT, Recombination.E_SCHEME);
        int[] jets = new int[8];
        assertEquals(1, cs.inclusive(jets));
        assertEquals(cs.root(), jets[0]);
        assertThrows(IllegalArgumentException.class,
                () -> cs.clusterInclusive(c, JetAlgorithm.ANTI_KT, Recombination.E_SCHEME, 0));
    }
}
