package org.jetflow.flows.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;

class RadialCompressionTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));

    @Test
    void knownRadiiAndTheIdentity() {
        RadialCompression c = new RadialCompression(0.005);
        // r = 3 r0: g = 2 r0 (√4 − 1) = 2 r0, so the angles shrink by 2/3; r = 24 r0: g = 8 r0, by 1/3.
        assertEquals(2.0 / 3, c.compression(0.009, 0.012), 1e-12);
        assertEquals(1.0 / 3, c.compression(0.12, 0), 1e-12);
        // Well inside r0 the map is the identity, far outside g ≈ 2√(r0 r).
        assertEquals(1, c.compression(1e-9, 0), 1e-6);
        assertEquals(2 * Math.sqrt(0.005 * 0.8), 0.8 * c.compression(0, 0.8), 0.011);
        assertEquals(1, RadialCompression.NONE.compression(0.3, 0.4));
        assertEquals(1, RadialCompression.NONE.expansion(0.3, 0.4));
        assertEquals(0, RadialCompression.NONE.logJacobian(0.3, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new RadialCompression(-0.01));
        assertThrows(IllegalArgumentException.class, () -> new RadialCompression(Double.NaN));
    }

    @Test
    void expansionInvertsCompression() {
        RadialCompression c = new RadialCompression(0.005);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 1000; k++) {
            double r = Math.exp(rnd.nextDouble(Math.log(1e-6), Math.log(3)));
            double a = rnd.nextDouble(2 * Math.PI);
            double deta = r * Math.cos(a);
            double dphi = r * Math.sin(a);
            double f = c.compression(deta, dphi);
            double back = c.expansion(deta * f, dphi * f);
            assertEquals(deta, deta * f * back, 1e-12 * Math.max(1, r));
            assertEquals(dphi, dphi * f * back, 1e-12 * Math.max(1, r));
        }
    }

    /**
     * The log-Jacobian the anomaly score adds, against a numerical 3 × 3 determinant of the whole
     * encoding (ln pT, Δη, Δφ) → network coordinates, standardisation included.
     */
    @Test
    void logJacobianIsTheEncodingsDeterminant() {
        Preprocessing pre = new Preprocessing(new double[] {0.8, 0.001, -0.002}, new double[] {1.8, 0.05, 0.045},
                new long[] {0, 1}, null, null, new RadialCompression(0.005));
        double h = 1e-6;
        for (double[] p : new double[][] {{12, 0.001, -0.002}, {3, 0.02, 0.01}, {0.7, -0.3, 0.45}, {150, 0.004, 0.0}}) {
            double[][] jac = new double[3][3];
            for (int k = 0; k < 3; k++) {
                double[] up = p.clone();
                double[] down = p.clone();
                // Column 0 is d/d(ln pT).
                up[k] = k == 0 ? p[0] * Math.exp(h) : p[k] + h;
                down[k] = k == 0 ? p[0] * Math.exp(-h) : p[k] - h;
                double[] xuD = encode(pre, up);
                double[] xdD = encode(pre, down);
                for (int i = 0; i < 3; i++) {
                    jac[i][k] = (xuD[i] - xdD[i]) / (2 * h);
                }
            }
            double det = jac[0][0] * (jac[1][1] * jac[2][2] - jac[1][2] * jac[2][1])
                    - jac[0][1] * (jac[1][0] * jac[2][2] - jac[1][2] * jac[2][0])
                    + jac[0][2] * (jac[1][0] * jac[2][1] - jac[1][1] * jac[2][0]);
            float[] x = new float[3];
            pre.encode(p[0], p[1], p[2], x, 0);
            assertEquals(Math.log(Math.abs(det)), pre.logJacobian(x, 0), 1e-4, "at " + java.util.Arrays.toString(p));
            double[] back = new double[3];
            pre.decode(x, 0, back);
            assertEquals(p[0], back[0], 1e-5 * p[0]);
            assertEquals(p[1], back[1], 1e-6);
            assertEquals(p[2], back[2], 1e-6);
        }
    }

    /** The encoding in double precision (encode writes floats, too coarse for a finite difference). */
    private static double[] encode(Preprocessing pre, double[] p) {
        double f = pre.angles().compression(p[1], p[2]);
        return new double[] {(Math.log(p[0]) - pre.mean()[0]) / pre.std()[0], (p[1] * f - pre.mean()[1]) / pre.std()[1],
            (p[2] * f - pre.mean()[2]) / pre.std()[2]};
    }

    /** On real jets: the compressed angles' spread is a fraction of the linear one, and every particle decodes back. */
    @Test
    void realJetsRoundTripAndTheCoreIsMagnified() throws Exception {
        List<JetBatch> jets = JetFiles.read(ROOT.resolve("samples/data/qcd-2k.h5"), 300);
        Preprocessing linear = Preprocessing.fit(jets, 150);
        Preprocessing compressed = Preprocessing.fit(jets, 150, new RadialCompression(0.005));
        assertEquals(linear.std()[0], compressed.std()[0], 1e-12, "ln pT is not touched");
        double ratio = linear.std()[1] / compressed.std()[1];
        assertTrue(ratio > 4 && ratio < 8, "the core's angles take " + ratio + " times their linear share");
        float[] x = new float[3];
        double[] back = new double[3];
        JetBatch b = jets.get(0);
        for (int i = 0; i < b.particleCount(); i++) {
            compressed.encode(b.pt()[i], b.deta()[i], b.dphi()[i], x, 0);
            compressed.decode(x, 0, back);
            assertEquals(b.deta()[i], back[1], 1e-5 * Math.max(0.01, Math.abs(b.deta()[i])) + 1e-7);
            assertEquals(b.dphi()[i], back[2], 1e-5 * Math.max(0.01, Math.abs(b.dphi()[i])) + 1e-7);
        }
    }
}
