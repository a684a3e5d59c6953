package org.jetflow.flows.sample;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The steps of a shortcut generator when they are not all equal: step k spans d_k = 1/D_k of the
 * time from noise (t = 0) to data (t = 1), each D_k a power of two. A shortcut model learns a step of
 * size d only from times on the multiples of d (FlowConfig.shortcutLevels), so every step must start
 * on a multiple of its own size, and the sizes must add up to one. Large steps early and small ones
 * late spend the evaluations where the trajectories bend: near the data, where the substructure forms
 * (docs/flows.md).
 */
public final class StepSchedule {
    private final int[] denominators;
    /** The largest denominator: every start time is a whole number of 1/unit. */
    private final int unit;

    private StepSchedule(int[] denominators) {
        if (denominators.length == 0) {
            throw new IllegalArgumentException("a step schedule needs at least one step");
        }
        int max = 1;
        for (int d : denominators) {
            if (d < 1 || Integer.bitCount(d) != 1) {
                throw new IllegalArgumentException("step schedule " + text(denominators) + ": every step is 1/D with D"
                        + " a power of two, got D = " + d);
            }
            max = Math.max(max, d);
        }
        long at = 0;
        for (int d : denominators) {
            int length = max / d;
            if (at % length != 0) {
                throw new IllegalArgumentException("step schedule " + text(denominators) + ": the step of 1/" + d
                        + " starts at t = " + at + "/" + max + ", not on a multiple of its size, where a shortcut"
                        + " model never learnt it");
            }
            at += length;
        }
        if (at != max) {
            throw new IllegalArgumentException("step schedule " + text(denominators) + ": the steps add up to " + at
                    + "/" + max + ", not 1");
        }
        this.denominators = denominators;
        this.unit = max;
    }

    /** Steps 1/D_k from a comma-separated list of the D_k, as {@code --schedule} and model cards spell it ("2,4,8,8"). */
    public static StepSchedule parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        int[] d = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                d[k] = Integer.parseInt(parts[k]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("step schedule '" + text + "': '" + parts[k] + "' is not a whole"
                        + " number (steps are listed by the D of their size 1/D, e.g. 2,4,8,8)");
            }
        }
        return new StepSchedule(d);
    }

    /** K equal steps of 1/K (K a power of two). */
    public static StepSchedule uniform(int steps) {
        int[] d = new int[steps];
        Arrays.fill(d, steps);
        return new StepSchedule(d);
    }

    /** The number of steps, each one network evaluation. */
    public int steps() {
        return denominators.length;
    }

    /** The size of step k, in units of the time from noise to data. */
    public double size(int k) {
        return 1.0 / denominators[k];
    }

    /** The time step k starts at. */
    public double start(int k) {
        long at = 0;
        for (int i = 0; i < k; i++) {
            at += unit / denominators[i];
        }
        return at / (double) unit;
    }

    /** The finest step, 1/D: a model must have learnt steps this small (2^levels ≥ D). */
    public int finest() {
        return unit;
    }

    /** Whether all steps are equal. */
    public boolean uniform() {
        return denominators[0] == unit && denominators.length == unit;
    }

    /** The comma-separated denominators, as {@link #parse} reads them. */
    @Override
    public String toString() {
        return text(denominators);
    }

    private static String text(int[] d) {
        StringJoiner j = new StringJoiner(",");
        for (int x : d) {
            j.add(Integer.toString(x));
        }
        return j.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepSchedule s && Arrays.equals(denominators, s.denominators);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(denominators);
    }
}
