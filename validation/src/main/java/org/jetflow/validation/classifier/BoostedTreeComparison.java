package org.jetflow.validation.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.jetflow.validation.observable.ObservableRunner;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.report.SampleComparison;

/**
 * {@code jetflow validate --classifier} (and {@code --bdt}): the {@link BoostedTreeTwoSample} test
 * as one more comparison of a validation run, under {@value #NAME} in {@code metrics.json}. It takes
 * the first N jets of each sample, N the smaller of {@code jets} and the two samples' sizes, so that
 * both samples weigh the same.
 */
public final class BoostedTreeComparison implements SampleComparison {
    /** Its key in {@code metrics.json}. */
    public static final String NAME = "bdt_classifier";

    private final BoostedTreeTwoSample.Settings settings;
    private final int jets;
    private final int threads;

    /**
     * @param settings the test's settings
     * @param jets     jets per sample at most
     * @param threads  threads for the observables when the files are read here (the trees use
     *                 {@link BoostedTreeTwoSample.Settings#threads()})
     */
    public BoostedTreeComparison(BoostedTreeTwoSample.Settings settings, int jets, int threads) {
        if (jets < settings.folds()) {
            throw new IllegalArgumentException("the boosted-tree test needs at least " + settings.folds()
                    + " jets per sample, got " + jets);
        }
        this.settings = settings;
        this.jets = jets;
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode compare(Path generated, Path reference, long limit) throws IOException {
        long n = Math.min(limit, jets);
        ObservableRunner runner = new ObservableRunner(threads, 0.5, false);
        return compare(generated, reference, runner.table(generated, n), runner.table(reference, n), limit);
    }

    @Override
    public ObjectNode compare(Path generated, Path reference, ObservableTable generatedObservables,
            ObservableTable referenceObservables, long limit) {
        long t0 = System.nanoTime();
        int n = (int) Math.min(Math.min(jets, limit), Math.min(generatedObservables.rows(), referenceObservables.rows()));
        BoostedTreeTwoSample.Result r = BoostedTreeTwoSample.run(generatedObservables.head(n),
                referenceObservables.head(n), BoostedTreeTwoSample.OBSERVABLES, settings);
        return json(r, (System.nanoTime() - t0) / 1e9);
    }

    /** The result as it goes into {@code metrics.json}. */
    public static ObjectNode json(BoostedTreeTwoSample.Result r, double seconds) {
        BoostedTreeTwoSample.Settings s = r.settings();
        ObjectNode o = new ObjectMapper().createObjectNode()
                .put("what", "gradient-boosted decision trees (XGBoost) on " + r.observables().size()
                        + " jet observables, " + s.folds() + "-fold cross-validated")
                .put("auc", r.auc()).put("spread", r.spread()).put("fold_std", r.foldStd())
                .put("folds", s.folds()).put("jets", r.generatedJets());
        if (r.referenceJets() != r.generatedJets()) {
            o.put("reference_jets", r.referenceJets());
        }
        r.foldAucs().forEach(o.putArray("fold_aucs")::add);
        r.rounds().forEach(o.putArray("rounds")::add);
        r.observables().forEach(o.putArray("observables")::add);
        o.put("max_rounds", s.maxRounds()).put("max_depth", s.maxDepth()).put("eta", s.eta())
                .put("early_stopping_rounds", s.patience()).put("validation_share", s.validationShare())
                .put("threads", s.threads()).put("seed", s.seed()).put("seconds", seconds);
        return o;
    }

}
