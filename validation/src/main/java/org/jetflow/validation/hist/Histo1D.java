package org.jetflow.validation.hist;

/**
 * A weighted 1D histogram with under- and overflow, keeping YODA's per-bin moments so that it can
 * be written as {@code YODA_HISTO1D_V2} without loss. Serializable, so that distributed jobs can fill
 * one per partition and {@link #merge} them.
 */
public final class Histo1D implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String title;
    private final Binning binning;
    private final double[] sumW;
    private final double[] sumW2;
    private final double[] sumWX;
    private final double[] sumWX2;
    private final double[] entries;

    /** An empty histogram. Arrays hold underflow at 0, bins at 1..n, overflow at n+1. */
    public Histo1D(String path, String title, Binning binning) {
        this.path = path;
        this.title = title;
        this.binning = binning;
        int n = binning.size() + 2;
        sumW = new double[n];
        sumW2 = new double[n];
        sumWX = new double[n];
        sumWX2 = new double[n];
        entries = new double[n];
    }

    /** A histogram of {@code values}, each with weight 1; NaN is refused. */
    public static Histo1D of(String path, String title, Binning binning, double[] values) {
        Histo1D h = new Histo1D(path, title, binning);
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(path + ": value " + i + " is NaN");
            }
            h.fill(values[i], 1);
        }
        return h;
    }

    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    public Binning binning() {
        return binning;
    }

    /** Adds x with weight w. */
    public void fill(double x, double w) {
        int k = binning.index(x) + 1;
        sumW[k] += w;
        sumW2[k] += w * w;
        sumWX[k] += w * x;
        sumWX2[k] += w * x * x;
        entries[k]++;
    }

    /** Sets the moments of bin {@code k} (−1 underflow, n overflow): readers of stored histograms. */
    public void set(int k, BinStats s) {
        int i = k + 1;
        sumW[i] = s.sumW();
        sumW2[i] = s.sumW2();
        sumWX[i] = s.sumWX();
        sumWX2[i] = s.sumWX2();
        entries[i] = s.entries();
    }

    /** The moments of bin {@code k} (−1 underflow, n overflow). */
    public BinStats bin(int k) {
        int i = k + 1;
        return new BinStats(sumW[i], sumW2[i], sumWX[i], sumWX2[i], entries[i]);
    }

    /** All bins, under- and overflow included. */
    public BinStats total() {
        BinStats t = BinStats.EMPTY;
        for (int k = -1; k <= binning.size(); k++) {
            t = t.plus(bin(k));
        }
        return t;
    }

    /** Σw of the in-range bins. */
    public double integral() {
        double s = 0;
        for (int k = 1; k <= binning.size(); k++) {
            s += sumW[k];
        }
        return s;
    }

    /** Adds another histogram of the same binning. */
    public void merge(Histo1D other) {
        if (!binning.sameAs(other.binning)) {
            throw new IllegalArgumentException("mismatched binning: " + path + " has " + binning + ", "
                    + other.path + " has " + other.binning);
        }
        for (int i = 0; i < sumW.length; i++) {
            sumW[i] += other.sumW[i];
            sumW2[i] += other.sumW2[i];
            sumWX[i] += other.sumWX[i];
            sumWX2[i] += other.sumWX2[i];
            entries[i] += other.entries[i];
        }
    }

    /** Multiplies every weight by {@code f} (Σw² by f²). */
    public void scale(double f) {
        for (int i = 0; i < sumW.length; i++) {
            BinStats s = bin(i - 1).scaled(f);
            set(i - 1, s);
        }
    }

    /** Scales so that the in-range bins integrate to 1 over x (Σ density × width = 1). */
    public void normalizeToArea() {
        double area = integral();
        if (area != 0) {
            scale(1 / area);
        }
    }

    /** Density of bin k: Σw / width. */
    public double density(int k) {
        return sumW[k + 1] / binning.width(k);
    }

    /** Statistical error of the density of bin k: sqrt(Σw²) / width. */
    public double densityError(int k) {
        return Math.sqrt(sumW2[k + 1]) / binning.width(k);
    }

    /** Densities of every bin, as {@link #density}. */
    public double[] densities() {
        double[] d = new double[binning.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = density(k);
        }
        return d;
    }

    /** Density errors of every bin, as {@link #densityError}. */
    public double[] densityErrors() {
        double[] d = new double[binning.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = densityError(k);
        }
        return d;
    }

    /** Σw of every bin (no under- or overflow). */
    public double[] sumWs() {
        return java.util.Arrays.copyOfRange(sumW, 1, binning.size() + 1);
    }
}
