package org.jetflow.flows.score;

import org.jetflow.flows.condition.ConditionTable;

/**
 * The density of a jet's multiplicity N and mass m given its pT under the training jets,
 * p(N, ln m | pT): a two-dimensional Gaussian kernel estimate over the {@link #NEIGHBOURS}
 * training jets of the model's condition table nearest in pT, with Scott's bandwidths
 * (σ·n^(−1/6) per axis) of those neighbours. The jet-level half of the factorised score of Mikuni
 * and Nachman (arXiv:2306.03933): the particles' likelihood given N then carries only what N and m
 * do not.
 */
public final class JetLevelDensity {
    /** Training jets nearest in pT that estimate the density of one jet. */
    public static final int NEIGHBOURS = 512;
    private final float[] pt;
    private final float[] logMass;
    private final int[] n;

    public JetLevelDensity(ConditionTable table) {
        this.pt = table.pt();
        this.n = table.multiplicity();
        this.logMass = new float[pt.length];
        for (int i = 0; i < pt.length; i++) {
            logMass[i] = (float) Math.log(Math.max(table.mass()[i], 1e-3f));
        }
    }

    /** ln p(N, ln m | pT) of one jet (N counted as the model counts it, at most P). */
    public double logDensity(double jetPt, double mass, int multiplicity) {
        int k = Math.min(NEIGHBOURS, pt.length);
        int lo = lowerBound(jetPt);
        int from = Math.max(0, Math.min(lo - k / 2, pt.length - k));
        // Slide the window to the k nearest in pT.
        while (from > 0 && from + k - 1 < pt.length
                && Math.abs(pt[from - 1] - jetPt) < Math.abs(pt[from + k - 1] - jetPt)) {
            from--;
        }
        while (from + k < pt.length && Math.abs(pt[from + k] - jetPt) < Math.abs(pt[from] - jetPt)) {
            from++;
        }
        double[] mean = new double[2];
        double[] sq = new double[2];
        for (int i = from; i < from + k; i++) {
            mean[0] += n[i];
            mean[1] += logMass[i];
            sq[0] += (double) n[i] * n[i];
            sq[1] += (double) logMass[i] * logMass[i];
        }
        double scott = Math.pow(k, -1.0 / 6);
        double hn = Math.max(0.5, Math.sqrt(Math.max(0, sq[0] / k - Math.pow(mean[0] / k, 2))) * scott);
        double hm = Math.max(1e-3, Math.sqrt(Math.max(0, sq[1] / k - Math.pow(mean[1] / k, 2))) * scott);
        double lm = Math.log(Math.max(mass, 1e-3));
        // log-sum-exp over the kernels.
        double best = Double.NEGATIVE_INFINITY;
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            double a = (multiplicity - n[from + i]) / hn;
            double b = (lm - logMass[from + i]) / hm;
            e[i] = -0.5 * (a * a + b * b);
            best = Math.max(best, e[i]);
        }
        double sum = 0;
        for (double v : e) {
            sum += Math.exp(v - best);
        }
        return best + Math.log(sum / k) - Math.log(2 * Math.PI * hn * hm);
    }

    private int lowerBound(double x) {
        int lo = 0;
        int hi = pt.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pt[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
