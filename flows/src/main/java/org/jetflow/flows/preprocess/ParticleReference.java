package org.jetflow.flows.preprocess;

import java.util.Arrays;
import java.util.List;
import org.jetflow.io.jet.JetBatch;

/**
 * An independent-particle reference density of the training jets (docs/flows.md#anomaly-score): each
 * particle drawn alone, with no correlation to the others,
 * q(ln pT, Δη, Δφ, k | N, pT_jet) = P(k) · h_g(ln z, ln ΔR) / (2π ΔR²), z = pT/pT_jet, with the
 * azimuth about the jet axis uniform. P(k) (8 classes) and the histograms h_g (per kinematic group g:
 * photons, neutral hadrons, charged hadrons, leptons) are counted in cells of jet pT and multiplicity
 * N, whose edges are quantiles of the training jets. A model's likelihood divided by this reference
 * cancels what every particle costs alone, which grows with N, and leaves the correlations
 * (Finke et al., arXiv:2303.07364).
 *
 * @param ptEdges inner edges of the jet-pT cells (GeV), ascending
 * @param nEdges  inner edges of the multiplicity cells (a jet with N ≥ edge is above it), ascending
 * @param classes per cell, counts of the 8 classes: [cell·8 + k]
 * @param counts  per cell and group, the (ln z, ln ΔR) histogram: [((cell·GROUPS + g)·BINS + iz)·BINS + ir]
 */
public record ParticleReference(double[] ptEdges, double[] nEdges, long[] classes, long[] counts) {
    /** Bins per axis of each (ln z, ln ΔR) histogram. */
    public static final int BINS = 24;
    /** Kinematic groups: photons, neutral hadrons, charged hadrons, leptons. */
    public static final int GROUPS = 4;
    /** Jet-pT cells. */
    public static final int PT_CELLS = 3;
    /** Multiplicity cells. */
    public static final int N_CELLS = 4;
    /** The range of ln z; particles outside count in the edge bins. */
    public static final double LN_Z_MIN = -11;
    public static final double LN_Z_MAX = 0;
    /** The range of ln ΔR; particles outside count in the edge bins. */
    public static final double LN_R_MIN = Math.log(1e-3);
    public static final double LN_R_MAX = Math.log(1.0);
    private static final int CLASSES = 8;
    /** Counts added to every histogram bin and class, so an empty bin is rare, not impossible. */
    private static final double PSEUDO = 0.5;

    public ParticleReference {
        int cells = (ptEdges.length + 1) * (nEdges.length + 1);
        if (classes.length != cells * CLASSES || counts.length != cells * GROUPS * BINS * BINS) {
            throw new IllegalArgumentException("particle reference: " + classes.length + " class counts and "
                    + counts.length + " histogram counts do not fit " + cells + " cells");
        }
        ptEdges = ptEdges.clone();
        nEdges = nEdges.clone();
        classes = classes.clone();
        counts = counts.clone();
    }

    /** Counts the hardest {@code maxParticles} particles of every jet of the batches. */
    public static ParticleReference fit(List<JetBatch> batches, int maxParticles) {
        int jets = batches.stream().mapToInt(JetBatch::size).sum();
        double[] pts = new double[jets];
        double[] ns = new double[jets];
        int row = 0;
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++, row++) {
                pts[row] = b.jetPt()[j];
                ns[row] = Math.min(b.multiplicity(j), maxParticles);
            }
        }
        double[] ptEdges = quantileEdges(pts, PT_CELLS);
        double[] nEdges = quantileEdges(ns, N_CELLS);
        int cells = (ptEdges.length + 1) * (nEdges.length + 1);
        long[] classes = new long[cells * CLASSES];
        long[] counts = new long[cells * GROUPS * BINS * BINS];
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++) {
                int[] keep = JetTensors.hardest(b, j, maxParticles);
                int cell = cell(ptEdges, nEdges, b.jetPt()[j], keep.length);
                for (int i : keep) {
                    int k = b.token()[i] - 1;
                    classes[cell * CLASSES + k]++;
                    counts[bin(cell, group(k), b.pt()[i] / b.jetPt()[j], Math.hypot(b.deta()[i], b.dphi()[i]))]++;
                }
            }
        }
        return new ParticleReference(ptEdges, nEdges, classes, counts);
    }

    /**
     * Σ ln h_g(ln z, ln ΔR)/(2π ΔR²) over the listed particles of jet j: the reference density of their
     * (ln(pT/GeV), Δη, Δφ) given their classes, the units of the model's kinematic likelihood.
     *
     * @param particles indices into the batch's particle arrays of the jet's particles as the model sees them
     *                  (the hardest P); their count is the N of the jet's cell
     */
    public double logKinematics(JetBatch b, int j, int[] particles) {
        int cell = cell(ptEdges, nEdges, b.jetPt()[j], particles.length);
        long[] total = new long[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            int base = (cell * GROUPS + g) * BINS * BINS;
            for (int i = 0; i < BINS * BINS; i++) {
                total[g] += counts[base + i];
            }
        }
        double area = (LN_Z_MAX - LN_Z_MIN) / BINS * (LN_R_MAX - LN_R_MIN) / BINS;
        double sum = 0;
        for (int i : particles) {
            int g = group(b.token()[i] - 1);
            // Particles nearer the axis than the first bin's edge share its density, which stays finite at ΔR = 0.
            double r = Math.max(Math.hypot(b.deta()[i], b.dphi()[i]), Math.exp(LN_R_MIN));
            double h = (counts[bin(cell, g, b.pt()[i] / b.jetPt()[j], r)] + PSEUDO)
                    / ((total[g] + PSEUDO * BINS * BINS) * area);
            sum += Math.log(h) - Math.log(2 * Math.PI) - 2 * Math.log(r);
        }
        return sum;
    }

    /**
     * Σ ln P(k) over the listed particles of jet j: the reference probability of their classes (particles as
     * for {@link #logKinematics}).
     */
    public double logClasses(JetBatch b, int j, int[] particles) {
        int cell = cell(ptEdges, nEdges, b.jetPt()[j], particles.length);
        long all = 0;
        for (int k = 0; k < CLASSES; k++) {
            all += classes[cell * CLASSES + k];
        }
        double sum = 0;
        for (int i : particles) {
            sum += Math.log((classes[cell * CLASSES + b.token()[i] - 1] + PSEUDO) / (all + PSEUDO * CLASSES));
        }
        return sum;
    }

    private static int group(int k) {
        return k <= 1 ? k : k <= 3 ? 2 : 3;
    }

    private static int cell(double[] ptEdges, double[] nEdges, double pt, int n) {
        return above(ptEdges, pt) * (nEdges.length + 1) + above(nEdges, n);
    }

    private static int above(double[] edges, double v) {
        int c = 0;
        while (c < edges.length && v >= edges[c]) {
            c++;
        }
        return c;
    }

    private static int bin(int cell, int g, double z, double r) {
        int iz = clampBin((Math.log(Math.max(z, 1e-30)) - LN_Z_MIN) / (LN_Z_MAX - LN_Z_MIN));
        int ir = clampBin((Math.log(Math.max(r, 1e-30)) - LN_R_MIN) / (LN_R_MAX - LN_R_MIN));
        return ((cell * GROUPS + g) * BINS + iz) * BINS + ir;
    }

    private static int clampBin(double u) {
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor(u * BINS)));
    }

    /** The {@code cells − 1} inner quantile edges of the values; repeated edges collapse. */
    private static double[] quantileEdges(double[] values, int cells) {
        if (values.length == 0) {
            return new double[0];
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = new double[cells - 1];
        for (int c = 1; c < cells; c++) {
            edges[c - 1] = sorted[Math.min(sorted.length - 1, (int) ((long) c * sorted.length / cells))];
        }
        return Arrays.stream(edges).distinct().toArray();
    }
}
