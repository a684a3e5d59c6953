package org.jetflow.io.jet;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * A columnar batch of jets: particles stored back to back (no padding), jet {@code i} owning the
 * particles {@code offset(i) .. offset(i+1)-1}, in the order the source gave them (pT ordered for
 * AspenOpenJets files).
 *
 * <p>The arrays returned by the accessors are the batch's own storage, for hot loops; callers must
 * not modify them. Units: GeV for momenta and masses, radians for angles.
 */
public final class JetBatch {
    /** The most particles per jet that JetFlow supports (the AspenOpenJets layout stores 150). */
    public static final int MAX_PARTICLES = 150;

    private final JetSchema schema;
    private final int[] offsets;
    private final float[] pt;
    private final float[] deta;
    private final float[] dphi;
    private final byte[] token;
    private final float[] px;
    private final float[] py;
    private final float[] pz;
    private final float[] energy;
    private final float[][] particleFloats;
    private final float[] jetPt;
    private final float[] jetEta;
    private final float[] jetPhi;
    private final float[] jetMass;
    private final float[][] jetFloats;
    private final long[][] jetLongs;

    private JetBatch(JetSchema schema, int[] offsets, float[][] particle, byte[] token, float[][] particleFloats,
            float[][] jet, float[][] jetFloats, long[][] jetLongs) {
        this.schema = schema;
        this.offsets = offsets;
        this.pt = particle[0];
        this.deta = particle[1];
        this.dphi = particle[2];
        this.px = particle[3];
        this.py = particle[4];
        this.pz = particle[5];
        this.energy = particle[6];
        this.token = token;
        this.particleFloats = particleFloats;
        this.jetPt = jet[0];
        this.jetEta = jet[1];
        this.jetPhi = jet[2];
        this.jetMass = jet[3];
        this.jetFloats = jetFloats;
        this.jetLongs = jetLongs;
    }

    /**
     * A batch over existing columns (a reader that has them all, as Arrow does); the arrays are
     * taken, not copied.
     *
     * @param offsets  {@code size + 1} particle offsets starting at 0
     * @param particle pt, deta, dphi, px, py, pz, E, each {@code offsets[size]} long
     * @param jet      pt, eta, phi, mass, each {@code size} long
     * @throws IllegalArgumentException when a column's length or count does not fit
     */
    public static JetBatch ofColumns(JetSchema schema, int[] offsets, float[][] particle, byte[] token,
            float[][] particleFloats, float[][] jet, float[][] jetFloats, long[][] jetLongs) {
        int n = offsets.length - 1;
        int np = offsets[n];
        if (offsets[0] != 0 || particle.length != 7 || jet.length != 4 || token.length != np
                || particleFloats.length != schema.particleFloats().size() || jetFloats.length != schema.jetFloats().size()
                || jetLongs.length != schema.jetLongs().size()) {
            throw new IllegalArgumentException("columns do not match the schema " + schema);
        }
        for (float[] c : particle) {
            requireLength(c, np);
        }
        for (float[] c : particleFloats) {
            requireLength(c, np);
        }
        for (float[] c : jet) {
            requireLength(c, n);
        }
        for (float[] c : jetFloats) {
            requireLength(c, n);
        }
        for (long[] c : jetLongs) {
            if (c.length != n) {
                throw new IllegalArgumentException("a jet column has " + c.length + " values, expected " + n);
            }
        }
        return new JetBatch(schema, offsets, particle, token, particleFloats, jet, jetFloats, jetLongs);
    }

    private static void requireLength(float[] c, int n) {
        if (c.length != n) {
            throw new IllegalArgumentException("a column has " + c.length + " values, expected " + n);
        }
    }

    private static JetBatch fromBuilder(Builder b) {
        int n = b.jets;
        float[][] particleFloats = new float[b.particleFloats.length][];
        for (int k = 0; k < particleFloats.length; k++) {
            particleFloats[k] = b.particleFloats[k].toArray();
        }
        float[][] jetFloats = new float[b.jetFloats.length][];
        for (int k = 0; k < jetFloats.length; k++) {
            jetFloats[k] = b.jetFloats[k].toArray();
        }
        long[][] jetLongs = new long[b.jetLongs.length][];
        for (int k = 0; k < jetLongs.length; k++) {
            jetLongs[k] = Arrays.copyOf(b.jetLongs[k], n);
        }
        byte[] token = b.token.length == b.pt.size() ? b.token : Arrays.copyOf(b.token, b.pt.size());
        return new JetBatch(b.schema, Arrays.copyOf(b.offsets, n + 1),
                new float[][] {b.pt.toArray(), b.deta.toArray(), b.dphi.toArray(), b.px.toArray(), b.py.toArray(),
                    b.pz.toArray(), b.energy.toArray()},
                token, particleFloats,
                new float[][] {b.jetPt.toArray(), b.jetEta.toArray(), b.jetPhi.toArray(), b.jetMass.toArray()},
                jetFloats, jetLongs);
    }

    /** A builder for batches of the given schema. */
    public static Builder builder(JetSchema schema, int expectedJets) {
        return new Builder(schema, expectedJets, expectedJets * 64);
    }

    /** A builder sized for a known number of jets and particles. */
    public static Builder builder(JetSchema schema, int expectedJets, int expectedParticles) {
        return new Builder(schema, expectedJets, expectedParticles);
    }

    public JetSchema schema() {
        return schema;
    }

    /** Number of jets. */
    public int size() {
        return offsets.length - 1;
    }

    /** Total number of particles over all jets. */
    public int particleCount() {
        return offsets[offsets.length - 1];
    }

    /** Index of the first particle of jet {@code i}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** Number of particles of jet {@code i}. */
    public int multiplicity(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** The particle offsets, {@code size() + 1} entries. */
    public int[] offsets() {
        return offsets;
    }

    /** Particle transverse momenta, GeV. */
    public float[] pt() {
        return pt;
    }

    /** Particle η − η_jet. */
    public float[] deta() {
        return deta;
    }

    /** Particle φ − φ_jet wrapped into (−π, π], rad. */
    public float[] dphi() {
        return dphi;
    }

    /** Particle class tokens 1..8 ({@link ParticleClass}). */
    public byte[] token() {
        return token;
    }

    /** Particle px, GeV. */
    public float[] px() {
        return px;
    }

    /** Particle py, GeV. */
    public float[] py() {
        return py;
    }

    /** Particle pz, GeV. */
    public float[] pz() {
        return pz;
    }

    /** Particle energy, GeV. */
    public float[] energy() {
        return energy;
    }

    /** The extra particle column {@code name} of the schema. */
    public float[] particleFloat(String name) {
        return particleFloats[index(schema.particleFloats(), name)];
    }

    /** Jet transverse momenta, GeV. */
    public float[] jetPt() {
        return jetPt;
    }

    /** Jet pseudorapidities. */
    public float[] jetEta() {
        return jetEta;
    }

    /** Jet azimuths, rad. */
    public float[] jetPhi() {
        return jetPhi;
    }

    /** Jet masses of the constituent four-momentum sum, GeV. */
    public float[] jetMass() {
        return jetMass;
    }

    /** The extra jet float column {@code name} of the schema. */
    public float[] jetFloat(String name) {
        return jetFloats[index(schema.jetFloats(), name)];
    }

    /** The extra jet integer column {@code name} of the schema. */
    public long[] jetLong(String name) {
        return jetLongs[index(schema.jetLongs(), name)];
    }

    /** All extra particle columns by name, in schema order. */
    public Map<String, float[]> particleFloats() {
        return named(schema.particleFloats(), particleFloats);
    }

    /** All extra jet float columns by name, in schema order. */
    public Map<String, float[]> jetFloats() {
        return named(schema.jetFloats(), jetFloats);
    }

    /** All extra jet integer columns by name, in schema order. */
    public Map<String, long[]> jetLongs() {
        return named(schema.jetLongs(), jetLongs);
    }

    private static <T> Map<String, T> named(List<String> names, T[] columns) {
        Map<String, T> m = new LinkedHashMap<>();
        for (int k = 0; k < columns.length; k++) {
            m.put(names.get(k), columns[k]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static int index(List<String> names, String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in this batch (has " + names + ")");
        }
        return k;
    }

    /** A batch of the first {@code n} jets of this one (all of them when {@code n >= size()}). */
    public JetBatch head(int n) {
        int m = Math.min(n, size());
        if (m == size()) {
            return this;
        }
        Builder b = builder(schema, m, offsets[m]);
        for (int j = 0; j < m; j++) {
            copyJet(j, b);
        }
        return b.build();
    }

    /** Appends jet {@code j} with every column to a builder of the same schema. */
    public void copyJet(int j, Builder b) {
        if (!b.schema.equals(schema)) {
            throw new IllegalArgumentException("builder columns " + b.schema + " differ from " + schema);
        }
        b.beginJet(jetEta[j], jetPhi[j]);
        for (int i = offsets[j]; i < offsets[j + 1]; i++) {
            b.add(pt[i], deta[i], dphi[i], token[i], px[i], py[i], pz[i], energy[i]);
            for (int k = 0; k < particleFloats.length; k++) {
                b.particleFloat(k, particleFloats[k][i]);
            }
        }
        for (int k = 0; k < jetFloats.length; k++) {
            b.jetFloat(k, jetFloats[k][j]);
        }
        for (int k = 0; k < jetLongs.length; k++) {
            b.jetLong(k, jetLongs[k][j]);
        }
        b.endJet(jetPt[j], jetEta[j], jetPhi[j], jetMass[j]);
    }

    /**
     * Appends jets one at a time: {@link #beginJet}, particles, optional extra values, then one of
     * the {@code endJet} methods. Extra values not set default to NaN.
     */
    public static final class Builder {
        private final JetSchema schema;
        private int jets;
        private int[] offsets;
        private final GrowableFloats pt;
        private final GrowableFloats deta;
        private final GrowableFloats dphi;
        private byte[] token;
        private final GrowableFloats px;
        private final GrowableFloats py;
        private final GrowableFloats pz;
        private final GrowableFloats energy;
        private final GrowableFloats[] particleFloats;
        private final GrowableFloats jetPt = new GrowableFloats(64);
        private final GrowableFloats jetEta = new GrowableFloats(64);
        private final GrowableFloats jetPhi = new GrowableFloats(64);
        private final GrowableFloats jetMass = new GrowableFloats(64);
        private final GrowableFloats[] jetFloats;
        private long[][] jetLongs;
        private final double[] p4 = new double[4];
        private double axisEta;
        private double axisPhi;
        private double sumPx;
        private double sumPy;
        private double sumPz;
        private double sumE;
        private boolean open;

        private Builder(JetSchema schema, int expectedJets, int expectedParticles) {
            this.schema = schema;
            int nj = Math.max(expectedJets, 1);
            int np = Math.max(expectedParticles, 1);
            offsets = new int[nj + 1];
            pt = new GrowableFloats(np);
            deta = new GrowableFloats(np);
            dphi = new GrowableFloats(np);
            token = new byte[np];
            px = new GrowableFloats(np);
            py = new GrowableFloats(np);
            pz = new GrowableFloats(np);
            energy = new GrowableFloats(np);
            particleFloats = new GrowableFloats[schema.particleFloats().size()];
            for (int k = 0; k < particleFloats.length; k++) {
                particleFloats[k] = new GrowableFloats(np);
            }
            jetFloats = new GrowableFloats[schema.jetFloats().size()];
            for (int k = 0; k < jetFloats.length; k++) {
                jetFloats[k] = new GrowableFloats(nj);
            }
            jetLongs = new long[schema.jetLongs().size()][nj + 1];
        }

        /** Number of jets completed so far. */
        public int size() {
            return jets;
        }

        /**
         * Starts a jet whose relative coordinates are measured from the axis (η, φ in rad).
         */
        public Builder beginJet(double etaAxis, double phiAxis) {
            if (open) {
                throw new IllegalStateException("beginJet called twice without endJet");
            }
            open = true;
            if (jets + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                for (int k = 0; k < jetLongs.length; k++) {
                    jetLongs[k] = Arrays.copyOf(jetLongs[k], offsets.length);
                }
            }
            axisEta = etaAxis;
            axisPhi = phiAxis;
            sumPx = sumPy = sumPz = sumE = 0;
            return this;
        }

        /** Adds a particle given by its four-momentum (GeV); pT, Δη and Δφ are computed. */
        public Builder addCartesian(double ppx, double ppy, double ppz, double e, int tok) {
            double ppt = Math.sqrt(ppx * ppx + ppy * ppy);
            double eta = JetCoordinates.asinh(ppz / ppt);
            double phi = JetCoordinates.phi(ppx, ppy);
            return add((float) ppt, (float) (eta - axisEta), (float) JetCoordinates.wrapPhi(phi - axisPhi), tok,
                    (float) ppx, (float) ppy, (float) ppz, (float) e);
        }

        /**
         * Adds a particle given by pT (GeV), Δη, Δφ and its class; the four-momentum is built with
         * the class mass around the jet axis.
         */
        public Builder addRelative(double ppt, double dEta, double dPhi, int tok) {
            JetCoordinates.toCartesian(ppt, axisEta + dEta, axisPhi + dPhi, ParticleClass.massOfToken(tok), p4);
            return add((float) ppt, (float) dEta, (float) dPhi, tok, (float) p4[0], (float) p4[1], (float) p4[2],
                    (float) p4[3]);
        }

        /** Adds a particle with every core value given (a reader of a file that stores them all). */
        public Builder add(float ppt, float dEta, float dPhi, int tok, float ppx, float ppy, float ppz, float e) {
            if (!open) {
                throw new IllegalStateException("add called outside beginJet/endJet");
            }
            int n = pt.size();
            if (n == token.length) {
                token = Arrays.copyOf(token, n * 2);
            }
            token[n] = (byte) tok;
            pt.add(ppt);
            deta.add(dEta);
            dphi.add(dPhi);
            px.add(ppx);
            py.add(ppy);
            pz.add(ppz);
            energy.add(e);
            sumPx += ppx;
            sumPy += ppy;
            sumPz += ppz;
            sumE += e;
            return this;
        }

        /** Sets extra particle column {@code k} (schema order) of the particle added last. */
        public Builder particleFloat(int k, float v) {
            GrowableFloats c = particleFloats[k];
            c.padTo(pt.size() - 1, Float.NaN);
            c.add(v);
            return this;
        }

        /** Sets extra jet float column {@code k} of the open jet. */
        public Builder jetFloat(int k, float v) {
            GrowableFloats c = jetFloats[k];
            c.padTo(jets, Float.NaN);
            c.add(v);
            return this;
        }

        /** Sets extra jet integer column {@code k} of the open jet. */
        public Builder jetLong(int k, long v) {
            jetLongs[k][jets] = v;
            return this;
        }

        /** Ends the jet with the given kinematics (GeV, rad) and mass (GeV). */
        public Builder endJet(double ptJet, double etaJet, double phiJet, double massJet) {
            if (!open) {
                throw new IllegalStateException("endJet without beginJet");
            }
            open = false;
            jets++;
            offsets[jets] = pt.size();
            jetPt.add((float) ptJet);
            jetEta.add((float) etaJet);
            jetPhi.add((float) phiJet);
            jetMass.add((float) massJet);
            for (GrowableFloats c : particleFloats) {
                c.padTo(pt.size(), Float.NaN);
            }
            for (GrowableFloats c : jetFloats) {
                c.padTo(jets, Float.NaN);
            }
            return this;
        }

        /** Ends the jet with the given pT, η, φ and the mass of its constituent sum. */
        public Builder endJet(double ptJet, double etaJet, double phiJet) {
            return endJet(ptJet, etaJet, phiJet, JetCoordinates.mass(sumPx, sumPy, sumPz, sumE));
        }

        /** Ends the jet with pT, η, φ and mass all from the four-momentum sum of its constituents. */
        public Builder endJetFromConstituents() {
            double ptJet = Math.sqrt(sumPx * sumPx + sumPy * sumPy);
            double eta = ptJet > 0 ? JetCoordinates.asinh(sumPz / ptJet) : 0;
            return endJet(ptJet, eta, JetCoordinates.phi(sumPx, sumPy));
        }

        /** Builds the batch; the builder must not be used afterwards. */
        public JetBatch build() {
            if (open) {
                throw new IllegalStateException("a jet is still open");
            }
            return fromBuilder(this);
        }
    }
}
