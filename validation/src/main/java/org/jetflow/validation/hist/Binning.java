package org.jetflow.validation.hist;

import java.util.Arrays;

/**
 * Bin edges, strictly increasing and finite: bin k is [edges[k], edges[k+1]).
 *
 * @param edges the n + 1 edges of n bins
 */
public record Binning(double[] edges) implements java.io.Serializable {
    public Binning {
        if (edges.length < 2) {
            throw new IllegalArgumentException("a binning needs at least 2 edges, got " + edges.length);
        }
        for (int k = 0; k < edges.length; k++) {
            if (!Double.isFinite(edges[k])) {
                throw new IllegalArgumentException("bin edge " + k + " is " + edges[k]);
            }
            if (k > 0 && !(edges[k] > edges[k - 1])) {
                throw new IllegalArgumentException("bin edges must increase: edge " + k + " = " + edges[k]
                        + " after " + edges[k - 1]);
            }
        }
        edges = edges.clone();
    }

    /** {@code n} equal bins over [lo, hi). */
    public static Binning uniform(int n, double lo, double hi) {
        double[] e = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            e[k] = lo + (hi - lo) * k / n;
        }
        e[n] = hi;
        return new Binning(e);
    }

    /** Number of bins. */
    public int size() {
        return edges.length - 1;
    }

    public double low() {
        return edges[0];
    }

    public double high() {
        return edges[edges.length - 1];
    }

    public double lowEdge(int k) {
        return edges[k];
    }

    public double highEdge(int k) {
        return edges[k + 1];
    }

    public double width(int k) {
        return edges[k + 1] - edges[k];
    }

    /** The bin of x: −1 below the range (underflow), {@link #size()} at or above it (overflow). */
    public int index(double x) {
        if (x < edges[0]) {
            return -1;
        }
        if (x >= edges[edges.length - 1]) {
            return size();
        }
        int k = Arrays.binarySearch(edges, x);
        return k >= 0 ? k : -k - 2;
    }

    /** Same edges, to a relative 1e-9 (edges that went through text). */
    public boolean sameAs(Binning other) {
        if (other.edges.length != edges.length) {
            return false;
        }
        for (int k = 0; k < edges.length; k++) {
            double tol = 1e-9 * Math.max(1, Math.max(Math.abs(edges[k]), Math.abs(other.edges[k])));
            if (Math.abs(edges[k] - other.edges[k]) > tol) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binning b && Arrays.equals(edges, b.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return size() + " bins [" + low() + ", " + high() + ")";
    }
}
