package org.jetflow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.jetflow.api.DefaultModel;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.GeneratedJets;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.score.JetScorer;
import org.jetflow.flows.score.OdeLikelihood;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.hist.BinStats;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.observable.JetObservables;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.report.ObservableSpec;
import org.jetflow.validation.report.ValidationRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs in local mode (2 cores, up to 3 attempts per task) on the shipped model and sample
 * jets: reruns, retries, and agreement with the single-machine code.
 */
class SparkJobsTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));
    private static final int JETS = 90;
    private static final int PARTITIONS = 3;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSessions.open("test", "local[2,3]");
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.close();
        }
    }

    private static SparkGenerate.Options options(int failPartition) {
        return new SparkGenerate.Options(JETS, 42, PARTITIONS, 4, "euler", 0.85, 16, false, failPartition);
    }

    private static List<Row> sorted(String parquet) {
        return spark.read().parquet(parquet).orderBy(JetRows.JET_INDEX).collectAsList();
    }

    @Test
    void partitionPlanCoversEveryJetOnceWithItsOwnSeed() {
        List<PartitionPlan> p = PartitionPlan.of(10, 3, 7);
        assertEquals(List.of(4L, 3L, 3L), p.stream().map(PartitionPlan::jets).toList());
        assertEquals(List.of(0L, 4L, 7L), p.stream().map(PartitionPlan::firstJet).toList());
        assertEquals(p, PartitionPlan.of(10, 3, 7), "the plan is a function of (N, P, seed)");
        Set<Long> seeds = new HashSet<>();
        p.forEach(x -> seeds.add(x.seed()));
        assertEquals(3, seeds.size());
        assertNotEquals(PartitionPlan.of(10, 3, 8).get(0).seed(), p.get(0).seed());
        assertThrows(IllegalArgumentException.class, () -> PartitionPlan.of(0, 3, 7));
    }

    @Test
    void generateIsTheSamplerPerPartitionAndARerunWritesTheSameJets() throws Exception {
        int loadsBefore = ExecutorModels.loads();
        String a = tmp.resolve("gen-a.parquet").toString();
        String b = tmp.resolve("gen-b.parquet").toString();
        Path model = DefaultModel.path();
        assertEquals(JETS, SparkGenerate.run(spark, model, a, options(-1), null));
        assertEquals(JETS, SparkGenerate.run(spark, model, b, options(-1), null));
        assertTrue(Files.exists(Path.of(a, "_SUCCESS")));
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "the bundle is loaded once per executor, not per task");

        List<Row> ra = sorted(a);
        assertEquals(ra, sorted(b), "same job seed, same jets");
        assertEquals(JETS, ra.size());

        // Each partition holds exactly what the sampler gives for its plan's seed, batch by batch.
        JetRows.Reader reader = new JetRows.Reader("gen", spark.read().parquet(a).schema());
        try (ModelBundle bundle = ModelBundle.load(model);
                FlowSampler s = bundle.sampler()) {
            for (PartitionPlan plan : PartitionPlan.of(JETS, PARTITIONS, 42)) {
                JetBatch want = GeneratedJets.toBatch(s.sample(16, plan.seed(), 0, 4, Solver.EULER, 0.85));
                List<Row> got = ra.subList((int) plan.firstJet(), (int) plan.firstJet() + 16);
                long[] ids = got.stream().mapToLong(r -> r.getLong(r.fieldIndex(JetRows.JET_INDEX))).toArray();
                JetBatch back = reader.batch(got, ids);
                assertArrayEquals(want.pt(), back.pt(), "partition " + plan.partition());
                assertArrayEquals(want.token(), back.token());
                assertArrayEquals(want.jetMass(), back.jetMass());
                assertArrayEquals(want.energy(), back.energy());
            }
        }
        SparkGenerate.Options other = new SparkGenerate.Options(JETS, 43, PARTITIONS, 4, "euler", 0.85, 16, false, -1);
        String c = tmp.resolve("gen-c.parquet").toString();
        SparkGenerate.run(spark, model, c, other, null);
        assertNotEquals(ra.get(0), sorted(c).get(0), "another job seed, other jets");
    }

    @Test
    void aFailedAndRetriedTaskNeitherDuplicatesNorLosesJets() throws Exception {
        String clean = tmp.resolve("clean.parquet").toString();
        String retried = tmp.resolve("retried.parquet").toString();
        Path model = DefaultModel.path();
        SparkGenerate.run(spark, model, clean, options(-1), null);
        // Partition 1's first attempt dies after writing its first batch; Spark runs it again.
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        SparkGenerate.run(spark, model, retried, options(1), null);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        spark.sparkContext().removeSparkListener(listener);
        assertEquals(1, failed.get(), "one task attempt failed and was retried");
        List<Row> r = sorted(retried);
        assertEquals(JETS, r.size(), "no jet lost or duplicated");
        for (int j = 0; j < JETS; j++) {
            assertEquals(j, r.get(j).getLong(r.get(j).fieldIndex(JetRows.JET_INDEX)));
        }
        assertEquals(sorted(clean), r, "the retried partition wrote the same jets as a clean run");
    }

    @Test
    void aJobThatFailsLeavesNoOutput() {
        String out = tmp.resolve("failed.parquet").toString();
        SparkGenerate.Options bad = new SparkGenerate.Options(JETS, 42, PARTITIONS, 4, "euler", 0.85, 16, false, -1);
        Path notAModel = tmp.resolve("no-model");
        assertThrows(IllegalArgumentException.class, () -> SparkGenerate.run(spark, notAModel, out, bad, null));
        assertFalse(Files.exists(Path.of(out)));
    }

    /** The first 120 jets of the shipped sample, as an Arrow file. */
    private static Path sampleJets() throws Exception {
        Path f = tmp.resolve("sample-120.arrow");
        if (!Files.exists(f)) {
            List<JetBatch> jets = JetFiles.read(ROOT.resolve("samples/data/qcd-2k.h5"), 120);
            try (JetWriter w = JetFiles.create(f, jets.get(0).schema(), Map.of())) {
                for (JetBatch b : jets) {
                    w.write(b);
                }
            }
        }
        return f;
    }

    private static JetBatch concat(List<JetBatch> parts) {
        JetBatch.Builder b = JetBatch.builder(parts.get(0).schema(), 120);
        for (JetBatch p : parts) {
            for (int j = 0; j < p.size(); j++) {
                p.copyJet(j, b);
            }
        }
        return b.build();
    }

    @Test
    void jetFilesAreReadInRangesWithTheirGlobalIndex() throws Exception {
        // HDF5 and ROOT skip to a range; Arrow reads and drops. Two files: indices continue across them.
        JetBatch want = concat(JetFiles.read(sampleJets(), 120));
        for (String ext : List.of("h5", "root", "arrow")) {
            Path f = tmp.resolve("range." + ext);
            if (!Files.exists(f)) {
                try (JetWriter w = JetFiles.create(f, want.schema(), Map.of())) {
                    w.write(want);
                }
            }
            JetDataset d = SparkJetInput.read(spark, List.of(f.toString(), f.toString()), 7);
            assertTrue(d.partitions() >= 7, ext);
            List<Row> rows = new ArrayList<>(d.rows().collect());
            rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(d.jetIndex())));
            assertEquals(240, rows.size(), ext);
            JetRows.Reader reader = new JetRows.Reader(ext, d.schema());
            long[] ids = JetRows.ids(rows, d.jetIndex());
            JetBatch got = reader.batch(rows, ids);
            for (int j = 0; j < 240; j++) {
                assertEquals(j, ids[j], ext);
                assertEquals(want.jetPt()[j % 120], got.jetPt()[j], 0, ext + " jet " + j);
                assertEquals(want.multiplicity(j % 120), got.multiplicity(j), ext + " jet " + j);
            }
            assertArrayEquals(want.pt(), java.util.Arrays.copyOf(got.pt(), want.particleCount()), ext);
        }
    }

    @Test
    void scoresAreEachJetsSingleMachineScore() throws Exception {
        Path file = sampleJets();
        JetBatch all = concat(JetFiles.read(file, 120));
        for (JetScorer.Settings settings : List.of(
                new JetScorer.Settings(JetScorer.Method.LIKELIHOOD, 2, 1, 3, OdeLikelihood.Scheme.HEUN),
                new JetScorer.Settings(JetScorer.Method.LOSS, 2, 1, 3, OdeLikelihood.Scheme.EULER))) {
            String out = tmp.resolve("scores-" + settings.method() + ".parquet").toString();
            JetDataset jets = SparkJetInput.read(spark, List.of(file.toString()));
            assertEquals(120, SparkScore.run(spark, DefaultModel.path(), jets, out, settings, PARTITIONS, false, null));
            List<Row> got = sorted(out);
            try (ModelBundle bundle = ModelBundle.load(DefaultModel.path());
                    JetScorer s = new JetScorer(bundle.config(), bundle.preprocessing(), bundle.weights(), settings)) {
                double[][] want = s.score(all);
                for (int j = 0; j < 120; j++) {
                    Row r = got.get(j);
                    assertEquals(j, r.getLong(r.fieldIndex("jet")));
                    assertEquals(all.jetPt()[j], r.getDouble(r.fieldIndex("pt")), 0);
                    for (int k = 0; k < want.length; k++) {
                        double w = want[k][j];
                        // Jets are padded to their bucket's widest jet; masked padding changes nothing beyond rounding.
                        assertEquals(w, r.getDouble(r.fieldIndex(s.columns().get(k))), 1e-4 * Math.max(1, Math.abs(w)),
                                settings.method() + " " + s.columns().get(k) + ", jet " + j);
                    }
                }
            }
        }
    }

    @Test
    void mergedHistogramsEqualTheSingleMachineOnes() throws Exception {
        Path file = sampleJets();
        JetBatch all = concat(JetFiles.read(file, 120));
        ObservableTable single = new JetObservables(0.5, false).compute(all);
        JetDataset jets = SparkJetInput.read(spark, List.of(file.toString())).repartition(4);
        Dataset<Row> obs = SparkObservables.of(spark, jets).cache();
        List<Row> rows = obs.orderBy(JetRows.JET_INDEX).collectAsList();
        Map<String, Binning> binnings = new LinkedHashMap<>();
        for (ObservableSpec s : ObservableSpec.standard()) {
            double[] v = single.column(s.name()).clone();
            java.util.Arrays.sort(v);
            binnings.put(s.name(), ValidationRun.binning(s, v[0], v[v.length - 1] * 0.9, 20));
        }
        Map<String, Histo1D> merged = SparkObservables.histograms(obs, binnings, "/T");
        for (ObservableSpec s : ObservableSpec.standard()) {
            double[] v = single.column(s.name());
            for (int j = 0; j < 120; j++) {
                assertEquals(v[j], rows.get(j).getDouble(rows.get(j).fieldIndex(s.name())), 0, s.name() + " jet " + j);
            }
            Histo1D one = Histo1D.of("/T/" + s.name(), s.name(), binnings.get(s.name()), v);
            Histo1D m = merged.get(s.name());
            assertEquals(120, m.total().entries(), 0);
            for (int k = -1; k <= one.binning().size(); k++) {
                BinStats a = one.bin(k);
                BinStats b = m.bin(k);
                assertEquals(a.sumW(), b.sumW(), 0, s.name() + " bin " + k);
                assertEquals(a.sumW2(), b.sumW2(), 0);
                assertEquals(a.entries(), b.entries(), 0);
                // Σw·x is a float sum in another order: equal to rounding.
                assertEquals(a.sumWX(), b.sumWX(), 1e-9 * Math.max(1, Math.abs(a.sumWX())));
            }
        }
        obs.unpersist();
    }

    @Test
    void badJetsGiveOneLineErrorsNamingDatasetJetAndField() {
        Dataset<Row> noParticles = spark.createDataFrame(List.of(RowFactory.create(1f, 0f, 0f)),
                DataTypes.createStructType(List.of(DataTypes.createStructField("pt", DataTypes.FloatType, false),
                        DataTypes.createStructField("eta", DataTypes.FloatType, false),
                        DataTypes.createStructField("phi", DataTypes.FloatType, false))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JetRows.Reader("x.parquet", noParticles.schema()));
        assertEquals("x.parquet: column constituents is missing", e.getMessage());

        JetBatch two = concat(JetFiles.read(ROOT.resolve("samples/data/qcd-2k.h5"), 2));
        List<Row> rows = new ArrayList<>(JetRows.rows(two, 0));
        Object[] v = new Object[rows.get(1).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(1).get(i);
        }
        v[0] = Float.NaN;
        rows.set(1, RowFactory.create(v));
        JetRows.Reader reader = new JetRows.Reader("y.parquet", JetRows.schema(JetRows.withIndex(two.schema())));
        JetBatch first = reader.batch(rows.subList(0, 1), new long[] {0});
        assertArrayEquals(java.util.Arrays.copyOf(two.pt(), two.multiplicity(0)), first.pt(), "a row reads back as written");
        assertEquals(two.jetMass()[0], first.jetMass()[0]);
        e = assertThrows(IllegalArgumentException.class, () -> reader.batch(rows, new long[] {0, 1}));
        assertEquals("y.parquet: jet 1, pt: value NaN is not finite", e.getMessage());
    }
}
