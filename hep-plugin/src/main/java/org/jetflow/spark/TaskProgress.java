package org.jetflow.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.executor.TaskMetrics;

/**
 * Prints a progress line on the driver as tasks finish: tasks done of the job's total, jets
 * processed (records written or read by successful tasks), jets/s and an ETA.
 */
final class TaskProgress extends SparkListener {
    private final PrintStream out;
    private final String label;
    private final int tasks;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong jets = new AtomicLong();

    /** Runs {@code job} with progress lines on {@code out} (none when it is null). */
    static void during(org.apache.spark.sql.SparkSession spark, PrintStream out, String label, int tasks, Runnable job) {
        TaskProgress listener = out == null ? null : new TaskProgress(out, label, tasks);
        if (listener != null) {
            spark.sparkContext().addSparkListener(listener);
        }
        try {
            job.run();
        } finally {
            if (listener != null) {
                spark.sparkContext().removeSparkListener(listener);
            }
        }
    }

    TaskProgress(PrintStream out, String label, int tasks) {
        this.out = out;
        this.label = label;
        this.tasks = tasks;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
            out.println(label + ": task " + end.taskInfo().index() + " attempt " + end.taskInfo().attemptNumber()
                    + " failed; Spark retries it");
            out.flush();
            return;
        }
        TaskMetrics m = end.taskMetrics();
        long n = m == null ? 0 : Math.max(m.outputMetrics().recordsWritten(), m.inputMetrics().recordsRead());
        long d = done.incrementAndGet();
        long j = jets.addAndGet(n);
        double s = (System.nanoTime() - start) / 1e9;
        String eta = d < tasks ? String.format(Locale.ROOT, ", ETA %.0f s", s / d * (tasks - d)) : "";
        out.printf(Locale.ROOT, "%s: %d/%d tasks, %d jets, %.1f jets/s%s%n", label, Math.min(d, tasks), tasks, j,
                j / Math.max(s, 1e-9), eta);
        out.flush();
    }
}
