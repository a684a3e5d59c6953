package org.jetflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.io.file.DirectoryTree;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jetflow bench io FILE}: read and write throughput of the jet file formats. Each figure is
 * the best of {@code --repeat} timed runs after one untimed warm-up run (JIT compilation).
 */
@Command(name = "io", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  jetflow bench io qcd-train-1.h5", "  taskset -c 0 jetflow bench io --repeat 5 qcd-train-1.h5"},
        description = "Reads FILE, then writes and reads it back as Arrow, HDF5 and ROOT in a temporary directory;"
                + " prints jets/s and MB/s (of file) for each. FILE's jets are repeated when it holds fewer than"
                + " --jets. Pin to one core with taskset for per-core figures.")
final class IoBenchmark implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A jet file to read (.h5, .arrow or .root).")
    private Path file;

    @Option(names = "--repeat", paramLabel = "R", description = "Timed runs per figure (default ${DEFAULT-VALUE}).")
    private int repeat = 3;

    @Option(names = "--jets", paramLabel = "N",
            description = "Jets held in memory and written in the write benchmarks (default ${DEFAULT-VALUE}).")
    private long jets = 10_000;

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        System.out.printf(Locale.ROOT, "jetflow bench io: %s, %d cores available, Java %s%n", file,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // The source read is timed first, with nothing else on the heap.
        report("read  " + formatOf(file), best(() -> readAll(file)), Files.size(file));
        List<JetBatch> batches = new ArrayList<>();
        JetSchema schema;
        long n = 0;
        do {
            try (JetReader r = JetFiles.open(file)) {
                schema = r.schema();
                JetBatch b;
                while (n < jets && (b = r.next()) != null) {
                    b = b.head((int) Math.min(b.size(), jets - n));
                    batches.add(b);
                    n += b.size();
                }
            }
        } while (n < jets && n > 0);
        long count = batches.stream().mapToLong(JetBatch::size).sum();
        Path dir = Files.createTempDirectory("jetflow-bench");
        try {
            for (String ext : new String[] {"arrow", "h5", "root"}) {
                Path out = dir.resolve("bench." + ext);
                JetSchema s = schema;
                Run write = best(() -> writeAll(out, s, batches, count));
                long bytes = Files.size(out);
                report("write " + ext, write, bytes);
                System.out.printf(Locale.ROOT, "      %s file size: %.1f MB (%.0f bytes/jet)%n", ext,
                        bytes / 1e6, (double) bytes / count);
                report("read  " + ext, best(() -> readAll(out)), bytes);
                // Leave the page cache and the heap as they were for the next figure.
                Files.delete(out);
            }
        } finally {
            DirectoryTree.delete(dir);
        }
        return 0;
    }

    private static String formatOf(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    /** One timed run: jets processed and seconds taken. */
    record Run(long jets, double seconds) {
        double rate() {
            return jets / seconds;
        }
    }

    private interface Job {
        Run run();
    }

    private Run best(Job job) {
        job.run();
        Run best = null;
        for (int i = 0; i < repeat; i++) {
            Run r = job.run();
            if (best == null || r.rate() > best.rate()) {
                best = r;
            }
        }
        return best;
    }

    private static void report(String what, Run r, long fileBytes) {
        System.out.printf(Locale.ROOT, "%-12s %9d jets  %8.3f s  %10.0f jets/s  %7.1f MB/s%n", what, r.jets(),
                r.seconds(), r.rate(), fileBytes / 1e6 / r.seconds());
    }

    static Run readAll(Path p) {
        long t0 = System.nanoTime();
        long n = 0;
        try (JetReader r = JetFiles.open(p)) {
            JetBatch b;
            while ((b = r.next()) != null) {
                n += b.size();
            }
        }
        return new Run(n, (System.nanoTime() - t0) / 1e9);
    }

    private static Run writeAll(Path out, JetSchema schema, List<JetBatch> batches, long count) {
        long t0 = System.nanoTime();
        JetWriter w = JetFiles.create(out, schema, Map.of("generator", "jetflow bench io"));
        for (JetBatch b : batches) {
            w.write(b);
        }
        w.close();
        return new Run(count, (System.nanoTime() - t0) / 1e9);
    }
}
