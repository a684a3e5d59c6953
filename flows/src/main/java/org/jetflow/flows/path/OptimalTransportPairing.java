package org.jetflow.flows.path;

/**
 * Pairs the noise points of a jet with its particles by optimal transport: the permutation of the
 * noise that minimises Σ_i |x0_i − x1_i|² over the jet's particles (equivariant flow matching, Klein,
 * Krämer, Noé, arXiv:2306.15030; minibatch OT couplings, Tong et al., arXiv:2302.00482). The noise of
 * a jet is N points drawn i.i.d. from N(0, I), so every permutation of it has the same distribution:
 * the pairing changes which point travels to which particle, not the source, and the flow it trains
 * is still exact. The paths cross less, their velocity targets vary less at a given x_t, and the
 * learnt field is straighter.
 *
 * <p>Not thread-safe: it keeps its work arrays.
 */
public final class OptimalTransportPairing {
    private final LinearAssignment assignment;
    private final double[] cost;
    private final int[] match;
    private final double[] drawn;

    /** Work arrays for jets of up to {@code maxParticles} particles. */
    public OptimalTransportPairing(int maxParticles) {
        assignment = new LinearAssignment(maxParticles);
        cost = new double[maxParticles * maxParticles];
        match = new int[maxParticles];
        drawn = new double[maxParticles * 3];
    }

    /**
     * Permutes {@code noise} in place so that point i is the one paired with particle i.
     *
     * @param noise  (m, 3) noise points, row-major
     * @param data   particles' standardised coordinates, 3 per particle
     * @param offset index in {@code data} of the jet's first particle's first coordinate
     * @param m      the jet's particles
     * @return the summed squared distance of the pairs
     */
    public double pair(double[] noise, float[] data, int offset, int m) {
        for (int i = 0; i < m; i++) {
            double a = data[offset + i * 3];
            double b = data[offset + i * 3 + 1];
            double c = data[offset + i * 3 + 2];
            int row = i * m;
            for (int j = 0; j < m; j++) {
                double da = a - noise[j * 3];
                double db = b - noise[j * 3 + 1];
                double dc = c - noise[j * 3 + 2];
                cost[row + j] = da * da + db * db + dc * dc;
            }
        }
        double total = assignment.solve(cost, m, match);
        System.arraycopy(noise, 0, drawn, 0, m * 3);
        for (int i = 0; i < m; i++) {
            System.arraycopy(drawn, match[i] * 3, noise, i * 3, 3);
        }
        return total;
    }
}
