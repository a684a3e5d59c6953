package org.jetflow.flows.preprocess;

import java.util.Arrays;
import org.jetflow.io.jet.JetBatch;

/**
 * Jets as padded arrays for the network: per jet P slots of standardised (log pT, Δη, Δφ), the
 * class index 0..7, a mask, and the jet's standardised context (log pT, η, log mass). A jet keeps its
 * P hardest particles, in the first slots.
 */
public final class JetTensors {
    private final int p;
    private final float[] x;
    private final int[] classes;
    private final float[] mask;
    private final int[] multiplicity;
    private final float[] context;
    private final int jets;

    private JetTensors(int jets, int p) {
        this.jets = jets;
        this.p = p;
        x = new float[jets * p * 3];
        classes = new int[jets * p];
        mask = new float[jets * p];
        multiplicity = new int[jets];
        context = new float[jets * CONTEXT];
    }

    /** Context entries per jet: standardised log pT, η, log mass. */
    public static final int CONTEXT = 3;

    /**
     * Jets given directly as padded arrays (toy data, tests): x (jets, P, 3), classes and mask (jets, P)
     * with each jet's real particles first, and the standardised context (jets, {@link #CONTEXT}).
     */
    public static JetTensors of(int jets, int p, float[] x, int[] classes, float[] mask, float[] context) {
        JetTensors t = of(jets, p, x, classes, mask);
        System.arraycopy(context, 0, t.context, 0, t.context.length);
        return t;
    }

    /** As {@link #of(int, int, float[], int[], float[], float[])} without context. */
    public static JetTensors of(int jets, int p, float[] x, int[] classes, float[] mask) {
        JetTensors t = new JetTensors(jets, p);
        System.arraycopy(x, 0, t.x, 0, t.x.length);
        System.arraycopy(classes, 0, t.classes, 0, t.classes.length);
        System.arraycopy(mask, 0, t.mask, 0, t.mask.length);
        for (int o = 0; o < t.mask.length; o++) {
            if (mask[o] > 0) {
                t.multiplicity[o / p] = o % p + 1;
            }
        }
        return t;
    }

    /** All jets of the batches, standardised with {@code pre}. */
    public static JetTensors of(java.util.List<JetBatch> batches, Preprocessing pre, int maxParticles) {
        int n = batches.stream().mapToInt(JetBatch::size).sum();
        JetTensors t = new JetTensors(n, maxParticles);
        int row = 0;
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++, row++) {
                int[] keep = hardest(b, j, maxParticles);
                t.multiplicity[row] = keep.length;
                if (pre.conditions() != null) {
                    pre.conditions().encode(b.jetPt()[j], b.jetEta()[j], b.jetMass()[j], CONTEXT, t.context,
                            row * CONTEXT);
                }
                for (int s = 0; s < keep.length; s++) {
                    int i = keep[s];
                    int o = (row * maxParticles + s);
                    pre.encode(b.pt()[i], b.deta()[i], b.dphi()[i], t.x, o * 3);
                    t.classes[o] = b.token()[i] - 1;
                    t.mask[o] = 1;
                }
            }
        }
        return t;
    }

    /** Indices (into the batch's particle arrays) of jet j's hardest {@code max} particles, pT descending. */
    public static int[] hardest(JetBatch b, int j, int max) {
        int off = b.offset(j);
        int m = b.multiplicity(j);
        Integer[] idx = new Integer[m];
        for (int i = 0; i < m; i++) {
            idx[i] = off + i;
        }
        float[] pt = b.pt();
        Arrays.sort(idx, (u, v) -> Float.compare(pt[v], pt[u]));
        int n = Math.min(m, max);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    public int jets() {
        return jets;
    }

    public int particles() {
        return p;
    }

    /** Standardised features, (jets, P, 3) row-major. */
    public float[] x() {
        return x;
    }

    /** Class indices 0..7, (jets, P); padding 0. */
    public int[] classes() {
        return classes;
    }

    /** Real particles of each jet; they fill the first slots. */
    public int[] multiplicity() {
        return multiplicity;
    }

    /** Standardised jet context (jets, {@link #CONTEXT}); zero for toy data. */
    public float[] context() {
        return context;
    }

    /** 1 for real particles, (jets, P). */
    public float[] mask() {
        return mask;
    }
}
