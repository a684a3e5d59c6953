package org.jetflow.validation.distance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Kernel physics distance (Kansal et al., arXiv:2211.10295): the unbiased estimator of the squared
 * maximum mean discrepancy with the polynomial kernel {@code k(x, y) = (x·y / d + 1)^4} (docs/validation.md#definitions),
 * on the features as they are (EFPs lie in [0, 1]; standardising would let the heavy tails of the
 * EFP distributions dominate the fourth power), over random batches; the median over batches and
 * half the interquartile range as its spread.
 *
 * @param median median MMD² over batches
 * @param spread half the interquartile range
 */
public record KernelPhysicsDistance(double median, double spread) {
    public static KernelPhysicsDistance of(double[][] gen, double[][] ref, int batchSize, int batches, long seed) {
        double[][] g = gen;
        double[][] r = ref;
        // Batches smaller than the samples, so that they differ: the spread means something.
        int n = Math.min(batchSize, Math.min(g.length, r.length) / 2);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[batches];
        for (int b = 0; b < batches; b++) {
            values[b] = mmd2(Standardizer.sample(g, n, rnd), Standardizer.sample(r, n, rnd));
        }
        Arrays.sort(values);
        return new KernelPhysicsDistance(quantile(values, 0.5), 0.5 * (quantile(values, 0.75) - quantile(values, 0.25)));
    }

    /** Unbiased MMD² between two samples with the polynomial kernel of degree 4. */
    public static double mmd2(double[][] x, double[][] y) {
        int d = x[0].length;
        double kxx = kernelSum(x, x, d, true);
        double kyy = kernelSum(y, y, d, true);
        double kxy = kernelSum(x, y, d, false);
        int m = x.length;
        int n = y.length;
        return kxx / (m * (m - 1.0)) + kyy / (n * (n - 1.0)) - 2 * kxy / ((double) m * n);
    }

    private static double kernelSum(double[][] a, double[][] b, int d, boolean skipDiagonal) {
        DMatrixRMaj ma = new DMatrixRMaj(a);
        DMatrixRMaj mb = new DMatrixRMaj(b);
        DMatrixRMaj gram = new DMatrixRMaj(a.length, b.length);
        CommonOps_DDRM.multTransB(ma, mb, gram);
        double s = 0;
        double[] data = gram.data;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (skipDiagonal && i == j) {
                    continue;
                }
                double k = data[i * b.length + j] / d + 1;
                double k2 = k * k;
                s += k2 * k2;
            }
        }
        return s;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
