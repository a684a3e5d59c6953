package org.jetflow.flows.sample;

/** ODE solvers for the continuous part; the discrete part always takes τ-leaping jump steps. */
public enum Solver {
    /** x += Δt v(x, t): one network evaluation per step. */
    EULER,
    /** Heun's second-order method: an Euler predictor and the average of both velocities (two evaluations). */
    HEUN
}
