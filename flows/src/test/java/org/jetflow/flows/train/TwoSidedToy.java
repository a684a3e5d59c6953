package org.jetflow.flows.train;

import java.util.SplittableRandom;

/**
 * The toy particle of the conditioning and multiplicity learning tests: on side s = ±1 it has
 * x ~ N(1.5·s, 0.3²), the other two features N(0, 0.3²), and class h+ (s = +1) or h− (s = −1).
 */
final class TwoSidedToy {
    private TwoSidedToy() {
    }

    /** The class token index of a particle on {@code side}: 3 (h+) or 2 (h−). */
    static int classOf(int side) {
        return side > 0 ? 3 : 2;
    }

    /** Writes a real particle on {@code side} at flat index {@code o} (features at 3·o). */
    static void particle(int o, int side, float[] x, int[] cls, float[] mask, SplittableRandom r) {
        mask[o] = 1;
        cls[o] = classOf(side);
        x[o * 3] = (float) (1.5 * side + 0.3 * r.nextGaussian());
        x[o * 3 + 1] = (float) (0.3 * r.nextGaussian());
        x[o * 3 + 2] = (float) (0.3 * r.nextGaussian());
    }
}
