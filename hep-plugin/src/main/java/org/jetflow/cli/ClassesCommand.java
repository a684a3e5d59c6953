package org.jetflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jetflow.api.DefaultModel;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.MaskedClassSampler;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow classes}: the jets of a file with every particle's class drawn again by a class
 * model from the jet's kinematics, so that {@code jetflow validate} measures the class model alone,
 * with kinematics that are exactly the data's.
 */
@Command(name = "classes", mixinStandardHelpOptions = true,
        description = "Writes the jets of FILE to OUT with the class of each of their hardest particles drawn again by a"
                + " masked class model given the jets' kinematics (pT, Δη, Δφ kept; four-momenta rebuilt with the new"
                + " classes' masses; particles beyond the model's maximum left out). Validating OUT against independent"
                + " jets measures the class model apart from any flow. The same model, file and seed give the same"
                + " classes.",
        footer = {"%nExamples:", "  jetflow classes --data qcd-test.h5 -n 10000 --seed 7 -o redrawn.h5"
                + "   (the shipped default's class model)",
            "  jetflow classes --model qcd-classes --sweeps 20 --data qcd-test.h5 -o redrawn.h5",
            "  jetflow validate --generated redrawn.h5 --reference qcd-reference.h5 -o val-classes"})
final class ClassesCommand implements Callable<Integer> {
    /** Jets per draw: a jet's classes depend on the file's jets in chunks of this size, not on its batches. */
    static final int CHUNK = 256;

    @Option(names = "--model", paramLabel = "BUNDLE", description = "A masked class model, or a flow with one attached"
            + " (default: the shipped QCD model's).")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Jet file whose kinematics to take.")
    private Path data;

    @Option(names = "-n", paramLabel = "N", description = "The first N jets (default: all).")
    private Long count;

    @Option(names = "--sweeps", paramLabel = "S", description = "Class-model sweeps per jet (default: the flow's"
            + " class_sweeps for a flow with a class model attached, 20 for a class model alone, 1 for an autoregressive"
            + " one, which draws each class once whatever S is).")
    private Integer sweeps;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output jet file.")
    private Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        if ((count != null && count < 1) || (sweeps != null && sweeps < 1)) {
            throw new IllegalArgumentException("-n and --sweeps must be at least 1");
        }
        JetFiles.requireReadable(data);
        JetFiles.requireWritable(output);
        Path bundlePath = model != null ? model : DefaultModel.path();
        try (ModelBundle bundle = ModelBundle.load(bundlePath);
                JetReader reader = JetFiles.open(data)) {
            ModelBundle classes = bundle.classModel() != null ? bundle.classModel() : bundle;
            if (!classes.config().maskedClasses()) {
                throw new IllegalArgumentException("--model " + bundlePath + ": neither a masked class model nor a flow"
                        + " with one attached (jetflow attach)");
            }
            // An autoregressive model draws each class once: its sweeps change nothing.
            int s = sweeps != null ? sweeps : classes.config().autoregressiveClasses() ? 1
                    : bundle.classModel() != null && bundle.sampling().classSweeps() > 0 ? bundle.sampling().classSweeps()
                    : 20;
            long total = count == null ? reader.jetCount() : Math.min(count, reader.jetCount());
            ObjectNode id = ModelBundle.identity(bundlePath);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("generator", "JetFlow class model: the classes of " + data.getFileName() + " drawn again");
            meta.put("model", id.get("name").asText());
            meta.put("model_weights_sha256", id.get("weights_sha256").asText());
            meta.put("source_file", data.getFileName().toString());
            meta.put("seed", Long.toString(seed));
            meta.put("class_sweeps", Integer.toString(s));
            Progress progress = new Progress(System.err, "classes", total, quiet);
            try (MaskedClassSampler sampler = classes.classSampler()) {
                AtomicOutput.complete(JetFiles.create(output, JetSchema.CORE, meta), w -> {
                    long done = 0;
                    long chunks = 0;
                    JetBatch.Builder chunk = JetBatch.builder(reader.schema(), CHUNK);
                    JetBatch b;
                    while (done < total && (b = reader.next()) != null) {
                        for (int j = 0; j < b.size() && done < total; j++, done++) {
                            b.copyJet(j, chunk);
                            if (chunk.size() == CHUNK || done + 1 == total) {
                                JetBatch redrawn = sampler.redraw(chunk.build(), s,
                                        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + chunks++));
                                w.write(redrawn);
                                progress.advance(redrawn.size());
                                chunk = JetBatch.builder(reader.schema(), CHUNK);
                            }
                        }
                    }
                });
            }
            progress.finish();
            if (!quiet) {
                System.out.println("wrote " + total + " jets to " + output + " (" + s + " sweeps)");
            }
        }
        return 0;
    }
}
