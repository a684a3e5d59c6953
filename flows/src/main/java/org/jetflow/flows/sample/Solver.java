package org.jetflow.flows.sample;

/** ODE solvers for the continuous part; the discrete part moves by {@link ClassStep}. */
public enum Solver {
    /** x += Δt v(x, t): one network evaluation per step. */
    EULER,
    /** Heun's second-order method: an Euler predictor and the average of both velocities (two evaluations). */
    HEUN,
    /**
     * x += d·s(x, t, d) with d = 1/K: the mean velocity over the whole step from a shortcut model
     * (FlowConfig.shortcutLevels), one evaluation per step; K must be a power of two up to 2^L.
     */
    SHORTCUT;

    /** The solver named {@code euler}, {@code heun} or {@code shortcut}, in any case. */
    public static Solver parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "euler" -> EULER;
            case "heun" -> HEUN;
            case "shortcut" -> SHORTCUT;
            default -> throw new IllegalArgumentException("--solver must be euler, heun or shortcut, got '" + name + "'");
        };
    }
}
