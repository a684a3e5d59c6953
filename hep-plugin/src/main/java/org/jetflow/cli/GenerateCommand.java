package org.jetflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jetflow.flows.condition.ConditionFile;
import org.jetflow.flows.condition.JetConditions;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.GeneratedJets;
import org.jetflow.flows.sample.Solver;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow generate}: samples jets from a model bundle into a jet file, streaming. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates jets with a trained model into OUT (.arrow or .h5), batch by batch with bounded"
                + " memory. The same model, seed and options give the same jets.",
        footer = {"%nExamples:", "  jetflow generate --model qcd-model -n 100000 --seed 1 -o gen.arrow",
            "  jetflow generate --model qcd-model -n 10000 --seed 7 --steps 32 --solver heun -o gen.h5",
            "  jetflow generate --model qcd-model --condition wanted.csv -o gen.arrow   (CSV: pt,eta[,mass][,n])"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Model bundle directory.")
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

    @Option(names = "--steps", paramLabel = "K", description = "Integration steps (default ${DEFAULT-VALUE}).")
    private int steps = 100;

    @Option(names = "--solver", paramLabel = "euler|heun", description = "ODE solver (default ${DEFAULT-VALUE}).")
    private String solver = "euler";

    @Option(names = "--temperature", paramLabel = "T", description = "Class-logit temperature (default ${DEFAULT-VALUE}).")
    private double temperature = 1.0;

    @Option(names = "--batch", paramLabel = "B", description = "Jets per batch (default ${DEFAULT-VALUE}).")
    private int batch = 256;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        JetConditions conditions = condition == null ? null : ConditionFile.read(condition);
        if (count == null && conditions == null) {
            throw new IllegalArgumentException("give -n N, or --condition FILE to generate one jet per condition");
        }
        long count = this.count != null ? this.count : conditions.size();
        if (conditions != null && count > conditions.size()) {
            throw new IllegalArgumentException("-n " + count + " asks for more jets than " + condition + " has conditions ("
                    + conditions.size() + ")");
        }
        if (count < 1 || steps < 1 || batch < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("-n, --steps and --batch must be at least 1, --temperature positive");
        }
        Solver s = Solver.parse(solver);
        try (ModelBundle bundle = ModelBundle.load(model);
                FlowSampler sampler = new FlowSampler(bundle.config(), bundle.preprocessing(), bundle.weights())) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("generator", "JetFlow multimodal flow");
            meta.put("model", model.toAbsolutePath().normalize().toString());
            meta.put("seed", Long.toString(seed));
            meta.put("steps", Integer.toString(steps));
            meta.put("solver", s.name().toLowerCase(Locale.ROOT));
            meta.put("temperature", Double.toString(temperature));
            if (condition != null) {
                meta.put("conditions", condition.toAbsolutePath().normalize().toString());
            }
            JetWriter writer = JetFiles.create(output, JetSchema.CORE, meta);
            Progress progress = new Progress(System.err, "generate", count, quiet);
            try {
                long done = 0;
                long index = 0;
                while (done < count) {
                    int n = (int) Math.min(batch, count - done);
                    FlowSampler.Particles g = conditions == null ? sampler.sample(n, seed, index, steps, s, temperature)
                            : sampler.sample(conditions.slice((int) done, (int) done + n), seed, index, steps, s,
                                    temperature);
                    index++;
                    JetBatch b = GeneratedJets.toBatch(g);
                    writer.write(b);
                    done += n;
                    progress.advance(n);
                }
                writer.close();
            } catch (RuntimeException e) {
                writer.abort();
                throw e;
            }
            progress.finish();
            if (!quiet) {
                System.out.println("wrote " + count + " jets to " + output);
            }
        }
        return 0;
    }
}
