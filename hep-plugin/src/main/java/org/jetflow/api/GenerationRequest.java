package org.jetflow.api;

import org.jetflow.flows.condition.JetConditions;
import org.jetflow.flows.sample.ClassStep;

/**
 * What an analysis chain asks a {@link JetGenerator} for.
 *
 * @param jets        number of jets
 * @param seed        random seed: the same request gives the same jets
 * @param steps       integration steps K (ignored by sources that read jets); 0 for the model's own
 *                    (its card's {@code sampling}; Heun with 16 for a flow without one)
 * @param solver      "euler", "heun" or "shortcut"; {@code null} for the model's own
 * @param temperature class-logit temperature (1: the model as trained)
 * @param classStep   how class tokens move between steps: "bridge" (exact for any step size) or
 *                    "rate" (τ-leaping with the jump rates of docs/flows.md#generating-a-jet)
 * @param batchSize   jets per batch delivered to the sink
 * @param conditions  jet kinematics to generate for, one row per jet, or null to draw them from the
 *                    training jets (generators only)
 * @param classSweeps evaluations of the model's masked class model per jet, which then draws the
 *                    classes (0: the flow's own classes); −1 for the model's own (its card's
 *                    {@code sampling.class_sweeps})
 */
public record GenerationRequest(long jets, long seed, int steps, String solver, double temperature, String classStep,
        int batchSize, JetConditions conditions, int classSweeps) {
    public GenerationRequest {
        if (classSweeps < -1) {
            throw new IllegalArgumentException("class sweeps must be -1 (the model's own), 0 or more, got " + classSweeps);
        }
        if (jets < 1 || steps < 0 || batchSize < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("jets and batch size must be at least 1, steps 0 (the model's own) or"
                    + " more, temperature positive");
        }
        if (solver != null) {
            org.jetflow.flows.sample.Solver.parse(solver);
        }
        ClassStep.parse(classStep);
        if (conditions != null && conditions.size() < jets) {
            throw new IllegalArgumentException(jets + " jets requested but only " + conditions.size() + " conditions");
        }
    }

    /** A request with the model's own class sweeps. */
    public GenerationRequest(long jets, long seed, int steps, String solver, double temperature, String classStep,
            int batchSize, JetConditions conditions) {
        this(jets, seed, steps, solver, temperature, classStep, batchSize, conditions, -1);
    }

    /**
     * Class-logit temperature used unless asked otherwise: 1, the learned distribution itself. The
     * paper recommends 0.85, and on the earlier width-64 model it halved the lepton-multiplicity
     * distances. With the multiplicity embedding, T = 0.85 left the per-jet photon fraction at 4.8×
     * its statistical floor against 2.9× at T = 1 (samples/README.md). The lepton excess that T < 1
     * suppressed came from τ-leaping class steps; the default bridge steps and the model's class
     * calibration correct it without a temperature (docs/flows.md).
     */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    /**
     * {@code jets} jets with the given seed, the model's own solver and steps (for the shipped model a
     * few shortcut steps; samples/README.md), temperature 1, bridge class steps, batches of 256.
     */
    public static GenerationRequest of(long jets, long seed) {
        return new GenerationRequest(jets, seed, 0, null, DEFAULT_TEMPERATURE, "bridge", 256, null);
    }

    public GenerationRequest withSteps(int k, String solverName) {
        return new GenerationRequest(jets, seed, k, solverName, temperature, classStep, batchSize, conditions, classSweeps);
    }

    public GenerationRequest withConditions(JetConditions c) {
        return new GenerationRequest(jets, seed, steps, solver, temperature, classStep, batchSize, c, classSweeps);
    }

    public GenerationRequest withBatchSize(int b) {
        return new GenerationRequest(jets, seed, steps, solver, temperature, classStep, b, conditions, classSweeps);
    }

    public GenerationRequest withClassStep(String name) {
        return new GenerationRequest(jets, seed, steps, solver, temperature, name, batchSize, conditions, classSweeps);
    }

    /** This request with {@code sweeps} class-model evaluations per jet (−1: the model's own). */
    public GenerationRequest withClassSweeps(int sweeps) {
        return new GenerationRequest(jets, seed, steps, solver, temperature, classStep, batchSize, conditions, sweeps);
    }
}
