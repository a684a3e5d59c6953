package org.jetflow.flows.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.junit.jupiter.api.Test;

class TrainingTimesTest {
    private static final int N = 200_000;

    /** Share of the draws in (0.25, 0.75). */
    private static double middle(float[] t) {
        int in = 0;
        for (float x : t) {
            if (x > 0.25 && x < 0.75) {
                in++;
            }
        }
        return (double) in / t.length;
    }

    @Test
    void uniformTimesFillTheIntervalEvenly() {
        float[] t = new TrainingTimes(0.001, 0).draw(N, new SplittableRandom(1));
        // 0.5 / 0.998 of U(0.001, 0.999) lies in (0.25, 0.75); binomial σ ≈ 0.0011.
        assertEquals(0.5 / 0.998, middle(t), 0.005);
    }

    @Test
    void logitNormalTimesFollowTheNormalCdf() {
        float[] t = new TrainingTimes(0.001, 1).draw(N, new SplittableRandom(2));
        // t in (0.25, 0.75) iff |z| < ln 3: 2Φ(ln 3) − 1 = 0.72800 for s = 1 …
        assertEquals(0.72800, middle(t), 0.005);
        // … and for s = 2, |z| < ln 3 / 2: 2Φ(0.549306) − 1 = 0.41720.
        assertEquals(0.41720, middle(new TrainingTimes(0.001, 2).draw(N, new SplittableRandom(3))), 0.005);
        float lo = 1;
        float hi = 0;
        for (float x : new TrainingTimes(0.01, 4).draw(N, new SplittableRandom(4))) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        // With s = 4 a quarter of z fall beyond ±ln 99 / 4, where t is clamped to [ε, 1 − ε].
        assertEquals(0.01, lo, 1e-7);
        assertEquals(0.99, hi, 1e-7);
    }

    @Test
    void configurationsWrittenBeforeTheFieldTrainAtUniformTimes() throws Exception {
        String json = FlowConfig.cpuDefault().toJson();
        assertTrue(json.contains("\"timeLogitStd\" : 0.0"), json);
        FlowConfig old = FlowConfig.fromJson(json.replaceAll("\\s*\"timeLogitStd\" : 0.0,", ""));
        assertEquals(FlowConfig.cpuDefault(), old);
        IOException bad = assertThrows(IOException.class, () -> FlowConfig.fromJson(
                json.replace("\"timeLogitStd\" : 0.0", "\"timeLogitStd\" : -1")));
        assertTrue(bad.getMessage().contains("timeLogitStd=-1.0"), bad.getMessage());
    }

    @Test
    void sameSeedSameTimesAndBadSettingsRejected() {
        TrainingTimes times = new TrainingTimes(0.001, 1);
        assertTrue(Arrays.equals(times.draw(100, new SplittableRandom(9)), times.draw(100, new SplittableRandom(9))));
        assertThrows(IllegalArgumentException.class, () -> new TrainingTimes(0.001, -1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingTimes(0.6, 1));
    }
}
