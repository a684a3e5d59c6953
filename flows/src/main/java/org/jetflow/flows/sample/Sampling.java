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
 * @param schedule    unequal shortcut steps ({@code steps} of them), or {@code null} for K equal steps
 */
public record Sampling(Solver solver, int steps, int classSweeps, StepSchedule schedule) {
    /** The flows' default: Heun, 16 steps (31 network evaluations), the flow's own classes. */
    public static final Sampling FLOW = new Sampling(Solver.HEUN, 16);

    public Sampling {
        if (solver == null || steps < 1) {
            throw new IllegalArgumentException("a sampling needs a solver and at least one step");
        }
        if (classSweeps < 0) {
            throw new IllegalArgumentException("class sweeps must not be negative, got " + classSweeps);
        }
        if (schedule != null && (solver != Solver.SHORTCUT || schedule.steps() != steps)) {
            throw new IllegalArgumentException("a step schedule is for the shortcut solver with as many steps as it"
                    + " lists (" + schedule + "), not " + solver.name().toLowerCase(Locale.ROOT) + " with " + steps);
        }
    }

    /** K equal steps. */
    public Sampling(Solver solver, int steps, int classSweeps) {
        this(solver, steps, classSweeps, null);
    }

    /** The shortcut solver with the steps of {@code schedule}. */
    public static Sampling shortcut(StepSchedule schedule, int classSweeps) {
        return new Sampling(Solver.SHORTCUT, schedule.steps(), classSweeps, schedule);
    }

    /** A sampling with the flow's own classes. */
    public Sampling(Solver solver, int steps) {
        this(solver, steps, 0);
    }

    /**
     * These settings with the caller's where given ({@code null}: keep this one's); a caller's
     * solver or steps mean equal steps, so they replace a schedule.
     */
    public Sampling with(Integer k, String solverName) {
        if (k == null && solverName == null) {
            return this;
        }
        return new Sampling(solverName == null ? solver : Solver.parse(solverName), k == null ? steps : k, classSweeps);
    }

    /** These settings with another number of class sweeps ({@code null}: keep this one's). */
    public Sampling withClassSweeps(Integer sweeps) {
        return sweeps == null ? this : new Sampling(solver, steps, sweeps, schedule);
    }

    /** "heun 16", "shortcut 4" or "shortcut 2,4,8,8": the solver and its steps, as metadata records them. */
    public String describe() {
        return solverName() + " " + (schedule != null ? schedule.toString() : Integer.toString(steps));
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
