package org.jetflow.validation.roc;

import java.util.Arrays;

/**
 * The receiver operating characteristic of a score that is higher for signal: the area under the
 * curve (the probability that a random signal jet outscores a random background jet, ties counting
 * one half; the Mann–Whitney statistic) and the background rejection 1/ε_B at a given signal
 * efficiency ε_S.
 */
public final class RocCurve {
    private final double[] background;
    private final double[] signal;

    private RocCurve(double[] background, double[] signal) {
        this.background = background;
        this.signal = signal;
    }

    /** A curve from the scores of background and signal jets; NaN scores are refused. */
    public static RocCurve of(double[] background, double[] signal) {
        if (background.length == 0 || signal.length == 0) {
            throw new IllegalArgumentException("a ROC curve needs background and signal scores, got "
                    + background.length + " and " + signal.length);
        }
        double[] b = background.clone();
        double[] s = signal.clone();
        Arrays.sort(b);
        Arrays.sort(s);
        if (Double.isNaN(b[b.length - 1]) || Double.isNaN(s[s.length - 1])) {
            throw new IllegalArgumentException("a ROC curve cannot use NaN scores");
        }
        return new RocCurve(b, s);
    }

    /** Area under the curve, by the rank sum with tied ranks averaged. */
    public double auc() {
        // Count for each signal score the background scores below it (ties one half), in one merge pass.
        double pairs = 0;
        int below = 0;
        int upTo = 0;
        for (double s : signal) {
            while (below < background.length && background[below] < s) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < background.length && background[upTo] <= s) {
                upTo++;
            }
            pairs += below + 0.5 * (upTo - below);
        }
        return pairs / ((double) signal.length * background.length);
    }

    /**
     * Background rejection 1/ε_B when the cut keeps the share {@code signalEfficiency} of signal jets
     * (score ≥ the signal's (1 − ε_S) quantile); infinite when no background jet passes.
     */
    public double rejection(double signalEfficiency) {
        if (!(signalEfficiency > 0 && signalEfficiency <= 1)) {
            throw new IllegalArgumentException("signal efficiency must be in (0, 1], got " + signalEfficiency);
        }
        int keep = (int) Math.ceil(signalEfficiency * signal.length);
        double threshold = signal[signal.length - keep];
        int at = Arrays.binarySearch(background, threshold);
        int first;
        if (at < 0) {
            first = -at - 1;
        } else {
            first = at;
            while (first > 0 && background[first - 1] >= threshold) {
                first--;
            }
        }
        int passing = background.length - first;
        return passing == 0 ? Double.POSITIVE_INFINITY : (double) background.length / passing;
    }
}
