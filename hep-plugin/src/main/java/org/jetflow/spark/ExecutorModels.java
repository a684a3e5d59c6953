package org.jetflow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.score.JetScorer;

/**
 * The models an executor JVM has loaded, one per bundle (and scoring settings), shared by all the
 * tasks that run in it: a bundle is read once per executor, not once per task. Samplers and scorers
 * hold no per-call state, so concurrent tasks may use the same one.
 */
final class ExecutorModels {
    private static final Map<String, FlowSampler> SAMPLERS = new ConcurrentHashMap<>();
    private static final Map<String, JetScorer> SCORERS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** The sampler of the bundle shipped as {@code name} (see {@link ModelShipping}). */
    static FlowSampler sampler(String name) {
        Path dir = ModelShipping.local(name);
        return SAMPLERS.computeIfAbsent(dir.toString(), k -> {
            try (ModelBundle b = load(dir)) {
                return b.sampler();
            }
        });
    }

    /** The scorer of the bundle shipped as {@code name}, with the given settings. */
    static JetScorer scorer(String name, JetScorer.Settings settings) {
        Path dir = ModelShipping.local(name);
        return SCORERS.computeIfAbsent(dir + "|" + settings, k -> {
            try (ModelBundle b = load(dir)) {
                return new JetScorer(b.config(), b.preprocessing(), b.weights(), settings);
            }
        });
    }

    private static ModelBundle load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("model bundle " + dir + " is not on this executor");
        }
        try {
            LOADS.incrementAndGet();
            // The sampler or scorer copies the weights into its own arrays, so the bundle is closed after.
            return ModelBundle.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** How many bundles this JVM has loaded (tests check that it is once per executor). */
    static int loads() {
        return LOADS.get();
    }
}
