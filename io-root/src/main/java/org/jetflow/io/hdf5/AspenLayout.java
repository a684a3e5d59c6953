package org.jetflow.io.hdf5;

import java.util.List;

/**
 * The AspenOpenJets HDF5 layout (FORMATS.md; Amram et al., arXiv:2412.10504), shared by reader
 * and writer.
 */
final class AspenLayout {
    static final String PF_CANDS = "PFCands";
    static final String JET_KINEMATICS = "jet_kinematics";
    static final String JET_TAGGING = "jet_tagging";
    static final String EVENT_INFO = "event_info";

    /** PFCands columns, in file order. */
    static final String[] PF_FIELDS = {"px", "py", "pz", "E", "d0", "d0Err", "dz", "dzErr", "charge", "pdgId",
        "puppiWeight"};
    static final int PX = 0;
    static final int PY = 1;
    static final int PZ = 2;
    static final int E = 3;
    static final int D0 = 4;
    static final int CHARGE = 8;
    static final int PDG_ID = 9;
    static final int PUPPI = 10;

    /** The batch's names for PFCands columns 4..7 and 10. */
    static final List<String> PARTICLE_EXTRAS = List.of("d0", "d0_err", "dz", "dz_err", "puppi_weight");
    /** Value of each particle extra for a particle that has none (generated jets). */
    static final float[] PARTICLE_EXTRA_DEFAULTS = {0, 0, 0, 0, 1};

    static final String[] KINEMATICS_FIELDS = {"pT", "eta", "phi", "msd"};
    static final String MSD = "msd";

    /** The batch's names for the jet_tagging columns; columns past these are tagging_K. */
    static final List<String> TAGGING_NAMES = List.of("n_constituents", "tau1", "tau2", "tau3", "tau4");
    static final int TAGGING_WIDTH = 13;

    static final List<String> EVENT_NAMES = List.of("run", "lumi", "event");

    static String taggingName(int column) {
        return column < TAGGING_NAMES.size() ? TAGGING_NAMES.get(column) : "tagging_" + column;
    }

    private AspenLayout() {
    }
}
