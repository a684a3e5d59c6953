package org.jetflow.flows.sample;

import java.util.Locale;

/**
 * How a model generates unless told otherwise: a solver, its number of steps, and the sweeps of a
 * masked class model that draws the classes. A model card may carry its own ({@code sampling},
 * written by {@code jetflow calibrate} and {@code jetflow attach}); a card without one samples a
 * flow's way, Heun with 16 steps and the flow's own classes.
 *
 * @param solver      the solver
 * @param steps       integration steps K
 * @param classSweeps S evaluations of the bundle's masked class model, which then draws every class
 *                    ({@link MaskedClassSampler}); 0 keeps the flow's own classes
 */
public record Sampling(Solver solver, int steps, int classSweeps) {
    /** The flows' default: Heun, 16 steps (31 network evaluations), the flow's own classes. */
    public static final Sampling FLOW = new Sampling(Solver.HEUN, 16);

    public Sampling {
        if (solver == null || steps < 1) {
            throw new IllegalArgumentException("a sampling needs a solver and at least one step");
        }
        if (classSweeps < 0) {
            throw new IllegalArgumentException("class sweeps must not be negative, got " + classSweeps);
        }
    }

    /** A sampling with the flow's own classes. */
    public Sampling(Solver solver, int steps) {
        this(solver, steps, 0);
    }

    /** These settings with the caller's where given ({@code null}: keep this one's). */
    public Sampling with(Integer k, String solverName) {
        return new Sampling(solverName == null ? solver : Solver.parse(solverName), k == null ? steps : k, classSweeps);
    }

    /** These settings with another number of class sweeps ({@code null}: keep this one's). */
    public Sampling withClassSweeps(Integer sweeps) {
        return sweeps == null ? this : new Sampling(solver, steps, sweeps);
    }

    /** The solver's lower-case name, as options and metadata spell it. */
    public String solverName() {
        return solver.name().toLowerCase(Locale.ROOT);
    }

    /** Network evaluations of the flow per jet: K, or 2K − 1 for Heun (its last step is Euler). */
    public int evaluations() {
        return solver == Solver.HEUN ? 2 * steps - 1 : steps;
    }
}
