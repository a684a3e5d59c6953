package org.jetflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;

/**
 * A model's training jets as a command reads them to fit something on them: every file in order up to
 * a limit in all, with each file's name, size, hash and jets read for the model card.
 *
 * @param batches the jets
 * @param files   provenance, {@code [{file, bytes, sha256, jets}, ...]}
 */
record TrainingJets(List<JetBatch> batches, ArrayNode files) {
    static TrainingJets read(List<Path> data, long limit) throws IOException {
        List<JetBatch> batches = new ArrayList<>();
        long read = 0;
        long[] counts = new long[data.size()];
        for (int i = 0; i < data.size(); i++) {
            List<JetBatch> part = JetFiles.read(data.get(i), limit - read);
            batches.addAll(part);
            counts[i] = part.stream().mapToInt(JetBatch::size).sum();
            read += counts[i];
        }
        return new TrainingJets(batches, ModelBundle.fingerprints(data, counts));
    }
}
