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
        StructType type = observables.schema();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (String name : binnings.keySet()) {
            columns.put(name, type.fieldIndex(name));
        }
        int jet = type.fieldIndex(JetRows.JET_INDEX);
        HistogramSet zero = new HistogramSet(prefix, binnings, columns, jet);
        return observables.javaRDD().treeAggregate(zero, HistogramSet::fill, HistogramSet::merge).histograms();
    }

    /** The histograms of one partition, then of several merged. */
    static final class HistogramSet implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Histo1D> histograms = new LinkedHashMap<>();
        private final Map<String, Integer> columns;
        private final int jet;

        HistogramSet(String prefix, Map<String, Binning> binnings, Map<String, Integer> columns, int jet) {
            for (Map.Entry<String, Binning> e : binnings.entrySet()) {
                histograms.put(e.getKey(), new Histo1D(prefix + "/" + e.getKey(), e.getKey(), e.getValue()));
            }
            this.columns = columns;
            this.jet = jet;
        }

        HistogramSet fill(Row r) {
            for (Map.Entry<String, Integer> c : columns.entrySet()) {
                double v = r.getDouble(c.getValue());
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("jet " + r.getLong(jet) + ", observable " + c.getKey()
                            + ": is NaN (a jet with a single particle has no τ ratios or C2/D2)");
                }
                histograms.get(c.getKey()).fill(v, 1);
            }
            return this;
        }

        HistogramSet merge(HistogramSet other) {
            for (Map.Entry<String, Histo1D> e : histograms.entrySet()) {
                e.getValue().merge(other.histograms.get(e.getKey()));
            }
            return this;
        }

        Map<String, Histo1D> histograms() {
            return histograms;
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
