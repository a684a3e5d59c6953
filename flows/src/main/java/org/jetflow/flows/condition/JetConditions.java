package org.jetflow.flows.condition;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The jet-level conditions of the jets to generate, one entry per jet: pT (GeV), η, mass (GeV; NaN
 * where not given) and multiplicity (0 where not given). A model that conditions on fewer quantities
 * ignores the rest; a missing multiplicity is drawn from the training jets nearest in pT.
 */
public record JetConditions(float[] pt, float[] eta, float[] mass, int[] multiplicity) {
    public JetConditions {
        if (eta.length != pt.length || mass.length != pt.length || multiplicity.length != pt.length) {
            throw new IllegalArgumentException("condition columns differ in length");
        }
        for (int j = 0; j < pt.length; j++) {
            if (!(pt[j] > 0) || !Float.isFinite(pt[j])) {
                throw new IllegalArgumentException("condition row " + j + ": pt must be positive and finite, got "
                        + pt[j]);
            }
            if (!Float.isFinite(eta[j])) {
                throw new IllegalArgumentException("condition row " + j + ": eta must be finite, got " + eta[j]);
            }
            if (mass[j] < 0 || Float.isInfinite(mass[j])) {
                throw new IllegalArgumentException("condition row " + j + ": mass must be non-negative, got "
                        + mass[j]);
            }
            if (multiplicity[j] < 0) {
                throw new IllegalArgumentException("condition row " + j + ": multiplicity must be non-negative, got "
                        + multiplicity[j]);
            }
        }
    }

    public int size() {
        return pt.length;
    }

    /** Whether jet j's mass is given. */
    public boolean hasMass(int j) {
        return !Float.isNaN(mass[j]);
    }

    /** Rows from..to (exclusive). */
    public JetConditions slice(int from, int to) {
        return new JetConditions(Arrays.copyOfRange(pt, from, to), Arrays.copyOfRange(eta, from, to),
                Arrays.copyOfRange(mass, from, to), Arrays.copyOfRange(multiplicity, from, to));
    }

    /** {@code n} rows drawn from the training jets of {@code table}, with their multiplicities. */
    public static JetConditions draw(ConditionTable table, int n, SplittableRandom rnd) {
        float[] pt = new float[n];
        float[] eta = new float[n];
        float[] mass = new float[n];
        int[] mult = new int[n];
        for (int j = 0; j < n; j++) {
            int r = rnd.nextInt(table.rows());
            pt[j] = table.pt()[r];
            eta[j] = table.eta()[r];
            mass[j] = table.mass()[r];
            mult[j] = table.multiplicity()[r];
        }
        return new JetConditions(pt, eta, mass, mult);
    }
}
