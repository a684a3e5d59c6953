package org.jetflow.flows.objective;

/**
 * Which parts of the multimodal flow train and sample: both (the model), or one alone (tests of each
 * path), in which case the other modality's input is its uninformative source (noise, uniform tokens)
 * in training and sampling alike.
 */
public enum Modality {
    BOTH, CONTINUOUS, DISCRETE;

    /** Whether the kinematics are learned (and integrated when sampling). */
    public boolean continuous() {
        return this != DISCRETE;
    }

    /** Whether the classes are learned (and jump when sampling). */
    public boolean discrete() {
        return this != CONTINUOUS;
    }
}
