package org.jetflow.flows.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The times and sizes of unequal shortcut steps, and the schedules a shortcut model never learnt. */
class StepScheduleTest {
    @Test
    void coarseToFineStepsStartWhereTheLastEnded() {
        StepSchedule s = StepSchedule.parse("2, 4,8,8");
        assertEquals(4, s.steps());
        double[] starts = {0, 0.5, 0.75, 0.875};
        double[] sizes = {0.5, 0.25, 0.125, 0.125};
        for (int k = 0; k < 4; k++) {
            assertEquals(starts[k], s.start(k), 0, "start of step " + k);
            assertEquals(sizes[k], s.size(k), 0, "size of step " + k);
        }
        assertEquals(8, s.finest());
        assertFalse(s.uniform());
        assertEquals("2,4,8,8", s.toString());
        assertEquals(s, StepSchedule.parse(s.toString()));
        assertTrue(StepSchedule.parse("4,4,4,4").uniform());
        assertEquals(StepSchedule.uniform(4), StepSchedule.parse("4,4,4,4"));
        assertEquals(0.9375, StepSchedule.parse("2,4,8,16,16").start(4), 0);
    }

    @Test
    void schedulesAShortcutModelNeverLearntAreRefused() {
        // 1/2 starting at t = 1/4: a step of size d is learnt only from multiples of d.
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("4,2,4"));
        assertTrue(off.getMessage().contains("not on a multiple of its size"), off.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("2,4")).getMessage()
                .contains("add up to 3/4"));
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("2,4,8,8,8"), "adds up to 9/8");
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("3,3,3"), "1/3 is not a power of two");
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("2,x"));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(Solver.HEUN, 4, 0, StepSchedule.parse("2,4,8,8")),
                "a schedule is for the shortcut solver");
        assertThrows(IllegalArgumentException.class, () -> new Sampling(Solver.SHORTCUT, 8, 0,
                StepSchedule.parse("2,4,8,8")), "as many steps as the schedule lists");
    }

    @Test
    void aCallersStepsOrSolverReplaceTheSchedule() {
        Sampling own = Sampling.shortcut(StepSchedule.parse("2,4,8,8"), 20);
        assertEquals(own, own.with(null, null));
        assertEquals(new Sampling(Solver.SHORTCUT, 4, 20), own.with(4, null));
        assertEquals(new Sampling(Solver.HEUN, 4, 20), own.with(null, "heun"));
        assertEquals(own.schedule(), own.withClassSweeps(4).schedule());
        assertEquals("shortcut 2,4,8,8", own.describe());
        assertEquals("heun 16", Sampling.FLOW.describe());
    }
}
