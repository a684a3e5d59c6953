package org.jetflow.validation.distance;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet physics distance (Kansal et al., arXiv:2211.10295): the Fréchet distance between
 * Gaussians fitted to the feature vectors (EFPs) of two samples,
 * {@code |μ1 − μ2|² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½)}, on features standardised with the reference's
 * mean and standard deviation, measured on random batches of several sizes N and extrapolated to
 * N → ∞ by a straight-line fit in 1/N (the intercept), as JetNet does.
 *
 * @param value the extrapolated FPD
 * @param error the standard error of the intercept
 */
public record FrechetPhysicsDistance(double value, double error) {
    /**
     * @param gen      generated features, {@code gen[jet][feature]}
     * @param ref      reference features
     * @param minSize  smallest batch (JetNet: 5000)
     * @param points   number of batch sizes between minSize and the largest possible
     * @param batches  batches averaged per size
     */
    public static FrechetPhysicsDistance of(double[][] gen, double[][] ref, int minSize, int points, int batches, long seed) {
        int max = Math.min(gen.length, ref.length);
        int min = Math.min(minSize, Math.max(2, max / 2));
        double[][] g = Standardizer.fit(ref).apply(gen);
        double[][] r = Standardizer.fit(ref).apply(ref);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] invN = new double[points];
        double[] fpd = new double[points];
        for (int p = 0; p < points; p++) {
            int n = points == 1 ? max : (int) Math.round(min + (double) (max - min) * p / (points - 1));
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                sum += frechet(Standardizer.sample(g, n, rnd), Standardizer.sample(r, n, rnd));
            }
            invN[p] = 1.0 / n;
            fpd[p] = sum / batches;
        }
        return fit(invN, fpd);
    }

    private static FrechetPhysicsDistance fit(double[] x, double[] y) {
        int n = x.length;
        if (n == 1) {
            return new FrechetPhysicsDistance(y[0], Double.NaN);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - intercept - slope * x[i];
            rss += e * e;
        }
        double err = n > 2 && sxx > 0 ? Math.sqrt(rss / (n - 2) * (1.0 / n + mx * mx / sxx)) : Double.NaN;
        return new FrechetPhysicsDistance(intercept, err);
    }

    /** The Fréchet distance between Gaussians fitted to two samples. */
    public static double frechet(double[][] a, double[][] b) {
        int d = a[0].length;
        double[] ma = Standardizer.mean(a);
        double[] mb = Standardizer.mean(b);
        DMatrixRMaj ca = covariance(a, ma);
        DMatrixRMaj cb = covariance(b, mb);
        double diff = 0;
        for (int k = 0; k < d; k++) {
            diff += (ma[k] - mb[k]) * (ma[k] - mb[k]);
        }
        DMatrixRMaj sa = sqrtPsd(ca);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(sa, cb, tmp);
        CommonOps_DDRM.mult(tmp, sa, m);
        symmetrize(m);
        double trSqrt = 0;
        for (double ev : eigenvalues(m)) {
            trSqrt += Math.sqrt(Math.max(0, ev));
        }
        return diff + CommonOps_DDRM.trace(ca) + CommonOps_DDRM.trace(cb) - 2 * trSqrt;
    }

    static DMatrixRMaj covariance(double[][] x, double[] mean) {
        int d = mean.length;
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                double di = row[i] - mean[i];
                for (int j = i; j < d; j++) {
                    c.add(i, j, di * (row[j] - mean[j]));
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = c.get(i, j) / (x.length - 1);
                c.set(i, j, v);
                c.set(j, i, v);
            }
        }
        return c;
    }

    private static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }

    private static double[] eigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        double[] v = new double[m.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = eig.getEigenvalue(i).getReal();
        }
        return v;
    }

    /** The symmetric square root of a symmetric positive semi-definite matrix. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj c) {
        int d = c.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(c.copy())) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double s = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, s * v.get(i) * v.get(j));
                }
            }
        }
        return out;
    }
}
