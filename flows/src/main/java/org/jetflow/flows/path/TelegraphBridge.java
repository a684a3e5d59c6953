package org.jetflow.flows.path;

import java.util.SplittableRandom;

/**
 * The discrete probability path of the multimodal flow (METHOD.md; Faroughy, Opper, Ojeda,
 * arXiv:2509.01736): a uniform continuous-time Markov chain on S states with off-diagonal rate β,
 * bridged between a source token k0 (uniform) and a data token k1.
 *
 * <p>Transition probability from j at time s to i at time t:
 * {@code P(i | j, s→t) = 1/S + w_{s,t} (δ_ij − 1/S)}, {@code w_{s,t} = exp(−S β (t − s))}.
 * Bridge at time t: {@code P(k_t = k | k0, k1) ∝ P(k1 | k, t→1) P(k | k0, 0→t)}.
 * Sampling rate from k to j ≠ k given the network's posterior q over k1:
 * {@code R_t(k→j) = β [1 + (S w / (1 − w)) q(j) − (S w / (1 + (S − 1) w)) q(k)]} with
 * {@code w = exp(−S β (1 − t))}: the bridge rate {@code β P(k1 | j, t→1) / P(k1 | k, t→1)}
 * averaged over k1 ~ q.
 *
 * <p>States are 0..S−1 here (token − 1).
 */
public final class TelegraphBridge {
    private final int states;
    private final double beta;

    /**
     * @param states S, the number of states
     * @param beta   the off-diagonal rate β of the reference chain (0.075 in the paper)
     */
    public TelegraphBridge(int states, double beta) {
        if (states < 2 || !(beta > 0)) {
            throw new IllegalArgumentException("need S ≥ 2 and β > 0, got S = " + states + ", β = " + beta);
        }
        this.states = states;
        this.beta = beta;
    }

    public int states() {
        return states;
    }

    public double beta() {
        return beta;
    }

    /** w_{s,t} = exp(−S β (t − s)). */
    public double decay(double s, double t) {
        return Math.exp(-states * beta * (t - s));
    }

    /** P(i | j, s→t) of the reference chain. */
    public double transition(int i, int j, double s, double t) {
        double w = decay(s, t);
        return (1 - w) / states + (i == j ? w : 0);
    }

    /** The bridge's distribution of k_t given k0 and k1, into {@code out} (length S). */
    public void bridgeDistribution(int k0, int k1, double t, double[] out) {
        double sum = 0;
        for (int k = 0; k < states; k++) {
            out[k] = transition(k1, k, t, 1) * transition(k, k0, 0, t);
            sum += out[k];
        }
        for (int k = 0; k < states; k++) {
            out[k] /= sum;
        }
    }

    /** Draws k_t from the bridge between k0 and k1 (exact sampling). */
    public int sampleBridge(int k0, int k1, double t, SplittableRandom rnd) {
        double[] p = new double[states];
        bridgeDistribution(k0, k1, t, p);
        return draw(p, rnd);
    }

    /**
     * The sampling rates R_t(k→j) for all j (R(k→k) = 0) given the posterior {@code q} over k1,
     * into {@code out}; returns the total exit rate Σ_j R_t(k→j).
     */
    public double rates(int k, double[] q, double t, double[] out) {
        double w = decay(t, 1);
        double up = w >= 1 ? Double.POSITIVE_INFINITY : states * w / (1 - w);
        double down = states * w / (1 + (states - 1) * w);
        double total = 0;
        for (int j = 0; j < states; j++) {
            if (j == k) {
                out[j] = 0;
                continue;
            }
            double r = beta * (1 + up * q[j] - down * q[k]);
            out[j] = Math.max(0, r);
            total += out[j];
        }
        return total;
    }

    /**
     * One step of the jump process from t to t + dt: leave k with probability
     * {@code 1 − exp(−dt Σ_j R)}, landing on j with probability ∝ R(k→j).
     *
     * @param scratch an array of length S
     */
    public int step(int k, double[] q, double t, double dt, SplittableRandom rnd, double[] scratch) {
        double total = rates(k, q, t, scratch);
        if (total <= 0 || rnd.nextDouble() >= 1 - Math.exp(-dt * total)) {
            return k;
        }
        return draw(scratch, rnd);
    }

    /** Draws an index with probability ∝ weights (not necessarily normalised). */
    public static int draw(double[] weights, SplittableRandom rnd) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double u = rnd.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
