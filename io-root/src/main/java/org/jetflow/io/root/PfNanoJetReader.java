package org.jetflow.io.root;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.PdgClassifier;

/**
 * Jets of a NanoAOD/PFNano-style tree ({@link PfNanoLayout}): every jet of every event, with the
 * candidates the link collection assigns to it, in link order. Jet kinematics come from the jet
 * collection (pT, η, φ, mass; {@code msoftdrop} as {@code msd} when present), the run, luminosity
 * block and event numbers from the event. Events are read a range at a time.
 */
public final class PfNanoJetReader implements JetReader {
    private static final int EVENTS_PER_READ = 1000;

    private final RootFile file;
    private final RootTree tree;
    private final PfNanoLayout layout;
    private final JetSchema schema;
    private final boolean softDrop;
    private final boolean eventIds;
    private final long jets;
    private final PdgClassifier classifier = new PdgClassifier();
    private long nextEvent;

    /** Opens the layout's tree of {@code file}; the reader owns and closes the file. */
    PfNanoJetReader(RootFile file, PfNanoLayout layout) {
        this.file = file;
        this.layout = layout;
        this.tree = file.tree(layout.tree());
        List<String> missing = layout.missingIn(tree);
        if (!missing.isEmpty()) {
            throw new JetFileException(file.path(), "tree " + layout.tree(), "not a PFNano jet layout: no branch "
                    + String.join(", ", missing) + " (set the layout: tree=…,jets=…,candidates=…,link=…)");
        }
        this.softDrop = tree.has(layout.jet("msoftdrop"));
        this.eventIds = tree.has("run") && tree.has("luminosityBlock") && tree.has("event");
        this.schema = new JetSchema(List.of(), softDrop ? List.of("msd") : List.of(),
                eventIds ? List.of("run", "lumi", "event") : List.of());
        this.jets = countJets();
    }

    /** Jets in the file: the jet collection's sizes, summed a range of events at a time (bounded memory). */
    private long countJets() {
        long n = 0;
        for (long first = 0; first < tree.entries(); first += EVENTS_PER_READ) {
            n += read(layout.jet("pt"), first, (int) Math.min(EVENTS_PER_READ, tree.entries() - first)).items();
        }
        return n;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public long jetCount() {
        return jets;
    }

    @Override
    public JetSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("source", file.path().getFileName().toString(), "layout", layout.toString());
    }

    @Override
    public JetBatch next() {
        while (nextEvent < tree.entries()) {
            int n = (int) Math.min(EVENTS_PER_READ, tree.entries() - nextEvent);
            JetBatch b = readEvents(nextEvent, n);
            nextEvent += n;
            if (b.size() > 0) {
                return b;
            }
        }
        return null;
    }

    private JetBatch readEvents(long first, int n) {
        BranchArray jpt = read(layout.jet("pt"), first, n);
        BranchArray jeta = read(layout.jet("eta"), first, n);
        BranchArray jphi = read(layout.jet("phi"), first, n);
        BranchArray jmass = read(layout.jet("mass"), first, n);
        BranchArray msd = softDrop ? read(layout.jet("msoftdrop"), first, n) : null;
        BranchArray[] ids = eventIds ? new BranchArray[] {read("run", first, n), read("luminosityBlock", first, n),
            read("event", first, n)} : null;
        BranchArray cpt = read(layout.candidate("pt"), first, n);
        BranchArray ceta = read(layout.candidate("eta"), first, n);
        BranchArray cphi = read(layout.candidate("phi"), first, n);
        BranchArray cmass = read(layout.candidate("mass"), first, n);
        BranchArray cpdg = read(layout.candidate("pdgId"), first, n);
        BranchArray ccharge = read(layout.candidate("charge"), first, n);
        BranchArray ljet = read(layout.linkJetIndex(), first, n);
        BranchArray lcand = read(layout.linkCandidateIndex(), first, n);
        // Each collection's branches are stored apart: a damaged file can give them different sizes.
        List<BranchArray> jetCols = new java.util.ArrayList<>(List.of(jpt, jeta, jphi, jmass));
        if (msd != null) {
            jetCols.add(msd);
        }
        List<BranchArray> candCols = List.of(cpt, ceta, cphi, cmass, cpdg, ccharge);
        for (int e = 0; e < n; e++) {
            sameSize(jetCols, first + e);
            sameSize(candCols, first + e);
            sameSize(List.of(ljet, lcand), first + e);
            if (ids != null) {
                for (BranchArray a : ids) {
                    if (a.count(e) != 1) {
                        throw bad(a.branch().name(), first + e, -1, a.count(e) + " values, expected one per event (corrupt)");
                    }
                }
            }
        }
        JetBatch.Builder b = JetBatch.builder(schema, jpt.items());
        for (int e = 0; e < n; e++) {
            long event = first + e;
            int nc = cpt.count(e);
            for (int j = 0; j < jpt.count(e); j++) {
                int ji = jpt.start(e) + j;
                b.beginJet(jeta.getFloat(ji), jphi.getFloat(ji));
                int m = 0;
                for (int l = ljet.start(e); l < ljet.start(e) + ljet.count(e); l++) {
                    if (ljet.getLong(l) != j) {
                        continue;
                    }
                    long c = lcand.getLong(l);
                    if (c < 0 || c >= nc) {
                        throw bad(layout.linkCandidateIndex(), event, l - ljet.start(e), "candidate index " + c
                                + " outside the event's " + nc + " candidates");
                    }
                    int ci = cpt.start(e) + (int) c;
                    double pt = cpt.getFloat(ci);
                    double eta = ceta.getFloat(ci);
                    double phi = cphi.getFloat(ci);
                    double mass = cmass.getFloat(ci);
                    if (!(pt > 0) || !Double.isFinite(eta) || !Double.isFinite(phi) || !Double.isFinite(mass)) {
                        throw bad(layout.candidate("pt"), event, (int) c, "candidate with pT " + pt + ", η " + eta
                                + ", φ " + phi + ", mass " + mass);
                    }
                    int tok = classifier.token(cpdg.getLong(ci), ccharge.getLong(ci));
                    if (tok < 0) {
                        throw bad(layout.candidate("pdgId"), event, (int) c, "value " + cpdg.getLong(ci)
                                + " is not a PDG id");
                    }
                    if (++m > JetBatch.MAX_PARTICLES) {
                        throw bad(layout.link(), event, -1, "jet " + j + " has more than " + JetBatch.MAX_PARTICLES
                                + " candidates, the most JetFlow supports");
                    }
                    double px = pt * Math.cos(phi);
                    double py = pt * Math.sin(phi);
                    double pz = pt * Math.sinh(eta);
                    double energy = Math.sqrt(px * px + py * py + pz * pz + mass * mass);
                    b.addCartesian(px, py, pz, energy, tok);
                }
                if (m == 0) {
                    throw bad(layout.jets(), event, j, "jet without candidates in " + layout.link());
                }
                if (msd != null) {
                    b.jetFloat(0, msd.getFloat(ji));
                }
                if (ids != null) {
                    for (int k = 0; k < 3; k++) {
                        b.jetLong(k, ids[k].getLong(e));
                    }
                }
                b.endJet(jpt.getFloat(ji), jeta.getFloat(ji), jphi.getFloat(ji), jmass.getFloat(ji));
            }
        }
        return b.build();
    }

    private JetFileException bad(String branch, long event, int item, String problem) {
        return new JetFileException(file.path(), "tree " + layout.tree() + ", branch " + branch + ", entry " + event
                + (item >= 0 ? ", item " + item : ""), problem);
    }

    /** The branches of one collection hold as many values per event as the first of them. */
    private void sameSize(List<BranchArray> cols, long event) {
        int e = (int) (event - cols.get(0).firstEntry());
        int want = cols.get(0).count(e);
        for (BranchArray a : cols) {
            if (a.count(e) != want) {
                throw bad(a.branch().name(), event, -1, a.count(e) + " values where " + cols.get(0).branch().name()
                        + " has " + want + " (corrupt)");
            }
        }
    }

    private BranchArray read(String branch, long first, int n) {
        BranchArray a;
        try {
            a = tree.read(tree.branch(branch), first, n);
        } catch (RootFormatException e) {
            throw RootJetReader.asJetFileError(file.path(), e);
        }
        return RootJetReader.numeric(file.path(), "tree " + layout.tree(), a);
    }

    @Override
    public long remappedParticles() {
        return classifier.remappedCount();
    }

    @Override
    public void close() {
        file.close();
    }
}
