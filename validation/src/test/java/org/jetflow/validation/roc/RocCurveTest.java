package org.jetflow.validation.roc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocCurveTest {
    @Test
    void smallSampleByHand() {
        // Signal 2 beats background 1, ties 2 (½), loses to 3: 1.5; signal 4 beats all three: 3. 4.5 / 6.
        RocCurve roc = RocCurve.of(new double[] {3, 1, 2}, new double[] {4, 2});
        assertEquals(0.75, roc.auc(), 1e-12);
        // Keeping half the signal (score ≥ 4): no background passes.
        assertEquals(Double.POSITIVE_INFINITY, roc.rejection(0.5));
        // Keeping all signal (score ≥ 2): background 2 and 3 pass, ε_B = 2/3.
        assertEquals(1.5, roc.rejection(1.0), 1e-12);
    }

    @Test
    void twoGaussiansMatchTheAnalyticCurve() {
        // Background N(0,1), signal N(1,1): AUC = Φ(1/√2) = 0.76025; at ε_S = 0.5 the cut is x ≥ 1,
        // ε_B = 1 − Φ(1) = 0.158655, rejection 6.3029; at ε_S = 0.3 the cut is 1 + 0.5244, ε_B = 0.063757.
        SplittableRandom r = new SplittableRandom(3);
        int n = 400_000;
        double[] b = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextGaussian();
            s[i] = 1 + r.nextGaussian();
        }
        RocCurve roc = RocCurve.of(b, s);
        assertEquals(0.76025, roc.auc(), 0.002);
        assertEquals(6.3029, roc.rejection(0.5), 0.06);
        assertEquals(1 / 0.063757, roc.rejection(0.3), 0.3);
    }

    @Test
    void refusesEmptyOrNaN() {
        assertThrows(IllegalArgumentException.class, () -> RocCurve.of(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RocCurve.of(new double[] {Double.NaN}, new double[] {1}));
    }
}
