package org.jetflow.validation.observable;

import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.cluster.JetAlgorithm;
import org.jetflow.validation.cluster.Recombination;
import org.jetflow.validation.jet.Constituents;

/**
 * The charged-particle jet of a jet, as track-based measurements define it: the jet's charged
 * constituents (charge ≠ 0 by class, leptons included) clustered with anti-kT, radius R,
 * E-scheme; the hardest (largest pT) of the inclusive jets. Charged particles of one jet can lie
 * more than R apart, so the charged jet can be a subset of them. Not thread safe (it owns a
 * workspace).
 */
public final class ChargedJet {
    private final double radius;
    private final Constituents charged;
    private final int[] indices;
    private final int[] jets;

    /**
     * @param radius   anti-kT radius R
     * @param capacity the most constituents a jet can have
     */
    public ChargedJet(double radius, int capacity) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("charged-jet radius must be positive and finite, got " + radius);
        }
        this.radius = radius;
        charged = new Constituents(capacity);
        indices = new int[capacity];
        jets = new int[capacity];
    }

    /** R = 0.8, the radius of the jets JetFlow reads, for jets of up to 150 constituents. */
    public static ChargedJet standard() {
        return new ChargedJet(0.8, JetBatch.MAX_PARTICLES);
    }

    /**
     * Finds the charged jet of {@code jet}.
     *
     * @param cs  workspace for the clustering
     * @param out receives the charged jet's constituents (in their order in {@code jet}); empty when
     *            there is none
     * @return false when the jet has no charged constituent
     */
    public boolean find(Constituents jet, ClusterSequence cs, Constituents out) {
        int k = 0;
        for (int i = 0; i < jet.size(); i++) {
            if (jet.charge(i) != 0) {
                indices[k++] = i;
            }
        }
        charged.select(jet, indices, k);
        if (k == 0) {
            out.select(charged, indices, 0);
            return false;
        }
        cs.clusterInclusive(charged, JetAlgorithm.ANTI_KT, Recombination.E_SCHEME, radius);
        int m = cs.inclusive(jets);
        int hardest = jets[0];
        for (int j = 1; j < m; j++) {
            if (cs.pt(jets[j]) > cs.pt(hardest)) {
                hardest = jets[j];
            }
        }
        cs.constituents(hardest, charged, out);
        return true;
    }
}
