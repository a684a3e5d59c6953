package org.jetflow.io.jet;

/**
 * Conversions between four-momenta and the jet-relative coordinates the model uses
 * (docs/validation.md#conventions): transverse momentum pT (GeV), Δη = η − η_jet and
 * Δφ = φ − φ_jet wrapped into (−π, π].
 */
public final class JetCoordinates {
    private static final double TWO_PI = 2 * Math.PI;

    private JetCoordinates() {
    }

    /** Wraps an azimuthal angle (rad) into (−π, π]. */
    public static double wrapPhi(double phi) {
        if (phi > Math.PI || phi <= -Math.PI) {
            phi -= TWO_PI * Math.floor((phi + Math.PI) / TWO_PI);
            if (phi <= -Math.PI) {
                phi += TWO_PI;
            }
        }
        return phi;
    }

    /** Pseudorapidity of a momentum (GeV), infinite along the beam. */
    public static double eta(double px, double py, double pz) {
        double pt = Math.hypot(px, py);
        return asinh(pz / pt);
    }

    /** Rapidity y = ½ ln((E + pz)/(E − pz)) of a four-momentum (GeV). */
    public static double rapidity(double pz, double e) {
        return 0.5 * Math.log((e + pz) / (e - pz));
    }

    /** Azimuth φ ∈ (−π, π] of a momentum. */
    public static double phi(double px, double py) {
        return (px == 0 && py == 0) ? 0 : Math.atan2(py, px);
    }

    /** Invariant mass (GeV) of a four-momentum, 0 where rounding makes m² slightly negative. */
    public static double mass(double px, double py, double pz, double e) {
        double m2 = e * e - px * px - py * py - pz * pz;
        return m2 > 0 ? Math.sqrt(m2) : 0;
    }

    /**
     * Four-momentum of a particle given in (pT, η, φ) with a mass.
     *
     * @param out receives px, py, pz, E in GeV
     */
    public static void toCartesian(double pt, double eta, double phi, double massGeV, double[] out) {
        double px = pt * Math.cos(phi);
        double py = pt * Math.sin(phi);
        double pz = pt * Math.sinh(eta);
        out[0] = px;
        out[1] = py;
        out[2] = pz;
        out[3] = Math.sqrt(px * px + py * py + pz * pz + massGeV * massGeV);
    }

    static double asinh(double x) {
        double a = Math.abs(x);
        double r = Math.log(a + Math.sqrt(a * a + 1));
        return x < 0 ? -r : r;
    }
}
