package org.jetflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jetflow.api.DefaultModel;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.score.JetScorer;
import org.jetflow.flows.score.OdeLikelihood;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.observable.ObservableTable;
import org.jetflow.validation.table.ObservableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow score}: per-jet anomaly scores of recorded jets under a model trained on background. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Writes each jet's anomaly score and its parts next to its identifiers, to OUT (.csv or"
                + " .arrow): by default the jet's likelihood under the model (kinematics from the probability-flow"
                + " ODE, classes, and the jet's N and mass given its pT) and under the independent-particle reference"
                + " of the model's training jets, or with --method loss the flow-matching loss."
                + " Deterministic: the same model and options give the same scores, whatever the batch.",
        footer = {"%nColumns: jet (row in the file), run, lumi, event (when the file has them), pt, eta, mass, n,",
            "  then ll_kinematics, ll_classes, ll_jet, ll_reference_kinematics, ll_reference_classes (natural logs),",
            "  nll_per_particle, factorised, llr_per_particle, score = llr_per_particle",
            "  (factorised for a model without a reference: 'jetflow reference' adds one),",
            "  (--method loss: score_continuous, score_discrete, score).", "%nExamples:",
            "  jetflow score --data top-5k.h5 -o top-scores.csv            (default model)",
            "  jetflow score --model qcd-model --data events.arrow -o scores.arrow --steps 16",
            "  jetflow score --method loss --data top-5k.h5 -o top-loss.csv --times 16",
            "  jetflow roc --background qcd-scores.csv --signal top-scores.csv"})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle (default: the shipped QCD model).")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Jets to score (.h5, .arrow).")
    private Path data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Scores (.csv, .arrow).")
    private Path output;

    @Option(names = "--method", paramLabel = "likelihood|loss", description = "likelihood: the likelihood under the"
            + " model, its parts and score = (ln p(particles) - ln q(particles))/N, the log-ratio per particle to"
            + " the independent-particle reference; loss: the flow-matching loss at fixed times and noise."
            + " Default ${DEFAULT-VALUE}.")
    private String method = "likelihood";

    @Option(names = "--steps", paramLabel = "K", description = "ODE steps of the likelihood (default ${DEFAULT-VALUE}).")
    private int steps = 8;

    @Option(names = "--solver", paramLabel = "euler|heun", description = "The likelihood's ODE integrator: euler (one"
            + " network evaluation per step) or heun (two, a smaller error at the same steps). Default ${DEFAULT-VALUE}.")
    private String solver = "heun";

    @Option(names = "--times", paramLabel = "K", description = "Times per jet of the loss (default ${DEFAULT-VALUE}).")
    private int times = 8;

    @Option(names = "--draws", paramLabel = "R", description = "Noise draws per time of the loss (default ${DEFAULT-VALUE}).")
    private int draws = 2;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the fixed noise (default ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N jets.")
    private long limit = Long.MAX_VALUE;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (times < 1 || draws < 1 || limit < 1 || steps < 1) {
            throw new IllegalArgumentException("--steps, --times, --draws and --limit must be at least 1");
        }
        JetScorer.Method m = JetScorer.Method.parse(method);
        JetScorer.Settings settings = new JetScorer.Settings(m, m == JetScorer.Method.LIKELIHOOD ? steps : times,
                draws, seed, OdeLikelihood.Scheme.parse(solver));
        // Paths before the model loads.
        JetFiles.requireReadable(data);
        ObservableWriter.requireWritable(output);
        Path bundlePath = model != null ? model : DefaultModel.path();
        try (ModelBundle bundle = ModelBundle.load(bundlePath);
                JetScorer scorer = new JetScorer(bundle.config(), bundle.preprocessing(), bundle.weights(), settings);
                JetReader reader = JetFiles.open(data)) {
            if (m == JetScorer.Method.LIKELIHOOD && bundle.preprocessing().reference() == null && !quiet) {
                System.err.println("score: " + bundlePath + " has no independent-particle reference, so score is the"
                        + " factorised one; 'jetflow reference --model " + bundlePath + " --data TRAINING.h5 -o "
                        + bundlePath + "' adds it");
            }
            List<String> ids = new ArrayList<>(List.of("jet"));
            for (String id : List.of("run", "lumi", "event")) {
                if (reader.schema().jetLongs().contains(id)) {
                    ids.add(id);
                }
            }
            List<String> names = new ArrayList<>(ids);
            names.addAll(List.of("pt", "eta", "mass"));
            names.addAll(scorer.columns());
            ObservableWriter writer = ObservableWriter.create(output, names);
            Progress progress = new Progress(System.err, "score", Math.min(limit, reader.jetCount()), quiet);
            long[] done = new long[1];
            AtomicOutput.complete(writer, w -> {
                long row = 0;
                JetBatch b;
                while (row < limit && (b = reader.next()) != null) {
                    b = b.head((int) Math.min(b.size(), limit - row));
                    double[][] s = scorer.score(b);
                    double[][] cols = new double[names.size()][b.size()];
                    for (int j = 0; j < b.size(); j++) {
                        cols[0][j] = row + j;
                        for (int k = 1; k < ids.size(); k++) {
                            cols[k][j] = b.jetLong(ids.get(k))[j];
                        }
                        int c = ids.size();
                        cols[c][j] = b.jetPt()[j];
                        cols[c + 1][j] = b.jetEta()[j];
                        cols[c + 2][j] = b.jetMass()[j];
                        for (int k = 0; k < s.length; k++) {
                            cols[c + 3 + k][j] = s[k][j];
                        }
                    }
                    w.write(new ObservableTable(names, cols));
                    row += b.size();
                    progress.advance(b.size());
                }
                done[0] = row;
            });
            progress.finish();
            if (!quiet) {
                System.out.println("wrote scores of " + done[0] + " jets to " + output);
            }
        }
        return 0;
    }
}
