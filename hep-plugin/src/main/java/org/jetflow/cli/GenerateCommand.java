package org.jetflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.api.DefaultModel;
import org.jetflow.api.FlowJetGenerator;
import org.jetflow.api.GenerationRequest;
import org.jetflow.flows.condition.ConditionFile;
import org.jetflow.flows.condition.JetConditions;
import org.jetflow.flows.sample.ClassStep;
import org.jetflow.flows.sample.Solver;
import org.jetflow.io.file.JetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow generate}: samples jets from a model bundle into a jet file, streaming. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates jets with a trained model into OUT (.arrow or .h5), batch by batch with bounded"
                + " memory. The same model, seed and options give the same jets.",
        footer = {"%nExamples:", "  jetflow generate -n 10000 -o gen.arrow                    (the shipped default model)",
            "  jetflow generate --model qcd-model -n 100000 --seed 1 -o gen.arrow",
            "  jetflow generate --model qcd-model -n 10000 --seed 7 --steps 32 --solver heun -o gen.h5",
            "  jetflow generate --model qcd-model --condition wanted.csv -o gen.arrow   (CSV: pt,eta[,mass][,n])"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "Model bundle directory (default: the shipped QCD model, samples/models/qcd-distilled).")
    private Path model;

    @Option(names = "-n", paramLabel = "N",
            description = "Number of jets (default with --condition: one per condition row).")
    private Long count;

    @Option(names = "--condition", paramLabel = "FILE",
            description = "Jet kinematics to generate for: a jet file (.h5/.arrow; each jet's pT, eta, mass and"
                    + " multiplicity) or a CSV with columns pt,eta[,mass][,n]. Without it, conditions are drawn from"
                    + " the training jets.")
    private Path condition;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output jet file.")
    private Path output;

    @Option(names = "--steps", paramLabel = "K", description = "Integration steps (default: the model's own).")
    private Integer steps;

    @Option(names = "--solver", paramLabel = "euler|heun|shortcut",
            description = "Solver (default: the model's own; shortcut needs a shortcut model).")
    private String solver;

    @Option(names = "--temperature", paramLabel = "T", description = "Class-logit temperature (default ${DEFAULT-VALUE}).")
    private double temperature = GenerationRequest.DEFAULT_TEMPERATURE;

    @Option(names = "--class-step", paramLabel = "bridge|rate",
            description = "How class tokens move between steps: bridge (exact for any step size) or rate (tau-leaping"
                    + " with the jump rates; leptons too frequent at few steps). Default ${DEFAULT-VALUE}.")
    private String classStep = "bridge";

    @Option(names = "--class-sweeps", paramLabel = "S", description = "Evaluations of the model's masked class model"
            + " per jet, which then draws every class given the generated kinematics; 0 keeps the flow's own classes"
            + " (default: the model's own).")
    private Integer classSweeps;

    @Option(names = "--batch", paramLabel = "B", description = "Jets per batch (default ${DEFAULT-VALUE}).")
    private int batch = 256;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        // Options and paths first: a mistake is reported before the model and the conditions load.
        if ((count != null && count < 1) || (steps != null && steps < 1) || batch < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("-n, --steps and --batch must be at least 1, --temperature positive");
        }
        if (classSweeps != null && classSweeps < 0) {
            throw new IllegalArgumentException("--class-sweeps must not be negative, got " + classSweeps);
        }
        if (solver != null) {
            Solver.parse(solver);
        }
        ClassStep.parse(classStep);
        JetFiles.requireWritable(output);
        if (condition != null && !Files.isRegularFile(condition)) {
            throw new IllegalArgumentException("--condition " + condition + ": no such file");
        }
        JetConditions conditions = condition == null ? null : ConditionFile.read(condition);
        if (count == null && conditions == null) {
            throw new IllegalArgumentException("give -n N, or --condition FILE to generate one jet per condition");
        }
        long count = this.count != null ? this.count : conditions.size();
        if (conditions != null && count > conditions.size()) {
            throw new IllegalArgumentException("-n " + count + " asks for more jets than " + condition + " has conditions ("
                    + conditions.size() + ")");
        }
        Path bundle = model != null ? model : DefaultModel.path();
        GenerationRequest request = new GenerationRequest(count, seed, steps == null ? 0 : steps, solver, temperature,
                classStep, batch, conditions, classSweeps == null ? -1 : classSweeps);
        try (FlowJetGenerator generator = new FlowJetGenerator(bundle)) {
            Progress progress = new Progress(System.err, "generate", count, quiet);
            generator.generate(request, output, condition == null ? Map.of()
                    : Map.of("conditions", String.valueOf(condition.getFileName())), progress::advance);
            progress.finish();
            if (!quiet) {
                System.out.println("wrote " + count + " jets to " + output);
            }
        }
        return 0;
    }
}
