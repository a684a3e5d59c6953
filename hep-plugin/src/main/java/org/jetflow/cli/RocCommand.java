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
                + " score column (higher = more signal-like) from two CSV files written by 'jetflow score', then the AUC"
                + " within bins of multiplicity (n) and of jet mass (quantiles of the background), so a reader sees"
                + " whether the score is more than N or mass.",
        footer = {"%nExample:", "  jetflow roc --background qcd-scores.csv --signal top-scores.csv --column score"})
final class RocCommand implements Callable<Integer> {
    @Option(names = "--background", required = true, paramLabel = "CSV", description = "Scores of background jets.")
    private Path background;

    @Option(names = "--signal", required = true, paramLabel = "CSV", description = "Scores of signal jets.")
    private Path signal;

    @Option(names = "--column", paramLabel = "NAME", description = "Score column (default ${DEFAULT-VALUE}).")
    private String column = "score";

    @Option(names = "--bins", paramLabel = "B", description = "Quantile bins of n and mass (default ${DEFAULT-VALUE};"
            + " 0: none).")
    private int bins = 5;

    /** Bins with fewer jets of either sample have no AUC worth printing. */
    static final int MIN_JETS = 50;

    @Override
    public Integer call() {
        if (bins < 0) {
            throw new IllegalArgumentException("--bins must not be negative");
        }
        double[] b = CsvColumn.read(background, column);
        double[] s = CsvColumn.read(signal, column);
        RocCurve roc = RocCurve.of(b, s);
        System.out.printf(Locale.ROOT, "%s: %d background, %d signal jets; AUC %.4f; rejection 1/eps_B %.2f at"
                + " eps_S = 0.3, %.2f at eps_S = 0.5%n", column, b.length, s.length, roc.auc(), roc.rejection(0.3),
                roc.rejection(0.5));
        for (String by : bins > 0 ? new String[] {"n", "mass"} : new String[0]) {
            if (!CsvColumn.has(background, by) || !CsvColumn.has(signal, by)) {
                continue;
            }
            double[] vb = CsvColumn.read(background, by);
            double[] vs = CsvColumn.read(signal, by);
            double[] edges = quantiles(vb, bins);
            for (int k = 0; k < bins; k++) {
                double lo = edges[k];
                double hi = edges[k + 1];
                boolean last = k == bins - 1;
                double[] bb = select(b, vb, lo, hi, last);
                double[] ss = select(s, vs, lo, hi, last);
                String range = String.format(Locale.ROOT, "%s in [%.4g, %.4g%s", by, lo, hi, last ? "]" : ")");
                if (bb.length < MIN_JETS || ss.length < MIN_JETS) {
                    System.out.printf(Locale.ROOT, "  %-28s %5d background, %5d signal: too few jets%n", range,
                            bb.length, ss.length);
                } else {
                    System.out.printf(Locale.ROOT, "  %-28s %5d background, %5d signal; AUC %.4f%n", range, bb.length,
                            ss.length, RocCurve.of(bb, ss).auc());
                }
            }
        }
        return 0;
    }

    /** Edges of {@code bins} bins holding equal shares of {@code v}. */
    static double[] quantiles(double[] v, int bins) {
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double[] edges = new double[bins + 1];
        for (int k = 0; k <= bins; k++) {
            edges[k] = sorted[Math.min(sorted.length - 1, (int) ((long) k * sorted.length / bins))];
        }
        edges[bins] = sorted[sorted.length - 1];
        return edges;
    }

    private static double[] select(double[] score, double[] by, double lo, double hi, boolean closed) {
        return java.util.stream.IntStream.range(0, score.length)
                .filter(i -> by[i] >= lo && (by[i] < hi || (closed && by[i] <= hi))).mapToDouble(i -> score[i]).toArray();
    }
}
