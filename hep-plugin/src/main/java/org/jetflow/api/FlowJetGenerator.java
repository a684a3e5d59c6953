package org.jetflow.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.ClassStep;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.GeneratedJets;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetSchema;

/**
 * Generates jets with a trained JetFlow model bundle. Batch b of a request is sampled with
 * (seed, b), so a request gives the same jets every time.
 */
public final class FlowJetGenerator implements JetGenerator {
    private final Path model;
    private final ModelBundle bundle;
    private final FlowSampler sampler;
    private final String modelName;
    private final String modelWeights;

    /** Loads a bundle; close the generator to free its weights. */
    public FlowJetGenerator(Path model) {
        this.model = model;
        try {
            this.bundle = ModelBundle.load(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        this.sampler = bundle.sampler();
        try {
            com.fasterxml.jackson.databind.node.ObjectNode id = ModelBundle.identity(model);
            this.modelName = id.get("name").asText();
            this.modelWeights = id.get("weights_sha256").asText();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The bundle's directory. */
    public Path model() {
        return model;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String name() {
        return Provider.NAME;
    }

    @Override
    public void generate(GenerationRequest request, JetSink sink) {
        Sampling at = sampling(request);
        Solver solver = at.solver();
        int steps = at.steps();
        sampler.classStep(ClassStep.parse(request.classStep())).classSweeps(at.classSweeps()).schedule(at.schedule());
        long done = 0;
        long index = 0;
        while (done < request.jets()) {
            int n = (int) Math.min(request.batchSize(), request.jets() - done);
            FlowSampler.Particles g = request.conditions() == null
                    ? sampler.sample(n, request.seed(), index, steps, solver, request.temperature())
                    : sampler.sample(request.conditions().slice((int) done, (int) done + n), request.seed(), index,
                            steps, solver, request.temperature());
            sink.accept(GeneratedJets.toBatch(g));
            index++;
            done += n;
        }
    }

    /**
     * The solver and steps a request runs with: its own, or where it leaves them open the model's.
     *
     * @throws IllegalArgumentException when the steps do not suit the solver and model
     */
    public Sampling sampling(GenerationRequest request) {
        Sampling at = bundle.sampling().with(request.steps() > 0 ? request.steps() : null, request.solver())
                .withClassSweeps(request.classSweeps() >= 0 ? request.classSweeps() : null);
        FlowSampler.check(bundle.config(), at);
        if (at.classSweeps() > 0 && bundle.classModel() == null) {
            throw new IllegalArgumentException("--class-sweeps " + at.classSweeps() + ": this model has no class model"
                    + " (jetflow attach adds one)");
        }
        return at;
    }

    /**
     * Generates into a jet file (.arrow or .h5) that appears only when complete, with the model (its
     * name and the hash of its weights, not its path), seed, steps, solver and temperature recorded
     * in its metadata.
     *
     * @param metadata more provenance to record (e.g. the conditions file)
     * @param progress told the number of jets of each batch written
     */
    public void generate(GenerationRequest request, Path output, Map<String, String> metadata, LongConsumer progress) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("generator", "JetFlow multimodal flow");
        Sampling at = sampling(request);
        meta.put("model", modelName);
        meta.put("model_weights_sha256", modelWeights);
        meta.put("seed", Long.toString(request.seed()));
        meta.put("steps", Integer.toString(at.steps()));
        meta.put("solver", at.solverName());
        if (at.schedule() != null) {
            meta.put("schedule", at.schedule().toString());
        }
        meta.put("temperature", Double.toString(request.temperature()));
        meta.put("class_step", request.classStep().toLowerCase(Locale.ROOT));
        meta.put("class_sweeps", Integer.toString(at.classSweeps()));
        meta.putAll(metadata);
        AtomicOutput.complete(JetFiles.create(output, JetSchema.CORE, meta), w -> generate(request, b -> {
            w.write(b);
            progress.accept(b.size());
        }));
    }

    @Override
    public void close() {
        sampler.close();
        bundle.close();
    }

    /** "jetflow": settings {@code model} (a bundle directory; default: the shipped QCD model). */
    public static final class Provider implements JetGeneratorProvider {
        static final String NAME = "jetflow";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "jets generated by a JetFlow model; settings: model=BUNDLE (default: the shipped QCD model)";
        }

        @Override
        public JetGenerator open(Map<String, String> settings) {
            String m = settings.get("model");
            return new FlowJetGenerator(m == null ? DefaultModel.path() : Path.of(m));
        }
    }
}
