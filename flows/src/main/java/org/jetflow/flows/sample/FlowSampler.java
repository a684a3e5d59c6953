package org.jetflow.flows.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.jetflow.flows.condition.ConditionTable;
import org.jetflow.flows.condition.JetConditions;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.MultiplicityBuckets;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.objective.TeacherTrajectories;
import org.jetflow.flows.path.TelegraphBridge;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;

/**
 * Generates jets from noise (docs/flows.md#generating-a-jet): multiplicities drawn from the training histogram,
 * x0 ~ N(0, I) integrated from t = 0 to 1 with Euler or Heun steps, tokens started uniform and moved
 * at every step by the telegraph bridge given the network's posterior q (temperature T, optional
 * logit biases; see {@link ClassStep}, {@link ClassCalibration}), and a final draw of each token
 * from q. A conditional model gets each jet's context (pT, η, mass) from the caller or,
 * unconditionally, from its training jets. Jets are integrated in groups of
 * similar multiplicity padded only to the group's largest jet. With a class model
 * ({@link #classModel}), every class is then drawn again given the generated kinematics. Batch b of a
 * run uses a generator seeded by (seed, b): the same seed and batch size give the same jets.
 */
public final class FlowSampler implements AutoCloseable {
    /** The most jets integrated together; grouped by multiplicity, each group padded to its largest jet. */
    static final int BUCKET_JETS = 64;
    private final FlowConfig config;
    private final Preprocessing pre;
    private final NDManager manager;
    private final ParticleTransformer net;
    private final TelegraphBridge bridge;
    private boolean matchJetPt = true;
    private ClassStep classStep = ClassStep.BRIDGE;
    private StepSchedule schedule;
    private ClassCalibration calibration = ClassCalibration.NONE;
    private MaskedClassSampler classModel;
    private int classSweeps;

    /** A sampler over the given weights (the EMA weights of a trained model). */
    public FlowSampler(FlowConfig config, Preprocessing pre, Map<String, NDArray> weights) {
        this.config = config;
        this.pre = pre;
        this.manager = NDManager.newBaseManager();
        this.net = new ParticleTransformer(config, manager);
        net.load(weights);
        this.bridge = new TelegraphBridge(ParticleTransformer.CLASSES, config.beta());
    }

    /**
     * Generated jets of one batch, in the network's coordinates undone: jet j's particles are
     * {@code offsets[j] .. offsets[j+1]} with pT (GeV), Δη, Δφ and the class index 0..7; the jet axis
     * is at (η, φ) = (jetEta[j], jetPhi[j]).
     */
    public record Particles(int jets, int[] offsets, float[] pt, float[] deta, float[] dphi, int[] classes,
            float[] jetEta, float[] jetPhi) {
        public int multiplicity(int j) {
            return offsets[j + 1] - offsets[j];
        }
    }

    /**
     * Samples {@code n} jets as batch number {@code batchIndex} of a run with {@code seed}; a model
     * trained with conditions draws them from its training jets.
     *
     * @param steps       integration steps K
     * @param temperature T applied to the class logits
     */
    public Particles sample(int n, long seed, long batchIndex, int steps, Solver solver, double temperature) {
        return sample(n, null, seed, batchIndex, steps, solver, temperature, Modality.BOTH);
    }

    /** Samples one jet per row of {@code conditions}, as batch {@code batchIndex} of a run with {@code seed}. */
    public Particles sample(JetConditions conditions, long seed, long batchIndex, int steps, Solver solver,
            double temperature) {
        return sample(conditions.size(), conditions, seed, batchIndex, steps, solver, temperature, Modality.BOTH);
    }

    /** As {@link #sample(int, long, long, int, Solver, double)} for a model trained on one modality alone. */
    public Particles sample(int n, long seed, long batchIndex, int steps, Solver solver, double temperature,
            Modality modality) {
        return sample(n, null, seed, batchIndex, steps, solver, temperature, modality);
    }

    private Particles sample(int n, JetConditions given, long seed, long batchIndex, int steps, Solver solver,
            double temperature, Modality modality) {
        if (solver != Solver.SHORTCUT || schedule == null) {
            checkSteps(config, steps, solver);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batchIndex);
        int p = config.maxParticles();
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        ConditionTable table = pre.conditions();
        if (c > 0 && table == null) {
            throw new IllegalStateException("a conditional model needs the condition table of its training jets");
        }
        JetConditions cond = given == null && table != null && c > 0 ? JetConditions.draw(table, n, rnd) : given;
        int[] offsets = new int[n + 1];
        float[] jetEta = new float[n];
        float[] jetPhi = new float[n];
        float[] context = new float[n * Math.max(c, 1)];
        for (int j = 0; j < n; j++) {
            int m;
            if (cond == null) {
                m = pre.drawMultiplicity(rnd.nextDouble());
            } else {
                m = cond.multiplicity()[j] > 0 ? Math.min(cond.multiplicity()[j], p)
                        : table != null ? table.drawMultiplicity(cond.pt()[j], rnd) : pre.drawMultiplicity(rnd.nextDouble());
                jetEta[j] = cond.eta()[j];
                if (c > 0) {
                    if (c > 2 && !cond.hasMass(j)) {
                        throw new IllegalArgumentException("condition row " + j + ": this model needs the jet mass");
                    }
                    table.encode(cond.pt()[j], cond.eta()[j], cond.mass()[j], c, context, j * c);
                }
            }
            jetPhi[j] = (float) (Math.PI * (2 * rnd.nextDouble() - 1));
            offsets[j + 1] = offsets[j] + m;
        }
        int total = offsets[n];
        float[] x = new float[total * 3];
        int[] cls = new int[total];
        for (int i = 0; i < total; i++) {
            cls[i] = rnd.nextInt(s);
            for (int k = 0; k < 3; k++) {
                x[i * 3 + k] = (float) rnd.nextGaussian();
            }
        }
        int[] mult = new int[n];
        for (int j = 0; j < n; j++) {
            mult[j] = offsets[j + 1] - offsets[j];
        }
        MultiplicityBuckets plan = ParticleTransformer.buckets(config, mult, BUCKET_JETS);
        for (int bk = 0; bk < plan.buckets(); bk++) {
            // Each bucket's jumps use their own stream, so buckets could run in any order.
            SplittableRandom jumps = new SplittableRandom(rnd.nextLong());
            integrate(plan, bk, offsets, context, x, cls, steps, solver, temperature, modality, jumps, null, 1);
        }
        float[] pt = new float[total];
        float[] deta = new float[total];
        float[] dphi = new float[total];
        double[] particle = new double[3];
        for (int o = 0; o < total; o++) {
            pre.decode(x, o * 3, particle);
            pt[o] = (float) particle[0];
            deta[o] = (float) particle[1];
            dphi[o] = (float) particle[2];
        }
        if (cond != null && matchJetPt) {
            for (int j = 0; j < n; j++) {
                double sum = jetPt(pt, dphi, offsets[j], offsets[j + 1]);
                if (sum > 0) {
                    float scale = (float) (cond.pt()[j] / sum);
                    for (int o = offsets[j]; o < offsets[j + 1]; o++) {
                        pt[o] *= scale;
                    }
                }
            }
        }
        if (classModel != null && classSweeps > 0 && modality.discrete()) {
            cls = classModel.classes(offsets, pt, deta, dphi, jetEta, classSweeps, new SplittableRandom(rnd.nextLong()));
        }
        return new Particles(n, offsets, pt, deta, dphi, cls, jetEta, jetPhi);
    }

    /**
     * This sampler's trajectories for the multiplicities and contexts of training jets, recorded on
     * the grid t = a/G (network coordinates, the last row the generated jets), for a shortcut
     * model to learn from ({@code DistillationObjective}). Deterministic in the seed.
     *
     * @param jets     jet indices into {@code data}
     * @param grid     G, a power of two dividing {@code steps}
     * @param origin   stored with the trajectories (what made them)
     * @param progress told the number of jets done after each group
     */
    public TeacherTrajectories trajectories(JetTensors data, int[] jets, int grid, int steps, Solver solver, long seed,
            String origin, java.util.function.IntConsumer progress) {
        checkSteps(config, steps, solver);
        if (grid < 1 || steps % grid != 0) {
            throw new IllegalArgumentException("a trajectory grid of " + grid + " intervals needs a multiple of " + grid
                    + " steps, got " + steps);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
        int n = jets.length;
        int c = config.contextDim();
        int[] mult = new int[n];
        int[] offsets = new int[n + 1];
        float[] context = new float[n * Math.max(c, 1)];
        for (int j = 0; j < n; j++) {
            mult[j] = Math.min(data.multiplicity()[jets[j]], config.maxParticles());
            offsets[j + 1] = offsets[j] + mult[j];
            System.arraycopy(data.context(), jets[j] * JetTensors.CONTEXT, context, j * c, c);
        }
        int total = offsets[n];
        float[] x = new float[total * 3];
        int[] cls = new int[total];
        for (int i = 0; i < total; i++) {
            cls[i] = rnd.nextInt(ParticleTransformer.CLASSES);
            for (int k = 0; k < 3; k++) {
                x[i * 3 + k] = (float) rnd.nextGaussian();
            }
        }
        float[][] sx = new float[grid + 1][total * 3];
        byte[][] st = new byte[grid + 1][total];
        Recorder rec = (a, slot, xb, cb) -> {
            for (int o = 0; o < slot.length; o++) {
                if (slot[o] >= 0) {
                    System.arraycopy(xb, o * 3, sx[a], slot[o] * 3, 3);
                    st[a][slot[o]] = (byte) cb[o];
                }
            }
        };
        MultiplicityBuckets plan = ParticleTransformer.buckets(config, mult, BUCKET_JETS);
        int done = 0;
        for (int bk = 0; bk < plan.buckets(); bk++) {
            SplittableRandom jumps = new SplittableRandom(rnd.nextLong());
            integrate(plan, bk, offsets, context, x, cls, steps, solver, 1.0, Modality.BOTH, jumps, rec, steps / grid);
            done += plan.size(bk);
            progress.accept(done);
        }
        float[][] px = new float[n][];
        byte[][] pk = new byte[n][];
        for (int j = 0; j < n; j++) {
            int m = mult[j];
            px[j] = new float[(grid + 1) * m * 3];
            pk[j] = new byte[(grid + 1) * m];
            for (int a = 0; a <= grid; a++) {
                System.arraycopy(sx[a], offsets[j] * 3, px[j], a * m * 3, m * 3);
                System.arraycopy(st[a], offsets[j], pk[j], a * m, m);
            }
        }
        return new TeacherTrajectories(grid, c, mult, context, px, pk, origin);
    }

    /** Receives a bucket's state at point a of a recorded grid, by slot as {@code integrate} holds it. */
    private interface Recorder {
        void record(int a, int[] slot, float[] xb, int[] cb);
    }

    /**
     * Checks that {@code steps} suit {@code solver} for a model of {@code config}: at least one, and
     * for {@link Solver#SHORTCUT} a shortcut model and a power of two up to 2^L.
     *
     * @throws IllegalArgumentException saying what fits
     */
    public static void checkSteps(FlowConfig config, int steps, Solver solver) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (solver != Solver.SHORTCUT) {
            return;
        }
        int levels = config.shortcutLevels();
        if (levels == 0) {
            throw new IllegalArgumentException("--solver shortcut needs a shortcut model (shortcutLevels > 0); this"
                    + " model is a flow: use --solver euler or heun");
        }
        if (Integer.bitCount(steps) != 1 || steps > (1 << levels)) {
            throw new IllegalArgumentException("--solver shortcut takes --steps 1, 2, 4, ... up to " + (1 << levels)
                    + " with this model, got " + steps);
        }
    }

    /**
     * Checks that a model of {@code config} can sample {@code at}: its steps suit its solver, or its
     * schedule's finest step is one the model learnt.
     *
     * @throws IllegalArgumentException saying what fits
     */
    public static void check(FlowConfig config, Sampling at) {
        checkSteps(config, at.schedule() != null ? Integer.highestOneBit(at.schedule().finest()) : at.steps(),
                at.solver());
    }

    /**
     * Whether a jet generated for a condition has its constituents' pT scaled by one common factor
     * so that the jet pT equals the condition's (default on). The condition is a constraint: the
     * network learns the pT sharing and the angles, and the sum of a hundred learned pTs would
     * otherwise scatter around the requested jet pT. Angles, pT fractions and hence the
     * dimensionless substructure are unchanged; masses scale with the jet pT.
     */
    public FlowSampler matchJetPt(boolean on) {
        this.matchJetPt = on;
        return this;
    }

    /**
     * Unequal steps for the shortcut solver ({@code null}, the default: K equal steps); a shortcut
     * sample then takes as many steps as the schedule lists. Other solvers ignore it.
     *
     * @throws IllegalArgumentException if the model never learnt the schedule's finest step
     */
    public FlowSampler schedule(StepSchedule s) {
        if (s != null) {
            checkSteps(config, Integer.highestOneBit(s.finest()), Solver.SHORTCUT);
        }
        this.schedule = s;
        return this;
    }

    /** How the class tokens move between evaluations (default {@link ClassStep#BRIDGE}). */
    public FlowSampler classStep(ClassStep step) {
        this.classStep = step;
        return this;
    }

    /**
     * Biases on the class logits (default {@link ClassCalibration#NONE}; {@code ModelBundle.sampler()}
     * sets the bundle's own).
     */
    public FlowSampler calibration(ClassCalibration c) {
        this.calibration = c;
        return this;
    }

    /**
     * A masked class model to draw the generated jets' classes from, given their final kinematics,
     * instead of the flow's own ({@link MaskedClassSampler}) when {@link #classSweeps} is above 0;
     * {@code null} for none. This sampler closes it with its own.
     */
    public FlowSampler classModel(MaskedClassSampler model) {
        if (model != null) {
            MaskedClassSampler.requireFits("the class model", model.config(), config);
        }
        if (classModel != null && classModel != model) {
            classModel.close();
        }
        this.classModel = model;
        return this;
    }

    /**
     * Sweeps S of the class model per jet (0: the flow's own classes): one evaluation each for a
     * group-by-group model, Gibbs sweeps after one evaluation for a pairwise one; above 0 needs a class model.
     */
    public FlowSampler classSweeps(int sweeps) {
        if (sweeps < 0) {
            throw new IllegalArgumentException("class sweeps must not be negative, got " + sweeps);
        }
        if (sweeps > 0 && classModel == null) {
            throw new IllegalArgumentException("--class-sweeps " + sweeps + " needs a model with a class model"
                    + " (jetflow attach); this one draws its own classes: use --class-sweeps 0");
        }
        this.classSweeps = sweeps;
        return this;
    }

    /** Integrates one bucket of jets from t = 0 to 1 in place: x (particles, 3) and classes. */
    private void integrate(MultiplicityBuckets plan, int bk, int[] offsets, float[] context, float[] x, int[] cls,
            int steps, Solver solver, double temperature, Modality modality, SplittableRandom rnd, Recorder recorder,
            int stride) {
        int nb = plan.size(bk);
        int w = plan.widths()[bk];
        int s = ParticleTransformer.CLASSES;
        int c = config.contextDim();
        // slot[r * w + i]: the particle index of slot i of the bucket's jet r, or −1 for padding.
        int[] slot = new int[nb * w];
        float[] mask = new float[nb * w];
        float[] ctx = new float[nb * Math.max(c, 1)];
        java.util.Arrays.fill(slot, -1);
        for (int r = 0; r < nb; r++) {
            int j = plan.order()[plan.starts()[bk] + r];
            System.arraycopy(context, j * c, ctx, r * c, c);
            for (int i = 0; i < offsets[j + 1] - offsets[j]; i++) {
                slot[r * w + i] = offsets[j] + i;
                mask[r * w + i] = 1;
            }
        }
        float[] xb = new float[nb * w * 3];
        for (int o = 0; o < slot.length; o++) {
            if (slot[o] >= 0) {
                System.arraycopy(x, slot[o] * 3, xb, o * 3, 3);
            }
        }
        // The tokens of padding slots are −1 throughout.
        int[] cb = new int[nb * w];
        for (int o = 0; o < slot.length; o++) {
            cb[o] = slot[o] >= 0 ? cls[slot[o]] : -1;
        }
        double dt = 1.0 / steps;
        double[] q = new double[s];
        double[] scratch = new double[s];
        float[] logits = null;
        try (NDManager bm = manager.newSubManager()) {
            // What stays fixed over the integration crosses to the native side once.
            NDArray m = bm.create(mask, new Shape(nb, w));
            NDArray cx = c > 0 ? bm.create(ctx, new Shape(nb, c)) : null;
            StepSchedule uneven = solver == Solver.SHORTCUT ? schedule : null;
            if (uneven != null && uneven.steps() != steps) {
                throw new IllegalArgumentException("this sampler's step schedule " + uneven + " has " + uneven.steps()
                        + " steps, not " + steps);
            }
            NDArray step = solver == Solver.SHORTCUT ? bm.full(new Shape(nb, 1), (float) dt) : null;
            for (int k = 0; k < steps; k++) {
                double t = k * dt;
                if (uneven != null) {
                    t = uneven.start(k);
                    if (uneven.size(k) != dt) {
                        dt = uneven.size(k);
                        step = bm.full(new Shape(nb, 1), (float) dt);
                    }
                }
                if (recorder != null && k % stride == 0) {
                    recorder.record(k / stride, slot, xb, cb);
                }
                try (NDManager sm = bm.newSubManager()) {
                    NDArray xs = sm.create(xb, new Shape(nb, w, 3));
                    NDArray tok = sm.create(ParticleTransformer.tokens(cb), new Shape(nb, w, ParticleTransformer.TOKENS));
                    ParticleTransformer.Output out = net.forward(xs, tok, sm.full(new Shape(nb, 1), (float) t), step, m, cx);
                    float[] v = out.velocity().toFloatArray();
                    logits = out.logits().toFloatArray();
                    if (modality.continuous()) {
                        // The last step stays Euler: the velocity is (E[x1 | x_t] − x_t)/(1 − t), so near t = 1
                        // the network's error is amplified by 1/(1 − t), and a corrector evaluated at t = 1 made
                        // τ21 two and D2 three times as far from the reference (docs/flows.md).
                        if (solver == Solver.HEUN && k < steps - 1) {
                            float[] pred = new float[xb.length];
                            for (int i = 0; i < xb.length; i++) {
                                pred[i] = (float) (xb[i] + dt * v[i]);
                            }
                            float[] v2 = net.forward(sm.create(pred, new Shape(nb, w, 3)), tok,
                                    sm.full(new Shape(nb, 1), (float) (t + dt)), m, cx).velocity().toFloatArray();
                            for (int i = 0; i < xb.length; i++) {
                                xb[i] += (float) (0.5 * dt * (v[i] + v2[i]));
                            }
                        } else {
                            for (int i = 0; i < xb.length; i++) {
                                xb[i] += (float) (dt * v[i]);
                            }
                        }
                    }
                }
                if (k < steps - 1 && modality.discrete()) {
                    for (int o = 0; o < cb.length; o++) {
                        if (cb[o] >= 0) {
                            softmax(logits, o * s, s, temperature, calibration, q);
                            cb[o] = classStep == ClassStep.BRIDGE ? bridge.bridgeStep(cb[o], q, t, dt, rnd, scratch)
                                    : bridge.step(cb[o], q, t, dt, rnd, scratch);
                        }
                    }
                }
            }
        }
        for (int o = 0; o < cb.length && modality.discrete(); o++) {
            if (cb[o] >= 0) {
                softmax(logits, o * s, s, temperature, calibration, q);
                cb[o] = TelegraphBridge.draw(q, rnd);
            }
        }
        if (recorder != null) {
            recorder.record(steps / stride, slot, xb, cb);
        }
        for (int o = 0; o < slot.length; o++) {
            if (slot[o] >= 0) {
                System.arraycopy(xb, o * 3, x, slot[o] * 3, 3);
                cls[slot[o]] = cb[o];
            }
        }
    }

    /** The jet pT (GeV) of massless particles {@code from .. to}: |Σ pT (cos Δφ, sin Δφ)|. */
    static double jetPt(float[] pt, float[] dphi, int from, int to) {
        double px = 0;
        double py = 0;
        for (int o = from; o < to; o++) {
            px += pt[o] * Math.cos(dphi[o]);
            py += pt[o] * Math.sin(dphi[o]);
        }
        return Math.hypot(px, py);
    }

    /** q_k ∝ exp(logit_k/T + bias_k) over the {@code s} logits at {@code off}. */
    static void softmax(float[] logits, int off, int s, double temperature, ClassCalibration calibration, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < s; k++) {
            max = Math.max(max, logits[off + k] / temperature + calibration.bias(k));
        }
        double sum = 0;
        for (int k = 0; k < s; k++) {
            out[k] = Math.exp(logits[off + k] / temperature + calibration.bias(k) - max);
            sum += out[k];
        }
        for (int k = 0; k < s; k++) {
            out[k] /= sum;
        }
    }

    @Override
    public void close() {
        if (classModel != null) {
            classModel.close();
        }
        manager.close();
    }
}
