package org.jetflow.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.observable.JetObservables;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.report.ObservableSpec;
import org.jetflow.validation.report.ValidationRun;

/**
 * {@code jetflow spark observables}: every jet's observables (the columns of {@code jetflow
 * observables}, κ = 0.5, no EFPs) computed on the executors, and histograms of them filled per
 * partition and merged on the driver. Bin contents (Σw, Σw², entries) are sums of ones, so the
 * merged histograms equal one machine's exactly, whatever the partitioning.
 */
public final class SparkObservables {
    private static final int BATCH = 256;

    private SparkObservables() {
    }

    /** The observable columns, in order, after {@code jet}. */
    public static List<String> names() {
        return new JetObservables(0.5, false).names();
    }

    /** One row per jet: {@code jet} and the observables (double). */
    public static Dataset<Row> of(SparkSession spark, JetDataset jets) {
        JetRows.Reader reader = new JetRows.Reader(jets.name(), jets.schema());
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(JetRows.JET_INDEX, DataTypes.LongType, false));
        for (String n : names()) {
            f.add(DataTypes.createStructField(n, DataTypes.DoubleType, true));
        }
        StructType type = DataTypes.createStructType(f);
        return spark.createDataFrame(jets.rows().mapPartitions(new Partition(reader, jets.jetIndex())), type);
    }

    /**
     * Writes every jet's observables as Parquet and, when {@code histograms} is given, their
     * histograms ({@code /JETFLOW/NAME}) as YODA, binned from the sample's own quantiles.
     *
     * @return the number of jets
     */
    public static long write(SparkSession spark, JetDataset jets, String output,
            java.nio.file.Path histograms, int bins, boolean overwrite, java.io.PrintStream progress)
            throws java.io.IOException {
        Dataset<Row> obs = of(spark, jets).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        try {
            TaskProgress.during(spark, progress, "spark observables", jets.partitions(),
                    () -> ParquetOutput.write(obs, output, overwrite));
            if (histograms != null) {
                org.jetflow.validation.hist.YodaWriter yoda = new org.jetflow.validation.hist.YodaWriter();
                histograms(obs, binnings(obs, bins), "/JETFLOW").values().forEach(yoda::add);
                org.jetflow.io.file.AtomicTarget.writeString(histograms, yoda.text());
            }
            return obs.count();
        } finally {
            obs.unpersist();
        }
    }

    /**
     * Binnings of the standard observables as {@code jetflow validate} makes them, from the 0.1 % and
     * 99.9 % quantiles of all samples together (Spark's approxQuantile, relative error 1e-4).
     */
    public static Map<String, Binning> binnings(Dataset<Row> observables, int bins) {
        List<ObservableSpec> specs = ObservableSpec.standard();
        String[] cols = specs.stream().map(ObservableSpec::name).toArray(String[]::new);
        double[][] q = observables.stat().approxQuantile(cols, new double[] {0.001, 0.999}, 1e-4);
        Map<String, Binning> out = new LinkedHashMap<>();
        for (int k = 0; k < specs.size(); k++) {
            if (q[k].length < 2) {
                throw new IllegalArgumentException("observable " + cols[k] + ": no values (empty sample?)");
            }
            out.put(cols[k], ValidationRun.binning(specs.get(k), q[k][0], q[k][1], bins));
        }
        return out;
    }

    /**
     * Histograms ({@code prefix/NAME}) of the given observables, filled per partition and merged.
     * NaN values (τ ratios of one-particle jets) are refused with the jet's index.
     */
    public static Map<String, Histo1D> histograms(Dataset<Row> observables, Map<String, Binning> binnings, String prefix) {
        return fill(observables, binnings, new String[] {prefix}).histograms(0);
    }

    /**
     * Histograms of the jets with an even index ({@code evenPrefix/NAME}) and of those with an odd
     * one ({@code oddPrefix/NAME}), in one pass: two independent halves of a sample.
     */
    public static List<Map<String, Histo1D>> histogramsByParity(Dataset<Row> observables, Map<String, Binning> binnings,
            String evenPrefix, String oddPrefix) {
        HistogramSet s = fill(observables, binnings, new String[] {evenPrefix, oddPrefix});
        return List.of(s.histograms(0), s.histograms(1));
    }

    private static HistogramSet fill(Dataset<Row> observables, Map<String, Binning> binnings, String[] prefixes) {
        StructType type = observables.schema();
        int[] columns = binnings.keySet().stream().mapToInt(type::fieldIndex).toArray();
        HistogramSet zero = new HistogramSet(prefixes, binnings, columns, type.fieldIndex(JetRows.JET_INDEX));
        return observables.javaRDD().treeAggregate(zero, HistogramSet::fill, HistogramSet::merge);
    }

    /**
     * The histograms of one partition, then of several merged: one set per prefix; with two
     * prefixes, the first for jets with an even index and the second for odd, filled in one pass.
     */
    static final class HistogramSet implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String[] names;
        private final int[] columns;
        private final int jet;
        private final Histo1D[][] histograms;

        HistogramSet(String[] prefixes, Map<String, Binning> binnings, int[] columns, int jet) {
            this.names = binnings.keySet().toArray(String[]::new);
            this.columns = columns;
            this.jet = jet;
            histograms = new Histo1D[prefixes.length][names.length];
            for (int p = 0; p < prefixes.length; p++) {
                for (int k = 0; k < names.length; k++) {
                    histograms[p][k] = new Histo1D(prefixes[p] + "/" + names[k], names[k], binnings.get(names[k]));
                }
            }
        }

        HistogramSet fill(Row r) {
            long id = r.getLong(jet);
            Histo1D[] h = histograms[histograms.length == 1 ? 0 : (int) (id & 1)];
            for (int k = 0; k < columns.length; k++) {
                double v = r.getDouble(columns[k]);
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("jet " + id + ", observable " + names[k]
                            + ": is NaN (a jet with a single particle has no τ ratios or C2/D2)");
                }
                h[k].fill(v, 1);
            }
            return this;
        }

        HistogramSet merge(HistogramSet other) {
            for (int p = 0; p < histograms.length; p++) {
                for (int k = 0; k < names.length; k++) {
                    histograms[p][k].merge(other.histograms[p][k]);
                }
            }
            return this;
        }

        Map<String, Histo1D> histograms(int set) {
            Map<String, Histo1D> out = new LinkedHashMap<>();
            for (int k = 0; k < names.length; k++) {
                out.put(names[k], histograms[set][k]);
            }
            return out;
        }
    }

    /** Computes one partition's observables in batches. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final JetRows.Reader reader;
        private final int jetIndex;

        Partition(JetRows.Reader reader, int jetIndex) {
            this.reader = reader;
            this.jetIndex = jetIndex;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            JetObservables obs = new JetObservables(0.5, false);
            return BatchedRows.mapChunks(rows, BATCH, chunk -> {
                long[] ids = JetRows.ids(chunk, jetIndex);
                JetBatch b = reader.batch(chunk, ids);
                ObservableTable t = obs.compute(b);
                List<Row> out = new ArrayList<>(t.rows());
                for (int j = 0; j < t.rows(); j++) {
                    Object[] v = new Object[t.columns().length + 1];
                    v[0] = ids[j];
                    for (int k = 0; k < t.columns().length; k++) {
                        v[k + 1] = t.columns()[k][j];
                    }
                    out.add(RowFactory.create(v));
                }
                return out;
            });
        }
    }
}
