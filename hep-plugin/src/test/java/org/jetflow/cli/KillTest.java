package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tests of the writing commands: {@code convert}, {@code generate} and {@code train} run as the
 * real command line in a separate JVM (the launcher's options) and are killed with SIGKILL, at a moment
 * drawn from a fixed seed or when their first temporary appears. After every kill, anything under the
 * requested output name is complete (the same jets, or the same weights, as an uninterrupted run);
 * after the next run of the same command completes, the output directory holds the outputs and
 * nothing else; {@code train --resume} ends with exactly the uninterrupted run's weights, whether
 * the kill came before the first checkpoint or after one. The kill moments depend on the machine's
 * speed, the assertions hold for any of them.
 */
class KillTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", "..")).toAbsolutePath();
    private static final Path DATA = ROOT.resolve("samples/data/qcd-2k.h5");
    private static final long TIMEOUT_S = 240;

    @TempDir
    Path tmp;

    private Path logs;
    private int runs;
    private final Random random = new Random(20240611L);

    @BeforeEach
    void logs() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
    }

    @Test
    void killedConvertLeavesNothingIncomplete() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("convert"));
        Path ref = Files.createDirectories(tmp.resolve("convert-ref"));
        String[] names = {"jets.arrow", "jets.h5", "jets.root"};
        long slowest = 0;
        for (String name : names) {
            slowest = Math.max(slowest, complete("convert", "-q", "--limit", "600", DATA.toString(),
                    ref.resolve(name).toString()));
            assertEquals(600, count(ref.resolve(name)));
        }
        Set<String> done = new TreeSet<>();
        for (int rep = 0; rep < 6; rep++) {
            String name = names[rep % names.length];
            Path out = dir.resolve(name);
            String[] args = {"convert", "-q", "--limit", "600", DATA.toString(), out.toString()};
            // Every other repetition starts without the output, the others overwrite a complete one.
            if (rep % 2 == 0) {
                Files.deleteIfExists(out);
                done.remove(name);
            }
            Process p = start(args);
            killAt(p, rep < 3 ? randomMillis(slowest * 6 / 5) : -1, dir);
            if (Files.exists(out)) {
                assertSameJets(ref.resolve(name), out, "convert rep " + rep + ": " + out + " after the kill");
            }
            complete(args);
            done.add(name);
            assertEquals(done, list(dir), "convert rep " + rep + ": only the outputs remain");
            assertSameJets(ref.resolve(name), out, "convert rep " + rep);
        }
    }

    @Test
    void killedGenerateLeavesNothingIncomplete() throws Exception {
        Path config = tinyConfig();
        Path model = tmp.resolve("gen-model");
        CommandLineTest.Result t = CommandLineTest.run("train", "-q", "--data", DATA.toString(), "--limit", "300",
                "--config", config.toString(), "--steps", "5", "-o", model.toString());
        assertEquals(0, t.code(), t.err());
        Path dir = Files.createDirectories(tmp.resolve("generate"));
        Path ref = Files.createDirectories(tmp.resolve("generate-ref"));
        String[] names = {"gen.arrow", "gen.h5"};
        long slowest = 0;
        for (String name : names) {
            slowest = Math.max(slowest, complete(generate(model, ref.resolve(name))));
            assertEquals(300, count(ref.resolve(name)));
        }
        Set<String> done = new TreeSet<>();
        for (int rep = 0; rep < 4; rep++) {
            String name = names[rep % names.length];
            Path out = dir.resolve(name);
            if (rep < 2) {
                Files.deleteIfExists(out);
                done.remove(name);
            }
            Process p = start(generate(model, out));
            killAt(p, rep % 2 == 0 ? randomMillis(slowest * 6 / 5) : -1, dir);
            if (Files.exists(out)) {
                assertSameJets(ref.resolve(name), out, "generate rep " + rep + ": " + out + " after the kill");
            }
            complete(generate(model, out));
            done.add(name);
            assertEquals(done, list(dir), "generate rep " + rep + ": only the outputs remain");
            assertSameJets(ref.resolve(name), out, "generate rep " + rep);
        }
    }

    @Test
    void killedTrainResumesToTheUninterruptedWeights() throws Exception {
        Path config = tinyConfig();
        Path ref = Files.createDirectories(tmp.resolve("train-ref")).resolve("model");
        long full = complete(train(config, ref, false));
        assertEquals(Set.of("model"), list(ref.getParent()), "an uninterrupted run leaves only the bundle");
        byte[] want = Files.readAllBytes(ref.resolve(ModelBundle.WEIGHTS));

        Path dir = Files.createDirectories(tmp.resolve("train"));
        Path out = dir.resolve("model");
        Path checkpoint = dir.resolve("model.checkpoint");

        // --resume without any checkpoint starts afresh: the uninterrupted run.
        complete(train(config, out, true));
        assertWeights(want, out, "--resume without a checkpoint");
        assertEquals(Set.of("model"), list(dir));

        // Killed early (before the first checkpoint, unless this machine is very fast), without a bundle.
        deleteTree(out);
        killAt(start(train(config, out, false)), randomMillis(full / 3), dir);
        afterKill(want, out, "early kill");
        complete(train(config, out, true));
        assertWeights(want, out, "resumed after an early kill");
        assertEquals(Set.of("model"), list(dir), "after an early kill and --resume");

        // Killed after a checkpoint, without a bundle (again if a starved test thread missed the checkpoint).
        boolean afterCheckpoint = false;
        for (int attempt = 0; attempt < 3 && !afterCheckpoint; attempt++) {
            deleteTree(out);
            Process p = start(train(config, out, false));
            boolean seen = await(p, () -> Files.isDirectory(checkpoint));
            afterCheckpoint = killAt(p, randomMillis(full / 4), dir) && seen;
            afterKill(want, out, "kill after a checkpoint");
            complete(train(config, out, true));
            assertWeights(want, out, "resumed after a kill after a checkpoint");
            assertEquals(Set.of("model"), list(dir), "after a kill after a checkpoint and --resume");
        }
        assertTrue(afterCheckpoint, "a run was killed after its first checkpoint");

        // Over an existing bundle: killed while a temporary exists, then the resumed run killed again
        // after a checkpoint, then resumed to the end.
        killAt(start(train(config, out, false)), -1, dir);
        afterKill(want, out, "kill while a temporary exists");
        Process p = start(train(config, out, true));
        await(p, () -> Files.isDirectory(checkpoint));
        killAt(p, randomMillis(full / 4), dir);
        afterKill(want, out, "second kill");
        complete(train(config, out, true));
        assertWeights(want, out, "resumed after two kills");
        assertEquals(Set.of("model"), list(dir), "after two kills and --resume");
    }

    /** Whatever a kill leaves under the bundle's name is the finished bundle. */
    private static void afterKill(byte[] want, Path out, String what) throws IOException {
        if (Files.exists(out)) {
            assertWeights(want, out, what + ": the bundle present after the kill");
        }
    }

    private static void assertWeights(byte[] want, Path bundle, String what) throws IOException {
        try (ModelBundle m = ModelBundle.load(bundle)) {
            assertTrue(m.weights().size() > 0, what);
        }
        assertArrayEquals(want, Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS)), what + ": the weights of"
                + " the uninterrupted run");
    }

    /** The tiny configuration of the other CLI tests, with a checkpoint every 5 of 40 steps. */
    private Path tinyConfig() throws IOException {
        FlowConfig c = FlowConfig.read(ROOT.resolve("samples/configs/cpu-small.json"));
        c = c.withTraining(16, c.learningRate(), 5, 40, c.emaDecay(), c.seed());
        String json = c.toJson().replaceFirst("\"checkpointEvery\"\\s*:\\s*\\d+", "\"checkpointEvery\" : 5");
        assertEquals(5, FlowConfig.fromJson(json).checkpointEvery(), json);
        Path p = tmp.resolve("tiny.json");
        Files.writeString(p, json);
        return p;
    }

    private static String[] train(Path config, Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "-q", "--data", DATA.toString(), "--limit", "300",
                "--config", config.toString(), "-o", out.toString()));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(String[]::new);
    }

    private static String[] generate(Path model, Path out) {
        return new String[] {"generate", "-q", "--model", model.toString(), "-n", "300", "--steps", "4", "--batch",
            "64", "--seed", "3", "-o", out.toString()};
    }

    /** A uniform draw in [0, max] ms from the test's fixed seed. */
    private long randomMillis(long max) {
        return (long) (random.nextDouble() * Math.max(max, 1));
    }

    /** The command line in its own JVM, with the launcher's options and one PyTorch thread. */
    private Process start(String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true", "-Djetflow.home=" + ROOT,
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-cp", cp,
                "org.jetflow.cli.JetflowCommand"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve("run-" + (runs++) + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().remove("JETFLOW_DEBUG");
        return pb.start();
    }

    /** Runs a command to its end; returns its wall time in ms. */
    private long complete(String... args) throws Exception {
        long t0 = System.nanoTime();
        Process p = start(args);
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(String.join(" ", args) + ": no end in " + TIMEOUT_S + " s: " + log(p));
        }
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + log(p));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Kills with SIGKILL {@code ms} after the start, or (ms &lt; 0) as soon as an entry naming the
     * process's pid appears in {@code dir} (one of its temporaries). A run that ended first is not
     * killed; whether it was.
     */
    private boolean killAt(Process p, long ms, Path dir) throws Exception {
        String pid = Long.toString(p.pid());
        String when;
        if (ms >= 0) {
            p.waitFor(ms, TimeUnit.MILLISECONDS);
            when = ms + " ms after the start";
        } else {
            boolean seen = await(p, () -> list(dir).stream().anyMatch(n -> n.contains(pid)));
            when = seen ? "when its temporary appeared" : "never (no temporary seen)";
        }
        boolean alive = p.isAlive();
        p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "killed process " + pid + " ends");
        // A run can still end on its own between the check and the signal: then it exits 0.
        boolean killed = alive && p.exitValue() != 0;
        if (killed) {
            assertEquals(137, p.exitValue(), "SIGKILL: " + log(p));
        }
        System.out.println("KillTest: pid " + pid + (killed ? " killed " + when : " ended before the kill ("
                + when + ")") + "; left in " + dir.getFileName() + ": " + list(dir));
        return killed;
    }

    /** Polls (every ms) until the condition holds or the process ends; whether it held. */
    private static boolean await(Process p, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(1);
        }
        return false;
    }

    private String log(Process p) {
        try (Stream<Path> s = Files.list(logs)) {
            // The newest log is the process's own: runs are started one at a time.
            Path last = s.max(java.util.Comparator.comparingInt(
                    f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", "")))).orElseThrow();
            return "pid " + p.pid() + ", output: " + Files.readString(last, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "pid " + p.pid() + " (no log: " + e + ")";
        }
    }

    private static Set<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new TreeSet<>();
            s.forEach(f -> out.add(f.getFileName().toString()));
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        org.jetflow.io.file.DirectoryTree.delete(dir);
    }

    /** Reads the whole file; it has the reference's jets, particle for particle. */
    private static void assertSameJets(Path ref, Path file, String what) {
        List<JetBatch> want = jets(ref);
        List<JetBatch> got = jets(file);
        assertEquals(want.stream().mapToInt(JetBatch::size).sum(), got.stream().mapToInt(JetBatch::size).sum(),
                what + ": jets");
        assertArrayEquals(concat(want, true), concat(got, true), what + ": particle pT");
        assertArrayEquals(concat(want, false), concat(got, false), what + ": jet pT");
    }

    private static float[] concat(List<JetBatch> batches, boolean particles) {
        int n = 0;
        for (JetBatch b : batches) {
            n += particles ? b.pt().length : b.size();
        }
        float[] out = new float[n];
        int k = 0;
        for (JetBatch b : batches) {
            float[] v = particles ? b.pt() : b.jetPt();
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    private static int count(Path p) {
        return jets(p).stream().mapToInt(JetBatch::size).sum();
    }

    private static List<JetBatch> jets(Path p) {
        return JetFiles.read(p, Long.MAX_VALUE);
    }
}
