package org.jetflow.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jetflow.io.arrow.ArrowJetSchema;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.io.jet.PdgClassifier;

/**
 * Jets as Spark rows, in the layout of JetFlow's Arrow jet files: one row per jet with {@code pt,
 * eta, phi, mass} (float, GeV and rad), {@code n} (int), the extra jet columns, and {@code
 * constituents: array<struct<pt, deta, dphi, px, py, pz, e, class, pdg_id, charge, ...>>}, so that a
 * Parquet dataset written by Spark reads in pandas/pyarrow with the same names and types. Each
 * field carries its unit in the Spark field metadata key {@code unit}.
 */
public final class JetRows {
    /** The global jet index column that generated and scored datasets carry. */
    public static final String JET_INDEX = "jet";
    static final String CONSTITUENTS = ArrowJetSchema.CONSTITUENTS;
    private static final List<String> JET_CORE = ArrowJetSchema.JET_CORE;
    private static final List<String> PARTICLE_CORE = ArrowJetSchema.PARTICLE_CORE;

    private JetRows() {
    }

    /** The Spark schema of jets with the given extra columns. */
    public static StructType schema(JetSchema s) {
        List<StructField> jet = new ArrayList<>();
        for (int k = 0; k < JET_CORE.size(); k++) {
            jet.add(field(JET_CORE.get(k), DataTypes.FloatType, ArrowJetSchema.JET_CORE_UNITS.get(k)));
        }
        jet.add(field(ArrowJetSchema.JET_MULTIPLICITY, DataTypes.IntegerType, "1"));
        for (String name : s.jetFloats()) {
            jet.add(field(name, DataTypes.FloatType, ArrowJetSchema.unitOf(name)));
        }
        for (String name : s.jetLongs()) {
            jet.add(field(name, DataTypes.LongType, "1"));
        }
        List<StructField> particle = new ArrayList<>();
        for (int k = 0; k < PARTICLE_CORE.size(); k++) {
            particle.add(field(PARTICLE_CORE.get(k), DataTypes.FloatType, ArrowJetSchema.PARTICLE_CORE_UNITS.get(k)));
        }
        particle.add(field(ArrowJetSchema.CLASS, DataTypes.ByteType, "1"));
        particle.add(field(ArrowJetSchema.PDG_ID, DataTypes.IntegerType, "1"));
        particle.add(field(ArrowJetSchema.CHARGE, DataTypes.ByteType, "e"));
        for (String name : s.particleFloats()) {
            particle.add(field(name, DataTypes.FloatType, ArrowJetSchema.unitOf(name)));
        }
        jet.add(DataTypes.createStructField(CONSTITUENTS,
                DataTypes.createArrayType(DataTypes.createStructType(particle), false), false));
        return DataTypes.createStructType(jet);
    }

    private static StructField field(String name, DataType type, String unit) {
        Metadata m = new MetadataBuilder().putString("unit", unit).build();
        return DataTypes.createStructField(name, type, false, m);
    }

    /** {@code s} with the {@link #JET_INDEX} column added after its integer columns. */
    public static JetSchema withIndex(JetSchema s) {
        List<String> longs = new ArrayList<>(s.jetLongs());
        longs.add(JET_INDEX);
        return new JetSchema(s.particleFloats(), s.jetFloats(), longs);
    }

    /** One row per jet of {@code b}, in order, in the layout of {@code schema(b.schema())}. */
    public static List<Row> rows(JetBatch b) {
        return rows(b, -1);
    }

    /**
     * One row per jet of {@code b}; with {@code firstJet >= 0} the rows also carry the global jet
     * index {@code firstJet + j}, in the layout of {@code schema(withIndex(b.schema()))}.
     */
    public static List<Row> rows(JetBatch b, long firstJet) {
        JetSchema s = b.schema();
        List<Row> out = new ArrayList<>(b.size());
        int nJet = JET_CORE.size() + 1 + s.jetFloats().size() + s.jetLongs().size() + 1 + (firstJet >= 0 ? 1 : 0);
        int nPart = PARTICLE_CORE.size() + 3 + s.particleFloats().size();
        float[][] pf = new float[s.particleFloats().size()][];
        for (int k = 0; k < pf.length; k++) {
            pf[k] = b.particleFloat(s.particleFloats().get(k));
        }
        for (int j = 0; j < b.size(); j++) {
            Object[] v = new Object[nJet];
            int c = 0;
            v[c++] = b.jetPt()[j];
            v[c++] = b.jetEta()[j];
            v[c++] = b.jetPhi()[j];
            v[c++] = b.jetMass()[j];
            v[c++] = b.multiplicity(j);
            for (String name : s.jetFloats()) {
                v[c++] = b.jetFloat(name)[j];
            }
            for (String name : s.jetLongs()) {
                v[c++] = b.jetLong(name)[j];
            }
            if (firstJet >= 0) {
                v[c++] = firstJet + j;
            }
            Row[] parts = new Row[b.multiplicity(j)];
            for (int i = b.offset(j), r = 0; i < b.offset(j + 1); i++, r++) {
                ParticleClass pc = ParticleClass.ofToken(b.token()[i]);
                Object[] p = new Object[nPart];
                int q = 0;
                p[q++] = b.pt()[i];
                p[q++] = b.deta()[i];
                p[q++] = b.dphi()[i];
                p[q++] = b.px()[i];
                p[q++] = b.py()[i];
                p[q++] = b.pz()[i];
                p[q++] = b.energy()[i];
                p[q++] = b.token()[i];
                p[q++] = pc.pdgId();
                p[q++] = (byte) pc.charge();
                for (float[] col : pf) {
                    p[q++] = col[i];
                }
                parts[r] = RowFactory.create(p);
            }
            // Spark's row encoder takes a Scala Seq for an array column.
            v[c] = scala.collection.immutable.ArraySeq.unsafeWrapArray(parts);
            out.add(RowFactory.create(v));
        }
        return out;
    }

    /**
     * Reads rows of a jets dataset back into batches. Accepts the layout above and datasets other
     * tools wrote in its shape: jet {@code pt, eta, phi} and constituents with {@code pt, deta, dphi}
     * and {@code class} or {@code pdg_id} [+ {@code charge}] (float or double, any integer width);
     * four-momenta and the jet mass are computed when absent. Other numeric jet columns are kept.
     */
    public static final class Reader implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String dataset;
        private final JetSchema schema;
        private final int[] jetCore;
        private final int[] jetFloats;
        private final int[] jetLongs;
        private final int constituents;
        private final int[] partCore;
        private final int cls;
        private final int pdg;
        private final int charge;
        private final int[] partFloats;

        /**
         * @param dataset the dataset's name for error messages
         * @throws IllegalArgumentException naming the dataset and column when a needed column is
         *                                  missing or has the wrong type
         */
        public Reader(String dataset, StructType type) {
            this.dataset = dataset;
            jetCore = new int[4];
            for (int k = 0; k < 4; k++) {
                jetCore[k] = numeric(type, JET_CORE.get(k), k < 3, "");
            }
            int c = index(type, CONSTITUENTS);
            if (c < 0 || !(type.fields()[c].dataType() instanceof ArrayType at)
                    || !(at.elementType() instanceof StructType pt)) {
                throw new IllegalArgumentException(dataset + ": column " + CONSTITUENTS
                        + (c < 0 ? " is missing" : " has type " + type.fields()[c].dataType().simpleString()
                        + ", expected array<struct<...>>"));
            }
            constituents = c;
            partCore = new int[7];
            for (int k = 0; k < 7; k++) {
                partCore[k] = numeric(pt, PARTICLE_CORE.get(k), k < 3, CONSTITUENTS + ".");
            }
            cls = numeric(pt, ArrowJetSchema.CLASS, false, CONSTITUENTS + ".");
            pdg = numeric(pt, ArrowJetSchema.PDG_ID, false, CONSTITUENTS + ".");
            charge = numeric(pt, ArrowJetSchema.CHARGE, false, CONSTITUENTS + ".");
            if (cls < 0 && pdg < 0) {
                throw new IllegalArgumentException(dataset + ": column " + CONSTITUENTS + " has neither 'class' nor 'pdg_id'");
            }
            List<String> jf = new ArrayList<>();
            List<String> jl = new ArrayList<>();
            List<Integer> jfi = new ArrayList<>();
            List<Integer> jli = new ArrayList<>();
            for (int i = 0; i < type.fields().length; i++) {
                StructField f = type.fields()[i];
                if (JET_CORE.contains(f.name()) || f.name().equals(ArrowJetSchema.JET_MULTIPLICITY) || i == c) {
                    continue;
                }
                if (f.dataType().equals(DataTypes.FloatType) || f.dataType().equals(DataTypes.DoubleType)) {
                    jf.add(f.name());
                    jfi.add(i);
                } else if (f.dataType() instanceof NumericType) {
                    jl.add(f.name());
                    jli.add(i);
                }
            }
            List<String> pfn = new ArrayList<>();
            List<Integer> pfi = new ArrayList<>();
            for (int i = 0; i < pt.fields().length; i++) {
                StructField f = pt.fields()[i];
                if ((f.dataType().equals(DataTypes.FloatType) || f.dataType().equals(DataTypes.DoubleType))
                        && !PARTICLE_CORE.contains(f.name())) {
                    pfn.add(f.name());
                    pfi.add(i);
                }
            }
            schema = new JetSchema(pfn, jf, jl);
            jetFloats = jfi.stream().mapToInt(Integer::intValue).toArray();
            jetLongs = jli.stream().mapToInt(Integer::intValue).toArray();
            partFloats = pfi.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int index(StructType t, String name) {
            return Arrays.asList(t.fieldNames()).indexOf(name);
        }

        private int numeric(StructType t, String name, boolean required, String prefix) {
            int i = index(t, name);
            if (i < 0) {
                if (required) {
                    throw new IllegalArgumentException(dataset + ": column " + prefix + name + " is missing");
                }
                return -1;
            }
            if (!(t.fields()[i].dataType() instanceof NumericType)) {
                throw new IllegalArgumentException(dataset + ": column " + prefix + name + " has type "
                        + t.fields()[i].dataType().simpleString() + ", expected a number");
            }
            return i;
        }

        /** The extra columns the batches will have. */
        public JetSchema schema() {
            return schema;
        }

        /**
         * The jets of {@code rows} as one batch.
         *
         * @param ids each row's jet index, for error messages
         */
        public JetBatch batch(List<Row> rows, long[] ids) {
            JetBatch.Builder b = JetBatch.builder(schema, rows.size());
            PdgClassifier classifier = new PdgClassifier();
            for (int j = 0; j < rows.size(); j++) {
                Row r = rows.get(j);
                String where = dataset + ": jet " + ids[j];
                float jpt = number(r, jetCore[0], where, "pt");
                float jeta = number(r, jetCore[1], where, "eta");
                float jphi = number(r, jetCore[2], where, "phi");
                if (r.isNullAt(constituents)) {
                    throw new IllegalArgumentException(where + ", " + CONSTITUENTS + ": is null");
                }
                List<Row> parts = r.getList(constituents);
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException(where + ", " + CONSTITUENTS + ": empty jet: no particles");
                }
                if (parts.size() > JetBatch.MAX_PARTICLES) {
                    throw new IllegalArgumentException(where + ", " + CONSTITUENTS + ": " + parts.size()
                            + " particles, more than the " + JetBatch.MAX_PARTICLES + " JetFlow supports");
                }
                b.beginJet(jeta, jphi);
                for (int i = 0; i < parts.size(); i++) {
                    Row p = parts.get(i);
                    String pw = where + ", particle " + i;
                    float ppt = number(p, partCore[0], pw, CONSTITUENTS + ".pt");
                    if (!(ppt > 0)) {
                        throw new IllegalArgumentException(pw + ", " + CONSTITUENTS + ".pt: transverse momentum "
                                + ppt + " GeV is not positive");
                    }
                    int tok;
                    if (cls >= 0) {
                        long v = ((Number) p.get(cls)).longValue();
                        if (v < 1 || v > 8) {
                            throw new IllegalArgumentException(pw + ", " + CONSTITUENTS + ".class: value " + v
                                    + " is not a particle class");
                        }
                        tok = (int) v;
                    } else {
                        double id = ((Number) p.get(pdg)).doubleValue();
                        double q = charge >= 0 ? ((Number) p.get(charge)).doubleValue() : ParticleClass.chargeOfPdgId(id);
                        tok = classifier.token(id, q);
                        if (tok < 1 || tok > 8) {
                            throw new IllegalArgumentException(pw + ", " + CONSTITUENTS + ".pdg_id: value " + id
                                    + " is not a particle class");
                        }
                    }
                    float deta = number(p, partCore[1], pw, CONSTITUENTS + ".deta");
                    float dphi = number(p, partCore[2], pw, CONSTITUENTS + ".dphi");
                    if (partCore[3] >= 0 && partCore[4] >= 0 && partCore[5] >= 0 && partCore[6] >= 0) {
                        b.add(ppt, deta, dphi, tok, number(p, partCore[3], pw, "px"), number(p, partCore[4], pw, "py"),
                                number(p, partCore[5], pw, "pz"), number(p, partCore[6], pw, "e"));
                    } else {
                        b.addRelative(ppt, deta, dphi, tok);
                    }
                    for (int k = 0; k < partFloats.length; k++) {
                        b.particleFloat(k, ((Number) p.get(partFloats[k])).floatValue());
                    }
                }
                for (int k = 0; k < jetFloats.length; k++) {
                    b.jetFloat(k, ((Number) r.get(jetFloats[k])).floatValue());
                }
                for (int k = 0; k < jetLongs.length; k++) {
                    b.jetLong(k, ((Number) r.get(jetLongs[k])).longValue());
                }
                if (jetCore[3] >= 0) {
                    b.endJet(jpt, jeta, jphi, number(r, jetCore[3], where, "mass"));
                } else {
                    b.endJet(jpt, jeta, jphi);
                }
            }
            return b.build();
        }

        private static float number(Row r, int i, String where, String field) {
            Object o = r.get(i);
            if (o == null) {
                throw new IllegalArgumentException(where + ", " + field + ": is null");
            }
            float v = ((Number) o).floatValue();
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(where + ", " + field + ": value " + v + " is not finite");
            }
            return v;
        }
    }

    /** The {@link #JET_INDEX} value of each row, the column being at {@code index}. */
    static long[] ids(List<Row> rows, int index) {
        long[] out = new long[rows.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = ((Number) rows.get(j).get(index)).longValue();
        }
        return out;
    }
}
