package org.jetflow.flows.preprocess;

/**
 * A radial map of a particle's angles about the jet axis that magnifies the jet's core: u = (Δη, Δφ)
 * at r = |u| goes to v = u · g(r)/r with g(r) = 2 r0 (√(1 + r/r0) − 1). Well inside r0 it is the
 * identity, beyond it g ≈ 2√(r0 r), so after standardisation the collinear core takes a larger share
 * of the network's coordinates. Its inverse, r = |v| (1 + |v|/(4 r0)), grows only quadratically, so
 * a generated v slightly beyond the training jets' edge stays near it.
 *
 * <p>Why: the models with linear angles put the two hardest particles of a jet too close together
 * (docs/flows.md#the-jet-core-and-linear-angles), on angular scales of 2–7 % of the angles' spread.
 *
 * @param scale r0 in rad; 0 is the identity (the linear angles of every model before it existed)
 */
public record RadialCompression(double scale) {
    /** The identity: angles as they are. */
    public static final RadialCompression NONE = new RadialCompression(0);

    public RadialCompression {
        if (!(scale >= 0 && scale <= 10)) {
            throw new IllegalArgumentException("angularScale must be 0 (linear angles) or a radius r0 in (0, 10] rad, got "
                    + scale);
        }
    }

    /** Whether the map is the identity. */
    public boolean identity() {
        return scale == 0;
    }

    /** g(r)/r at (Δη, Δφ): the compressed angles are (Δη, Δφ) times this. */
    public double compression(double deta, double dphi) {
        // 2/(√(1 + r/r0) + 1) is g(r)/r without the cancellation of √(1 + r/r0) − 1 at small r.
        return identity() ? 1 : 2 / (Math.sqrt(1 + Math.hypot(deta, dphi) / scale) + 1);
    }

    /** r/|v| at compressed angles (v_η, v_φ): (Δη, Δφ) are (v_η, v_φ) times this. */
    public double expansion(double veta, double vphi) {
        return identity() ? 1 : 1 + Math.hypot(veta, vphi) / (4 * scale);
    }

    /**
     * ln |det ∂v/∂u| at compressed angles v, in rad⁻²·rad² (dimensionless): the map scales the radius
     * by g'(r) = 1/(1 + |v|/(2 r0)) and the circle through the particle by g(r)/r = 1/(1 + |v|/(4 r0)).
     * A log-density of (Δη, Δφ) is that of (v_η, v_φ) plus this.
     */
    public double logJacobian(double veta, double vphi) {
        if (identity()) {
            return 0;
        }
        double v = Math.hypot(veta, vphi);
        return -Math.log1p(v / (4 * scale)) - Math.log1p(v / (2 * scale));
    }
}
