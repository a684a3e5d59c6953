package org.jetflow.flows.sample;

import java.util.Locale;

/**
 * How a model generates unless told otherwise: a solver and its number of steps. A model card may
 * carry its own ({@code sampling}, written by {@code jetflow calibrate}, which fits the class
 * calibration at these settings); a card without one samples a flow's way, Heun with 16 steps.
 *
 * @param solver the solver
 * @param steps  integration steps K
 */
public record Sampling(Solver solver, int steps) {
    /** The flows' default: Heun, 16 steps (31 network evaluations). */
    public static final Sampling FLOW = new Sampling(Solver.HEUN, 16);

    public Sampling {
        if (solver == null || steps < 1) {
            throw new IllegalArgumentException("a sampling needs a solver and at least one step");
        }
    }

    /** These settings with the caller's where given ({@code null}: keep this one's). */
    public Sampling with(Integer k, String solverName) {
        return new Sampling(solverName == null ? solver : Solver.parse(solverName), k == null ? steps : k);
    }

    /** The solver's lower-case name, as options and metadata spell it. */
    public String solverName() {
        return solver.name().toLowerCase(Locale.ROOT);
    }

    /** Network evaluations per jet: K, or 2K − 1 for Heun (its last step is Euler). */
    public int evaluations() {
        return solver == Solver.HEUN ? 2 * steps - 1 : steps;
    }
}
