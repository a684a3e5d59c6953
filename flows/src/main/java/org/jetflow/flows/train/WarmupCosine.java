package org.jetflow.flows.train;

/**
 * Learning rate: linear warm-up to the peak, then cosine decay to the final rate at the last step.
 *
 * @param peak   peak rate
 * @param last   rate at the end
 * @param warmup warm-up steps
 * @param total  total steps
 */
public record WarmupCosine(double peak, double last, int warmup, int total) {
    /** The rate for step {@code s} (1-based). */
    public double rate(int s) {
        if (s <= warmup) {
            return peak * s / Math.max(1, warmup);
        }
        double progress = Math.min(1, (double) (s - warmup) / Math.max(1, total - warmup));
        return last + 0.5 * (peak - last) * (1 + Math.cos(Math.PI * progress));
    }
}
