package org.jetflow.validation.observable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An undirected multigraph on vertices 0..v−1, the index of an energy flow polynomial. Edges are
 * stored as (a, b) pairs with a &lt; b, repeated for multiple edges, sorted; {@link #canonical()}
 * is the same for isomorphic graphs.
 *
 * @param vertices number of vertices
 * @param edges    sorted (a, b) pairs
 */
public record Multigraph(int vertices, List<int[]> edges) {
    public Multigraph {
        edges = List.copyOf(edges);
    }

    /** Number of edges, the degree d of the EFP. */
    public int degree() {
        return edges.size();
    }

    /** Whether every vertex is reachable from vertex 0. */
    public boolean connected() {
        int[] parent = new int[vertices];
        for (int i = 0; i < vertices; i++) {
            parent[i] = i;
        }
        for (int[] e : edges) {
            parent[find(parent, e[0])] = find(parent, e[1]);
        }
        int root = find(parent, 0);
        for (int i = 1; i < vertices; i++) {
            if (find(parent, i) != root) {
                return false;
            }
        }
        return true;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    /** A string equal for isomorphic graphs: the smallest edge list over all vertex relabellings. */
    public String canonical() {
        String best = null;
        for (int[] perm : permutations(vertices)) {
            List<int[]> mapped = new ArrayList<>();
            for (int[] e : edges) {
                int a = perm[e[0]];
                int b = perm[e[1]];
                mapped.add(new int[] {Math.min(a, b), Math.max(a, b)});
            }
            mapped.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
            StringBuilder sb = new StringBuilder().append(vertices).append(':');
            for (int[] e : mapped) {
                sb.append(e[0]).append(e[1]).append(' ');
            }
            String s = sb.toString();
            if (best == null || s.compareTo(best) < 0) {
                best = s;
            }
        }
        return best;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
        if (k == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int i = 0; i < cur.length; i++) {
            if (!used[i]) {
                used[i] = true;
                cur[k] = i;
                permute(cur, used, k + 1, out);
                used[i] = false;
            }
        }
    }

    /** All connected multigraphs with exactly {@code d} edges, one per isomorphism class. */
    public static List<Multigraph> connected(int d) {
        List<Multigraph> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int v = 2; v <= d + 1; v++) {
            List<int[]> pairs = new ArrayList<>();
            for (int a = 0; a < v; a++) {
                for (int b = a + 1; b < v; b++) {
                    pairs.add(new int[] {a, b});
                }
            }
            int[] pick = new int[d];
            collect(v, pairs, pick, 0, 0, out, seen);
        }
        return out;
    }

    private static void collect(int v, List<int[]> pairs, int[] pick, int k, int from, List<Multigraph> out,
            java.util.Set<String> seen) {
        if (k == pick.length) {
            List<int[]> edges = new ArrayList<>();
            int[] degree = new int[v];
            for (int p : pick) {
                int[] e = pairs.get(p);
                edges.add(e);
                degree[e[0]]++;
                degree[e[1]]++;
            }
            if (Arrays.stream(degree).anyMatch(x -> x == 0)) {
                return;
            }
            Multigraph g = new Multigraph(v, edges);
            if (g.connected() && seen.add(g.canonical())) {
                out.add(g);
            }
            return;
        }
        for (int p = from; p < pairs.size(); p++) {
            pick[k] = p;
            collect(v, pairs, pick, k + 1, p, out, seen);
        }
    }
}
