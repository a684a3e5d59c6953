package org.jetflow.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.validation.roc.RocCurve;
import org.jetflow.validation.table.CsvColumn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jetflow roc}: how well a score separates signal from background jets. */
@Command(name = "roc", mixinStandardHelpOptions = true,
        description = "Prints the ROC AUC and the background rejection 1/eps_B at 30%% and 50%% signal efficiency of a"
                + " score column (higher = more signal-like) from two CSV files written by 'jetflow score'.",
        footer = {"%nExample:", "  jetflow roc --background qcd-scores.csv --signal top-scores.csv --column score"})
final class RocCommand implements Callable<Integer> {
    @Option(names = "--background", required = true, paramLabel = "CSV", description = "Scores of background jets.")
    private Path background;

    @Option(names = "--signal", required = true, paramLabel = "CSV", description = "Scores of signal jets.")
    private Path signal;

    @Option(names = "--column", paramLabel = "NAME", description = "Score column (default ${DEFAULT-VALUE}).")
    private String column = "score";

    @Override
    public Integer call() {
        double[] b = CsvColumn.read(background, column);
        double[] s = CsvColumn.read(signal, column);
        RocCurve roc = RocCurve.of(b, s);
        System.out.printf(Locale.ROOT, "%s: %d background, %d signal jets; AUC %.4f; rejection 1/eps_B %.2f at"
                + " eps_S = 0.3, %.2f at eps_S = 0.5%n", column, b.length, s.length, roc.auc(), roc.rejection(0.3),
                roc.rejection(0.5));
        return 0;
    }
}
