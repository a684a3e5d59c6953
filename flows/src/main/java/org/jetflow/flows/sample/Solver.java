package org.jetflow.flows.sample;

/** ODE solvers for the continuous part; the discrete part moves by {@link ClassStep}. */
public enum Solver {
    /** x += Δt v(x, t): one network evaluation per step. */
    EULER,
    /** Heun's second-order method: an Euler predictor and the average of both velocities (two evaluations). */
    HEUN;

    /** The solver named {@code euler} or {@code heun}, in any case. */
    public static Solver parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "euler" -> EULER;
            case "heun" -> HEUN;
            default -> throw new IllegalArgumentException("--solver must be euler or heun, got '" + name + "'");
        };
    }
}
