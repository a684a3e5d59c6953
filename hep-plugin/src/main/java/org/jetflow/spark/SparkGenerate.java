package org.jetflow.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.GeneratedJets;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.sample.StepSchedule;
import org.jetflow.io.jet.JetSchema;

/**
 * {@code jetflow spark generate}: N jets split into partitions ({@link PartitionPlan}), each sampled
 * on an executor with its own seed and written as Parquet in the Arrow jet-file layout plus the
 * global jet index {@code jet}. Spark's output committer keeps only the files of successful task
 * attempts, so a retried task neither duplicates nor loses jets.
 */
public final class SparkGenerate {
    private SparkGenerate() {
    }

    /**
     * Settings.
     *
     * @param batchSize jets sampled together on an executor
     * @param failFirstAttemptOf for the retry test: the first attempt of this partition fails after
     *                           its first batch (−1: never)
     * @param schedule  the shortcut steps' denominators ({@link StepSchedule}, e.g. "2,4,8,8"), or
     *                  {@code null} for {@code steps} equal steps
     */
    public record Options(long jets, long seed, int partitions, int steps, String solver, double temperature,
            int batchSize, boolean overwrite, int failFirstAttemptOf, String schedule) implements java.io.Serializable {
        public Options {
            Solver.parse(solver);
            if (steps < 1 || batchSize < 1 || !(temperature > 0)) {
                throw new IllegalArgumentException("--steps and the batch size must be at least 1 and the temperature"
                        + " positive");
            }
            if (schedule != null) {
                new Sampling(Solver.parse(solver), steps, 0, StepSchedule.parse(schedule));
            }
        }

        /** Equal steps. */
        public Options(long jets, long seed, int partitions, int steps, String solver, double temperature,
                int batchSize, boolean overwrite, int failFirstAttemptOf) {
            this(jets, seed, partitions, steps, solver, temperature, batchSize, overwrite, failFirstAttemptOf, null);
        }
    }

    /** Runs the job; returns the number of jets written. */
    public static long run(SparkSession spark, java.nio.file.Path model, String output, Options o,
            java.io.PrintStream progress) {
        List<PartitionPlan> plans = PartitionPlan.of(o.jets(), o.partitions(), o.seed());
        String name = ModelShipping.ship(spark, model);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(plans, plans.size())
                .flatMap(new Partition(name, o));
        TaskProgress.during(spark, progress, "spark generate", plans.size(), () -> ParquetOutput.write(
                spark.createDataFrame(rows, JetRows.schema(JetRows.withIndex(JetSchema.CORE))), output, o.overwrite()));
        return o.jets();
    }

    /** Samples one partition's jets batch by batch, so that a task holds one batch at a time. */
    static final class Partition implements FlatMapFunction<PartitionPlan, Row> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final Options o;

        Partition(String model, Options o) {
            this.model = model;
            this.o = o;
        }

        @Override
        public Iterator<Row> call(PartitionPlan plan) {
            FlowSampler sampler = ExecutorModels.sampler(model)
                    .schedule(o.schedule() == null ? null : StepSchedule.parse(o.schedule()));
            Solver solver = Solver.parse(o.solver());
            TaskContext task = TaskContext.get();
            boolean fail = plan.partition() == o.failFirstAttemptOf() && task != null && task.attemptNumber() == 0;
            return new BatchedRows() {
                private long done;
                private long batch;

                @Override
                protected List<Row> nextBatch() {
                    if (done >= plan.jets()) {
                        return null;
                    }
                    if (fail && batch > 0) {
                        throw new IllegalStateException("injected failure of partition " + plan.partition()
                                + ", attempt 0 (retry test)");
                    }
                    int n = (int) Math.min(o.batchSize(), plan.jets() - done);
                    FlowSampler.Particles g = sampler.sample(n, plan.seed(), batch, o.steps(), solver, o.temperature());
                    List<Row> rows = JetRows.rows(GeneratedJets.toBatch(g), plan.firstJet() + done);
                    done += n;
                    batch++;
                    return rows;
                }
            };
        }
    }
}
