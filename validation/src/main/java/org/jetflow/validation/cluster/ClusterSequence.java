package org.jetflow.validation.cluster;

import org.jetflow.validation.jet.Constituents;

/**
 * Pairwise sequential recombination of one jet's constituents, keeping the history (FastJet's
 * {@code ClusterSequence}). {@link #cluster} has no radius: everything merges into one object, and
 * the exclusive N-jet states and the declustering tree are both read from it.
 * {@link #clusterInclusive} has a radius R and a beam distance: it finds inclusive jets.
 * Geometric nearest-neighbour bookkeeping makes a clustering O(N²) for N particles (FastJet's
 * N2Plain strategy); the active objects' (y, φ, weight) sit in slot-ordered arrays for the inner
 * loops. One instance is reused from jet to jet.
 *
 * <p>Nodes 0..n−1 are the particles; node n+k is the k-th merge, of {@link #left} and
 * {@link #right}.
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
    private final int[] jets;
    private final int[] stack;
    private final int[] leaves;
    private int particles;
    private int jetCount;

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
        jets = new int[capacity];
        stack = new int[nodes];
        leaves = new int[capacity];
    }

    /** Clusters all constituents into one object (R = ∞, no beam distance). */
    public ClusterSequence cluster(Constituents c, JetAlgorithm alg, Recombination rec) {
        return run(c, alg, rec, Double.POSITIVE_INFINITY);
    }

    /**
     * Inclusive clustering with radius {@code radius}: at each step the smallest of
     * {@code d_ij = min(w_i, w_j) ΔR_ij² / R²} and {@code d_iB = w_i} either merges two objects or
     * makes an object an inclusive jet ({@link #inclusive}). FastJet's {@code inclusive_jets(0)}.
     */
    public ClusterSequence clusterInclusive(Constituents c, JetAlgorithm alg, Recombination rec, double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("radius must be positive and finite, got " + radius);
        }
        return run(c, alg, rec, radius * radius);
    }

    private ClusterSequence run(Constituents c, JetAlgorithm alg, Recombination rec, double r2) {
        int n = c.size();
        if (n > capacity) {
            throw new IllegalArgumentException(n + " particles, capacity " + capacity);
        }
        particles = n;
        jetCount = 0;
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
            sWeight[i] = alg.weight(pt[i]);
        }
        for (int s = 0; s < n; s++) {
            findNearest(s, n, r2);
        }
        int active = n;
        int merges = 0;
        while (active > 0) {
            // The pair with the smallest d_ij is some slot with its geometric nearest neighbour:
            // d_ij = min(w_i, w_j) ΔR²_ij ≥ w_i ΔR²_{i,nn(i)} (FastJet's N2Plain argument).
            // Distances here are d·R², so a slot with no neighbour within R stands for d_iB = w_i.
            int a = 0;
            if (active > 1) {
                double best = Double.POSITIVE_INFINITY;
                for (int s = 0; s < active; s++) {
                    double d = nn[s] < 0 ? sWeight[s] * r2 : nnDist[s] * Math.min(sWeight[s], sWeight[nn[s]]);
                    if (d < best) {
                        best = d;
                        a = s;
                    }
                }
            }
            if (active == 1 || nn[a] < 0) {
                jets[jetCount++] = slotNode[a];
                removeSlot(a, active, r2);
                active--;
                continue;
            }
            int b = nn[a];
            int node = n + merges;
            merge(slotNode[a], slotNode[b], node, merges, rec);
            merges++;
            for (int s = 0; s < active; s++) {
                stale[s] = nn[s] == a || nn[s] == b;
            }
            slotNode[a] = node;
            sRap[a] = rap[node];
            sPhi[a] = phi[node];
            sWeight[a] = alg.weight(pt[node]);
            int last = active - 1;
            if (b != last) {
                moveSlot(last, b);
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
                    findNearest(s, active, r2);
                } else {
                    double d = Constituents.deltaR2(sRap[s], sPhi[s], ra, pa);
                    if (d < nnDist[s]) {
                        nnDist[s] = d;
                        nn[s] = a;
                    }
                }
            }
            findNearest(a, active, r2);
        }
        return this;
    }

    /** Takes slot a out of the active slots (its object went to the beam). */
    private void removeSlot(int a, int active, double r2) {
        for (int s = 0; s < active; s++) {
            stale[s] = nn[s] == a;
        }
        int last = active - 1;
        if (a != last) {
            moveSlot(last, a);
        }
        for (int s = 0; s < last; s++) {
            if (nn[s] == last) {
                nn[s] = a;
            }
        }
        for (int s = 0; s < last; s++) {
            if (stale[s]) {
                findNearest(s, last, r2);
            }
        }
    }

    private void moveSlot(int from, int to) {
        slotNode[to] = slotNode[from];
        sRap[to] = sRap[from];
        sPhi[to] = sPhi[from];
        sWeight[to] = sWeight[from];
        nn[to] = nn[from];
        nnDist[to] = nnDist[from];
        stale[to] = stale[from];
    }

    /**
     * Geometric nearest neighbour (ΔR²) of slot s among the active slots, if closer than R²;
     * otherwise none (−1) at distance R².
     */
    private void findNearest(int s, int active, double r2) {
        double best = r2;
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

    /** After {@link #cluster}: the final object (all particles merged), or the single particle. */
    public int root() {
        return particles == 1 ? 0 : 2 * particles - 2;
    }

    /**
     * The nodes of the exclusive {@code njets}-object state: what remains after n − njets merges.
     * With no more particles than {@code njets}, the particles themselves. After {@link #cluster} only.
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

    /**
     * The inclusive jets, in the order they reached the beam (after {@link #cluster}: the one final
     * object).
     *
     * @return the number of nodes written to {@code out}
     */
    public int inclusive(int[] out) {
        System.arraycopy(jets, 0, out, 0, jetCount);
        return jetCount;
    }

    /**
     * The particles (indices into the clustered {@link Constituents}) a node was built from, in
     * increasing order.
     *
     * @return the number of indices written to {@code out}
     */
    public int constituents(int node, int[] out) {
        int k = 0;
        int top = 0;
        stack[top++] = node;
        while (top > 0) {
            int x = stack[--top];
            if (left[x] < 0) {
                out[k++] = x;
            } else {
                stack[top++] = left[x];
                stack[top++] = right[x];
            }
        }
        java.util.Arrays.sort(out, 0, k);
        return k;
    }

    /**
     * Loads into {@code out} the particles of {@code clustered} (the constituents this sequence
     * clustered) that a node was built from, in their original order.
     */
    public Constituents constituents(int node, Constituents clustered, Constituents out) {
        return out.select(clustered, leaves, constituents(node, leaves));
    }

    /** The first object a node was merged from, or −1 for a particle. */
    public int left(int node) {
        return left[node];
    }

    /** The second object a node was merged from, or −1 for a particle. */
    public int right(int node) {
        return right[node];
    }

    /** Transverse momentum (GeV); under WTA recombination the scalar sum pT1 + pT2. */
    public double pt(int node) {
        return pt[node];
    }

    /** Rapidity; under WTA recombination that of the harder object. */
    public double rap(int node) {
        return rap[node];
    }

    /** Azimuth (rad); under WTA recombination that of the harder object. */
    public double phi(int node) {
        return phi[node];
    }

    /**
     * Invariant mass (GeV) of the four-momentum sum of a node's particles (whatever the
     * recombination), FastJet's m(): negative for a slightly tachyonic sum.
     */
    public double mass(int node) {
        double m2 = (e[node] + pz[node]) * (e[node] - pz[node]) - (px[node] * px[node] + py[node] * py[node]);
        return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
    }
}
