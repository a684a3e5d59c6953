package org.jetflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.jetflow.flows.classifier.TwoSampleClassifier;
import org.jetflow.io.file.JetFiles;
import org.jetflow.validation.report.SampleComparison;

/** {@code jetflow validate --classifier}: the classifier two-sample test as one more comparison. */
final class ClassifierComparison implements SampleComparison {
    private final TwoSampleClassifier.Settings settings;

    ClassifierComparison(TwoSampleClassifier.Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public ObjectNode compare(Path generated, Path reference, long limit) throws IOException {
        long n = Math.min(limit, settings.jets());
        long t0 = System.nanoTime();
        TwoSampleClassifier.Result r = TwoSampleClassifier.run(JetFiles.read(generated, n), JetFiles.read(reference, n),
                settings);
        return new ObjectMapper().createObjectNode()
                .put("what", "Deep Sets classifier of generated against reference jets (ln z, deta, dphi, class of the "
                        + TwoSampleClassifier.PARTICLES + " hardest particles), trained on half of each sample")
                .put("auc", r.auc()).put("spread", r.spread()).put("train_auc", r.trainAuc())
                .put("train_jets", r.trainJets()).put("test_jets", r.testJets()).put("epochs", settings.epochs())
                .put("seed", settings.seed()).put("seconds", (System.nanoTime() - t0) / 1e9);
    }
}
