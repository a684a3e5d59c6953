package org.jetflow.io.root;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;

/**
 * Writes jets as a ROOT TTree {@code jets}, one entry per jet, with the columns of JetFlow's Arrow
 * files: {@code pt, eta, phi, mass} (GeV, rad) and extra jet columns, a counter
 * {@code nconstituents}, and {@code constituents_pt[nconstituents]}, {@code _deta}, {@code _dphi},
 * {@code _px}, {@code _py}, {@code _pz}, {@code _e}, {@code _class}, {@code _pdg_id},
 * {@code _charge} and extra particle columns. The metadata (provenance) is the tree's title, as
 * JSON. RDataFrame, uproot and JSROOT read it as they read any flat ntuple.
 */
public final class RootJetWriter implements JetWriter {
    private final RootFileWriter file;
    private final RootTreeWriter tree;
    private final JetSchema schema;
    private final RootTreeWriter.Column[] jetCore = new RootTreeWriter.Column[4];
    private final List<RootTreeWriter.Column> jetFloats = new ArrayList<>();
    private final List<RootTreeWriter.Column> jetLongs = new ArrayList<>();
    private final RootTreeWriter.Column count;
    private final RootTreeWriter.Column[] particleCore = new RootTreeWriter.Column[7];
    private final RootTreeWriter.Column cls;
    private final RootTreeWriter.Column pdg;
    private final RootTreeWriter.Column charge;
    private final List<RootTreeWriter.Column> particleFloats = new ArrayList<>();

    /** A zlib-compressed (level 4) jet file. */
    public RootJetWriter(Path path, JetSchema schema, Map<String, String> metadata) {
        this(path, schema, metadata, RootCompression.Algorithm.ZLIB, 4);
    }

    public RootJetWriter(Path path, JetSchema schema, Map<String, String> metadata, RootCompression.Algorithm algorithm,
            int level) {
        this.schema = schema;
        this.file = new RootFileWriter(path, algorithm, level);
        this.tree = file.tree(RootJetLayout.TREE, title(metadata));
        for (int k = 0; k < 4; k++) {
            jetCore[k] = tree.scalar(RootJetLayout.JET_CORE[k], LeafType.FLOAT32);
        }
        for (String name : schema.jetFloats()) {
            jetFloats.add(tree.scalar(name, LeafType.FLOAT32));
        }
        for (String name : schema.jetLongs()) {
            jetLongs.add(tree.scalar(name, LeafType.INT64));
        }
        count = tree.scalar(RootJetLayout.COUNT, LeafType.INT32);
        for (int k = 0; k < 7; k++) {
            particleCore[k] = tree.jagged(RootJetLayout.PREFIX + RootJetLayout.PARTICLE_CORE[k], LeafType.FLOAT32, count);
        }
        cls = tree.jagged(RootJetLayout.PREFIX + RootJetLayout.CLASS, LeafType.INT8, count);
        pdg = tree.jagged(RootJetLayout.PREFIX + RootJetLayout.PDG_ID, LeafType.INT32, count);
        charge = tree.jagged(RootJetLayout.PREFIX + RootJetLayout.CHARGE, LeafType.INT8, count);
        for (String name : schema.particleFloats()) {
            particleFloats.add(tree.jagged(RootJetLayout.PREFIX + name, LeafType.FLOAT32, count));
        }
    }

    private static String title(Map<String, String> metadata) {
        try {
            return metadata.isEmpty() ? "JetFlow jets" : new ObjectMapper().writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public void write(JetBatch b) {
        if (!b.schema().equals(schema)) {
            throw new IllegalArgumentException("batch columns " + b.schema() + " differ from the file's " + schema);
        }
        float[][] jet = {b.jetPt(), b.jetEta(), b.jetPhi(), b.jetMass()};
        float[][] part = {b.pt(), b.deta(), b.dphi(), b.px(), b.py(), b.pz(), b.energy()};
        byte[] tok = b.token();
        for (int j = 0; j < b.size(); j++) {
            for (int k = 0; k < 4; k++) {
                jetCore[k].putFloat(jet[k][j]);
            }
            for (int k = 0; k < jetFloats.size(); k++) {
                jetFloats.get(k).putFloat(b.jetFloat(schema.jetFloats().get(k))[j]);
            }
            for (int k = 0; k < jetLongs.size(); k++) {
                jetLongs.get(k).putLong(b.jetLong(schema.jetLongs().get(k))[j]);
            }
            int from = b.offset(j);
            int to = from + b.multiplicity(j);
            count.putInt(to - from);
            for (int i = from; i < to; i++) {
                for (int k = 0; k < 7; k++) {
                    particleCore[k].putFloat(part[k][i]);
                }
                ParticleClass c = ParticleClass.ofToken(tok[i]);
                cls.putInt(tok[i]);
                pdg.putInt(c.pdgId());
                charge.putInt(c.charge());
                for (int k = 0; k < particleFloats.size(); k++) {
                    particleFloats.get(k).putFloat(b.particleFloat(schema.particleFloats().get(k))[i]);
                }
            }
            tree.endEntry();
        }
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public void abort() {
        file.abort();
    }
}
