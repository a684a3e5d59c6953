package org.jetflow.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * How a generation job of N jets is split: partition p holds jets {@code firstJet .. firstJet +
 * jets - 1} (the first N mod P partitions one more) and samples them with its own seed, a
 * SplitMix64 mix of the job seed and p. A rerun, or a retried task, therefore produces exactly the
 * same jets, whatever machine runs it.
 */
public record PartitionPlan(int partition, long firstJet, long jets, long seed) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The plan of every partition. */
    public static List<PartitionPlan> of(long jets, int partitions, long jobSeed) {
        if (jets < 1 || partitions < 1) {
            throw new IllegalArgumentException("need at least one jet and one partition, got " + jets + " jets and "
                    + partitions + " partitions");
        }
        List<PartitionPlan> out = new ArrayList<>(partitions);
        long base = jets / partitions;
        long extra = jets % partitions;
        long first = 0;
        for (int p = 0; p < partitions; p++) {
            long n = base + (p < extra ? 1 : 0);
            out.add(new PartitionPlan(p, first, n, seedOf(jobSeed, p)));
            first += n;
        }
        return out;
    }

    /** SplitMix64's finaliser of (job seed, partition): neighbouring partitions get unrelated streams. */
    static long seedOf(long jobSeed, int partition) {
        long z = jobSeed + 0x9E3779B97F4A7C15L * (partition + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
