package org.jetflow.io.root;

/** Branch names of JetFlow's own jet tree: one entry per jet, constituents as jagged arrays. */
final class RootJetLayout {
    static final String TREE = "jets";
    static final String COUNT = "nconstituents";
    static final String PREFIX = "constituents_";
    static final String[] JET_CORE = {"pt", "eta", "phi", "mass"};
    static final String[] PARTICLE_CORE = {"pt", "deta", "dphi", "px", "py", "pz", "e"};
    static final String CLASS = "class";
    static final String PDG_ID = "pdg_id";
    static final String CHARGE = "charge";

    private RootJetLayout() {
    }

    /** The file's JetFlow jet tree, or {@code null} when it has none. */
    static RootTree jetTree(RootFile file) {
        if (!file.treeNames().contains(TREE)) {
            return null;
        }
        RootTree t = file.tree(TREE);
        return t.has(COUNT) ? t : null;
    }
}
