package org.jetflow.validation.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.jetflow.validation.observable.ObservableTable;

/**
 * A further comparison of generated jets with a reference jet file that {@link ValidationRun} runs
 * after its own, such as a classifier two-sample test, which needs what this module must not
 * depend on (a neural-network engine). Its result goes into {@code metrics.json} under
 * {@link #name()} and into the report.
 */
public interface SampleComparison {
    /** The key of its result in {@code metrics.json}. */
    String name();

    /**
     * Compares the samples.
     *
     * @param limit jets read per sample at most
     * @return the result; a {@code what} text, an {@code auc} and its {@code spread} are shown in the report
     */
    ObjectNode compare(Path generated, Path reference, long limit) throws IOException;

    /**
     * Compares the samples, given the observables {@link ValidationRun} has already computed: one
     * row per jet, the files' first jets in file order (at most {@code limit}). A comparison that
     * learns from observables uses them instead of reading the files again; by default they are
     * ignored.
     */
    default ObjectNode compare(Path generated, Path reference, ObservableTable generatedObservables,
            ObservableTable referenceObservables, long limit) throws IOException {
        return compare(generated, reference, limit);
    }
}
