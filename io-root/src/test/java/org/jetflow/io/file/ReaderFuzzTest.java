package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.jetflow.io.hdf5.Hdf5Fixtures;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.root.RootCompression;
import org.jetflow.io.root.RootFixtures;
import org.jetflow.io.root.RootFormatException;
import org.jetflow.io.root.RootJetWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged jet files: every reader of io-root, given mutants of small valid files, either reads
 * them or fails with one {@link JetFileException} naming the file — never another exception, an
 * error (OutOfMemoryError, StackOverflowError), a hang, or an allocation far beyond the file.
 *
 * <p>Mutations, from a fixed seed ({@link SplittableRandom}): truncation at a random byte; 1–8
 * random bit flips; a run of 1–64 random bytes overwritten; 1–8 random bytes in the first 4 kB
 * (where the headers are). Each mutant is read completely, every value touched, in a worker thread
 * with a time limit.
 *
 * <p>System properties (surefire hands {@code -D} values of the mvn command line to the test JVM):
 * <ul>
 * <li>{@code jetflow.fuzz.mutants}: mutants per format and seed (default 300)</li>
 * <li>{@code jetflow.fuzz.seed}: the seed, or several separated by commas (default 1)</li>
 * <li>{@code jetflow.fuzz.timeout}: seconds one read may take (default 10)</li>
 * <li>{@code jetflow.fuzz.formats}: only these formats, separated by commas ({@code hdf5, arrow,
 *     root, root-layer}; default all)</li>
 * <li>{@code jetflow.fuzz.replay}: {@code format:seed:mutant} (as a failure report prints it) to
 *     run that mutant alone</li>
 * </ul>
 * A long campaign (docs/benchmarks.md, "Reader fuzzing"): {@code nice -n 19 mvn -B -q -o test -pl
 * io-root -Dtest=ReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djetflow.fuzz.mutants=5000
 * -Djetflow.fuzz.seed=11,12,13,14}. Summaries (counts, the commonest messages, the most allocating
 * reads) go to {@code io-root/target/fuzz/}, failing mutants to {@code io-root/target/fuzz/failures/}.
 */
class ReaderFuzzTest {
    private static final int MUTANTS = Integer.getInteger("jetflow.fuzz.mutants", 300);
    private static final long[] SEEDS = Arrays.stream(System.getProperty("jetflow.fuzz.seed", "1").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    private static final int TIMEOUT_SECONDS = Integer.getInteger("jetflow.fuzz.timeout", 10);
    private static final String REPLAY = System.getProperty("jetflow.fuzz.replay", "").strip();
    private static final List<String> FORMATS = Arrays.stream(System.getProperty("jetflow.fuzz.formats", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
    private static final int JETS = 200;
    /** Failures reported in full; the rest are counted. */
    private static final int REPORTED = 25;
    /** A format's campaign stops after this many hung reads (each leaves a thread behind). */
    private static final int MAX_TIMEOUTS = 3;
    private static final Path OUT = Path.of("target", "fuzz");

    @TempDir
    static Path tmp;

    private static final java.util.EnumMap<Format, List<Path>> FIXTURES = new java.util.EnumMap<>(Format.class);

    /** Keeps the values read alive, so that decoding them cannot be optimised away. */
    private static volatile double sink;

    /** The readers under test, with the valid files their mutants are made from. */
    enum Format {
        /**
         * {@link JetFiles#open} on AspenOpenJets HDF5: JetFlow's writer (jhdf; chunked, shuffle +
         * deflate), jhdf's contiguous layout, and a file of the HDF5 C library (h5py: superblock v0,
         * v1 object headers and B-trees, nothing checksummed), as CMS Open Data files are written.
         */
        HDF5(ReaderFuzzTest::readJets),
        /** {@link JetFiles#open} on Arrow IPC files of JetFlow's writer. */
        ARROW(ReaderFuzzTest::readJets),
        /** {@link JetFiles#open} on ROOT files: JetFlow's jet tree (zlib, zstd, uncompressed) and a PFNano-style event tree. */
        ROOT(ReaderFuzzTest::readJets),
        /**
         * The ROOT layer alone (every branch of every tree, as {@code jetflow info} lists them): the
         * files above and, when {@code ../shared} is there, uproot's fixtures (LZ4, LZMA, STL
         * containers). Its errors are {@link RootFormatException}s naming the file.
         */
        ROOT_LAYER(RootFixtures::readEveryBranch);

        final ToLongFunction<Path> reader;

        Format(ToLongFunction<Path> reader) {
            this.reader = reader;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @BeforeAll
    static void makeFixtures() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fixtures"));
        float[][][] cands = Hdf5Fixtures.cands(JETS, 20);
        Path contiguous = Hdf5Fixtures.write(dir.resolve("jhdf-contiguous.h5"), cands, Hdf5Fixtures.kinematics(cands),
                null, null);
        Path chunked = RoundTripTest.copy(contiguous, dir.resolve("jetflow.h5"), JETS);
        Path arrow = RoundTripTest.copy(chunked, dir.resolve("jetflow.arrow"), JETS);
        Path rootZlib = RoundTripTest.copy(chunked, dir.resolve("jetflow-zlib.root"), JETS);
        Path rootZstd = writeRoot(chunked, dir.resolve("jetflow-zstd.root"), RootCompression.Algorithm.ZSTD, 3);
        Path rootNone = writeRoot(chunked, dir.resolve("jetflow-none.root"), RootCompression.Algorithm.NONE, 0);
        Path pfNano = RootFixtures.pfNano(dir.resolve("pfnano.root"), JETS / 2);
        Path h5py = dir.resolve("h5py-aspen.h5");
        try (var in = Hdf5Fixtures.class.getResourceAsStream("h5py-aspen.h5")) {
            Files.copy(in, h5py);
        }
        FIXTURES.put(Format.HDF5, List.of(chunked, contiguous, h5py));
        FIXTURES.put(Format.ARROW, List.of(arrow));
        FIXTURES.put(Format.ROOT, List.of(rootZlib, rootZstd, rootNone, pfNano));
        List<Path> layer = new ArrayList<>(List.of(rootZlib, pfNano));
        Path shared = Path.of(System.getProperty("jetflow.shared", "../../shared"), "fixtures", "root");
        for (String name : new String[] {"uproot-HZZ-lz4.root", "uproot-HZZ-lzma.root", "uproot-HZZ-zstd.root",
            "uproot-HZZ-uncompressed.root", "uproot-stl_containers.root", "uproot-sample-6.20.04-uncompressed.root"}) {
            if (Files.isRegularFile(shared.resolve(name))) {
                layer.add(Files.copy(shared.resolve(name), dir.resolve(name)));
            }
        }
        FIXTURES.put(Format.ROOT_LAYER, layer);
        for (Format f : Format.values()) {
            for (Path p : FIXTURES.get(f)) {
                assertTrue(f.reader.applyAsLong(p) > 0, "the unmutated fixture reads: " + p);
            }
        }
    }

    private static Path writeRoot(Path from, Path to, RootCompression.Algorithm alg, int level) {
        try (JetReader r = JetFiles.open(from)) {
            JetWriter w = new RootJetWriter(to, r.schema(), r.metadata(), alg, level);
            for (JetBatch b = r.next(); b != null; b = r.next()) {
                w.write(b);
            }
            w.close();
        }
        return to;
    }

    /** Every jet of a file, every value of every column touched; returns the number of jets. */
    static long readJets(Path p) {
        double sum = 0;
        long jets = 0;
        try (JetReader r = JetFiles.open(p)) {
            sum += r.jetCount();
            sum += r.schema().hashCode();
            for (Map.Entry<String, String> e : r.metadata().entrySet()) {
                sum += e.getKey().length() + e.getValue().length();
            }
            for (JetBatch b = r.next(); b != null; b = r.next()) {
                int nj = b.size();
                int np = b.particleCount();
                for (float[] col : new float[][] {b.pt(), b.deta(), b.dphi(), b.px(), b.py(), b.pz(), b.energy()}) {
                    for (int i = 0; i < np; i++) {
                        sum += col[i];
                    }
                }
                byte[] tok = b.token();
                for (int i = 0; i < np; i++) {
                    sum += tok[i];
                }
                for (float[] col : b.particleFloats().values()) {
                    for (int i = 0; i < np; i++) {
                        sum += col[i];
                    }
                }
                for (float[] col : new float[][] {b.jetPt(), b.jetEta(), b.jetPhi(), b.jetMass()}) {
                    for (int j = 0; j < nj; j++) {
                        sum += col[j];
                    }
                }
                for (float[] col : b.jetFloats().values()) {
                    for (int j = 0; j < nj; j++) {
                        sum += col[j];
                    }
                }
                for (long[] col : b.jetLongs().values()) {
                    for (int j = 0; j < nj; j++) {
                        sum += col[j];
                    }
                }
                for (int j = 0; j < nj; j++) {
                    sum += b.offset(j) + b.multiplicity(j);
                }
                jets += nj;
            }
            sum += r.remappedParticles();
        }
        sink = sum;
        return jets;
    }

    /** A damaged copy of a file and what was done to it. */
    record Mutant(byte[] bytes, String description) {
    }

    static Mutant mutate(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        int len = b.length;
        switch (r.nextInt(4)) {
            case 0 -> {
                int cut = r.nextInt(len);
                return new Mutant(Arrays.copyOf(b, cut), "truncated at byte " + cut + " of " + len);
            }
            case 1 -> {
                int k = 1 + r.nextInt(8);
                StringBuilder d = new StringBuilder("bit flips (byte.bit):");
                for (int i = 0; i < k; i++) {
                    int at = r.nextInt(len);
                    int bit = r.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    d.append(' ').append(at).append('.').append(bit);
                }
                return new Mutant(b, d.toString());
            }
            case 2 -> {
                int n = Math.min(len, 1 + r.nextInt(64));
                int at = r.nextInt(len - n + 1);
                for (int i = 0; i < n; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
                return new Mutant(b, "overwrote " + n + " bytes at byte " + at);
            }
            default -> {
                int k = 1 + r.nextInt(8);
                int span = Math.min(len, 4096);
                StringBuilder d = new StringBuilder("random bytes in the first 4 kB (byte=value):");
                for (int i = 0; i < k; i++) {
                    int at = r.nextInt(span);
                    int v = r.nextInt(256);
                    b[at] = (byte) v;
                    d.append(' ').append(at).append("=0x").append(Integer.toHexString(v));
                }
                return new Mutant(b, d.toString());
            }
        }
    }

    /** The random stream of one mutant: reproducible from (seed, format, index) alone. */
    private static SplittableRandom random(long seed, Format f, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + (long) f.ordinal() * 0xBF58476D1CE4E5B9L + index);
    }

    /** What reading one mutant gave. */
    private record Outcome(boolean read, Throwable error, long allocated, long millis) {
    }

    private static final class Worker {
        private ExecutorService pool = newPool();

        private static ExecutorService newPool() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-reader");
                t.setDaemon(true);
                return t;
            });
        }

        /** Reads a file in the worker thread; null when it did not finish in time (the worker is then replaced). */
        Outcome read(Format f, Path p) throws InterruptedException {
            Future<Outcome> job = pool.submit(() -> {
                com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long before = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                Throwable error = null;
                try {
                    f.reader.applyAsLong(p);
                } catch (Throwable e) {
                    error = e;
                }
                return new Outcome(error == null, error, mx.getCurrentThreadAllocatedBytes() - before,
                        (System.nanoTime() - t0) / 1_000_000);
            });
            try {
                return job.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                job.cancel(true);
                pool.shutdownNow();
                pool = newPool();
                return null;
            } catch (ExecutionException e) {
                throw new AssertionError("the worker itself failed", e.getCause());
            }
        }

        void close() {
            pool.shutdownNow();
        }
    }

    /** Null when the outcome is acceptable, else what is wrong with it. */
    private static String judge(Format f, Path p, Outcome o, long allocationLimit) {
        if (o == null) {
            return "no result within " + TIMEOUT_SECONDS + " s (hang?)";
        }
        if (o.allocated() > allocationLimit) {
            return "allocated " + o.allocated() + " bytes, more than the " + allocationLimit + " allowed for this file"
                    + (o.error() == null ? "" : " (then failed: " + o.error() + ")");
        }
        Throwable e = o.error();
        if (e == null) {
            return null;
        }
        boolean expectedType = e instanceof JetFileException || (f == Format.ROOT_LAYER && e instanceof RootFormatException);
        if (!expectedType) {
            return "threw " + e.getClass().getName();
        }
        String m = e.getMessage();
        if (m == null || !m.startsWith(p.toString())) {
            return "message does not start with the file name";
        }
        if (m.chars().anyMatch(Character::isISOControl)) {
            return "message is not one printable line";
        }
        return null;
    }

    private static String stackOf(Throwable e) {
        if (e == null) {
            return "";
        }
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        String[] lines = s.toString().split("\n");
        return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 40)));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void damagedFilesReadOrFailWithOneLineNamingTheFile(Format format) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FORMATS.isEmpty() || FORMATS.contains(format.key()),
                "jetflow.fuzz.formats leaves " + format.key() + " out");
        List<Path> fixtures = FIXTURES.get(format);
        byte[][] originals = new byte[fixtures.size()][];
        long[] limits = new long[fixtures.size()];
        Path work = Files.createDirectories(tmp.resolve("mutants-" + format.key()));
        Path failuresDir = OUT.resolve("failures");
        Worker worker = new Worker();
        long readFine = 0;
        long clean = 0;
        long mutants = 0;
        long timeouts = 0;
        long maxAllocated = 0;
        long slowest = 0;
        List<String> failures = new ArrayList<>();
        long failureCount = 0;
        java.util.TreeMap<String, Integer> messages = new java.util.TreeMap<>();
        java.util.TreeMap<Long, String> hungriest = new java.util.TreeMap<>();
        long t0 = System.nanoTime();
        try {
            for (int k = 0; k < fixtures.size(); k++) {
                originals[k] = Files.readAllBytes(fixtures.get(k));
                // What reading the valid file allocates, with room for the longer error paths; a
                // mutant that needs far more was allowed to allocate from a damaged size.
                Outcome valid = worker.read(format, fixtures.get(k));
                assertTrue(valid != null && valid.read(), "the fixture reads: " + fixtures.get(k)
                        + (valid == null ? "" : "\n" + stackOf(valid.error())));
                limits[k] = 4 * valid.allocated() + 4L * originals[k].length + (32L << 20);
            }
            long[] only = replayed(format);
            for (long seed : only == null ? SEEDS : new long[] {only[0]}) {
                int from = only == null ? 0 : (int) only[1];
                int to = only == null ? MUTANTS : only[1] < 0 ? 0 : (int) only[1] + 1;
                for (int i = from; i < to && timeouts < MAX_TIMEOUTS; i++) {
                    int k = i % fixtures.size();
                    Path fixture = fixtures.get(k);
                    Mutant m = mutate(originals[k], random(seed, format, i));
                    Path p = work.resolve("m" + seed + "-" + i + "-" + fixture.getFileName());
                    Files.write(p, m.bytes());
                    Outcome o = worker.read(format, p);
                    mutants++;
                    String wrong = judge(format, p, o, limits[k]);
                    if (o == null) {
                        timeouts++;
                    } else {
                        maxAllocated = Math.max(maxAllocated, o.allocated());
                        slowest = Math.max(slowest, o.millis());
                        hungriest.put(o.allocated(), String.format(Locale.ROOT, "%.1f MB (limit %.1f MB), %d ms: %s:%d:%d, %s",
                                o.allocated() / 1e6, limits[k] / 1e6, o.millis(), format.key(), seed, i, m.description()));
                        if (hungriest.size() > 5) {
                            hungriest.pollFirstEntry();
                        }
                    }
                    if (wrong == null) {
                        if (o.read()) {
                            readFine++;
                        } else {
                            clean++;
                            String msg = o.error().getMessage().substring(p.toString().length());
                            messages.merge(msg.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                        }
                        if (o.read() || only == null) {
                            Files.deleteIfExists(p);
                        }
                    } else {
                        failureCount++;
                        String replay = format.key() + ":" + seed + ":" + i;
                        Files.createDirectories(failuresDir);
                        Path kept = failuresDir.resolve("m" + seed + "-" + i + "-" + fixture.getFileName());
                        Files.write(kept, m.bytes());
                        if (failures.size() < REPORTED) {
                            failures.add(String.format(Locale.ROOT, "%s mutant %d of seed %d (from %s, %d bytes): %s%n"
                                    + "  -> %s (replay: -Djetflow.fuzz.replay=%s; file kept as %s)%n%s", format.key(), i, seed,
                                    fixture.getFileName(), originals[k].length, m.description(), wrong, replay,
                                    kept.toAbsolutePath(), o == null ? "" : stackOf(o.error())));
                        }
                        if (o != null) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        } finally {
            worker.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String summary = String.format(Locale.ROOT, "%s: %d mutants (seeds %s, %d fixtures), %d read fine, %d clean errors,"
                + " %d failures (%d hung); %.1f s; slowest read %d ms; most allocated by one read %.1f MB",
                format.key(), mutants, Arrays.toString(only(format)), fixtures.size(), readFine, clean, failureCount, timeouts,
                seconds, slowest, maxAllocated / 1e6);
        StringBuilder report = new StringBuilder(summary).append('\n');
        messages.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(40)
                .forEach(e -> report.append(String.format(Locale.ROOT, "  %6d x%s%n", e.getValue(), e.getKey())));
        report.append("most allocating reads:\n");
        hungriest.descendingMap().values().forEach(h -> report.append("  ").append(h).append('\n'));
        failures.forEach(s -> report.append(s).append('\n'));
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("summary-" + format.key() + ".txt"), report.toString());
        System.out.println(summary);
        assertEquals(mutants, readFine + clean + failureCount);
        assertTrue(failureCount == 0, failureCount + " of " + mutants + " mutants broke the reader:\n" + report);
    }

    /**
     * JetFlow's HDF5 file cut at every byte of its first 1.5 kB, where the superblock and the object
     * headers are: jhdf used to read a header's size from past the cut and allocate gigabytes for it
     * (an OutOfMemoryError with a smaller heap).
     */
    @org.junit.jupiter.api.Test
    void hdf5CutAtEveryByteOfItsHeadersFailsCleanly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(REPLAY.isEmpty() && (FORMATS.isEmpty() || FORMATS.contains("hdf5")));
        Path fixture = FIXTURES.get(Format.HDF5).get(0);
        byte[] all = Files.readAllBytes(fixture);
        Path dir = Files.createDirectories(tmp.resolve("cuts"));
        Worker worker = new Worker();
        List<String> failures = new ArrayList<>();
        try {
            Outcome valid = worker.read(Format.HDF5, fixture);
            long limit = 4 * valid.allocated() + 4L * all.length + (32L << 20);
            for (int cut = 0; cut < Math.min(all.length, 1536); cut++) {
                Path p = dir.resolve("cut-" + cut + ".h5");
                Files.write(p, Arrays.copyOf(all, cut));
                Outcome o = worker.read(Format.HDF5, p);
                String wrong = judge(Format.HDF5, p, o, limit);
                if (wrong != null) {
                    failures.add("cut at byte " + cut + ": " + wrong + (o == null ? "" : "\n" + stackOf(o.error())));
                }
                if (o != null) {
                    Files.deleteIfExists(p);
                }
            }
        } finally {
            worker.close();
        }
        assertTrue(failures.isEmpty(), failures.size() + " cuts broke the reader:\n"
                + String.join("\n", failures.subList(0, Math.min(failures.size(), 5))));
    }

    /** The seeds a format runs with (only the replayed one when replaying). */
    private static long[] only(Format f) {
        long[] r = replayed(f);
        return r == null ? SEEDS : new long[] {r[0]};
    }

    /** {seed, mutant} when replaying a mutant of this format, null otherwise; a replay of another format runs none. */
    private static long[] replayed(Format f) {
        if (REPLAY.isEmpty()) {
            return null;
        }
        String[] parts = REPLAY.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("jetflow.fuzz.replay is format:seed:mutant, not " + REPLAY);
        }
        long seed = Long.parseLong(parts[1]);
        return new long[] {seed, parts[0].equals(f.key()) ? Integer.parseInt(parts[2]) : -1};
    }
}
