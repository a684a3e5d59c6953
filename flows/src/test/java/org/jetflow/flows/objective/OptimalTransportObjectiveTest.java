package org.jetflow.flows.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;

/** The flow-matching buckets with optimal-transport pairing, on the shipped sample of Pythia QCD jets. */
class OptimalTransportObjectiveTest {
    private static final Path SAMPLE = Path.of(System.getProperty("jetflow.root", ".."), "samples/data/qcd-2k.h5");
    private static final int JETS = 600;

    @Test
    void pairsEachJetsNoiseOptimallyAndLeavesRandomPairingAsItWas() {
        List<JetBatch> batches = JetFiles.read(SAMPLE, JETS);
        FlowConfig random = FlowConfig.cpuDefault();
        JetTensors data = JetTensors.of(batches, Preprocessing.fit(batches, random.maxParticles()), random.maxParticles());
        int[] jets = new int[JETS];
        float[] times = new float[JETS];
        for (int j = 0; j < JETS; j++) {
            jets[j] = j;
            times[j] = 0.5f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double[] ot = pairedDistances(new FlowObjective(random.withOptimalTransport(true), Modality.BOTH), data, jets,
                    times, m, true);
            double[] rnd = pairedDistances(new FlowObjective(random, Modality.BOTH), data, jets, times, m, false);
            // Standardised (ln pT, Δη, Δφ) against N(0, I) noise: about 6 per particle paired at random, about 1.4
            // optimally (measured with scipy's linear_sum_assignment on 3000 Pythia jets of the same kind).
            double perParticleOt = ot[0] / ot[1];
            double perParticleRandom = rnd[0] / rnd[1];
            System.out.printf("mean squared noise-particle distance: random %.2f, optimal %.2f%n", perParticleRandom,
                    perParticleOt);
            assertEquals(6.0, perParticleRandom, 0.6, "random pairing");
            assertEquals(1.4, perParticleOt, 0.3, "optimal pairing");
            // Same seed, same buckets: the pairing is part of the deterministic run.
            double[] again = pairedDistances(new FlowObjective(random.withOptimalTransport(true), Modality.BOTH), data,
                    jets, times, m, true);
            assertArrayEquals(ot, again, 0);
        }
    }

    /**
     * The summed |x0 − x1|² over all particles and the particle count, with x0 = x1 − u recovered from
     * the buckets; with {@code optimal}, asserts that no exchange of two particles' noise points would
     * shorten a jet's pairing (a necessary condition the random pairing fails).
     */
    private static double[] pairedDistances(FlowObjective objective, JetTensors data, int[] jets, float[] times,
            NDManager m, boolean optimal) {
        double total = 0;
        long particles = 0;
        int swapsThatHelp = 0;
        try (NDManager sm = m.newSubManager()) {
            for (FlowObjective.Bucket b : objective.buckets(data, jets, times, new SplittableRandom(5), sm)) {
                int w = b.slots().width();
                float[] u = b.u().toFloatArray();
                float[] mask = b.mask().toFloatArray();
                for (int r = 0; r < b.rows().length; r++) {
                    int jet = jets[b.rows()[r]];
                    int n = 0;
                    while (n < w && mask[r * w + n] > 0) {
                        n++;
                    }
                    double[] x0 = new double[n * 3];
                    double[] x1 = new double[n * 3];
                    for (int q = 0; q < n * 3; q++) {
                        x1[q] = data.x()[jet * data.particles() * 3 + q];
                        x0[q] = x1[q] - u[r * w * 3 + q];
                        total += (x1[q] - x0[q]) * (x1[q] - x0[q]);
                    }
                    particles += n;
                    for (int i = 0; i < n; i++) {
                        for (int k = i + 1; k < n; k++) {
                            double kept = d2(x0, i, x1, i) + d2(x0, k, x1, k);
                            double swapped = d2(x0, k, x1, i) + d2(x0, i, x1, k);
                            if (swapped < kept - 1e-4) {
                                swapsThatHelp++;
                            }
                        }
                    }
                }
            }
        }
        if (optimal) {
            assertEquals(0, swapsThatHelp, "an exchange of two noise points shortens an optimal pairing");
        } else {
            assertTrue(swapsThatHelp > 1000, "random pairing is far from optimal: " + swapsThatHelp);
        }
        return new double[] {total, particles};
    }

    private static double d2(double[] a, int i, double[] b, int k) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            double d = a[i * 3 + c] - b[k * 3 + c];
            s += d * d;
        }
        return s;
    }
}
