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
import org.jetflow.flows.score.JetScorer;
import org.jetflow.io.jet.JetBatch;

/**
 * {@code jetflow spark score}: each jet's anomaly score under a model trained on background, with
 * the columns of {@code jetflow score} (the same {@link JetScorer}): {@code jet}, run/lumi/event when
 * the jets have them, {@code pt, eta, mass} (GeV), then the scorer's columns. A jet's score depends
 * on the jet alone, not on the partition it lands in.
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
            JetScorer.Settings settings, int partitions, boolean overwrite, java.io.PrintStream progress) {
        JetDataset in = partitions > 0 && jets.partitions() != partitions ? jets.repartition(partitions) : jets;
        String name = ModelShipping.ship(spark, model);
        JetRows.Reader reader = new JetRows.Reader(in.name(), in.schema());
        List<String> ids = new ArrayList<>();
        for (String id : IDS) {
            if (reader.schema().jetLongs().contains(id)) {
                ids.add(id);
            }
        }
        StructType out = schema(ids, settings);
        Dataset<Row> scores = spark.createDataFrame(
                in.rows().mapPartitions(new Partition(name, reader, in.jetIndex(), ids, settings)), out);
        TaskProgress.during(spark, progress, "spark score", in.partitions(),
                () -> ParquetOutput.write(scores, output, overwrite));
        return spark.read().parquet(output).count();
    }

    static StructType schema(List<String> ids, JetScorer.Settings settings) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(JetRows.JET_INDEX, DataTypes.LongType, false));
        for (String id : ids) {
            f.add(DataTypes.createStructField(id, DataTypes.LongType, false));
        }
        List<String> cols = new ArrayList<>(List.of("pt", "eta", "mass"));
        cols.addAll(JetScorer.columns(settings.method()));
        for (String c : cols) {
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
        private final JetScorer.Settings settings;

        Partition(String model, JetRows.Reader reader, int jetIndex, List<String> ids, JetScorer.Settings settings) {
            this.model = model;
            this.reader = reader;
            this.jetIndex = jetIndex;
            this.ids = ids;
            this.settings = settings;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            JetScorer scorer = ExecutorModels.scorer(model, settings);
            return BatchedRows.mapChunks(rows, BATCH, chunk -> {
                long[] jet = JetRows.ids(chunk, jetIndex);
                JetBatch b = reader.batch(chunk, jet);
                double[][] s = scorer.score(b);
                List<Row> out = new ArrayList<>(b.size());
                for (int j = 0; j < b.size(); j++) {
                    Object[] v = new Object[1 + ids.size() + 3 + s.length];
                    int c = 0;
                    v[c++] = jet[j];
                    for (String id : ids) {
                        v[c++] = b.jetLong(id)[j];
                    }
                    v[c++] = (double) b.jetPt()[j];
                    v[c++] = (double) b.jetEta()[j];
                    v[c++] = (double) b.jetMass()[j];
                    for (double[] col : s) {
                        v[c++] = col[j];
                    }
                    out.add(RowFactory.create(v));
                }
                return out;
            });
        }
    }
}
