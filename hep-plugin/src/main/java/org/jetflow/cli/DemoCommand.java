package org.jetflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.api.DefaultModel;
import org.jetflow.api.FlowJetGenerator;
import org.jetflow.api.GenerationRequest;
import org.jetflow.validation.report.ValidationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow demo}: generate with the default model, validate against the sample data, show the report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates jets with the shipped default model, validates them against the shipped sample of"
                + " QCD jets it was not trained on (observables, W1 with its statistical floor, plots, report) and"
                + " prints where the report is.",
        footer = {"%nExamples:", "  jetflow demo", "  jetflow demo -n 5000 --solver heun --steps 16 -o my-demo"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "-n", paramLabel = "N", description = "Jets to generate (default ${DEFAULT-VALUE}).")
    private long count = 2000;

    @Option(names = "--steps", paramLabel = "K", description = "Integration steps (default: the model's own).")
    private Integer steps;

    @Option(names = "--solver", paramLabel = "euler|heun|shortcut", description = "Solver (default: the model's own).")
    private String solver;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (default ${DEFAULT-VALUE}).")
    private Path output = Path.of("jetflow-demo");

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || (steps != null && steps < 1)) {
            throw new IllegalArgumentException("-n and --steps must be at least 1");
        }
        if (solver != null) {
            org.jetflow.flows.sample.Solver.parse(solver);
        }
        Path model = DefaultModel.path();
        Path reference = model.resolve("../../data/qcd-2k.h5").normalize();
        if (!Files.isRegularFile(reference)) {
            throw new IllegalArgumentException("sample data missing: " + reference);
        }
        Files.createDirectories(output);
        Path generated = output.resolve("generated.arrow");
        long t0 = System.nanoTime();
        org.jetflow.flows.sample.Sampling at;
        try (FlowJetGenerator generator = new FlowJetGenerator(model)) {
            GenerationRequest request = new GenerationRequest(count, seed, steps == null ? 0 : steps, solver,
                    GenerationRequest.DEFAULT_TEMPERATURE, "bridge", 256, null);
            at = generator.sampling(request);
            Progress progress = new Progress(System.err, "generate", count, quiet);
            generator.generate(request, generated, Map.of(), progress::advance);
            progress.finish();
        }
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        System.setProperty("java.awt.headless", "true");
        Progress progress = new Progress(System.err, "validate", 0, quiet);
        Path report = output.resolve("validation");
        ValidationRun run = new ValidationRun(ValidationRun.Options.defaults(), progress::advance);
        ObjectNode m = run.run(generated, reference, report);
        progress.finish();
        System.out.printf(Locale.ROOT, "generated %d jets with %s (%s, %d steps%s) in %.1f s; compared with %s%n", count,
                model.getFileName(), at.solverName(), at.steps(),
                at.classSweeps() > 0 ? ", classes from its class model in " + at.classSweeps() + " sweeps" : "",
                genSeconds, reference);
        ValidateCommand.print(m, report);
        return 0;
    }
}
