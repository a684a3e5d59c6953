package org.jetflow.validation.observable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jetflow.validation.jet.Constituents;

/**
 * Energy flow polynomials (Komiske, Metodiev, Thaler, arXiv:1712.07124) with the "hadr" measure,
 * β = 1, normalised: {@code EFP_G = Σ_{i1..iN} z_i1 … z_iN Π_{(k,l)∈G} θ_{ik il}} with
 * {@code z_i = pT_i / Σ pT} and θ = ΔR in (y, φ), for every multigraph G with d ≤ 4 edges: the
 * empty graph (EFP = 1) and the 35 graphs with 1 ≤ d ≤ 4, 36 in all. A disconnected graph's EFP
 * is the product of its components'; a connected one is computed by variable elimination
 * (arXiv:1712.07124, section 4), which for d ≤ 4 never needs more than O(M³) operations, and the
 * M×M contraction {@code Σ_k z_k θ_ik θ_jk} shared by all graphs with a cycle is computed once per jet.
 */
public final class EnergyFlowPolynomials {
    /** The connected graphs with 1 ≤ d ≤ 4 (1 + 2 + 5 + 12). */
    private static final List<Multigraph> CONNECTED = new ArrayList<>();
    /** For each EFP, the indices into {@link #CONNECTED} of its components (empty for d = 0). */
    private static final List<int[]> PRODUCTS = new ArrayList<>();
    private static final List<String> NAMES = new ArrayList<>();
    private static final int MAX_DEGREE = 4;

    static {
        List<Integer> degrees = new ArrayList<>();
        for (int d = 1; d <= MAX_DEGREE; d++) {
            for (Multigraph g : Multigraph.connected(d)) {
                CONNECTED.add(g);
                degrees.add(d);
            }
        }
        for (int d = 0; d <= MAX_DEGREE; d++) {
            addProducts(d, CONNECTED.size() - 1, new ArrayList<>(), degrees);
        }
        for (int k = 0; k < PRODUCTS.size(); k++) {
            NAMES.add("efp_" + k);
        }
    }

    /** Multisets of connected graphs (indices non-increasing) whose degrees sum to {@code d}. */
    private static void addProducts(int d, int maxIndex, List<Integer> chosen, List<Integer> degrees) {
        if (d == 0) {
            PRODUCTS.add(chosen.stream().mapToInt(Integer::intValue).toArray());
            return;
        }
        for (int c = maxIndex; c >= 0; c--) {
            if (degrees.get(c) <= d) {
                chosen.add(c);
                addProducts(d - degrees.get(c), c, chosen, degrees);
                chosen.remove(chosen.size() - 1);
            }
        }
    }

    private final int capacity;
    private final double[] z;
    private final double[][] thetaPow;
    private final double[] connectedValues = new double[CONNECTED.size()];
    private final Map<String, double[]> cache = new HashMap<>();
    private int m;

    /** A workspace for jets of up to {@code capacity} particles. */
    public EnergyFlowPolynomials(int capacity) {
        this.capacity = capacity;
        this.z = new double[capacity];
        this.thetaPow = new double[MAX_DEGREE + 1][capacity * capacity];
    }

    /** EFP column names {@code efp_0 .. efp_35}, ordered by degree d. */
    public List<String> names() {
        return NAMES;
    }

    /** The multigraph components of EFP {@code k} (empty for the d = 0 EFP). */
    public static List<Multigraph> components(int k) {
        List<Multigraph> out = new ArrayList<>();
        for (int c : PRODUCTS.get(k)) {
            out.add(CONNECTED.get(c));
        }
        return out;
    }

    /** Computes all EFPs of a jet into {@code out} (length {@code names().size()}). */
    public void compute(Constituents c, double[] out) {
        m = c.size();
        if (m > capacity) {
            throw new IllegalArgumentException(m + " particles, capacity " + capacity);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += c.pt(i);
        }
        for (int i = 0; i < m; i++) {
            z[i] = c.pt(i) / sum;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double t = Math.sqrt(c.deltaR2(i, j));
                double p = t;
                for (int k = 1; k <= MAX_DEGREE; k++) {
                    thetaPow[k][i * m + j] = p;
                    p *= t;
                }
            }
        }
        cache.clear();
        for (int g = 0; g < CONNECTED.size(); g++) {
            connectedValues[g] = eliminate(CONNECTED.get(g));
        }
        for (int k = 0; k < PRODUCTS.size(); k++) {
            double v = 1;
            for (int comp : PRODUCTS.get(k)) {
                v *= connectedValues[comp];
            }
            out[k] = v;
        }
    }

    /** A factor of the tensor network: a vector on one vertex or an M×M matrix on two. */
    private static final class Factor {
        final int a;
        final int b;
        final double[] data;
        /** For a raw θ^mult edge, its multiplicity; 0 for a derived factor. */
        final int mult;

        Factor(int a, int b, double[] data, int mult) {
            this.a = a;
            this.b = b;
            this.data = data;
            this.mult = mult;
        }

        boolean has(int v) {
            return a == v || b == v;
        }

        int other(int v) {
            return a == v ? b : a;
        }
    }

    private double eliminate(Multigraph g) {
        List<Factor> factors = new ArrayList<>();
        Map<Long, Integer> mult = new HashMap<>();
        for (int[] e : g.edges()) {
            mult.merge(((long) e[0] << 32) | e[1], 1, Integer::sum);
        }
        mult.forEach((key, k) -> factors.add(new Factor((int) (key >> 32), (int) (long) key, thetaPow[k], k)));
        List<Integer> remaining = new ArrayList<>();
        for (int v = 0; v < g.vertices(); v++) {
            remaining.add(v);
        }
        double scalar = 1;
        while (!remaining.isEmpty()) {
            int v = pick(remaining, factors);
            remaining.remove(Integer.valueOf(v));
            List<Factor> mine = new ArrayList<>();
            for (Factor f : factors) {
                if (f.has(v)) {
                    mine.add(f);
                }
            }
            factors.removeAll(mine);
            List<Integer> nb = neighbours(v, mine);
            if (nb.size() > 2) {
                throw new IllegalStateException("elimination would need a tensor of rank " + nb.size());
            }
            if (nb.isEmpty()) {
                scalar *= sumOver(v, mine);
            } else if (nb.size() == 1) {
                factors.add(new Factor(nb.get(0), -1, vectorOver(v, nb.get(0), mine), 0));
            } else {
                factors.add(new Factor(nb.get(0), nb.get(1), matrixOver(v, nb.get(0), nb.get(1), mine), 0));
            }
        }
        return scalar;
    }

    /** The vertex with fewest neighbours; among equals, one without derived factors (cacheable). */
    private static int pick(List<Integer> remaining, List<Factor> factors) {
        int best = -1;
        int bestScore = Integer.MAX_VALUE;
        for (int v : remaining) {
            List<Factor> mine = new ArrayList<>();
            for (Factor f : factors) {
                if (f.has(v)) {
                    mine.add(f);
                }
            }
            int score = neighbours(v, mine).size() * 10;
            for (Factor f : mine) {
                if (f.mult != 1) {
                    score++;
                }
            }
            if (score < bestScore) {
                bestScore = score;
                best = v;
            }
        }
        return best;
    }

    private static List<Integer> neighbours(int v, List<Factor> mine) {
        List<Integer> nb = new ArrayList<>();
        for (Factor f : mine) {
            if (f.b >= 0) {
                int o = f.other(v);
                if (!nb.contains(o)) {
                    nb.add(o);
                }
            }
        }
        return nb;
    }

    /** Value of factor f at vertex v = i (and its other vertex = j for a matrix). */
    private double at(Factor f, int v, int i, int j) {
        if (f.b < 0) {
            return f.data[i];
        }
        return f.a == v ? f.data[i * m + j] : f.data[j * m + i];
    }

    private double sumOver(int v, List<Factor> mine) {
        double s = 0;
        for (int k = 0; k < m; k++) {
            double p = z[k];
            for (Factor f : mine) {
                p *= f.data[k];
            }
            s += p;
        }
        return s;
    }

    private double[] vectorOver(int v, int a, List<Factor> mine) {
        double[] r = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                double p = z[k];
                for (Factor f : mine) {
                    p *= at(f, v, k, i);
                }
                s += p;
            }
            r[i] = s;
        }
        return r;
    }

    private double[] matrixOver(int v, int a, int b, List<Factor> mine) {
        boolean raw = true;
        int ma = 0;
        int mb = 0;
        for (Factor f : mine) {
            if (f.mult == 0 || f.b < 0) {
                raw = false;
            } else if (f.other(v) == a) {
                ma += f.mult;
            } else {
                mb += f.mult;
            }
        }
        String key = raw ? Math.min(ma, mb) + "," + Math.max(ma, mb) : null;
        if (key != null && ma == mb && cache.containsKey(key)) {
            return cache.get(key);
        }
        // r(i, j) = Σ_k z_k Π_f f(k, i or j): the factors on (v, a) and (v, b) multiplied first.
        double[] fa = new double[m * m];
        double[] fb = new double[m * m];
        double[] fv = new double[m];
        java.util.Arrays.fill(fa, 1);
        java.util.Arrays.fill(fb, 1);
        java.util.Arrays.fill(fv, 1);
        for (Factor f : mine) {
            if (f.b < 0) {
                for (int k = 0; k < m; k++) {
                    fv[k] *= f.data[k];
                }
            } else {
                double[] target = f.other(v) == a ? fa : fb;
                for (int k = 0; k < m; k++) {
                    for (int i = 0; i < m; i++) {
                        target[k * m + i] *= at(f, v, k, i);
                    }
                }
            }
        }
        double[] fbT = new double[m * m];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < m; j++) {
                fbT[j * m + k] = fb[k * m + j];
            }
        }
        double[] r = new double[m * m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                w[k] = z[k] * fv[k] * fa[k * m + i];
            }
            for (int j = 0; j < m; j++) {
                int base = j * m;
                double s0 = 0;
                double s1 = 0;
                int k = 0;
                for (; k + 1 < m; k += 2) {
                    s0 += w[k] * fbT[base + k];
                    s1 += w[k + 1] * fbT[base + k + 1];
                }
                if (k < m) {
                    s0 += w[k] * fbT[base + k];
                }
                r[i * m + j] = s0 + s1;
            }
        }
        if (key != null && ma == mb) {
            cache.put(key, r);
        }
        return r;
    }
}
