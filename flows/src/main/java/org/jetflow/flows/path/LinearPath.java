package org.jetflow.flows.path;

/**
 * The continuous probability path of flow matching (Lipman et al., arXiv:2210.02747; docs/flows.md#the-method):
 * {@code x_t = t x1 + (1 − t) x0 + σ z} with target velocity {@code u = x1 − x0}; source
 * x0 ~ N(0, I).
 *
 * @param sigma the small noise width σ (≈ 1e-5)
 */
public record LinearPath(double sigma) {
    /** The path point x_t for one coordinate. */
    public double point(double x0, double x1, double z, double t) {
        return t * x1 + (1 - t) * x0 + sigma * z;
    }

    /** The target velocity for one coordinate. */
    public static double velocity(double x0, double x1) {
        return x1 - x0;
    }
}
