package org.jetflow.validation.observable;

/** The axis angles are measured from in an {@link Angularity}. */
public enum JetAxis {
    /**
     * The winner-take-all axis (Larkoski, Neill, Thaler, arXiv:1401.2158): the constituents
     * reclustered into one object with anti-kT and winner-take-all pT recombination (pT1 + pT2 with
     * the rapidity and azimuth of the harder); the axis is that object's (y, φ). It follows the
     * hardest branch, so it does not move when soft radiation recoils the jet.
     */
    WTA,
    /** The (y, φ) of the jet's four-momentum, the E-scheme sum of its constituents. */
    E_SCHEME
}
