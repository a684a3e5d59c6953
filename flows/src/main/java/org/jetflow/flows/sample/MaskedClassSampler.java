package org.jetflow.flows.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.MultiplicityBuckets;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;

/**
 * Draws the classes of generated jets from a masked class model (docs/flows.md#classes-from-a-class-model)
 * given their final kinematics: all classes start hidden; in sweep s of S the network sees the
 * kinematics and the classes drawn so far and a random group of the hidden particles draws its
 * classes, until after S sweeps none is hidden. The groups grow as the cosine schedule
 * 1 − cos(πs/2S) of the particles: the first draws are few and nearly independent, the later ones
 * see most of the jet. This is ancestral sampling of p(k_1 … k_N | kinematics) in S blocks, exact
 * for blocks of one particle, and keeps the correlations between particles' classes that a flow's
 * few-step draws lose, at the cost of S evaluations of a network that can be much smaller than the
 * flow's. A pairwise model (FlowConfig.couplingRank) instead takes one evaluation and S Gibbs sweeps
 * of its own conditional, without the network.
 */
public final class MaskedClassSampler implements AutoCloseable {
    static final int BUCKET_JETS = 64;
    private final FlowConfig config;
    private final Preprocessing pre;
    private final NDManager manager;
    private final ParticleTransformer net;
    private ClassCalibration calibration = ClassCalibration.NONE;

    /** A sampler over a masked class model's weights. */
    public MaskedClassSampler(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights) {
        if (!config.maskedClasses()) {
            throw new IllegalArgumentException("not a masked class model (its configuration has no maskedClasses)");
        }
        if (config.contextDim() > 0 && pre.conditions() == null) {
            throw new IllegalArgumentException("a conditional class model needs the condition table of its training jets");
        }
        this.config = config;
        this.pre = pre;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        net.load(weights);
    }

    public FlowConfig config() {
        return config;
    }

    /**
     * Checks that a class model of configuration {@code classModel} takes every particle of a flow of
     * {@code flow}'s; the error names it as {@code name}.
     */
    public static void requireFits(String name, FlowConfig classModel, FlowConfig flow) {
        if (classModel.maxParticles() < flow.maxParticles()) {
            throw new IllegalArgumentException(name + " takes " + classModel.maxParticles()
                    + " particles per jet, fewer than the flow's " + flow.maxParticles());
        }
    }

    /**
     * Biases on the class logits (the fields of a pairwise model), fitted so that the classes drawn for
     * the training jets' kinematics carry their class fractions ({@code jetflow calibrate} on a class model).
     */
    public MaskedClassSampler calibration(ClassCalibration c) {
        this.calibration = c;
        return this;
    }

    /**
     * New classes for the hardest {@link FlowConfig#maxParticles} particles of each jet of {@code b},
     * in that order (pT descending), drawn from their kinematics: what the class model makes of real jets.
     */
    public int[] classes(JetBatch b, int sweeps, SplittableRandom rnd) {
        Hardest h = Hardest.of(b, config.maxParticles());
        return classes(h.offsets, h.pt, h.deta, h.dphi, b.jetEta(), sweeps, rnd);
    }

    /**
     * The jets of {@code b} with the classes of their hardest {@link FlowConfig#maxParticles}
     * particles drawn again from the kinematics ({@link #classes(JetBatch, int, SplittableRandom)}),
     * as generated jets are built: the particles' pT, Δη and Δφ kept, their four-momenta made with the
     * new classes' masses around the jet's axis, the jet's pT, η, φ and mass summed from them, softer
     * particles left out (a flow of this size makes none). Measures a class model apart from any flow.
     */
    public JetBatch redraw(JetBatch b, int sweeps, SplittableRandom rnd) {
        Hardest h = Hardest.of(b, config.maxParticles());
        int[] cls = classes(h.offsets, h.pt, h.deta, h.dphi, b.jetEta(), sweeps, rnd);
        JetBatch.Builder out = JetBatch.builder(JetSchema.CORE, b.size(), cls.length);
        for (int j = 0; j < b.size(); j++) {
            out.beginJet(b.jetEta()[j], b.jetPhi()[j]);
            for (int o = h.offsets[j]; o < h.offsets[j + 1]; o++) {
                out.addRelative(h.pt[o], h.deta[o], h.dphi[o], cls[o] + 1);
            }
            out.endJetFromConstituents();
        }
        return out.build();
    }

    /**
     * The jet charge Q_κ (e, {@link JetChargeTilt}) of each jet of {@code b}, from its hardest
     * {@link FlowConfig#maxParticles} particles with classes {@code classes} (as {@link #classes(JetBatch, int,
     * SplittableRandom)} returns them), or with their own classes when {@code classes} is null.
     */
    public double[] jetCharges(JetBatch b, int[] classes) {
        Hardest h = Hardest.of(b, config.maxParticles());
        return JetChargeTilt.charges(h.offsets, h.pt, h.dphi, classes != null ? classes : h.classes);
    }

    /** The hardest particles of each jet of a batch, pT descending, jet j's at {@code offsets[j] .. offsets[j+1]}. */
    private record Hardest(int[] offsets, float[] pt, float[] deta, float[] dphi, int[] classes) {
        static Hardest of(JetBatch b, int max) {
            int n = b.size();
            int[] offsets = new int[n + 1];
            int[][] keep = new int[n][];
            for (int j = 0; j < n; j++) {
                keep[j] = JetTensors.hardest(b, j, max);
                offsets[j + 1] = offsets[j] + keep[j].length;
            }
            float[] pt = new float[offsets[n]];
            float[] deta = new float[offsets[n]];
            float[] dphi = new float[offsets[n]];
            int[] classes = new int[offsets[n]];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < keep[j].length; i++) {
                    pt[offsets[j] + i] = b.pt()[keep[j][i]];
                    deta[offsets[j] + i] = b.deta()[keep[j][i]];
                    dphi[offsets[j] + i] = b.dphi()[keep[j][i]];
                    classes[offsets[j] + i] = b.token()[keep[j][i]] - 1;
                }
            }
            return new Hardest(offsets, pt, deta, dphi, classes);
        }
    }

    /**
     * New classes for the particles of generated jets.
     *
     * @param offsets jet j's particles are {@code offsets[j] .. offsets[j+1]}
     * @param pt      particle pT (GeV); {@code deta}, {@code dphi} relative to the jet axis
     * @param jetEta  each jet's η
     * @param sweeps  S ≥ 1 network evaluations per jet
     * @return the class index 0..7 of every particle
     */
    public int[] classes(int[] offsets, float[] pt, float[] deta, float[] dphi, float[] jetEta, int sweeps,
            SplittableRandom rnd) {
        if (sweeps < 1) {
            throw new IllegalArgumentException("class sweeps must be at least 1, got " + sweeps);
        }
        int n = offsets.length - 1;
        int c = config.contextDim();
        int[] mult = new int[n];
        float[] context = new float[n * Math.max(c, 1)];
        for (int j = 0; j < n; j++) {
            mult[j] = offsets[j + 1] - offsets[j];
            if (mult[j] > config.maxParticles()) {
                throw new IllegalArgumentException("jet " + j + " has " + mult[j] + " particles, the class model takes "
                        + config.maxParticles());
            }
            if (c > 0) {
                pre.conditions().encode(FlowSampler.jetPt(pt, dphi, offsets[j], offsets[j + 1]), jetEta[j], 0, c, context,
                        j * c);
            }
        }
        int[] cls = new int[offsets[n]];
        float[] weight = tilted() ? JetChargeTilt.weights(offsets, pt, dphi) : new float[offsets[n]];
        MultiplicityBuckets plan = ParticleTransformer.buckets(config, mult, BUCKET_JETS);
        for (int bk = 0; bk < plan.buckets(); bk++) {
            draw(plan, bk, offsets, pt, deta, dphi, weight, context, cls, sweeps, new SplittableRandom(rnd.nextLong()));
        }
        return cls;
    }

    /** Whether the Gibbs sweeps see a jet-charge tilt: a pseudo-likelihood pairwise model with one calibrated. */
    private boolean tilted() {
        return (calibration.chargeTilt() > 0 || calibration.chargeField() != 0) && config.couplingRank() > 0
                && !config.autoregressiveClasses();
    }

    private void draw(MultiplicityBuckets plan, int bk, int[] offsets, float[] pt, float[] deta, float[] dphi,
            float[] weight, float[] context, int[] cls, int sweeps, SplittableRandom rnd) {
        int nb = plan.size(bk);
        int w = plan.widths()[bk];
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        int[] slot = new int[nb * w];
        float[] mask = new float[nb * w];
        float[] xb = new float[nb * w * 3];
        // Each slot's weight (pT/pT_jet)^κ in its jet's charge, for the tilt.
        float[] wq = new float[nb * w];
        float[] ctx = new float[nb * Math.max(c, 1)];
        int[] cb = new int[nb * w];
        // order[r * w + g]: jet r's g-th particle to draw, a random permutation of its slots.
        int[] order = new int[nb * w];
        int[] mult = new int[nb];
        java.util.Arrays.fill(slot, -1);
        java.util.Arrays.fill(cb, -1);
        for (int r = 0; r < nb; r++) {
            int j = plan.order()[plan.starts()[bk] + r];
            int m = offsets[j + 1] - offsets[j];
            mult[r] = m;
            System.arraycopy(context, j * c, ctx, r * c, c);
            for (int i = 0; i < m; i++) {
                int o = r * w + i;
                int src = offsets[j] + i;
                slot[o] = src;
                mask[o] = 1;
                cb[o] = ParticleTransformer.MASKED;
                pre.encode(pt[src], deta[src], dphi[src], xb, o * 3);
                wq[o] = weight[src];
                order[o] = i;
            }
            if (config.autoregressiveClasses()) {
                byDescendingPt(order, r * w, m, pt, offsets[j]);
            } else {
                shuffle(order, r * w, m, rnd);
            }
        }
        if (config.couplingRank() > 0) {
            pairwise(nb, w, mult, xb, wq, mask, ctx, cb, order, sweeps, rnd);
        } else {
            groups(nb, w, mult, xb, mask, ctx, cb, order, sweeps, rnd);
        }
        for (int o = 0; o < slot.length; o++) {
            if (slot[o] >= 0) {
                cls[slot[o]] = cb[o];
            }
        }
    }

    /** Group-by-group draws of a bucket's classes {@code cb} in the random {@code order}, one evaluation per sweep. */
    private void groups(int nb, int w, int[] mult, float[] xb, float[] mask, float[] ctx, int[] cb, int[] order,
            int sweeps, SplittableRandom rnd) {
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        double[] q = new double[s];
        float[] rate = new float[nb];
        try (NDManager bm = manager.newSubManager()) {
            NDArray msk = bm.create(mask, new Shape(nb, w));
            NDArray cx = c > 0 ? bm.create(ctx, new Shape(nb, c)) : null;
            NDArray x = bm.create(xb, new Shape(nb, w, 3));
            for (int sweep = 0; sweep < sweeps; sweep++) {
                for (int r = 0; r < nb; r++) {
                    rate[r] = mult[r] == 0 ? 0 : (float) (mult[r] - drawn(mult[r], sweep, sweeps)) / mult[r];
                }
                float[] logits;
                try (NDManager sm = bm.newSubManager()) {
                    NDArray tok = sm.create(ParticleTransformer.tokens(cb), new Shape(nb, w, ParticleTransformer.TOKENS));
                    logits = net.forward(x, tok, sm.create(rate, new Shape(nb, 1)), msk, cx).logits().toFloatArray();
                }
                for (int r = 0; r < nb; r++) {
                    for (int g = drawn(mult[r], sweep, sweeps); g < drawn(mult[r], sweep + 1, sweeps); g++) {
                        int o = r * w + order[r * w + g];
                        FlowSampler.softmax(logits, o * s, s, 1.0, calibration, q);
                        cb[o] = TelegraphBridge.draw(q, rnd);
                    }
                }
            }
        }
    }

    /**
     * A pairwise model's classes: one evaluation with every class hidden gives the fields h_i(k) and
     * coupling vectors a_i(k); the classes start as independent draws from the fields and then take
     * {@code sweeps} Gibbs sweeps, each particle in a random order drawing from
     * softmax_k(h_i(k) + a_i(k)·D·Σ_{j≠i} a_j(k_j)), the model's own conditional (with the calibration's
     * jet-charge terms, {@link JetChargeTilt}). An autoregressive
     * model (FlowConfig.autoregressiveClasses) instead draws each particle once, in {@code order}
     * (descending pT), from softmax_k(h_i(k) + a_i(k)·D·Σ_{j<i} a_j(k_j)): an exact sample of it, with
     * no sweeps.
     */
    private void pairwise(int nb, int w, int[] mult, float[] xb, float[] wq, float[] mask, float[] ctx, int[] cb,
            int[] order, int sweeps, SplittableRandom rnd) {
        int s = ParticleTransformer.CLASSES;
        int r = config.couplingRank();
        int c = config.contextDim();
        float[] h;
        float[] a;
        try (NDManager sm = manager.newSubManager()) {
            NDArray tok = sm.create(ParticleTransformer.tokens(cb), new Shape(nb, w, ParticleTransformer.TOKENS));
            ParticleTransformer.Output out = net.forward(sm.create(xb, new Shape(nb, w, 3)), tok,
                    sm.ones(new Shape(nb, 1)), sm.create(mask, new Shape(nb, w)), c > 0 ? sm.create(ctx, new Shape(nb, c)) : null);
            h = out.logits().toFloatArray();
            a = out.couplings().toFloatArray();
        }
        double[] q = new double[s];
        double[] total = new double[r];
        float[] sign = ParticleTransformer.couplingSigns(r);
        float[] e = new float[s];
        for (int jet = 0; jet < nb; jet++) {
            int first = jet * w;
            java.util.Arrays.fill(total, 0);
            if (config.autoregressiveClasses()) {
                for (int g = 0; g < mult[jet]; g++) {
                    int o = first + order[first + g];
                    cb[o] = drawGiven(h, a, o, sign, total, 0, 0, e, q, rnd);
                }
            } else {
                double charge = 0;
                for (int i = 0; i < mult[jet]; i++) {
                    int o = first + i;
                    FlowSampler.softmax(h, o * s, s, 1.0, calibration, q);
                    cb[o] = TelegraphBridge.draw(q, rnd);
                    add(a, (o * s + cb[o]) * r, r, 1, total);
                    charge += wq[o] * JetChargeTilt.charge(cb[o]);
                }
                for (int sweep = 0; sweep < sweeps; sweep++) {
                    shuffle(order, first, mult[jet], rnd);
                    for (int g = 0; g < mult[jet]; g++) {
                        int o = first + order[first + g];
                        add(a, (o * s + cb[o]) * r, r, -1, total);
                        double others = charge - wq[o] * JetChargeTilt.charge(cb[o]);
                        cb[o] = drawGiven(h, a, o, sign, total, others, wq[o], e, q, rnd);
                        charge = others + wq[o] * JetChargeTilt.charge(cb[o]);
                    }
                }
            }
        }
    }

    /**
     * Draws particle o's class from softmax_k(h_o(k) + a_o(k)·D·total + f(Q_other + w q_k)), {@code total}
     * the summed couplings of the particles it is conditioned on, f(Q) = aQ − λQ² the calibration's
     * jet-charge terms (when {@link #tilted()}), Q_other the charge of the rest of the jet and w particle
     * o's weight in it,
     * and adds its own coupling to {@code total}.
     */
    private int drawGiven(float[] h, float[] a, int o, float[] sign, double[] total, double others, float weight,
            float[] e, double[] q, SplittableRandom rnd) {
        int s = e.length;
        int r = total.length;
        for (int k = 0; k < s; k++) {
            double v = h[o * s + k];
            int at = (o * s + k) * r;
            for (int d = 0; d < r; d++) {
                v += a[at + d] * sign[d] * total[d];
            }
            e[k] = (float) v;
        }
        if (tilted()) {
            double tilt = calibration.chargeTilt();
            double field = calibration.chargeField();
            for (int k = 0; k < s; k++) {
                double c = weight * JetChargeTilt.charge(k);
                // f(Q_other + c) less the f(Q_other) common to every k.
                e[k] += (float) (field * c - tilt * (2 * others * c + c * c));
            }
        }
        FlowSampler.softmax(e, 0, s, 1.0, calibration, q);
        int drawn = TelegraphBridge.draw(q, rnd);
        add(a, (o * s + drawn) * r, r, 1, total);
        return drawn;
    }

    /** Sorts the slots {@code a[from .. from + n)} of one jet by its particles' pT, {@code pt[first + slot]}, hardest first. */
    private static void byDescendingPt(int[] a, int from, int n, float[] pt, int first) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = a[from + i];
        }
        java.util.Arrays.sort(idx, (u, v) -> Float.compare(pt[first + v], pt[first + u]));
        for (int i = 0; i < n; i++) {
            a[from + i] = idx[i];
        }
    }

    /** Fisher–Yates shuffle of {@code a[from .. from + n)}. */
    private static void shuffle(int[] a, int from, int n, SplittableRandom rnd) {
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int tmp = a[from + i];
            a[from + i] = a[from + k];
            a[from + k] = tmp;
        }
    }

    private static void add(float[] a, int at, int r, int sign, double[] total) {
        for (int d = 0; d < r; d++) {
            total[d] += sign * a[at + d];
        }
    }

    /** Particles of m drawn after {@code sweep} of {@code sweeps}: round(m(1 − cos(π·sweep/2S))), all at the end. */
    static int drawn(int m, int sweep, int sweeps) {
        if (sweep >= sweeps) {
            return m;
        }
        return (int) Math.round(m * (1 - Math.cos(Math.PI * sweep / (2.0 * sweeps))));
    }

    @Override
    public void close() {
        manager.close();
    }
}
