package org.jetflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jetflow bench}: throughput benchmarks, one subcommand per part of the pipeline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures throughput (jets/s) on this machine and prints it with the core count.",
        subcommands = {IoBenchmark.class, ObservablesBenchmark.class, FlowBenchmark.class},
        footer = {"%nExamples:", "  jetflow bench io qcd-train-1.h5", "  taskset -c 0 jetflow bench io --repeat 5 qcd-train-1.h5"})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required (io)");
    }
}
