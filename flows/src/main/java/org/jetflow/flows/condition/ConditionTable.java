package org.jetflow.flows.condition;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.io.jet.JetBatch;

/**
 * The jet-level conditions of the training jets, stored with the model (docs/flows.md#conditioning):
 * the standardisation of the network's context (log pT/GeV, η, log mass/GeV) and up
 * to {@link #MAX_ROWS} training jets' (pT, η, mass, multiplicity), sorted by pT. Unconditional
 * generation draws whole rows, so pT, η, mass and multiplicity keep their correlations; a condition
 * that lacks the multiplicity takes it from the training jets nearest in pT.
 *
 * @param mean         context means (log pT, η, log mass)
 * @param std          context standard deviations
 * @param pt           jet pT of the stored rows (GeV), ascending
 * @param eta          jet η of the stored rows
 * @param mass         jet mass of the stored rows (GeV)
 * @param multiplicity particles of the stored rows, at most P
 */
public record ConditionTable(double[] mean, double[] std, float[] pt, float[] eta, float[] mass, int[] multiplicity) {
    /** Rows kept: enough for smooth conditional multiplicities, small enough for a model card. */
    public static final int MAX_ROWS = 8192;
    /** Training jets a condition's multiplicity is drawn from. */
    static final int NEIGHBOURS = 64;

    public ConditionTable {
        mean = mean.clone();
        std = std.clone();
        pt = pt.clone();
        eta = eta.clone();
        mass = mass.clone();
        multiplicity = multiplicity.clone();
        if (pt.length == 0 || eta.length != pt.length || mass.length != pt.length || multiplicity.length != pt.length) {
            throw new IllegalArgumentException("condition table needs equally long, non-empty columns");
        }
    }

    /**
     * Fits on training jets: context statistics over all of them, and as rows the jets at {@code keep}
     * evenly spaced quantiles of pT (each row a whole jet, so pT, η, mass and multiplicity keep their
     * correlations). An even subsample in file order would carry its own sampling noise into every
     * generated sample: 8192 rows drawn from 95,000 jets put the pT of 10,000 generated jets two
     * statistical floors from an independent sample, where the quantiles keep the training jets' pT.
     *
     * @param maxParticles P; stored multiplicities are capped to it
     */
    public static ConditionTable fit(List<JetBatch> batches, int maxParticles) {
        int n = batches.stream().mapToInt(JetBatch::size).sum();
        double[] sum = new double[3];
        double[] sum2 = new double[3];
        int keep = Math.min(n, MAX_ROWS);
        float[][] all = new float[n][];
        int row = 0;
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++, row++) {
                double[] c = context(b.jetPt()[j], b.jetEta()[j], b.jetMass()[j]);
                for (int k = 0; k < 3; k++) {
                    sum[k] += c[k];
                    sum2[k] += c[k] * c[k];
                }
                all[row] = new float[] {b.jetPt()[j], b.jetEta()[j], b.jetMass()[j],
                    Math.min(b.multiplicity(j), maxParticles)};
            }
        }
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int k = 0; k < 3; k++) {
            mean[k] = sum[k] / n;
            std[k] = Math.sqrt(Math.max(1e-12, sum2[k] / n - mean[k] * mean[k]));
        }
        // A stable sort: jets of equal pT stay in file order, so the same files give the same rows.
        Arrays.sort(all, (u, v) -> Float.compare(u[0], v[0]));
        float[] pt = new float[keep];
        float[] eta = new float[keep];
        float[] mass = new float[keep];
        int[] mult = new int[keep];
        for (int r = 0; r < keep; r++) {
            float[] jet = all[quantileRow(r, keep, n)];
            pt[r] = jet[0];
            eta[r] = jet[1];
            mass[r] = jet[2];
            mult[r] = (int) jet[3];
        }
        return new ConditionTable(mean, std, pt, eta, mass, mult);
    }

    /** This table's standardisation with the rows of {@code other}. */
    public ConditionTable withRowsOf(ConditionTable other) {
        return new ConditionTable(mean, std, other.pt, other.eta, other.mass, other.multiplicity);
    }

    /** The jet (of n, sorted by pT) kept as row r of {@code keep}: the one at quantile (r + ½)/keep. */
    static int quantileRow(int r, int keep, int n) {
        return (int) (((2L * r + 1) * n) / (2L * keep));
    }

    /** The raw context of a jet: log pT, η, log mass (mass floored at 1 MeV). */
    static double[] context(double pt, double eta, double mass) {
        return new double[] {Math.log(pt), eta, Math.log(Math.max(mass, 1e-3))};
    }

    /** Standardised context of one jet, the first {@code dim} of (log pT, η, log mass). */
    public void encode(double pt, double eta, double mass, int dim, float[] out, int offset) {
        double[] c = context(pt, eta, mass);
        for (int k = 0; k < dim; k++) {
            out[offset + k] = (float) ((c[k] - mean[k]) / std[k]);
        }
    }

    public int rows() {
        return pt.length;
    }

    /** A multiplicity for a jet of the given pT: one of the {@value #NEIGHBOURS} training jets nearest in pT. */
    public int drawMultiplicity(double jetPt, SplittableRandom rnd) {
        int at = Arrays.binarySearch(pt, (float) jetPt);
        int centre = at >= 0 ? at : -at - 1;
        int lo = Math.max(0, Math.min(centre - NEIGHBOURS / 2, rows() - NEIGHBOURS));
        int hi = Math.min(rows(), lo + NEIGHBOURS);
        return multiplicity[lo + rnd.nextInt(hi - lo)];
    }
}
