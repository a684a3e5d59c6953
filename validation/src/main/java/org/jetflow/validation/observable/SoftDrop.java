package org.jetflow.validation.observable;

import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.cluster.JetAlgorithm;
import org.jetflow.validation.cluster.Recombination;
import org.jetflow.validation.jet.Constituents;

/**
 * SoftDrop grooming (Larkoski, Marzani, Soyez, Thaler, arXiv:1402.2657), as fjcontrib's
 * {@code SoftDrop}: recluster with Cambridge/Aachen (E-scheme), decluster from the top, keep the
 * first splitting with {@code min(pT1, pT2)/(pT1 + pT2) > zcut (ΔR12/R0)^β}, otherwise follow the
 * harder branch. The soft-drop mass is the mass of what remains; R_g and z_g are the ΔR12 and the
 * momentum fraction of the splitting that passed.
 *
 * @param beta angular exponent β (finite; 0 is the modified mass-drop tagger)
 * @param zcut the momentum-fraction cut
 * @param r0   the characteristic radius R0
 */
public record SoftDrop(double beta, double zcut, double r0) {
    private static final int[] NO_PARTICLES = new int[0];

    public SoftDrop {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("SoftDrop beta must be finite, got " + beta);
        }
        if (!(zcut >= 0) || Double.isInfinite(zcut)) {
            throw new IllegalArgumentException("SoftDrop zcut must be finite and ≥ 0, got " + zcut);
        }
        if (!(r0 > 0) || Double.isInfinite(r0)) {
            throw new IllegalArgumentException("SoftDrop r0 must be positive and finite, got " + r0);
        }
    }

    /** β = 0, zcut = 0.1, R0 = 0.8, as docs/validation.md#soft-drop-mass and the CMS soft-drop mass. */
    public static SoftDrop standard() {
        return new SoftDrop(0, 0.1, 0.8);
    }

    /**
     * The outcome of grooming one jet.
     *
     * @param massGeV  mass of the groomed jet's four-momentum (GeV), negative for a slightly
     *                 tachyonic sum as FastJet's {@code m()}
     * @param ptGeV    transverse momentum of the groomed jet's four-momentum (GeV)
     * @param deltaR   R_g: ΔR (rapidity, φ) between the two prongs that passed; 0 when grooming
     *                 leaves a single particle (or the jet is empty)
     * @param symmetry z_g: min(pT1, pT2)/(pT1 + pT2) of those prongs; 0 likewise
     */
    public record Groomed(double massGeV, double ptGeV, double deltaR, double symmetry) {
    }

    /** The soft-drop mass in GeV, reusing {@code cs} for the reclustering; 0 for an empty jet. */
    public double mass(Constituents c, ClusterSequence cs) {
        return groom(c, cs, null).massGeV();
    }

    /**
     * Grooms a jet.
     *
     * @param jet     the constituents
     * @param cs      workspace for the reclustering
     * @param groomed if not null, receives the groomed jet's constituents (in their order in
     *                {@code jet}); must not be {@code jet} itself
     */
    public Groomed groom(Constituents jet, ClusterSequence cs, Constituents groomed) {
        if (jet.size() == 0) {
            if (groomed != null) {
                groomed.select(jet, NO_PARTICLES, 0);
            }
            return new Groomed(0, 0, 0, 0);
        }
        cs.cluster(jet, JetAlgorithm.CAMBRIDGE_AACHEN, Recombination.E_SCHEME);
        int node = cs.root();
        double rg = 0;
        double zg = 0;
        double r02 = r0 * r0;
        while (cs.left(node) >= 0) {
            int a = cs.left(node);
            int b = cs.right(node);
            double ptA = cs.pt(a);
            double ptB = cs.pt(b);
            double z = Math.min(ptA, ptB) / (ptA + ptB);
            double dr2 = Constituents.deltaR2(cs.rap(a), cs.phi(a), cs.rap(b), cs.phi(b));
            double threshold = beta == 0 ? zcut : zcut * Math.pow(dr2 / r02, beta / 2);
            if (z > threshold) {
                rg = Math.sqrt(dr2);
                zg = z;
                break;
            }
            node = ptA >= ptB ? a : b;
        }
        if (groomed != null) {
            cs.constituents(node, jet, groomed);
        }
        return new Groomed(cs.mass(node), cs.pt(node), rg, zg);
    }
}
