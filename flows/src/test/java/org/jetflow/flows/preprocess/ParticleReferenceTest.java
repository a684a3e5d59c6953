package org.jetflow.flows.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.junit.jupiter.api.Test;

/**
 * The reference density against a closed form: particles with ln z and ln ΔR uniform over the
 * histogram's ranges and the azimuth uniform have q(ln pT, Δη, Δφ) = 1/(L_z · L_r · 2π ΔR²), where
 * L_z and L_r are the ranges' widths; classes drawn with known probabilities have ln P(k) of those.
 */
class ParticleReferenceTest {
    private static final double LZ = ParticleReference.LN_Z_MAX - ParticleReference.LN_Z_MIN;
    private static final double LR = ParticleReference.LN_R_MAX - ParticleReference.LN_R_MIN;

    /** Jets of 20 particles at pT 500 GeV: photons with probability 0.3, h+ otherwise. */
    private static JetBatch jets(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, n);
        for (int j = 0; j < n; j++) {
            b.beginJet(0, 0);
            for (int i = 0; i < 20; i++) {
                double z = Math.exp(ParticleReference.LN_Z_MIN + LZ * r.nextDouble());
                double dr = Math.exp(ParticleReference.LN_R_MIN + LR * r.nextDouble());
                double phi = 2 * Math.PI * r.nextDouble();
                b.addRelative(500 * z, dr * Math.cos(phi), dr * Math.sin(phi), r.nextDouble() < 0.3 ? 1 : 4);
            }
            b.endJet(500, 0, 0, 50);
        }
        return b.build();
    }

    @Test
    void densityOfLogUniformParticlesIsTheClosedForm() {
        ParticleReference ref = ParticleReference.fit(List.of(jets(4000, 1)), 150);
        JetBatch probe = jets(200, 2);
        double bias = 0;
        double worst = 0;
        int particles = 0;
        for (int j = 0; j < probe.size(); j++) {
            int m = probe.multiplicity(j);
            int[] all = new int[m];
            double expected = 0;
            double classes = 0;
            for (int k = 0; k < m; k++) {
                int i = probe.offset(j) + k;
                all[k] = i;
                double dr = Math.hypot(probe.deta()[i], probe.dphi()[i]);
                expected += -Math.log(LZ * LR * 2 * Math.PI * dr * dr);
                classes += Math.log(probe.token()[i] == 1 ? 0.3 : 0.7);
            }
            double got = ref.logKinematics(probe, j, all);
            bias += got - expected;
            particles += m;
            worst = Math.max(worst, Math.abs(got - expected) / m);
            assertEquals(classes, ref.logClasses(probe, j, all), 0.02 * m, "ln P(class) of jet " + j);
        }
        // 80,000 particles over 576 bins: about 140 per bin, a 9 % Poisson spread per particle.
        assertEquals(0, bias / particles, 0.03, "mean ln q per particle against the closed form");
        assertEquals(0, worst, 0.1, "the worst jet's ln q per particle against the closed form");
    }

    @Test
    void aDensityThatIgnoredTheJacobianWouldMissTheClosedForm() {
        // The 1/(2π ΔR²) of the azimuth and of ln ΔR is most of ln q near the axis: a particle at ΔR = 0.01 and one
        // at 0.5 with the same histogram bin height differ by 2 ln 50 ≈ 7.8.
        ParticleReference ref = ParticleReference.fit(List.of(jets(4000, 1)), 150);
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, 2);
        for (double dr : new double[] {0.01, 0.5}) {
            b.beginJet(0, 0);
            for (int i = 0; i < 20; i++) {
                b.addRelative(5, dr, 0, 4);
            }
            b.endJet(500, 0, 0, 50);
        }
        JetBatch two = b.build();
        int[] first = java.util.stream.IntStream.range(0, 20).toArray();
        int[] second = java.util.stream.IntStream.range(20, 40).toArray();
        double near = ref.logKinematics(two, 0, first) / 20;
        double far = ref.logKinematics(two, 1, second) / 20;
        assertEquals(2 * Math.log(50), near - far, 0.3);
    }
}
