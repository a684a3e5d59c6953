package org.jetflow.cli;

import java.io.PrintWriter;
import org.jetflow.io.file.JetFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code jetflow} command line. Exit codes: 0 success, 1 bad input or a failed job (one line on
 * stderr naming the file and place), 2 wrong usage.
 */
@Command(name = "jetflow",
        mixinStandardHelpOptions = true,
        versionProvider = JetflowCommand.Version.class,
        description = "JetFlow: a multimodal transformer flow generator for LHC jets.%n"
                + "Jet files: AspenOpenJets HDF5 (.h5, .hdf5), Arrow IPC (.arrow, .feather, .ipc) and ROOT (.root:"
                + " JetFlow's jets tree, read and written; PFNano-style Events, read).",
        subcommands = {ConvertCommand.class, InfoCommand.class, ObservablesCommand.class, ValidateCommand.class, TrainCommand.class,
            GenerateCommand.class, CalibrateCommand.class, ReferenceCommand.class, AttachCommand.class, ClassesCommand.class, ScoreCommand.class, RocCommand.class, DemoCommand.class,
            BenchCommand.class, CurveCommand.class, RecipeCommand.class, SparkCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"%nExamples:", "  jetflow convert qcd.h5 qcd.arrow", "  jetflow info qcd.arrow",
            "  jetflow observables qcd.h5 -o obs.csv",
            "  jetflow validate --generated gen.arrow --reference qcd.h5 -o report", "  jetflow bench io qcd.h5", "%nRun 'jetflow COMMAND --help' for a command's options."})
public final class JetflowCommand implements Runnable {
    /** Exit code for bad input or a failed job. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with JetFlow's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new JetflowCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + message(ex));
            err.flush();
            if (System.getenv("JETFLOW_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String message(Throwable ex) {
        if (ex instanceof JetFileException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return (m == null ? ex.getClass().getSimpleName() : m).replace('\n', ' ');
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("jetflow: error: out of memory (heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB); give the JVM more with JAVA_OPTS=-Xmx...");
            code = EXIT_FAILURE;
        }
        System.exit(code);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JetflowCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jetflow " + (v == null ? "(development build)" : v)};
        }
    }
}
