package org.jetflow.validation.hist;

/** A weighted 2D histogram with Σw, Σw² and entries per bin; out-of-range fills are counted apart. */
public final class Histo2D {
    private final String path;
    private final Binning x;
    private final Binning y;
    private final double[] sumW;
    private final double[] sumW2;
    private final double[] entries;
    private double outside;

    public Histo2D(String path, Binning x, Binning y) {
        this.path = path;
        this.x = x;
        this.y = y;
        sumW = new double[x.size() * y.size()];
        sumW2 = new double[sumW.length];
        entries = new double[sumW.length];
    }

    public String path() {
        return path;
    }

    public Binning xBinning() {
        return x;
    }

    public Binning yBinning() {
        return y;
    }

    public void fill(double vx, double vy, double w) {
        int i = x.index(vx);
        int j = y.index(vy);
        if (i < 0 || i >= x.size() || j < 0 || j >= y.size()) {
            outside += w;
            return;
        }
        int k = i * y.size() + j;
        sumW[k] += w;
        sumW2[k] += w * w;
        entries[k]++;
    }

    /** Σw of bin (i, j). */
    public double sumW(int i, int j) {
        return sumW[i * y.size() + j];
    }

    /** Σw² of bin (i, j). */
    public double sumW2(int i, int j) {
        return sumW2[i * y.size() + j];
    }

    /** Σw of fills outside the range in x or y. */
    public double outside() {
        return outside;
    }

    public void merge(Histo2D o) {
        if (!x.sameAs(o.x) || !y.sameAs(o.y)) {
            throw new IllegalArgumentException("mismatched binning: " + path + " vs " + o.path);
        }
        for (int k = 0; k < sumW.length; k++) {
            sumW[k] += o.sumW[k];
            sumW2[k] += o.sumW2[k];
            entries[k] += o.entries[k];
        }
        outside += o.outside;
    }

    /** Scales so that the in-range bins sum to 1. */
    public void normalize() {
        double s = 0;
        for (double v : sumW) {
            s += v;
        }
        if (s != 0) {
            for (int k = 0; k < sumW.length; k++) {
                sumW[k] /= s;
                sumW2[k] /= s * s;
            }
            outside /= s;
        }
    }
}
