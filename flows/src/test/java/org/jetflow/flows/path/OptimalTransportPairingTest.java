package org.jetflow.flows.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OptimalTransportPairingTest {
    @Test
    void permutesTheNoiseToTheClosestPairing() {
        SplittableRandom rnd = new SplittableRandom(11);
        OptimalTransportPairing pairing = new OptimalTransportPairing(6);
        for (int trial = 0; trial < 100; trial++) {
            int m = 1 + rnd.nextInt(6);
            float[] data = new float[2 * 18];
            int offset = 18; // the second jet of a padded array of 6 particles each
            for (int q = 0; q < m * 3; q++) {
                data[offset + q] = (float) (rnd.nextGaussian() * 2);
            }
            double[] noise = new double[m * 3];
            for (int q = 0; q < noise.length; q++) {
                noise[q] = rnd.nextGaussian();
            }
            double[] before = noise.clone();
            double total = pairing.pair(noise, data, offset, m);
            assertEquals(distance(noise, data, offset, m), total, 1e-9, "the returned cost is the pairing's");
            assertEquals(least(before, data, offset, m), total, 1e-9, "no permutation is closer");
            assertArrayEquals(sortedRows(before, m), sortedRows(noise, m), "the same noise points, reordered");
        }
    }

    @Test
    void pairsEveryParticleWithItsOwnPointWhenTheyAreFarApart() {
        // Particles far apart along one axis, the noise a shuffled copy near them: only one pairing is sensible.
        float[] data = {0, 0, 0, 10, 0, 0, 20, 0, 0, 30, 0, 0};
        double[] noise = {20.1, 0, 0, 0.1, 0, 0, 30.1, 0, 0, 10.1, 0, 0};
        new OptimalTransportPairing(4).pair(noise, data, 0, 4);
        assertArrayEquals(new double[] {0.1, 0, 0, 10.1, 0, 0, 20.1, 0, 0, 30.1, 0, 0}, noise, 0);
    }

    private static double distance(double[] noise, float[] data, int offset, int m) {
        double s = 0;
        for (int q = 0; q < m * 3; q++) {
            double d = noise[q] - data[offset + q];
            s += d * d;
        }
        return s;
    }

    /** The least summed squared distance over every ordering of the noise's points. */
    private static double least(double[] noise, float[] data, int offset, int m) {
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        return least(noise, data, offset, m, perm, 0);
    }

    private static double least(double[] noise, float[] data, int offset, int m, int[] perm, int k) {
        if (k == m) {
            double[] ordered = new double[m * 3];
            for (int i = 0; i < m; i++) {
                System.arraycopy(noise, perm[i] * 3, ordered, i * 3, 3);
            }
            return distance(ordered, data, offset, m);
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = k; i < m; i++) {
            int t = perm[k];
            perm[k] = perm[i];
            perm[i] = t;
            min = Math.min(min, least(noise, data, offset, m, perm, k + 1));
            perm[i] = perm[k];
            perm[k] = t;
        }
        return min;
    }

    private static double[] sortedRows(double[] x, int m) {
        double[] key = new double[m];
        for (int i = 0; i < m; i++) {
            key[i] = x[i * 3] * 1e6 + x[i * 3 + 1] * 1e3 + x[i * 3 + 2];
        }
        Arrays.sort(key);
        return key;
    }
}
