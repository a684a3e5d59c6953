package org.jetflow.flows.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TelegraphBridgeTest {
    private static final int S = 8;
    private static final double BETA = 0.075;
    /** A toy class distribution shaped like jets: photons and hadrons common, leptons rare. */
    private static final double[] TOY = {0.42, 0.10, 0.21, 0.21, 0.02, 0.02, 0.01, 0.01};

    private final TelegraphBridge bridge = new TelegraphBridge(S, BETA);

    @Test
    void transitionsAreStochasticAndObeyChapmanKolmogorov() {
        for (int j = 0; j < S; j++) {
            double sum = 0;
            for (int i = 0; i < S; i++) {
                sum += bridge.transition(i, j, 0.2, 0.7);
                double ck = 0;
                for (int m = 0; m < S; m++) {
                    ck += bridge.transition(i, m, 0.4, 0.9) * bridge.transition(m, j, 0.1, 0.4);
                }
                assertEquals(bridge.transition(i, j, 0.1, 0.9), ck, 1e-15);
            }
            assertEquals(1, sum, 1e-15);
        }
        assertEquals(1.0 / S + Math.exp(-S * BETA) * (1 - 1.0 / S), bridge.transition(3, 3, 0, 1), 1e-15);
    }

    @Test
    void bridgeStartsAtK0AndEndsAtK1() {
        double[] p = new double[S];
        bridge.bridgeDistribution(2, 5, 0, p);
        assertEquals(1, p[2], 1e-12);
        bridge.bridgeDistribution(2, 5, 1, p);
        assertEquals(1, p[5], 1e-12);
    }

    /**
     * The bridge marginal against the reference chain itself: simulate the uniform CTMC from k0 by
     * its jumps, keep the paths that end at k1 (rejection), and record the state at t.
     */
    @Test
    void exactBridgeSamplesMatchTheConditionedMarkovChain() {
        SplittableRandom rnd = new SplittableRandom(3);
        int k0 = 1;
        int k1 = 6;
        double t = 0.35;
        int[] chainCounts = new int[S];
        int kept = 0;
        while (kept < 40_000) {
            int state = k0;
            int atT = -1;
            double time = 0;
            // Jumps of the uniform chain: rate β to each other state, total (S − 1)β.
            while (true) {
                double next = time - Math.log(1 - rnd.nextDouble()) / ((S - 1) * BETA);
                if (atT < 0 && next > t) {
                    atT = state;
                }
                if (next > 1) {
                    break;
                }
                int j = rnd.nextInt(S - 1);
                state = j >= state ? j + 1 : j;
                time = next;
            }
            if (state == k1) {
                chainCounts[atT]++;
                kept++;
            }
        }
        int[] bridgeCounts = new int[S];
        for (int n = 0; n < kept; n++) {
            bridgeCounts[bridge.sampleBridge(k0, k1, t, rnd)]++;
        }
        double[] p = new double[S];
        bridge.bridgeDistribution(k0, k1, t, p);
        for (int k = 0; k < S; k++) {
            double sigma = Math.sqrt(kept * p[k] * (1 - p[k])) + 1;
            assertEquals(kept * p[k], chainCounts[k], 5 * sigma, "chain, state " + k);
            assertEquals(kept * p[k], bridgeCounts[k], 5 * sigma, "bridge sampler, state " + k);
        }
    }

    /**
     * The rate formula decides the sampler: driven by the exact posterior of a toy distribution (an
     * oracle in place of the network), chains started uniform must end distributed as the toy.
     */
    @Test
    void samplerWithAnOracleRecoversTheToyDistribution() {
        double[] end = simulate(bridge::step, 500, false);
        int chains = 100_000;
        for (int k = 0; k < S; k++) {
            double sigma = Math.sqrt(TOY[k] * (1 - TOY[k]) / chains);
            assertEquals(TOY[k], end[k], 5 * sigma + 0.004, "class " + k);
        }
    }

    /** Without the q(k) term of the closed form the sampler misses: the test can tell the formulas apart. */
    @Test
    void aRateWithoutTheStayTermMissesTheToyDistribution() {
        double[] end = simulate(this::rateWithoutStayTerm, 500, false);
        double tv = 0;
        for (int k = 0; k < S; k++) {
            tv += 0.5 * Math.abs(end[k] - TOY[k]);
        }
        assertTrue(tv > 0.03, "total variation " + tv);
    }

    /**
     * The bridge kernel against the marginal of the bridge itself: started uniform and driven by the
     * oracle, four coarse steps must give P(k_t) = Σ_{k0,k1} P(k0) P(k1) P(k_t | k0, k1) at every step,
     * to rounding.
     */
    @Test
    void bridgeKernelCarriesTheExactMarginalAtAnyStepSize() {
        int steps = 4;
        double[] p = new double[S];
        java.util.Arrays.fill(p, 1.0 / S);
        double[] q = new double[S];
        double[] kernel = new double[S];
        double[] bridgeAt = new double[S];
        for (int n = 0; n < steps; n++) {
            double t = (double) n / steps;
            double[] next = new double[S];
            for (int k = 0; k < S; k++) {
                posterior(k, t, q);
                bridge.bridgeKernel(k, q, t, 1.0 / steps, kernel);
                for (int j = 0; j < S; j++) {
                    next[j] += p[k] * kernel[j];
                }
            }
            p = next;
            double t1 = (n + 1.0) / steps;
            for (int k = 0; k < S; k++) {
                double want = 0;
                for (int k0 = 0; k0 < S; k0++) {
                    for (int k1 = 0; k1 < S; k1++) {
                        bridge.bridgeDistribution(k0, k1, t1, bridgeAt);
                        want += TOY[k1] / S * bridgeAt[k];
                    }
                }
                assertEquals(want, p[k], 1e-12, "t = " + t1 + ", class " + k);
            }
        }
    }

    /**
     * The sampler's setting: 16 steps and a final draw from the posterior. Bridge steps recover every
     * class, the rare ones included; rate steps leave the rare classes (the leptons of a jet)
     * 15–24 % too frequent, as the exact propagation of their kernel predicts.
     */
    @Test
    void atSixteenStepsBridgeStepsRecoverRareClassesAndRateStepsDoNot() {
        int chains = 100_000;
        double[] viaBridge = simulate(bridge::bridgeStep, 16, true);
        for (int k = 0; k < S; k++) {
            double sigma = Math.sqrt(TOY[k] * (1 - TOY[k]) / chains);
            assertEquals(TOY[k], viaBridge[k], 5 * sigma, "bridge step, class " + k);
        }
        double[] viaRate = simulate(bridge::step, 16, true);
        double rare = 0;
        double rareRate = 0;
        for (int k = 4; k < S; k++) {
            rare += TOY[k];
            rareRate += viaRate[k];
        }
        // Exact propagation of the rate kernel gives +18 %; the Monte Carlo error is 1.3 %.
        assertTrue(rareRate > 1.10 * rare, "rate steps: rare classes " + rareRate + " against " + rare);
    }

    /** One class step of a sampler: k_{t+dt} from k_t given the posterior q. */
    private interface ClassStepper {
        int step(int k, double[] q, double t, double dt, SplittableRandom rnd, double[] scratch);
    }

    /** The rate of the paper's public code, without the stay term, as a τ-leaping step. */
    private int rateWithoutStayTerm(int k, double[] q, double t, double dt, SplittableRandom rnd, double[] scratch) {
        double w = bridge.decay(t, 1);
        double total = 0;
        for (int j = 0; j < S; j++) {
            scratch[j] = j == k ? 0 : BETA * (1 + S * w / (1 - w) * q[j]);
            total += scratch[j];
        }
        return rnd.nextDouble() < 1 - Math.exp(-dt * total) ? TelegraphBridge.draw(scratch, rnd) : k;
    }

    /** Class fractions of 100,000 chains started uniform and moved with the oracle posterior. */
    private double[] simulate(ClassStepper stepper, int steps, boolean finalDraw) {
        SplittableRandom rnd = new SplittableRandom(11);
        int chains = 100_000;
        double dt = 1.0 / steps;
        int[] state = new int[chains];
        for (int c = 0; c < chains; c++) {
            state[c] = rnd.nextInt(S);
        }
        double[][] q = new double[S][S];
        double[] scratch = new double[S];
        int moves = finalDraw ? steps - 1 : steps;
        for (int n = 0; n < moves; n++) {
            double t = n * dt;
            for (int k = 0; k < S; k++) {
                posterior(k, t, q[k]);
            }
            for (int c = 0; c < chains; c++) {
                state[c] = stepper.step(state[c], q[state[c]], t, dt, rnd, scratch);
            }
        }
        if (finalDraw) {
            for (int k = 0; k < S; k++) {
                posterior(k, moves * dt, q[k]);
            }
            for (int c = 0; c < chains; c++) {
                state[c] = TelegraphBridge.draw(q[state[c]], rnd);
            }
        }
        double[] f = new double[S];
        for (int s : state) {
            f[s] += 1.0 / chains;
        }
        return f;
    }

    /** Exact posterior over k1 given k_t = k, for k0 uniform and k1 ~ TOY joined by the bridge. */
    private void posterior(int k, double t, double[] out) {
        double sum = 0;
        for (int k1 = 0; k1 < S; k1++) {
            double joint = 0;
            for (int k0 = 0; k0 < S; k0++) {
                joint += bridge.transition(k, k0, 0, t) * bridge.transition(k1, k, t, 1) / bridge.transition(k1, k0, 0, 1);
            }
            out[k1] = TOY[k1] * joint / S;
            sum += out[k1];
        }
        for (int k1 = 0; k1 < S; k1++) {
            out[k1] /= sum;
        }
    }
}
