package org.jetflow.validation.cluster;

/**
 * Sequential-recombination distance measures (FastJet's {@code JetDefinition} algorithms), for
 * exclusive clustering with an unbounded radius: only the pairwise distance matters.
 */
public enum JetAlgorithm {
    /** kT: d_ij = min(pT_i², pT_j²) ΔR_ij². */
    KT,
    /** Cambridge/Aachen: d_ij = ΔR_ij². */
    CAMBRIDGE_AACHEN
}
