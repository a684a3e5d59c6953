package org.jetflow.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jetflow.flows.score.AnomalyScorer;
import org.jetflow.io.jet.JetBatch;

/**
 * {@code jetflow spark score}: each jet's anomaly score under a model trained on background, with
 * the columns of {@code jetflow score}: {@code jet}, run/lumi/event when the jets have them, {@code
 * pt, eta, mass} (GeV), {@code score_continuous, score_discrete, score}. A jet's score depends on the
 * jet alone, not on the partition it lands in.
 */
public final class SparkScore {
    private static final List<String> IDS = List.of("run", "lumi", "event");
    private static final int BATCH = 256;

    private SparkScore() {
    }

    /**
     * Scores {@code jets} (from {@link SparkJetInput}) into Parquet at {@code output}.
     *
     * @param partitions partitions to score in (0: as the input comes)
     * @return the number of jets scored
     */
    public static long run(SparkSession spark, java.nio.file.Path model, JetDataset jets, String output,
            int times, int draws, long seed, int partitions, boolean overwrite, java.io.PrintStream progress) {
        if (times < 1 || draws < 1) {
            throw new IllegalArgumentException("--times and --draws must be at least 1");
        }
        JetDataset in = partitions > 0 && jets.partitions() != partitions ? jets.repartition(partitions) : jets;
        String name = ModelShipping.ship(spark, model);
        JetRows.Reader reader = new JetRows.Reader(in.name(), in.schema());
        List<String> ids = new ArrayList<>();
        for (String id : IDS) {
            if (reader.schema().jetLongs().contains(id)) {
                ids.add(id);
            }
        }
        StructType out = schema(ids);
        Dataset<Row> scores = spark.createDataFrame(
                in.rows().mapPartitions(new Partition(name, reader, in.jetIndex(), ids, times, draws,
                        seed)), out);
        TaskProgress.during(spark, progress, "spark score", in.partitions(),
                () -> ParquetOutput.write(scores, output, overwrite));
        return spark.read().parquet(output).count();
    }

    static StructType schema(List<String> ids) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(JetRows.JET_INDEX, DataTypes.LongType, false));
        for (String id : ids) {
            f.add(DataTypes.createStructField(id, DataTypes.LongType, false));
        }
        for (String c : List.of("pt", "eta", "mass", "score_continuous", "score_discrete", "score")) {
            f.add(DataTypes.createStructField(c, DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(f);
    }

    /** Scores one partition's jets in batches. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final JetRows.Reader reader;
        private final int jetIndex;
        private final List<String> ids;
        private final int times;
        private final int draws;
        private final long seed;

        Partition(String model, JetRows.Reader reader, int jetIndex, List<String> ids, int times, int draws,
                long seed) {
            this.model = model;
            this.reader = reader;
            this.jetIndex = jetIndex;
            this.ids = ids;
            this.times = times;
            this.draws = draws;
            this.seed = seed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            AnomalyScorer scorer = ExecutorModels.scorer(model, times, draws, seed);
            return BatchedRows.mapChunks(rows, BATCH, chunk -> {
                long[] jet = JetRows.ids(chunk, jetIndex);
                JetBatch b = reader.batch(chunk, jet);
                AnomalyScorer.Scores s = scorer.score(b);
                List<Row> out = new ArrayList<>(b.size());
                for (int j = 0; j < b.size(); j++) {
                    Object[] v = new Object[1 + ids.size() + 6];
                    int c = 0;
                    v[c++] = jet[j];
                    for (String id : ids) {
                        v[c++] = b.jetLong(id)[j];
                    }
                    v[c++] = (double) b.jetPt()[j];
                    v[c++] = (double) b.jetEta()[j];
                    v[c++] = (double) b.jetMass()[j];
                    v[c++] = s.continuous()[j];
                    v[c++] = s.discrete()[j];
                    v[c] = s.combined()[j];
                    out.add(RowFactory.create(v));
                }
                return out;
            });
        }
    }
}
