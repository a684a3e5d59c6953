package org.jetflow.validation.cluster;

/** How two objects merge into one (FastJet recombination schemes). */
public enum Recombination {
    /** Four-momentum sum. */
    E_SCHEME,
    /**
     * Winner-take-all in pT (fjcontrib {@code WinnerTakeAllRecombiner}): pT_1 + pT_2 with the
     * rapidity and azimuth of the harder object.
     */
    WTA_PT
}
