package org.jetflow.validation.hist;

/**
 * The moments YODA keeps per bin: Σw, Σw², Σwx, Σwx², entries.
 *
 * @param sumW   Σw
 * @param sumW2  Σw²
 * @param sumWX  Σwx
 * @param sumWX2 Σwx²
 * @param entries number of fills
 */
public record BinStats(double sumW, double sumW2, double sumWX, double sumWX2, double entries) {
    public static final BinStats EMPTY = new BinStats(0, 0, 0, 0, 0);

    BinStats plus(BinStats o) {
        return new BinStats(sumW + o.sumW, sumW2 + o.sumW2, sumWX + o.sumWX, sumWX2 + o.sumWX2, entries + o.entries);
    }

    BinStats scaled(double f) {
        return new BinStats(sumW * f, sumW2 * f * f, sumWX * f, sumWX2 * f, entries);
    }
}
