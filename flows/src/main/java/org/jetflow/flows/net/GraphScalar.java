package org.jetflow.flows.net;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for arithmetic inside the autograd graph. DJL's {@code x.mul(0.5f)} wraps the number in a
 * tensor over a Java direct buffer and closes that tensor right after the product, but PyTorch's
 * graph keeps it for the backward pass (the gradient of x·c is c). Once the garbage collector frees
 * the buffer, the backward pass reads whatever lies there by then: gradients scaled by garbage,
 * skipped non-finite steps, and two runs with the same seed that part after a few hundred steps. A
 * scalar made here belongs to the manager of the array it scales (a step's), which stays open until
 * the backward pass is done.
 */
public final class GraphScalar {
    private GraphScalar() {
    }

    /** {@code value} as a 0-dimensional array in the manager of {@code like}. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
