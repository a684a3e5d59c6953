package org.jetflow.io.root;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where jets and their particle-flow candidates are in a NanoAOD/PFNano-style tree: one entry per
 * event, a jet collection ({@code nFatJet}, {@code FatJet_pt[nFatJet]}, …), a candidate
 * collection ({@code PFCands_pt}, {@code _eta}, {@code _phi}, {@code _mass}, {@code _pdgId},
 * {@code _charge}) and a link collection whose entries pair a jet index with a candidate index
 * ({@code FatJetPFCands_jetIdx}, {@code FatJetPFCands_pFCandsIdx}).
 *
 * @param tree       the tree (Events)
 * @param jets       the jet collection's prefix (FatJet, Jet)
 * @param candidates the candidate collection's prefix (PFCands)
 * @param link       the jet-to-candidate collection's prefix (FatJetPFCands, JetPFCands)
 */
public record PfNanoLayout(String tree, String jets, String candidates, String link) {
    /** PFNano's AK8 jets: Events, FatJet, PFCands, FatJetPFCands. */
    public static final PfNanoLayout DEFAULT = new PfNanoLayout("Events", "FatJet", "PFCands", "FatJetPFCands");

    /**
     * Parses {@code tree=Events,jets=Jet,candidates=PFCands,link=JetPFCands}; keys left out keep
     * their default.
     */
    public static PfNanoLayout parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("tree", DEFAULT.tree, "jets", DEFAULT.jets, "candidates",
                DEFAULT.candidates, "link", DEFAULT.link));
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !m.containsKey(kv[0].strip()) || kv[1].isBlank()) {
                throw new IllegalArgumentException("bad ROOT layout '" + part + "' in '" + spec
                        + "' (expected tree=…,jets=…,candidates=…,link=…)");
            }
            m.put(kv[0].strip(), kv[1].strip());
        }
        return new PfNanoLayout(m.get("tree"), m.get("jets"), m.get("candidates"), m.get("link"));
    }

    /** The branches a jet reading needs. */
    java.util.List<String> requiredBranches() {
        return java.util.List.of(jet("pt"), jet("eta"), jet("phi"), jet("mass"), candidate("pt"), candidate("eta"),
                candidate("phi"), candidate("mass"), candidate("pdgId"), candidate("charge"), linkJetIndex(),
                linkCandidateIndex());
    }

    /** The branches of {@code tree} this layout needs and it lacks. */
    java.util.List<String> missingIn(RootTree tree) {
        return requiredBranches().stream().filter(b -> !tree.has(b)).toList();
    }

    String jet(String field) {
        return jets + "_" + field;
    }

    String candidate(String field) {
        return candidates + "_" + field;
    }

    String linkJetIndex() {
        return link + "_jetIdx";
    }

    String linkCandidateIndex() {
        return link + "_" + Character.toLowerCase(candidates.charAt(0)) + candidates.substring(1) + "Idx";
    }
}
