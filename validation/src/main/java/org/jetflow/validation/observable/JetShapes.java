package org.jetflow.validation.observable;

import org.jetflow.validation.jet.Constituents;

/**
 * Jet-level kinematics and simple shapes from the constituents (docs/validation.md#definitions): pT, η, φ and mass of
 * the four-momentum sum; jet charge {@code Q_κ = Σ q_i pT_i^κ / pT_jet^κ}; {@code pT_D =
 * sqrt(Σ pT_i²) / Σ pT_i}; girth {@code Σ pT_i ΔR(i, jet) / pT_jet} with ΔR in (y, φ).
 */
public final class JetShapes {
    private JetShapes() {
    }

    /** Index of each value in the array {@link #compute} fills. */
    public static final int PT = 0;
    public static final int ETA = 1;
    public static final int PHI = 2;
    public static final int MASS = 3;
    public static final int CHARGE = 4;
    public static final int PTD = 5;
    public static final int GIRTH = 6;
    public static final int SIZE = 7;

    /** Fills {@code out[0..6]}: pT (GeV), η, φ, mass (GeV), jet charge, pT_D, girth. */
    public static void compute(Constituents c, double kappa, double[] out) {
        int n = c.size();
        double sx = 0;
        double sy = 0;
        double sz = 0;
        double se = 0;
        double sumPt = 0;
        double sumPt2 = 0;
        for (int i = 0; i < n; i++) {
            sx += c.px(i);
            sy += c.py(i);
            sz += c.pz(i);
            se += c.e(i);
            sumPt += c.pt(i);
            sumPt2 += c.pt(i) * c.pt(i);
        }
        double kt2 = sx * sx + sy * sy;
        double pt = Math.sqrt(kt2);
        double m2 = (se + sz) * (se - sz) - kt2;
        double p = Math.sqrt(kt2 + sz * sz);
        double eta = pt == 0 ? 0 : 0.5 * Math.log((p + sz) / (p - sz));
        double phi = (sx == 0 && sy == 0) ? 0 : Math.atan2(sy, sx);
        double rap = Constituents.rapidity(kt2, sz, se);
        double charge = 0;
        double girth = 0;
        for (int i = 0; i < n; i++) {
            charge += c.charge(i) * Math.pow(c.pt(i), kappa);
            girth += c.pt(i) * Math.sqrt(Constituents.deltaR2(c.rap(i), c.phi(i), rap, phi));
        }
        out[PT] = pt;
        out[ETA] = eta;
        out[PHI] = phi;
        out[MASS] = m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
        out[CHARGE] = pt > 0 ? charge / Math.pow(pt, kappa) : 0;
        out[PTD] = sumPt > 0 ? Math.sqrt(sumPt2) / sumPt : 0;
        out[GIRTH] = pt > 0 ? girth / pt : 0;
    }
}
