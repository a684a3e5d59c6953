package org.jetflow.flows.objective;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;

/**
 * Shortcut steps taught by a teacher flow's own trajectories (docs/flows.md#few-step-generation-the-shortcut-model):
 * a jet of {@link TeacherTrajectories} at grid point a, with step d = n/G of a level j ≤ L
 * (n = G·2^−j, a a multiple of n), has the target mean velocity (x_{a+n} − x_a)/d, the
 * teacher's own move over that interval. Its class logits learn the classes the teacher's jet ended
 * with. Unlike self-consistency targets, these do not compound the student's errors from level to
 * level: every step size copies the many-step teacher directly.
 */
public final class DistillationObjective {
    /** Share of a training batch that learns from the teacher; the rest keeps flow matching on the data. */
    public static final double SHARE = 0.75;

    private final FlowConfig config;
    private final FlowObjective flow;
    private final TeacherTrajectories teacher;
    private final int levels;

    public DistillationObjective(FlowConfig config, FlowObjective flow, TeacherTrajectories teacher) {
        if (config.shortcutLevels() < 1) {
            throw new IllegalArgumentException("distillation needs a shortcut model (shortcutLevels >= 1)");
        }
        if (teacher.grid() != 1 << config.shortcutLevels()) {
            throw new IllegalArgumentException("teacher trajectories on a grid of " + teacher.grid()
                    + " intervals cannot teach " + config.shortcutLevels() + " shortcut levels (a grid of "
                    + (1 << config.shortcutLevels()) + ")");
        }
        if (teacher.contextDim() != config.contextDim()) {
            throw new IllegalArgumentException("teacher trajectories carry " + teacher.contextDim()
                    + " context values per jet, the model takes " + config.contextDim());
        }
        this.config = config;
        this.flow = flow;
        this.teacher = teacher;
        this.levels = config.shortcutLevels();
    }

    /** Jets of a batch of {@code batch} that learn from the teacher (at least one, at most batch − 1). */
    public int distilledJets(int batch) {
        return Math.max(1, Math.min(batch - 1, (int) Math.round(batch * SHARE)));
    }

    /** Buckets of {@code count} teacher jets, each at a level uniform in {0, …, L} and a start uniform on its grid. */
    public List<FlowObjective.Bucket> buckets(int count, SplittableRandom rnd, NDManager sm) {
        int g = teacher.grid();
        int c = config.contextDim();
        int[] mult = new int[count];
        float[][] xt = new float[count][];
        float[][] u = new float[count][];
        int[][] kt = new int[count][];
        int[][] k1 = new int[count][];
        float[] times = new float[count];
        float[] step = new float[count];
        float[] ctx = new float[count * Math.max(c, 1)];
        for (int r = 0; r < count; r++) {
            int j = rnd.nextInt(teacher.jets());
            int n = g >> rnd.nextInt(levels + 1);
            int a = rnd.nextInt(g / n) * n;
            int m = teacher.multiplicity()[j];
            float d = (float) n / g;
            mult[r] = m;
            times[r] = (float) a / g;
            step[r] = d;
            xt[r] = new float[m * 3];
            u[r] = new float[m * 3];
            kt[r] = new int[m];
            k1[r] = new int[m];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < 3; k++) {
                    float from = teacher.x(j, a, i, k);
                    xt[r][i * 3 + k] = from;
                    u[r][i * 3 + k] = (teacher.x(j, a + n, i, k) - from) / d;
                }
                kt[r][i] = teacher.token(j, a, i);
                k1[r][i] = teacher.token(j, g, i);
            }
            System.arraycopy(teacher.context(), j * c, ctx, r * c, c);
        }
        return flow.pack(mult, xt, u, kt, k1, times, ctx, step, sm);
    }
}
