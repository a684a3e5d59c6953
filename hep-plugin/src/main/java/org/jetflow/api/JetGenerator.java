package org.jetflow.api;

import java.util.Map;

/**
 * A source of jets for an analysis chain: a trained JetFlow model, or recorded/Monte Carlo jets
 * read from a file. A chain obtains one by name through {@link JetGenerators#open(String, Map)},
 * so switching between generated and recorded jets is a configuration change.
 */
public interface JetGenerator extends AutoCloseable {
    /** The provider name this generator was opened with ("jetflow", "file", ...). */
    String name();

    /**
     * Delivers {@code request.jets()} jets to the sink in batches of at most
     * {@code request.batchSize()}, in order; returns when all were delivered.
     */
    void generate(GenerationRequest request, JetSink sink);

    @Override
    void close();
}
