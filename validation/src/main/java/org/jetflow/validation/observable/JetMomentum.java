package org.jetflow.validation.observable;

import org.jetflow.validation.jet.Constituents;

/**
 * A jet's four-momentum, the E-scheme sum of its constituents (GeV), with the pT, η, rapidity and
 * mass that measurement selections and the {@code mass} observable read, computed as {@code JetShapes} does
 * for the {@code pt}, {@code eta} and {@code mass} columns.
 *
 * @param px px (GeV)
 * @param py py (GeV)
 * @param pz pz (GeV)
 * @param e  energy (GeV)
 */
public record JetMomentum(double px, double py, double pz, double e) {
    /** The sum of a jet's constituents. */
    public static JetMomentum of(Constituents c) {
        double sx = 0;
        double sy = 0;
        double sz = 0;
        double se = 0;
        for (int i = 0; i < c.size(); i++) {
            sx += c.px(i);
            sy += c.py(i);
            sz += c.pz(i);
            se += c.e(i);
        }
        return new JetMomentum(sx, sy, sz, se);
    }

    /** Transverse momentum (GeV). */
    public double pt() {
        return Math.sqrt(px * px + py * py);
    }

    /** Pseudorapidity; 0 when pT = 0. */
    public double eta() {
        double pt = pt();
        if (pt == 0) {
            return 0;
        }
        double p = Math.sqrt(px * px + py * py + pz * pz);
        return 0.5 * Math.log((p + pz) / (p - pz));
    }

    /** Azimuth in (−π, π]; 0 when pT = 0. */
    public double phi() {
        return px == 0 && py == 0 ? 0 : Math.atan2(py, px);
    }

    /** Rapidity, as FastJet computes it ({@link Constituents#rapidity}). */
    public double rapidity() {
        return Constituents.rapidity(px * px + py * py, pz, e);
    }

    /** Mass (GeV); −√(−m²) when rounding makes m² negative, as FastJet's {@code m()}. */
    public double mass() {
        double m2 = (e + pz) * (e - pz) - (px * px + py * py);
        return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
    }
}
