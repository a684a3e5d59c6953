package org.jetflow.validation.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {
    @Test
    void binnedW1HasTheKnownAnswersOfUniformDensities() {
        // U[0,1] against U[2,3]: a shift by 2.
        assertEquals(2.0, Wasserstein1.binned(new double[] {0, 1, 2, 3}, new double[] {5, 0, 0}, new double[] {0, 0, 7}), 1e-15);
        // U[0,2] against U[1,3]: a shift by 1, with the CDF difference crossing no zero.
        assertEquals(1.0, Wasserstein1.binned(new double[] {0, 1, 2, 3}, new double[] {1, 1, 0}, new double[] {0, 1, 1}), 1e-15);
        // U[0,2] against U[0.5,1.5] (bins of 0.5): the CDF difference changes sign at x = 1, an edge; W1 = 1/4.
        assertEquals(0.25, Wasserstein1.binned(new double[] {0, 0.5, 1, 1.5, 2}, new double[] {1, 1, 1, 1},
                new double[] {0, 1, 1, 0}), 1e-15);
        // One bin [0,1] holding U[0,1] against a two-bin split that puts 3/4 in [0,0.5): the CDF
        // difference is d(x) = x − 1.5x on [0,0.5] and x − (0.75 + 0.5(x − 0.5)) on [0.5,1]:
        // ∫|d| = 0.0625 + 0.0625.
        assertEquals(0.125, Wasserstein1.binned(new double[] {0, 0.5, 1}, new double[] {1, 1}, new double[] {3, 1}), 1e-15);
        // A sign change inside bin [2,3] (at x = 7/3): a = [2,0,0,2], b = [0,1,3,0] on unit bins give
        // ∫|F_a − F_b| = 1/4 + 3/8 + 5/24 + 1/4 = 13/12.
        assertEquals(13.0 / 12, Wasserstein1.binned(new double[] {0, 1, 2, 3, 4}, new double[] {2, 0, 0, 2},
                new double[] {0, 1, 3, 0}), 1e-15);
        // Fine bins of two exponential samples: close to the exact unbinned W1 (2.3 − 2 = 0.3).
        Random rnd = new Random(3);
        double[] x = new double[200_000];
        double[] y = new double[200_000];
        double[] hx = new double[50];
        double[] hy = new double[50];
        double[] edges = new double[51];
        for (int k = 0; k <= 50; k++) {
            edges[k] = k * 0.2;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(9.999, -Math.log(1 - rnd.nextDouble()) * 2);
            y[i] = Math.min(9.999, -Math.log(1 - rnd.nextDouble()) * 2.3);
            hx[(int) (x[i] / 0.2)]++;
            hy[(int) (y[i] / 0.2)]++;
        }
        assertEquals(Wasserstein1.distance(x, y), Wasserstein1.binned(edges, hx, hy), 0.01);
        assertThrows(IllegalArgumentException.class, () -> Wasserstein1.binned(new double[] {0, 1}, new double[] {0},
                new double[] {1}));
    }

    @Test
    void w1OfKnownSamples() {
        assertEquals(1, Wasserstein1.distance(new double[] {0}, new double[] {1}), 0);
        assertEquals(0.5, Wasserstein1.distance(new double[] {0, 1}, new double[] {0.5, 0.5}), 1e-15);
        // Uniform points on [0,1) against the same points scaled by 2: ∫|x − x/2| over the quantiles = 1/4.
        int n = 1000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i + 0.5) / n;
            b[i] = 2 * a[i];
        }
        assertEquals(0.5, Wasserstein1.distance(a, b), 1e-12);
    }

    @Test
    void w1OfAShiftIsTheShift() {
        Random r = new Random(1);
        double[] a = new double[5000];
        double[] b = new double[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
            b[i] = a[i] + 0.3;
        }
        assertEquals(0.3, Wasserstein1.distance(a, b), 1e-12);
        assertEquals(0.3, Wasserstein1.distance(b, a), 1e-12);
    }

    @Test
    void w1RefusesNaNAndEmptySamples() {
        assertThrows(IllegalArgumentException.class, () -> Wasserstein1.distance(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Wasserstein1.distance(new double[0], new double[] {1}));
    }

    @Test
    void ksOfDisjointAndInterleavedSamples() {
        assertEquals(1, KolmogorovSmirnov.statistic(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 0);
        assertEquals(1.0 / 3, KolmogorovSmirnov.statistic(new double[] {1, 3, 5}, new double[] {2, 4, 6}), 1e-15);
    }

    @Test
    void chiSquareOfKnownHistograms() {
        ChiSquare c = ChiSquare.of(new double[] {1, 2, 3}, new double[] {1, 1, 0}, new double[] {2, 2, 3},
                new double[] {0, 1, 0});
        assertEquals(1.0, c.chi2(), 1e-15);
        assertEquals(2, c.ndf());
        assertEquals(0.5, c.perDof(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.of(new double[2], new double[2], new double[3], new double[3]));
    }

    @Test
    void fidelityIsNearOneForTheSameDistributionAndLargeForAShift() {
        Random r = new Random(5);
        double[] ref = new double[20000];
        double[] same = new double[5000];
        double[] shifted = new double[5000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = r.nextGaussian();
        }
        for (int i = 0; i < same.length; i++) {
            same[i] = r.nextGaussian();
            shifted[i] = r.nextGaussian() + 0.5;
        }
        Fidelity good = Fidelity.of(same, ref, 10, 20, 42);
        Fidelity bad = Fidelity.of(shifted, ref, 10, 20, 42);
        assertEquals(5000, good.size());
        assertTrue(good.ratio() > 0.5 && good.ratio() < 1.6, "same distribution: " + good);
        assertTrue(bad.ratio() > 10, "shifted by 0.5 sigma: " + bad);
        assertEquals(0.5, bad.w1(), 0.05);
        assertEquals(good, Fidelity.of(same, ref, 10, 20, 42), "same seed, same numbers");
    }

    @Test
    void frechetDistanceOfUnitGaussiansIsTheSquaredMeanShift() {
        Random r = new Random(3);
        int n = 40000;
        double[][] a = new double[n][2];
        double[][] b = new double[n][2];
        for (int i = 0; i < n; i++) {
            a[i][0] = r.nextGaussian();
            a[i][1] = r.nextGaussian();
            b[i][0] = r.nextGaussian() + 0.6;
            b[i][1] = 2 * r.nextGaussian() + 0.8;
        }
        // |μ|² + Tr(I + 4I' − 2 sqrt(diag(1, 4))) = 0.36 + 0.64 + (1 + 4 − 2·(1 + 2)) → 1.0 + 1 = 2.0... per axis:
        // axis 0: 0.36 + (1 + 1 − 2) = 0.36; axis 1: 0.64 + (1 + 4 − 4) = 1.64.
        assertEquals(2.0, FrechetPhysicsDistance.frechet(a, b), 0.05);
        assertEquals(0.0, FrechetPhysicsDistance.frechet(a, a), 1e-9);
    }

    @Test
    void physicsDistancesSeparateDistributions() {
        Random r = new Random(9);
        double[][] ref = gaussian(r, 6000, 3, 0);
        double[][] same = gaussian(r, 6000, 3, 0);
        double[][] other = gaussian(r, 6000, 3, 0.3);
        FrechetPhysicsDistance fSame = FrechetPhysicsDistance.of(same, ref, 1000, 5, 3, 1);
        FrechetPhysicsDistance fOther = FrechetPhysicsDistance.of(other, ref, 1000, 5, 3, 1);
        assertTrue(Math.abs(fSame.value()) < 0.01, "same: " + fSame);
        assertEquals(3 * 0.09, fOther.value(), 0.03, "three features shifted by 0.3: " + fOther);
        KernelPhysicsDistance kSame = KernelPhysicsDistance.of(same, ref, 1000, 5, 1);
        KernelPhysicsDistance kOther = KernelPhysicsDistance.of(other, ref, 1000, 5, 1);
        assertTrue(Math.abs(kSame.median()) < 3 * kSame.spread() + 0.02, "same: " + kSame);
        assertTrue(kOther.median() > 10 * Math.max(kSame.spread(), 1e-3), "shifted: " + kOther + " vs " + kSame);
    }

    private static double[][] gaussian(Random r, int n, int d, double shift) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                x[i][k] = r.nextGaussian() + shift;
            }
        }
        return x;
    }
}
