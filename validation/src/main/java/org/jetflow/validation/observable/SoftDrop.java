package org.jetflow.validation.observable;

import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.cluster.JetAlgorithm;
import org.jetflow.validation.cluster.Recombination;
import org.jetflow.validation.jet.Constituents;

/**
 * SoftDrop grooming (Larkoski, Marzani, Soyez, Thaler, arXiv:1402.2657), as fjcontrib's
 * {@code SoftDrop}: recluster with Cambridge/Aachen (E-scheme), decluster from the top, keep the
 * first splitting with {@code min(pT1, pT2)/(pT1 + pT2) > zcut (ΔR12/R0)^β}, otherwise follow the
 * harder branch. The soft-drop mass is the mass of what remains.
 */
public final class SoftDrop {
    private final double beta;
    private final double zcut;
    private final double r0;

    /**
     * @param beta angular exponent β
     * @param zcut the momentum-fraction cut
     * @param r0   the characteristic radius R0
     */
    public SoftDrop(double beta, double zcut, double r0) {
        this.beta = beta;
        this.zcut = zcut;
        this.r0 = r0;
    }

    /** β = 0, zcut = 0.1, R0 = 0.8, as docs/validation.md#soft-drop-mass and the CMS soft-drop mass. */
    public static SoftDrop standard() {
        return new SoftDrop(0, 0.1, 0.8);
    }

    /** The soft-drop mass in GeV, reusing {@code cs} for the reclustering. */
    public double mass(Constituents c, ClusterSequence cs) {
        if (c.size() == 0) {
            return 0;
        }
        cs.cluster(c, JetAlgorithm.CAMBRIDGE_AACHEN, Recombination.E_SCHEME);
        int node = cs.root();
        while (cs.left(node) >= 0) {
            int a = cs.left(node);
            int b = cs.right(node);
            double ptA = cs.pt(a);
            double ptB = cs.pt(b);
            double z = Math.min(ptA, ptB) / (ptA + ptB);
            double threshold = zcut;
            if (beta != 0) {
                double dr = Math.sqrt(org.jetflow.validation.jet.Constituents.deltaR2(cs.rap(a), cs.phi(a), cs.rap(b), cs.phi(b)));
                threshold *= Math.pow(dr / r0, beta);
            }
            if (z > threshold) {
                break;
            }
            node = ptA >= ptB ? a : b;
        }
        return cs.mass(node);
    }
}
