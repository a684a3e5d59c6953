package org.jetflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.validation.observable.ObservableRunner;
import org.jetflow.validation.table.ObservableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jetflow observables IN -o OUT}: per-jet substructure observables. */
@Command(name = "observables", mixinStandardHelpOptions = true,
        description = "Computes the jet observables of docs/validation.md#definitions for every jet of IN (pt, eta, phi, mass, msd, n,"
                + " tau1-tau4, tau21, tau32, c2, d2, charge, ptd, girth, q1q2, rg, zg, multiplicity per class) and writes one row"
                + " per jet. Definitions match FastJet 3.4 / fjcontrib 1.051 jet by jet.",
        footer = {"%nExamples:", "  jetflow observables qcd.h5 -o qcd-obs.csv",
            "  jetflow observables generated.arrow -o obs.arrow --threads 2"})
final class ObservablesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN", description = "Jet file (.h5, .hdf5, .arrow, .feather, .ipc).")
    private Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output table: .csv or .arrow.")
    private Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N jets.")
    private long limit = Long.MAX_VALUE;

    @Option(names = "--kappa", paramLabel = "K", description = "Jet-charge exponent κ (default ${DEFAULT-VALUE}).")
    private double kappa = 0.5;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--efps", description = "Add the 36 energy flow polynomials with d ≤ 4 (efp_0 .. efp_35).")
    private boolean efps;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() {
        if (limit < 1 || threads < 1) {
            throw new IllegalArgumentException("--limit and --threads must be at least 1");
        }
        JetFiles.requireReadable(input);
        ObservableWriter.requireWritable(output);
        ObservableRunner runner = new ObservableRunner(threads, kappa, efps);
        try (JetReader reader = JetFiles.open(input)) {
            ObservableWriter writer = ObservableWriter.create(output, runner.names());
            Progress progress = new Progress(System.err, "observables", Math.min(limit, reader.jetCount()), quiet);
            long[] n = new long[1];
            AtomicOutput.complete(writer, w -> n[0] = runner.run(reader, limit, t -> {
                w.write(t);
                progress.advance(t.rows());
            }));
            progress.finish();
            if (!quiet) {
                System.out.println("wrote observables of " + n[0] + " jets to " + output);
            }
        }
        return 0;
    }
}
