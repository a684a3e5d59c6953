package org.jetflow.flows.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {
    /** The least total cost over all n! permutations, by enumeration. */
    private static double bruteForce(double[] cost, int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        return best(cost, n, perm, 0);
    }

    private static double best(double[] cost, int n, int[] perm, int k) {
        if (k == n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += cost[i * n + perm[i]];
            }
            return s;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = k; i < n; i++) {
            int t = perm[k];
            perm[k] = perm[i];
            perm[i] = t;
            min = Math.min(min, best(cost, n, perm, k + 1));
            perm[i] = perm[k];
            perm[k] = t;
        }
        return min;
    }

    @Test
    void matchesEnumerationOfEveryPermutation() {
        SplittableRandom rnd = new SplittableRandom(3);
        LinearAssignment solver = new LinearAssignment(8);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(8);
            double[] cost = new double[n * n];
            for (int i = 0; i < cost.length; i++) {
                // Small integers make ties, which an augmenting-path bug tends to mishandle.
                cost[i] = trial % 2 == 0 ? rnd.nextInt(5) : rnd.nextDouble() * 10 - 3;
            }
            int[] sigma = new int[n];
            double total = solver.solve(cost, n, sigma);
            assertEquals(bruteForce(cost, n), total, 1e-9, "trial " + trial + ", n " + n);
            boolean[] seen = new boolean[n];
            double check = 0;
            for (int i = 0; i < n; i++) {
                seen[sigma[i]] = true;
                check += cost[i * n + sigma[i]];
            }
            for (boolean s : seen) {
                assertEquals(true, s, "σ is a permutation");
            }
            assertEquals(total, check, 1e-9, "the returned cost is σ's");
        }
    }

    @Test
    void solvesAKnownProblem() {
        // The textbook 3 × 3 example: rows take columns 1, 0, 2 for a total of 5.
        double[] cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
        int[] sigma = new int[3];
        assertEquals(5, new LinearAssignment(3).solve(cost, 3, sigma), 0);
        assertArrayEquals(new int[] {1, 0, 2}, sigma);
    }

    @Test
    void refusesAProblemLargerThanItsArrays() {
        assertThrows(IllegalArgumentException.class, () -> new LinearAssignment(2).solve(new double[9], 3, new int[3]));
    }
}
