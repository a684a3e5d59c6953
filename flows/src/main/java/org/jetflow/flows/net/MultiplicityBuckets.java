package org.jetflow.flows.net;

import java.util.Arrays;

/**
 * Groups jets of similar multiplicity so that each group is padded only to its own largest jet, not
 * to P: attention costs grow with the square of the padded length, and QCD jets with P = 150 are
 * padded by more than half. Masked attention leaves real particles' outputs unchanged, so grouping
 * changes the cost, not the result.
 *
 * @param order  jet indices, multiplicity ascending (ties in index order)
 * @param starts bucket b holds {@code order[starts[b] .. starts[b+1])}; length buckets + 1
 * @param widths padded length of bucket b (its largest multiplicity, at least 1)
 */
public record MultiplicityBuckets(int[] order, int[] starts, int[] widths) {
    /**
     * Buckets of at most {@code maxJets} jets.
     *
     * @param multiplicity particles per jet
     */
    public static MultiplicityBuckets of(int[] multiplicity, int maxJets) {
        int n = multiplicity.length;
        Integer[] idx = new Integer[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j;
        }
        Arrays.sort(idx, (u, v) -> multiplicity[u] != multiplicity[v]
                ? Integer.compare(multiplicity[u], multiplicity[v]) : Integer.compare(u, v));
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = idx[j];
        }
        int buckets = (n + maxJets - 1) / maxJets;
        int[] starts = new int[buckets + 1];
        int[] widths = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            // Equal shares rather than full buckets and a remainder: similar cost per bucket.
            starts[b] = (int) ((long) b * n / buckets);
        }
        starts[buckets] = n;
        for (int b = 0; b < buckets; b++) {
            widths[b] = Math.max(1, multiplicity[order[starts[b + 1] - 1]]);
        }
        return new MultiplicityBuckets(order, starts, widths);
    }

    public int buckets() {
        return widths.length;
    }

    /** Jets in bucket b. */
    public int size(int b) {
        return starts[b + 1] - starts[b];
    }
}
