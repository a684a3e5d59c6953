package org.jetflow.validation.cluster;

/**
 * Sequential-recombination distance measures (FastJet's {@code JetDefinition} algorithms): the
 * pairwise distance is {@code d_ij = min(w_i, w_j) ΔR_ij² / R²} and the beam distance
 * {@code d_iB = w_i}, with the weight w of each algorithm below. Only d_ij matters when clustering
 * to one object ({@link ClusterSequence#cluster}).
 */
public enum JetAlgorithm {
    /** kT: w = pT² (GeV²). */
    KT,
    /** Cambridge/Aachen: w = 1. */
    CAMBRIDGE_AACHEN,
    /** anti-kT (Cacciari, Salam, Soyez, arXiv:0802.1189): w = 1/pT² (GeV⁻²). */
    ANTI_KT;

    /** The weight w of an object with transverse momentum {@code pt} (GeV). */
    double weight(double pt) {
        switch (this) {
            case KT:
                return pt * pt;
            case ANTI_KT:
                // As FastJet: a zero-pT object gets a huge weight rather than 1/0.
                double kt2 = pt * pt;
                return kt2 > 1e-300 ? 1 / kt2 : 1e300;
            default:
                return 1;
        }
    }
}
