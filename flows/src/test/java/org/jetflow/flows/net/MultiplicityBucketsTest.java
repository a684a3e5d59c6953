package org.jetflow.flows.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MultiplicityBucketsTest {
    @Test
    void ordersByMultiplicityAndPadsEachBucketToItsLargestJet() {
        int[] mult = {5, 1, 9, 3, 3, 7, 2};
        MultiplicityBuckets b = MultiplicityBuckets.of(mult, 3);
        assertArrayEquals(new int[] {1, 6, 3, 4, 0, 5, 2}, b.order());
        // 7 jets in ⌈7/3⌉ = 3 buckets of equal shares 2, 2, 3.
        assertArrayEquals(new int[] {0, 2, 4, 7}, b.starts());
        assertArrayEquals(new int[] {2, 3, 9}, b.widths());
        assertEquals(3, b.size(2));
    }
}
