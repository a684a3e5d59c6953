package org.jetflow.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import scala.Tuple2;

/**
 * Jets for a Spark job: a Parquet dataset (a directory or {@code .parquet} files, read by Spark's own
 * data source) or JetFlow jet files (.h5, .arrow, .root; one task per file, so the files must be
 * readable from every executor). Every row gets the global jet index {@code jet}: kept when the
 * dataset has it, else the row's position (files in the order given).
 */
public final class SparkJetInput {
    private SparkJetInput() {
    }

    /**
     * The jets of {@code paths}, all Parquet or all jet files, in at least {@code partitions}
     * partitions (0: Spark's default parallelism, one per core in local mode). Jet files are read in
     * ranges of jets, one task per range; a Parquet dataset with fewer partitions is repartitioned.
     */
    public static JetDataset read(SparkSession spark, List<String> paths, int partitions) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no input given");
        }
        boolean parquet = isParquet(paths.get(0));
        for (String p : paths) {
            if (isParquet(p) != parquet) {
                throw new IllegalArgumentException(p + ": mix of Parquet and jet files; give one kind");
            }
        }
        int want = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        JetDataset d = parquet ? parquet(spark, paths) : jetFiles(spark, paths, want);
        return d.partitions() < want ? d.repartition(want) : d;
    }

    /** The jets of {@code paths}, all Parquet or all jet files, one task per file or Parquet split. */
    public static JetDataset read(SparkSession spark, List<String> paths) {
        return read(spark, paths, 1);
    }

    static boolean isParquet(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".parquet") || Files.isDirectory(Path.of(path));
    }

    private static JetDataset parquet(SparkSession spark, List<String> paths) {
        for (String p : paths) {
            if (!Files.exists(Path.of(p))) {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        String name = String.join(",", paths);
        Dataset<Row> df = spark.read().parquet(paths.toArray(String[]::new));
        StructType type = df.schema();
        new JetRows.Reader(name, type);
        if (Arrays.asList(type.fieldNames()).contains(JetRows.JET_INDEX)) {
            return new JetDataset(df.javaRDD(), type, name);
        }
        StructType indexed = type.add(DataTypes.createStructField(JetRows.JET_INDEX, DataTypes.LongType, false));
        return new JetDataset(df.javaRDD().zipWithIndex().map(JetIndexed::append), indexed, name);
    }

    private static JetDataset jetFiles(SparkSession spark, List<String> paths, int partitions) {
        JetSchema schema = null;
        long[] counts = new long[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            try (JetReader r = JetFiles.open(Path.of(p))) {
                if (schema != null && !schema.equals(r.schema())) {
                    throw new IllegalArgumentException(p + ": its columns " + r.schema() + " differ from "
                            + paths.get(0) + "'s " + schema);
                }
                schema = r.schema();
                counts[i] = r.jetCount();
            }
        }
        long total = java.util.Arrays.stream(counts).sum();
        long per = Math.max(1, (total + partitions - 1) / partitions);
        List<FileSlice> slices = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < paths.size(); i++) {
            for (long start = 0; start < counts[i]; start += per) {
                slices.add(new FileSlice(paths.get(i), first + start, start, Math.min(per, counts[i] - start)));
            }
            first += counts[i];
        }
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(slices, Math.max(1, slices.size())).flatMap(FileSlice::rows);
        return new JetDataset(rows, JetRows.schema(JetRows.withIndex(schema)), String.join(",", paths));
    }

    /**
     * Jets {@code start .. start + count - 1} of one jet file, whose first jet has the global index
     * {@code firstJet}.
     */
    record FileSlice(String path, long firstJet, long start, long count) implements java.io.Serializable {
        Iterator<Row> rows() {
            JetReader r = JetFiles.open(Path.of(path));
            long skipped = r.skip(start);
            return new BatchedRows() {
                private long toDrop = start - skipped;
                private long done;

                @Override
                protected List<Row> nextBatch() {
                    while (true) {
                        JetBatch b = done < count ? r.next() : null;
                        if (b == null) {
                            r.close();
                            return null;
                        }
                        if (toDrop >= b.size()) {
                            toDrop -= b.size();
                            continue;
                        }
                        int from = (int) toDrop;
                        int n = (int) Math.min(b.size() - from, count - done);
                        toDrop = 0;
                        List<Row> rows = JetRows.rows(range(b, from, n), firstJet + done);
                        done += n;
                        return rows;
                    }
                }
            };
        }

        private static JetBatch range(JetBatch b, int from, int n) {
            if (from == 0) {
                return b.head(n);
            }
            JetBatch.Builder out = JetBatch.builder(b.schema(), n);
            for (int j = from; j < from + n; j++) {
                b.copyJet(j, out);
            }
            return out.build();
        }
    }

    /** Appends the zipWithIndex position as the last column. */
    private static final class JetIndexed {
        static Row append(Tuple2<Row, Long> t) {
            Object[] v = new Object[t._1().size() + 1];
            for (int i = 0; i < t._1().size(); i++) {
                v[i] = t._1().get(i);
            }
            v[v.length - 1] = t._2();
            return RowFactory.create(v);
        }
    }
}
