package org.jetflow.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.preprocess.ParticleReference;
import org.jetflow.io.file.JetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow reference}: fits a model's independent-particle reference density on its training
 * jets, for models trained before {@code jetflow train} fitted it itself.
 */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Fits the independent-particle reference density q(particle | N, jet pT) of a model on its"
                + " training jets and writes the model with it to OUT. The likelihood-ratio anomaly score divides the"
                + " model's likelihood by it. jetflow train fits it itself; this is for older models.",
        footer = {"%nExample:", "  jetflow reference --model qcd-model --data qcd-train-1.h5 -o qcd-model"})
final class ReferenceCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Model bundle.")
    private Path model;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE",
            description = "The model's training jet files (.h5, .arrow).")
    private List<Path> data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Bundle directory to write (may be BUNDLE itself).")
    private Path output;

    @Option(names = "--limit", paramLabel = "N", description = "Read at most N training jets.")
    private long limit = Long.MAX_VALUE;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        for (Path f : data) {
            JetFiles.requireReadable(f);
        }
        try (ModelBundle bundle = ModelBundle.load(model)) {
            TrainingJets training = TrainingJets.read(data, limit);
            ParticleReference r = ParticleReference.fit(training.batches(), bundle.config().maxParticles());
            bundle.saveWithReference(output, r, training.files());
            if (!quiet) {
                System.out.println("wrote " + output);
            }
        }
        return 0;
    }
}
