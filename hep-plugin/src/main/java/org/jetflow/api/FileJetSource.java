package org.jetflow.api;

import java.nio.file.Path;
import java.util.Map;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;

/**
 * Recorded or Monte Carlo jets read from a jet file (.h5, .arrow), behind the same interface as a
 * generator: a request delivers the file's first N jets, in file order. Seeds and steps do not
 * apply; conditions cannot be honoured and are refused.
 */
public final class FileJetSource implements JetGenerator {
    private final Path file;

    public FileJetSource(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return Provider.NAME;
    }

    @Override
    public void generate(GenerationRequest request, JetSink sink) {
        if (request.conditions() != null) {
            throw new IllegalArgumentException(file + ": a file of recorded jets cannot be conditioned on kinematics");
        }
        long done = 0;
        try (JetReader reader = JetFiles.open(file)) {
            JetBatch b;
            while (done < request.jets() && (b = reader.next()) != null) {
                for (int from = 0; from < b.size() && done < request.jets(); ) {
                    int n = (int) Math.min(Math.min(request.batchSize(), b.size() - from), request.jets() - done);
                    sink.accept(from == 0 && n == b.size() ? b : slice(b, from, n));
                    from += n;
                    done += n;
                }
            }
        }
        if (done < request.jets()) {
            throw new IllegalArgumentException(file + ": " + request.jets() + " jets requested, the file has " + done);
        }
    }

    private static JetBatch slice(JetBatch b, int from, int n) {
        JetBatch.Builder out = JetBatch.builder(b.schema(), n);
        for (int j = from; j < from + n; j++) {
            b.copyJet(j, out);
        }
        return out.build();
    }

    @Override
    public void close() {
    }

    /** "file": settings {@code path} (a jet file). */
    public static final class Provider implements JetGeneratorProvider {
        static final String NAME = "file";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "jets read from a file, in file order; settings: path=FILE (.h5, .arrow, .root)";
        }

        @Override
        public JetGenerator open(Map<String, String> settings) {
            String p = settings.get("path");
            if (p == null) {
                throw new IllegalArgumentException("the 'file' jet source needs the setting path=FILE");
            }
            return new FileJetSource(Path.of(p));
        }
    }
}
