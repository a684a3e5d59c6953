package org.jetflow.validation.jet;

import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;

/**
 * One jet's constituents as double columns, the input of every observable. Filled from a
 * {@link JetBatch} and reused from jet to jet, so hot loops run over primitive arrays without
 * allocation. Momenta in GeV; rapidity and azimuth as FastJet computes them ({@link #rapidity}).
 */
public final class Constituents {
    /** Number of particles loaded. */
    private int n;
    final double[] px;
    final double[] py;
    final double[] pz;
    final double[] e;
    final double[] pt;
    final double[] rap;
    final double[] phi;
    final double[] charge;
    final byte[] token;

    /** A workspace for jets of up to {@code capacity} particles. */
    public Constituents(int capacity) {
        px = new double[capacity];
        py = new double[capacity];
        pz = new double[capacity];
        e = new double[capacity];
        pt = new double[capacity];
        rap = new double[capacity];
        phi = new double[capacity];
        charge = new double[capacity];
        token = new byte[capacity];
    }

    /** A workspace for the most particles JetFlow supports. */
    public Constituents() {
        this(JetBatch.MAX_PARTICLES);
    }

    /** Loads jet {@code j} of a batch (its float32 four-momenta, read as doubles). */
    public Constituents load(JetBatch batch, int j) {
        int off = batch.offset(j);
        n = batch.multiplicity(j);
        float[] bx = batch.px();
        float[] by = batch.py();
        float[] bz = batch.pz();
        float[] be = batch.energy();
        byte[] bt = batch.token();
        for (int i = 0; i < n; i++) {
            set(i, bx[off + i], by[off + i], bz[off + i], be[off + i], bt[off + i]);
        }
        return this;
    }

    /** Loads particles given as four-momenta (GeV) and class tokens (tests, other sources). */
    public Constituents load(double[][] p4, byte[] tokens) {
        n = p4.length;
        for (int i = 0; i < n; i++) {
            set(i, p4[i][0], p4[i][1], p4[i][2], p4[i][3], tokens[i]);
        }
        return this;
    }

    /**
     * Loads the particles {@code indices[0..count)} of another jet, in that order: a part of a jet
     * (its charged particles, a groomed or reclustered jet) as a jet of its own.
     */
    public Constituents select(Constituents from, int[] indices, int count) {
        if (from == this) {
            throw new IllegalArgumentException("select needs a different workspace from its source");
        }
        n = count;
        for (int k = 0; k < count; k++) {
            int i = indices[k];
            px[k] = from.px[i];
            py[k] = from.py[i];
            pz[k] = from.pz[i];
            e[k] = from.e[i];
            pt[k] = from.pt[i];
            rap[k] = from.rap[i];
            phi[k] = from.phi[i];
            charge[k] = from.charge[i];
            token[k] = from.token[i];
        }
        return this;
    }

    private void set(int i, double x, double y, double z, double en, byte tok) {
        px[i] = x;
        py[i] = y;
        pz[i] = z;
        e[i] = en;
        double kt2 = x * x + y * y;
        pt[i] = Math.sqrt(kt2);
        rap[i] = rapidity(kt2, z, en);
        phi[i] = (x == 0 && y == 0) ? 0 : Math.atan2(y, x);
        token[i] = tok;
        charge[i] = ParticleClass.ofToken(tok).charge();
    }

    /** Number of particles. */
    public int size() {
        return n;
    }

    /**
     * Rapidity as FastJet's {@code PseudoJet} computes it: with the effective mass max(0, m²), which
     * stays finite when float rounding makes E slightly below |pz| for a massless particle.
     */
    public static double rapidity(double kt2, double pz, double e) {
        double absPz = Math.abs(pz);
        if (e == absPz && kt2 == 0) {
            double maxRap = 1e5;
            return pz >= 0 ? maxRap + absPz : -(maxRap + absPz);
        }
        double m2 = Math.max(0, (e + pz) * (e - pz) - kt2);
        double ePlusPz = e + absPz;
        double r = 0.5 * Math.log((kt2 + m2) / (ePlusPz * ePlusPz));
        return pz > 0 ? -r : r;
    }

    /** Squared distance Δy² + Δφ² (Δφ wrapped) between particles i and j: FastJet's squared_distance. */
    public double deltaR2(int i, int j) {
        return deltaR2(rap[i], phi[i], rap[j], phi[j]);
    }

    /** Squared distance Δy² + Δφ² with Δφ wrapped into [−π, π]. */
    public static double deltaR2(double rap1, double phi1, double rap2, double phi2) {
        double dy = rap1 - rap2;
        double dphi = Math.abs(phi1 - phi2);
        if (dphi > Math.PI) {
            dphi = 2 * Math.PI - dphi;
        }
        return dy * dy + dphi * dphi;
    }

    public double px(int i) {
        return px[i];
    }

    public double py(int i) {
        return py[i];
    }

    public double pz(int i) {
        return pz[i];
    }

    public double e(int i) {
        return e[i];
    }

    public double pt(int i) {
        return pt[i];
    }

    public double rap(int i) {
        return rap[i];
    }

    public double phi(int i) {
        return phi[i];
    }

    /** Electric charge in units of e. */
    public double charge(int i) {
        return charge[i];
    }

    public byte token(int i) {
        return token[i];
    }
}
