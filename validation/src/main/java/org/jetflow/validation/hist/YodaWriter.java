package org.jetflow.validation.hist;

import java.util.Locale;

/** Writes histograms as YODA text (Rivet's format, the V2 block types), one block per object. */
public final class YodaWriter {
    private final StringBuilder out = new StringBuilder();

    /** Appends a {@code YODA_HISTO1D_V2} block. */
    public YodaWriter add(Histo1D h) {
        out.append("BEGIN YODA_HISTO1D_V2 ").append(h.path()).append('\n');
        out.append("Path: ").append(h.path()).append('\n');
        out.append("Title: ").append(h.title() == null ? "" : h.title()).append('\n');
        out.append("Type: Histo1D\n---\n");
        out.append("# ID\t ID\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries\n");
        row("Total   \tTotal   ", h.total());
        row("Underflow\tUnderflow", h.bin(-1));
        row("Overflow\tOverflow", h.bin(h.binning().size()));
        out.append("# xlow\t xhigh\t sumw\t sumw2\t sumwx\t sumwx2\t numEntries\n");
        Binning b = h.binning();
        for (int k = 0; k < b.size(); k++) {
            row(num(b.lowEdge(k)) + "\t" + num(b.highEdge(k)), h.bin(k));
        }
        out.append("END YODA_HISTO1D_V2\n\n");
        return this;
    }

    /** Appends a {@code YODA_SCATTER2D_V2} block. */
    public YodaWriter add(Scatter2D s) {
        out.append("BEGIN YODA_SCATTER2D_V2 ").append(s.path()).append('\n');
        out.append("Path: ").append(s.path()).append('\n');
        out.append("Title: ").append(s.title() == null ? "" : s.title()).append('\n');
        out.append("Type: Scatter2D\n---\n");
        out.append("# xval\t xerr-\t xerr+\t yval\t yerr-\t yerr+\n");
        for (Scatter2D.Point p : s.points()) {
            out.append(num(p.x())).append('\t').append(num(p.xErrMinus())).append('\t').append(num(p.xErrPlus()))
                    .append('\t').append(num(p.y())).append('\t').append(num(p.yErrMinus())).append('\t')
                    .append(num(p.yErrPlus())).append('\n');
        }
        out.append("END YODA_SCATTER2D_V2\n\n");
        return this;
    }

    private void row(String id, BinStats s) {
        out.append(id).append('\t').append(num(s.sumW())).append('\t').append(num(s.sumW2())).append('\t')
                .append(num(s.sumWX())).append('\t').append(num(s.sumWX2())).append('\t').append(num(s.entries()))
                .append('\n');
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.17g", v).replaceFirst("\\.?0+(e|$)", "$1");
    }

    /** The text written so far. */
    public String text() {
        return out.toString();
    }
}
