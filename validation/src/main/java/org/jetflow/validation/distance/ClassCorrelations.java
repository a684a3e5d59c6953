package org.jetflow.validation.distance;

import org.jetflow.io.jet.ParticleClass;
import org.jetflow.validation.observable.ObservableTable;

/**
 * How a sample's particle classes go together within a jet, from the per-jet class counts
 * ({@code n_photon}, {@code n_h0}, …): the probability that a jet with an electron also has a
 * positron, P(e+ | e−) (Dalitz decays and photon conversions make e+e− pairs), and the Pearson
 * correlation of every pair of per-jet class counts, and how often the two hardest charged particles
 * carry opposite charges (from {@code q1q2}; neighbouring hadrons of a string do). A generator that
 * draws each particle's class independently given the kinematics gets the class fractions right
 * and these wrong.
 *
 * @param electronPairing  P(n_e+ ≥ 1 | n_e− ≥ 1); NaN without a jet with an electron
 * @param oppositeLeading  P(q1·q2 = −1 | two charged particles); NaN without such a jet or without a
 *                         {@code q1q2} column
 * @param classes          the classes of the correlation matrix, in order
 * @param countCorrelation Pearson correlation of the per-jet counts of classes i and j (NaN where a
 *                         count does not vary)
 */
public record ClassCorrelations(double electronPairing, double oppositeLeading, ParticleClass[] classes,
        double[][] countCorrelation) {
    /** The correlations of a table of per-jet observables with the {@code n_CLASS} columns. */
    public static ClassCorrelations of(ObservableTable t) {
        ParticleClass[] cls = ParticleClass.values();
        double[][] n = new double[cls.length][];
        for (int i = 0; i < cls.length; i++) {
            n[i] = t.column("n_" + cls[i].shortName());
        }
        double[] eMinus = n[ParticleClass.ELECTRON.ordinal()];
        double[] ePlus = n[ParticleClass.POSITRON.ordinal()];
        long withElectron = 0;
        long withBoth = 0;
        for (int j = 0; j < eMinus.length; j++) {
            if (eMinus[j] >= 1) {
                withElectron++;
                if (ePlus[j] >= 1) {
                    withBoth++;
                }
            }
        }
        double[][] corr = new double[cls.length][cls.length];
        for (int a = 0; a < cls.length; a++) {
            for (int b = 0; b < cls.length; b++) {
                corr[a][b] = pearson(n[a], n[b]);
            }
        }
        long twoCharged = 0;
        long opposite = 0;
        if (t.names().contains("q1q2")) {
            for (double q : t.column("q1q2")) {
                if (q != 0) {
                    twoCharged++;
                    opposite += q < 0 ? 1 : 0;
                }
            }
        }
        return new ClassCorrelations(withElectron == 0 ? Double.NaN : withBoth / (double) withElectron,
                twoCharged == 0 ? Double.NaN : opposite / (double) twoCharged, cls, corr);
    }

    /** The correlation of the counts of two classes. */
    public double correlation(ParticleClass a, ParticleClass b) {
        return countCorrelation[a.ordinal()][b.ordinal()];
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }
}
