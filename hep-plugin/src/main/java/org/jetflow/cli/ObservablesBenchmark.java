package org.jetflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.observable.JetObservables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jetflow bench observables FILE}: observables per second on one thread, jets held in
 * memory (no I/O in the timing). Best of {@code --repeat} runs after a warm-up run.
 */
@Command(name = "observables", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  jetflow bench observables qcd-train-1.h5", "  taskset -c 0 jetflow bench observables --efps top-5k.h5"},
        description = "Times the observables of docs/validation.md#definitions (without EFPs) on one thread over jets held in memory.")
final class ObservablesBenchmark implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A jet file.")
    private Path file;

    @Option(names = "--jets", paramLabel = "N", description = "Jets to time (default ${DEFAULT-VALUE}).")
    private long jets = 10_000;

    @Option(names = "--repeat", paramLabel = "R", description = "Timed runs (default ${DEFAULT-VALUE}).")
    private int repeat = 3;

    @Option(names = "--efps", description = "Include the energy flow polynomials (d ≤ 4).")
    private boolean efps;

    @Override
    public Integer call() {
        List<JetBatch> batches = JetFiles.read(file, jets);
        long n = batches.stream().mapToInt(JetBatch::size).sum();
        System.out.printf(Locale.ROOT, "jetflow bench observables: %s, %d jets, %d cores available, 1 thread%n", file, n,
                Runtime.getRuntime().availableProcessors());
        JetObservables obs = new JetObservables(0.5, efps);
        double best = Double.POSITIVE_INFINITY;
        for (int run = 0; run <= repeat; run++) {
            long t0 = System.nanoTime();
            for (JetBatch b : batches) {
                obs.compute(b);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (run > 0) {
                best = Math.min(best, s);
            }
        }
        System.out.printf(Locale.ROOT, "%-16s %9d jets  %8.3f s  %10.0f jets/s%n", efps ? "observables+efp" : "observables", n, best, n / best);
        return 0;
    }
}
