package org.jetflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jetflow.flows.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow attach}: puts a masked class model into a flow's bundle, so that the flow's
 * generated jets take their classes from it.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Writes the flow BUNDLE with the masked class model CLASSES to OUT: generated jets then take every"
                + " particle's class from CLASSES, drawn in S sweeps given the generated kinematics, which keeps the"
                + " correlations between particles' classes at any number of flow steps. Train CLASSES with jetflow"
                + " train and a configuration with \"maskedClasses\": true.",
        footer = {"%nExample:", "  jetflow attach --model qcd-fast --classes qcd-classes --sweeps 4 -o qcd-fast"})
final class AttachCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "The flow's model bundle.")
    private Path model;

    @Option(names = "--classes", required = true, paramLabel = "CLASSES", description = "A masked class model bundle.")
    private Path classes;

    @Option(names = "--sweeps", paramLabel = "S", description = "Class-model evaluations per jet by default"
            + " (default ${DEFAULT-VALUE}; --class-sweeps of generate overrides it).")
    private int sweeps = 20;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Bundle directory to write (may be BUNDLE itself).")
    private Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (sweeps < 1) {
            throw new IllegalArgumentException("--sweeps must be at least 1, got " + sweeps);
        }
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("--classes " + classes + ": no such directory");
        }
        try (ModelBundle bundle = ModelBundle.load(model)) {
            bundle.saveWithClassModel(output, classes, sweeps);
        }
        if (!quiet) {
            System.out.println("wrote " + output);
        }
        return 0;
    }
}
