package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiplicityBucketsTest {
    @Test
    void withoutAFixedCostEveryMultiplicityGetsItsOwnBucketAndWithALargeOneTheFewestBuckets() {
        int[] mult = {5, 1, 9, 3, 3, 7, 2, 3};
        // Slots alone: no padding at all; ties keep the larger bucket, so equal multiplicities share one.
        MultiplicityBuckets free = MultiplicityBuckets.cheapest(mult, 3, (jets, width) -> (double) jets * width);
        assertArrayEquals(new int[] {1, 6, 3, 4, 7, 0, 5, 2}, free.order());
        assertArrayEquals(new int[] {0, 1, 2, 5, 6, 7, 8}, free.starts());
        assertArrayEquals(new int[] {1, 2, 3, 5, 7, 9}, free.widths());
        // A pass costs far more than any padding: ⌈8/3⌉ = 3 passes, and of the three such splits
        // 1 2 | 3 3 3 | 5 7 9 takes 40 slots, 1 2 3 | 3 3 | 5 7 9 and 1 2 3 | 3 3 5 | 7 9 take 42.
        MultiplicityBuckets dear = MultiplicityBuckets.cheapest(mult, 3, (jets, width) -> 1e6 + jets * width);
        assertArrayEquals(new int[] {0, 2, 5, 8}, dear.starts());
        assertArrayEquals(new int[] {2, 3, 9}, dear.widths());
    }

    @Test
    void theCheapestSplitIsTheLeastCostOfAllSplits() {
        SplittableRandom r = new SplittableRandom(5);
        MultiplicityBuckets.Cost cost = (jets, width) -> 40 + jets * width + 0.3 * jets * width * width;
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(11);
            int maxJets = 1 + r.nextInt(4);
            int[] mult = new int[n];
            for (int j = 0; j < n; j++) {
                mult[j] = r.nextInt(30);
            }
            MultiplicityBuckets plan = MultiplicityBuckets.cheapest(mult, maxJets, cost);
            int[] sorted = mult.clone();
            java.util.Arrays.sort(sorted);
            double got = 0;
            for (int b = 0; b < plan.buckets(); b++) {
                assertTrue(plan.size(b) >= 1 && plan.size(b) <= maxJets);
                got += cost.of(plan.size(b), plan.widths()[b]);
            }
            assertEquals(bruteForce(sorted, 0, maxJets, cost), got, 1e-9 * got, "trial " + trial);
            assertEquals(n, plan.starts()[plan.buckets()]);
        }
    }

    /** The least cost of all splits of sorted[from..] into runs of at most maxJets, by enumeration. */
    private static double bruteForce(int[] sorted, int from, int maxJets, MultiplicityBuckets.Cost cost) {
        if (from == sorted.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int to = from + 1; to <= Math.min(sorted.length, from + maxJets); to++) {
            best = Math.min(best, cost.of(to - from, Math.max(1, sorted[to - 1]))
                    + bruteForce(sorted, to, maxJets, cost));
        }
        return best;
    }
}
