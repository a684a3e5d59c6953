package org.jetflow.flows.path;

/**
 * The linear sum assignment problem: for an n × n cost matrix, the permutation σ that minimises
 * Σ_i C[i][σ(i)], solved exactly by shortest augmenting paths with dual potentials (the Hungarian
 * method in Jonker and Volgenant's form, O(n³)). Written here because the hot path pairs a few
 * hundred jets per training step: JGraphT's Kuhn–Munkres works on graph objects (a vertex and an edge
 * object per pair), and Apache Commons Math has no assignment solver.
 *
 * <p>One instance keeps its work arrays for matrices up to the size it was made for, so a training
 * step reuses them jet after jet; it is not thread-safe.
 */
public final class LinearAssignment {
    private final double[] rowPotential;
    private final double[] colPotential;
    private final double[] slack;
    private final int[] rowOfCol;
    private final int[] way;
    private final boolean[] used;

    /** Work arrays for matrices up to {@code maxSize} × {@code maxSize}. */
    public LinearAssignment(int maxSize) {
        rowPotential = new double[maxSize + 1];
        colPotential = new double[maxSize + 1];
        slack = new double[maxSize + 1];
        rowOfCol = new int[maxSize + 1];
        way = new int[maxSize + 1];
        used = new boolean[maxSize + 1];
    }

    /**
     * The optimal assignment.
     *
     * @param cost n × n costs, row-major: {@code cost[i * n + j]} is the cost of giving row i column j
     * @param n    rows and columns
     * @param out  receives σ: {@code out[i]} is row i's column (length at least n)
     * @return the minimal total cost
     */
    public double solve(double[] cost, int n, int[] out) {
        if (n > rowOfCol.length - 1 || cost.length < n * n || out.length < n) {
            throw new IllegalArgumentException("assignment of " + n + " × " + n + " does not fit arrays of " + (rowOfCol.length - 1));
        }
        // 1-based, column 0 is the virtual start of each augmenting path.
        java.util.Arrays.fill(rowPotential, 0, n + 1, 0);
        java.util.Arrays.fill(colPotential, 0, n + 1, 0);
        java.util.Arrays.fill(rowOfCol, 0, n + 1, 0);
        for (int i = 1; i <= n; i++) {
            rowOfCol[0] = i;
            int col = 0;
            java.util.Arrays.fill(slack, 0, n + 1, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(used, 0, n + 1, false);
            do {
                used[col] = true;
                int row = rowOfCol[col];
                int rowBase = (row - 1) * n - 1;
                double delta = Double.POSITIVE_INFINITY;
                int next = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double reduced = cost[rowBase + j] - rowPotential[row] - colPotential[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            way[j] = col;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        rowPotential[rowOfCol[j]] += delta;
                        colPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                col = next;
            } while (rowOfCol[col] != 0);
            // Flip the augmenting path back to its start.
            do {
                int previous = way[col];
                rowOfCol[col] = rowOfCol[previous];
                col = previous;
            } while (col != 0);
        }
        double total = 0;
        for (int j = 1; j <= n; j++) {
            out[rowOfCol[j] - 1] = j - 1;
            total += cost[(rowOfCol[j] - 1) * n + j - 1];
        }
        return total;
    }
}
