package org.jetflow.validation.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ChiSquare#ofCounts}: data points with Gaussian uncertainties against a sample's event counts. */
class ChiSquareTest {
    /** One bin's statistic, as the minimum over t ≥ 0 found by scanning: independent of the closed form. */
    private static double scanned(double y, double sigma, double n, double c) {
        double best = Double.POSITIVE_INFINITY;
        double hi = 3 * Math.max(y + 5 * sigma, (n + 5 * Math.sqrt(n + 1)) / c);
        double lo = 0;
        for (int round = 0; round < 6; round++) {
            double step = (hi - lo) / 2000;
            double arg = lo;
            for (int i = 0; i <= 2000; i++) {
                double t = lo + i * step;
                double mu = c * t;
                double f = (y - t) * (y - t) / (sigma * sigma) + 2 * (mu - n) + (n > 0 ? 2 * n * Math.log(n / mu) : 0);
                if (f < best) {
                    best = f;
                    arg = t;
                }
            }
            lo = Math.max(0, arg - 2 * step);
            hi = arg + 2 * step;
        }
        return best;
    }

    @Test
    void theClosedFormIsTheProfiledMinimum() {
        // y, σ, n, c: many events; a few; none where 2.5 are expected; none with c σ² > y (b > 0); one
        // where 0.86 is expected; a negative datum.
        double[][] cases = {
            {0.01, 0.001, 1100, 1e5}, {0.004, 0.001, 3, 500}, {5.9e-4, 3.4e-5, 0, 4300}, {0.02, 0.01, 0, 1000},
            {1e-4, 2e-5, 1, 8600}, {-0.001, 0.002, 2, 300}};
        for (double[] k : cases) {
            ChiSquare c = ChiSquare.ofCounts(new double[] {k[0]}, new double[] {k[1]}, new double[] {k[2]},
                    new double[] {k[3]});
            double expected = scanned(k[0], k[1], k[2], k[3]);
            assertEquals(expected, c.chi2(), 1e-6 * Math.max(1, expected), java.util.Arrays.toString(k));
            assertEquals(1, c.ndf());
        }
    }

    @Test
    void itIsPoissonsDevianceForExactDataAndTheGaussianFormForManyEvents() {
        // Data known to 1e-9: the shared value is the datum, and the statistic is 2(μ − n + n ln(n/μ)).
        double mu = 2.6;
        ChiSquare empty = ChiSquare.ofCounts(new double[] {0.026}, new double[] {1e-12}, new double[] {0},
                new double[] {100});
        assertEquals(2 * mu, empty.chi2(), 1e-6);
        ChiSquare seven = ChiSquare.ofCounts(new double[] {0.026}, new double[] {1e-12}, new double[] {7},
                new double[] {100});
        assertEquals(2 * (mu - 7 + 7 * Math.log(7 / mu)), seven.chi2(), 1e-6);
        // 1100 events where the data say 1000 ± 100: (0.001)² / (0.001² + 1100/1e10), within a percent.
        ChiSquare many = ChiSquare.ofCounts(new double[] {0.01}, new double[] {0.001}, new double[] {1100},
                new double[] {1e5});
        double gaussian = 1e-6 / (1e-6 + 1100 / 1e10);
        assertEquals(gaussian, many.chi2(), 0.01 * gaussian);
    }

    /**
     * Under the hypothesis that the sample follows the data, the statistic averages about one per
     * point even where a bin expects half an event (1.05 in a simulation of 20,000 replicas); the
     * Gaussian form with the sample's own √n error, which gives an empty bin no sample error, averages
     * over 12 on the same bins.
     */
    @Test
    void itStaysCalibratedWhereTheSampleExpectsFewEvents() {
        double[] expected = {0.5, 1, 2, 3, 5, 8, 13, 20, 35, 50};
        int bins = expected.length;
        double[] c = new double[bins];
        double[] truth = new double[bins];
        double[] sigma = new double[bins];
        for (int k = 0; k < bins; k++) {
            c[k] = 100;
            truth[k] = expected[k] / c[k];
            sigma[k] = 0.1 * truth[k];
        }
        SplittableRandom rng = new SplittableRandom(11);
        int replicas = 4000;
        double sum = 0;
        double sumGaussian = 0;
        for (int r = 0; r < replicas; r++) {
            double[] y = new double[bins];
            double[] n = new double[bins];
            double[] sampleValue = new double[bins];
            double[] sampleError = new double[bins];
            for (int k = 0; k < bins; k++) {
                y[k] = truth[k] + sigma[k] * gaussian(rng);
                n[k] = poisson(rng, expected[k]);
                sampleValue[k] = n[k] / c[k];
                sampleError[k] = Math.sqrt(n[k]) / c[k];
            }
            ChiSquare chi = ChiSquare.ofCounts(y, sigma, n, c);
            assertEquals(bins, chi.ndf());
            sum += chi.chi2();
            sumGaussian += ChiSquare.of(y, sigma, sampleValue, sampleError).chi2();
        }
        double perPoint = sum / (replicas * bins);
        assertTrue(perPoint > 0.95 && perPoint < 1.15, "χ² per point under the hypothesis: " + perPoint);
        assertTrue(sumGaussian / (replicas * bins) > 5, "the Gaussian form: " + sumGaussian / (replicas * bins));
    }

    @Test
    void pointsWithoutUncertaintyAreLeftOut() {
        ChiSquare c = ChiSquare.ofCounts(new double[] {0.5, 0.2}, new double[] {0, 0.1}, new double[] {3, 2},
                new double[] {10, 10});
        assertEquals(1, c.ndf());
        assertEquals(scanned(0.2, 0.1, 2, 10), c.chi2(), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> ChiSquare.ofCounts(new double[2], new double[2], new double[3], new double[2]));
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Knuth's method, fine for the means below 60 used here. */
    private static int poisson(SplittableRandom rng, double mean) {
        double limit = Math.exp(-mean);
        double p = rng.nextDouble();
        int n = 0;
        while (p > limit) {
            p *= rng.nextDouble();
            n++;
        }
        return n;
    }
}
