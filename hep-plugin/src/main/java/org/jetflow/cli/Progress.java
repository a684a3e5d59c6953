package org.jetflow.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr for long jobs: done/total, jets/s and ETA, redrawn at most twice a
 * second, silent with {@code --quiet}.
 */
final class Progress {
    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;

    Progress(PrintStream err, String what, long total, boolean quiet) {
        this.err = err;
        this.what = what;
        this.total = total;
        this.quiet = quiet;
    }

    void advance(long jets) {
        done += jets;
        long now = System.nanoTime();
        if (!quiet && now - lastDraw > 500_000_000L) {
            lastDraw = now;
            err.print("\r" + line(now));
            err.flush();
        }
    }

    /** Seconds since start. */
    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void finish() {
        if (!quiet) {
            err.println("\r" + line(System.nanoTime()));
        }
    }

    private String line(long now) {
        double s = (now - start) / 1e9;
        double rate = s > 0 ? done / s : 0;
        String eta = total > 0 && rate > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        String of = total > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%)", total, 100.0 * done / total) : "";
        return String.format(Locale.ROOT, "%s: %d%s jets, %.0f jets/s, %.1f s%s   ", what, done, of, rate, s,
                done >= total ? "" : eta);
    }
}
