package org.jetflow.io.root;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;

/**
 * Reads JetFlow's own jet tree ({@link RootJetWriter}) back into batches, a range of entries at a
 * time, so that memory is bounded by the batch, not the file.
 */
public final class RootJetReader implements JetReader {
    private static final int BATCH = RootTreeWriter.BASKET_ENTRIES;

    private final RootFile file;
    private final RootTree tree;
    private final JetSchema schema;
    private final Map<String, String> metadata;
    private long next;

    /** Reads {@code file}'s {@code jets} tree; the reader owns and closes the file. */
    RootJetReader(RootFile file, RootTree tree) {
        this.file = file;
        this.tree = tree;
        List<String> jetFloats = new ArrayList<>();
        List<String> jetLongs = new ArrayList<>();
        List<String> particleFloats = new ArrayList<>();
        List<String> core = List.of(RootJetLayout.JET_CORE);
        List<String> particleCore = new ArrayList<>(List.of(RootJetLayout.PARTICLE_CORE));
        particleCore.addAll(List.of(RootJetLayout.CLASS, RootJetLayout.PDG_ID, RootJetLayout.CHARGE));
        for (RootBranch b : tree.leafBranches()) {
            String n = b.name();
            if (n.startsWith(RootJetLayout.PREFIX)) {
                if (!particleCore.contains(n.substring(RootJetLayout.PREFIX.length()))) {
                    particleFloats.add(n.substring(RootJetLayout.PREFIX.length()));
                }
            } else if (!core.contains(n) && !n.equals(RootJetLayout.COUNT)) {
                LeafType t = b.leaves().isEmpty() ? null : b.leaf().type();
                if (t == LeafType.INT64) {
                    jetLongs.add(n);
                } else {
                    jetFloats.add(n);
                }
            }
        }
        this.schema = new JetSchema(particleFloats, jetFloats, jetLongs);
        this.metadata = metadata(tree.title());
    }

    private static Map<String, String> metadata(String title) {
        if (!title.startsWith("{")) {
            return Map.of();
        }
        try {
            return new ObjectMapper().readValue(title, new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public long jetCount() {
        return tree.entries();
    }

    @Override
    public JetSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public long skip(long jets) {
        long n = Math.max(0, Math.min(jets, tree.entries() - next));
        next += n;
        return n;
    }

    @Override
    public JetBatch next() {
        if (next >= tree.entries()) {
            return null;
        }
        int n = (int) Math.min(BATCH, tree.entries() - next);
        BranchArray[] jet = new BranchArray[4];
        for (int k = 0; k < 4; k++) {
            jet[k] = read(RootJetLayout.JET_CORE[k], n);
        }
        BranchArray[] part = new BranchArray[7];
        for (int k = 0; k < 7; k++) {
            part[k] = read(RootJetLayout.PREFIX + RootJetLayout.PARTICLE_CORE[k], n);
        }
        BranchArray cls = read(RootJetLayout.PREFIX + RootJetLayout.CLASS, n);
        List<BranchArray> pf = new ArrayList<>();
        for (String name : schema.particleFloats()) {
            pf.add(read(RootJetLayout.PREFIX + name, n));
        }
        List<BranchArray> jf = new ArrayList<>();
        for (String name : schema.jetFloats()) {
            jf.add(read(name, n));
        }
        List<BranchArray> jl = new ArrayList<>();
        for (String name : schema.jetLongs()) {
            jl.add(read(name, n));
        }
        BranchArray counts = read(RootJetLayout.COUNT, n);
        // Branches are stored apart: a damaged file can give them different shapes. Every jet-level
        // branch holds one value per jet, every constituent branch as many as the class branch.
        List<BranchArray> perJet = new ArrayList<>(List.of(jet));
        perJet.addAll(jf);
        perJet.addAll(jl);
        perJet.add(counts);
        List<BranchArray> perParticle = new ArrayList<>(List.of(part));
        perParticle.addAll(pf);
        for (int j = 0; j < n; j++) {
            for (BranchArray a : perJet) {
                if (a.count(j) != 1) {
                    throw shape(a, next + j, a.count(j) + " values, expected one per jet");
                }
            }
            for (BranchArray a : perParticle) {
                if (a.count(j) != cls.count(j)) {
                    throw shape(a, next + j, a.count(j) + " values where " + RootJetLayout.PREFIX + RootJetLayout.CLASS
                            + " has " + cls.count(j));
                }
            }
            if (counts.getLong(j) != cls.count(j)) {
                throw shape(counts, next + j, "says " + counts.getLong(j) + " constituents where "
                        + RootJetLayout.PREFIX + RootJetLayout.CLASS + " has " + cls.count(j));
            }
        }
        JetBatch.Builder b = JetBatch.builder(schema, n, part[0].items());
        for (int j = 0; j < n; j++) {
            long row = next + j;
            int m = cls.count(j);
            if (m == 0) {
                throw new JetFileException(file.path(), JetFileException.at("tree jets", row, -1, RootJetLayout.COUNT),
                        "empty jet: no constituents");
            }
            if (m > JetBatch.MAX_PARTICLES) {
                throw new JetFileException(file.path(), JetFileException.at("tree jets", row, -1, RootJetLayout.COUNT),
                        m + " constituents, more than the " + JetBatch.MAX_PARTICLES + " JetFlow supports");
            }
            b.beginJet(jet[1].getFloat(j), jet[2].getFloat(j));
            int s = cls.start(j);
            for (int i = s; i < s + m; i++) {
                long tok = cls.getLong(i);
                if (tok < 1 || tok >= ParticleClass.TOKEN_COUNT) {
                    throw new JetFileException(file.path(), JetFileException.at("tree jets, branch "
                            + RootJetLayout.PREFIX + RootJetLayout.CLASS, row, i - s, null), "class " + tok
                            + " is not a particle class (1–8)");
                }
                for (int k = 0; k < 7; k++) {
                    float v = part[k].getFloat(i);
                    if (!Float.isFinite(v)) {
                        throw new JetFileException(file.path(), JetFileException.at("tree jets, branch "
                                + RootJetLayout.PREFIX + RootJetLayout.PARTICLE_CORE[k], row, i - s, null), "value "
                                + v + " is not finite");
                    }
                }
                b.add(part[0].getFloat(i), part[1].getFloat(i), part[2].getFloat(i), (int) tok, part[3].getFloat(i),
                        part[4].getFloat(i), part[5].getFloat(i), part[6].getFloat(i));
                for (int k = 0; k < pf.size(); k++) {
                    b.particleFloat(k, pf.get(k).getFloat(i));
                }
            }
            for (int k = 0; k < jf.size(); k++) {
                b.jetFloat(k, jf.get(k).getFloat(j));
            }
            for (int k = 0; k < jl.size(); k++) {
                b.jetLong(k, jl.get(k).getLong(j));
            }
            b.endJet(jet[0].getFloat(j), jet[1].getFloat(j), jet[2].getFloat(j), jet[3].getFloat(j));
        }
        next += n;
        return b.build();
    }

    private BranchArray read(String branch, int n) {
        BranchArray a;
        try {
            a = tree.read(tree.branch(branch), next, n);
        } catch (RootFormatException e) {
            throw asJetFileError(file.path(), e);
        }
        return numeric(file.path(), "tree " + tree.path(), a);
    }

    private JetFileException shape(BranchArray a, long row, String problem) {
        return new JetFileException(file.path(), JetFileException.at("tree " + tree.path() + ", branch " + a.branch().name(),
                row, -1, null), problem + " (corrupt)");
    }

    /** The values of a jet branch must be numbers: a damaged leaf class can turn them into strings. */
    static BranchArray numeric(Path path, String tree, BranchArray a) {
        if (a.type().size == 0) {
            throw new JetFileException(path, tree + ", branch " + a.branch().name(), "holds " + a.type().label
                    + " values, expected numbers");
        }
        return a;
    }

    /** A ROOT-layer error as a jet-file error (whose message starts with the file name once). */
    static JetFileException asJetFileError(Path path, RootFormatException e) {
        String m = e.getMessage();
        String prefix = path + ": ";
        return new JetFileException(path, null, m.startsWith(prefix) ? m.substring(prefix.length()) : m, e);
    }

    @Override
    public long remappedParticles() {
        return 0;
    }

    @Override
    public void close() {
        file.close();
    }
}
