package org.jetflow.validation.cluster;

import org.jetflow.validation.jet.Constituents;

/**
 * Pairwise sequential recombination of one jet's constituents down to a single object, keeping the
 * history (FastJet's {@code ClusterSequence} with R = ∞): the exclusive N-jet states and the
 * declustering tree are both read from it. Geometric nearest-neighbour bookkeeping makes a
 * clustering O(N²) for N particles (FastJet's N2Plain strategy); the active objects' (y, φ, weight)
 * sit in slot-ordered arrays for the inner loops. One instance is reused from jet to jet.
 *
 * <p>Nodes 0..n−1 are the particles; node n+k is the k-th merge, of {@link #left} and
 * {@link #right} (the harder of the two by pT is {@link #harder}).
 */
public final class ClusterSequence {
    private final int capacity;
    private final double[] px;
    private final double[] py;
    private final double[] pz;
    private final double[] e;
    private final double[] pt;
    private final double[] rap;
    private final double[] phi;
    private final int[] left;
    private final int[] right;
    private final int[] consumedAt;
    private final int[] slotNode;
    private final int[] nn;
    private final double[] nnDist;
    private final boolean[] stale;
    private final double[] sRap;
    private final double[] sPhi;
    private final double[] sWeight;
    private int particles;

    public ClusterSequence(int capacity) {
        this.capacity = capacity;
        int nodes = 2 * capacity;
        px = new double[nodes];
        py = new double[nodes];
        pz = new double[nodes];
        e = new double[nodes];
        pt = new double[nodes];
        rap = new double[nodes];
        phi = new double[nodes];
        left = new int[nodes];
        right = new int[nodes];
        consumedAt = new int[nodes];
        slotNode = new int[capacity];
        nn = new int[capacity];
        nnDist = new double[capacity];
        stale = new boolean[capacity];
        sRap = new double[capacity];
        sPhi = new double[capacity];
        sWeight = new double[capacity];
    }

    /** Clusters all constituents into one object. */
    public ClusterSequence cluster(Constituents c, JetAlgorithm alg, Recombination rec) {
        int n = c.size();
        if (n > capacity) {
            throw new IllegalArgumentException(n + " particles, capacity " + capacity);
        }
        particles = n;
        boolean kt = alg == JetAlgorithm.KT;
        for (int i = 0; i < n; i++) {
            px[i] = c.px(i);
            py[i] = c.py(i);
            pz[i] = c.pz(i);
            e[i] = c.e(i);
            pt[i] = c.pt(i);
            rap[i] = c.rap(i);
            phi[i] = c.phi(i);
            left[i] = -1;
            right[i] = -1;
            consumedAt[i] = Integer.MAX_VALUE;
            slotNode[i] = i;
            sRap[i] = rap[i];
            sPhi[i] = phi[i];
            sWeight[i] = kt ? pt[i] * pt[i] : 1;
        }
        for (int s = 0; s < n; s++) {
            findNearest(s, n);
        }
        int active = n;
        for (int step = 0; step < n - 1; step++) {
            // The pair with the smallest d_ij is some slot with its geometric nearest neighbour:
            // d_ij = min(w_i, w_j) ΔR²_ij ≥ w_i ΔR²_{i,nn(i)} (FastJet's N2Plain argument).
            int a = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int s = 0; s < active; s++) {
                double d = nnDist[s] * Math.min(sWeight[s], sWeight[nn[s]]);
                if (d < best) {
                    best = d;
                    a = s;
                }
            }
            int b = nn[a];
            int node = n + step;
            merge(slotNode[a], slotNode[b], node, step, rec);
            for (int s = 0; s < active; s++) {
                stale[s] = nn[s] == a || nn[s] == b;
            }
            slotNode[a] = node;
            sRap[a] = rap[node];
            sPhi[a] = phi[node];
            sWeight[a] = kt ? pt[node] * pt[node] : 1;
            int last = active - 1;
            if (b != last) {
                slotNode[b] = slotNode[last];
                sRap[b] = sRap[last];
                sPhi[b] = sPhi[last];
                sWeight[b] = sWeight[last];
                nn[b] = nn[last];
                nnDist[b] = nnDist[last];
                stale[b] = stale[last];
                if (a == last) {
                    a = b;
                }
            }
            active--;
            for (int s = 0; s < active; s++) {
                if (nn[s] == last) {
                    nn[s] = b;
                }
            }
            double ra = sRap[a];
            double pa = sPhi[a];
            for (int s = 0; s < active; s++) {
                if (s == a) {
                    continue;
                }
                if (stale[s]) {
                    findNearest(s, active);
                } else {
                    double d = Constituents.deltaR2(sRap[s], sPhi[s], ra, pa);
                    if (d < nnDist[s]) {
                        nnDist[s] = d;
                        nn[s] = a;
                    }
                }
            }
            findNearest(a, active);
        }
        return this;
    }

    /** Geometric nearest neighbour (ΔR²) of slot s among the active slots. */
    private void findNearest(int s, int active) {
        double best = Double.POSITIVE_INFINITY;
        int arg = -1;
        double r = sRap[s];
        double p = sPhi[s];
        for (int t = 0; t < active; t++) {
            if (t != s) {
                double d = Constituents.deltaR2(r, p, sRap[t], sPhi[t]);
                if (d < best) {
                    best = d;
                    arg = t;
                }
            }
        }
        nn[s] = arg;
        nnDist[s] = best;
    }

    private void merge(int i, int j, int node, int step, Recombination rec) {
        left[node] = i;
        right[node] = j;
        consumedAt[node] = Integer.MAX_VALUE;
        consumedAt[i] = step;
        consumedAt[j] = step;
        px[node] = px[i] + px[j];
        py[node] = py[i] + py[j];
        pz[node] = pz[i] + pz[j];
        e[node] = e[i] + e[j];
        if (rec == Recombination.WTA_PT) {
            int hard = pt[i] >= pt[j] ? i : j;
            pt[node] = pt[i] + pt[j];
            rap[node] = rap[hard];
            phi[node] = phi[hard];
        } else {
            double kt2 = px[node] * px[node] + py[node] * py[node];
            pt[node] = Math.sqrt(kt2);
            rap[node] = Constituents.rapidity(kt2, pz[node], e[node]);
            phi[node] = (px[node] == 0 && py[node] == 0) ? 0 : Math.atan2(py[node], px[node]);
        }
    }

    /** Number of particles clustered. */
    public int particles() {
        return particles;
    }

    /** The final object (all particles merged), or the single particle. */
    public int root() {
        return particles == 1 ? 0 : 2 * particles - 2;
    }

    /**
     * The nodes of the exclusive {@code njets}-object state: what remains after n − njets merges.
     * With no more particles than {@code njets}, the particles themselves.
     *
     * @return the number of nodes written to {@code out}
     */
    public int exclusive(int njets, int[] out) {
        int merges = Math.max(0, particles - njets);
        int k = 0;
        for (int node = 0; node < particles + merges; node++) {
            if (consumedAt[node] >= merges) {
                out[k++] = node;
            }
        }
        return k;
    }

    /** The first object a node was merged from, or −1 for a particle. */
    public int left(int node) {
        return left[node];
    }

    /** The second object a node was merged from, or −1 for a particle. */
    public int right(int node) {
        return right[node];
    }

    public double pt(int node) {
        return pt[node];
    }

    public double rap(int node) {
        return rap[node];
    }

    public double phi(int node) {
        return phi[node];
    }

    /** Invariant mass (GeV) of a node's four-momentum, FastJet's m(): negative for a slightly tachyonic sum. */
    public double mass(int node) {
        double m2 = (e[node] + pz[node]) * (e[node] - pz[node]) - (px[node] * px[node] + py[node] * py[node]);
        return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
    }
}
