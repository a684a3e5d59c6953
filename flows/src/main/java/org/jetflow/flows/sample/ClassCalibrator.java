package org.jetflow.flows.sample;

import java.util.List;
import java.util.function.LongConsumer;
import org.jetflow.flows.net.ParticleTransformer;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.io.jet.JetBatch;

/**
 * Fits a {@link ClassCalibration}: generates jets, compares each class's share of the generated
 * particles with the training jets' share, and moves the class's logit bias by ln(target/generated).
 * A class is moved only when its count differs from the target by more than two Poisson standard
 * deviations, so that the rare classes (muons are 0.03 % of the particles) are not biased by the
 * noise of the calibration sample itself. Every pass generates the same jets (same seed), so
 * successive passes differ by the bias alone. The seed is mixed with a constant of its own, so that
 * these jets are never the ones {@code generate} makes with the same seed: a model's default-seed
 * sample stays independent of its calibration.
 */
public final class ClassCalibrator {
    /** Jets sampled together. */
    private static final int BATCH = 256;
    /** Shift only classes whose generated count is this many Poisson σ from the target. */
    private static final double SIGNIFICANCE = 2.0;
    /** The largest step of one bias in one pass (a factor e² in the class's rate). */
    private static final double MAX_STEP = 2.0;
    /** Mixed into the seed ("CALIBRA" in ASCII); a pass draws its jets from {@code seed ^ STREAM}. */
    static final long STREAM = 0x43414C49425241L;

    private ClassCalibrator() {
    }

    /**
     * A fitted calibration and the generated class fractions of each pass.
     *
     * @param fractions fractions[i][k]: class k's share of the generated particles in pass i; pass 0
     *                  is the model as trained, pass i ≥ 1 uses the bias after i updates
     * @param targetChargeMoments the training jets' mean jet charge (e) and mean squared jet charge (e²) when
     *                  the jet-charge terms were fitted, else empty
     * @param chargeMoments the same two moments of the generated jets in each pass (empty when not fitted)
     */
    public record Result(ClassCalibration calibration, double[] target, double[][] fractions,
            double[] targetChargeMoments, double[][] chargeMoments) {
    }

    /** The jet charges (e, {@link JetChargeTilt}) of the jets of a pass's batch b, given the classes drawn for them. */
    public interface JetCharges {
        double[] of(int batch, int[] classes);
    }

    /**
     * Each class's share of the particles of {@code batches}, counting the hardest
     * {@code maxParticles} of each jet, as training does.
     */
    public static double[] classFractions(List<JetBatch> batches, int maxParticles) {
        double[] f = new double[ParticleTransformer.CLASSES];
        long total = 0;
        for (JetBatch b : batches) {
            for (int j = 0; j < b.size(); j++) {
                for (int i : JetTensors.hardest(b, j, maxParticles)) {
                    f[b.token()[i] - 1]++;
                    total++;
                }
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("no particles to take class fractions from");
        }
        for (int k = 0; k < f.length; k++) {
            f[k] /= total;
        }
        return f;
    }

    /**
     * Runs {@code updates} bias updates and one final pass that measures the result.
     *
     * @param target   each class's share of the training jets' particles (sums to 1)
     * @param jets     jets generated per pass
     * @param progress told the number of jets of each generated batch
     */
    public static Result fit(FlowSampler sampler, double[] target, int jets, long seed, int steps, Solver solver,
            int updates, LongConsumer progress) {
        return fit((c, b, n) -> sampler.calibration(c).sample(n, seed ^ STREAM, b, steps, solver, 1.0).classes(),
                target, jets, updates, 1.0, progress);
    }

    /**
     * Fits the biases of {@code classes}, the masked class model {@code sampler} draws its classes
     * with, on the classes it draws for the kinematics the flow generates: the flow's kinematic errors
     * shift the class fractions (a few steps make too many soft neutral-like particles), which a
     * calibration on the training jets' own kinematics cannot see. Starts from {@code initial}, the
     * class model's own; full steps, since in this chain a class's rate was seen to follow about 0.8
     * of its bias.
     */
    public static Result fitClassModel(FlowSampler sampler, MaskedClassSampler classes, ClassCalibration initial,
            double[] target, int jets, long seed, int steps, Solver solver, int updates, LongConsumer progress) {
        return fit((c, b, n) -> {
            classes.calibration(c);
            return sampler.sample(n, seed ^ STREAM, b, steps, solver, 1.0).classes();
        }, initial, target, jets, updates, 1.0, progress);
    }

    /** The classes of batch b of a pass ({@code jets} jets), drawn with the pass's calibration. */
    public interface Draws {
        int[] classes(ClassCalibration calibration, int batch, int jets);
    }

    /**
     * As {@link #fit(FlowSampler, double[], int, long, int, Solver, int, LongConsumer)} for any source of
     * classes that takes logit biases, such as a class model drawing classes for given kinematics.
     *
     * @param damping the share of ln(target/generated) a bias moves by in one update: 1 for a flow, whose
     *                class rates follow their biases; less for a pairwise class model, where a class's
     *                couplings to itself make its rate follow about twice its bias, and full steps overshoot
     */
    public static Result fit(Draws draws, double[] target, int jets, int updates, double damping,
            LongConsumer progress) {
        return fit(draws, ClassCalibration.NONE, target, jets, updates, damping, progress);
    }

    /** As {@link #fit(Draws, double[], int, int, double, LongConsumer)}, the biases starting from {@code initial}'s. */
    public static Result fit(Draws draws, ClassCalibration initial, double[] target, int jets, int updates,
            double damping, LongConsumer progress) {
        return fit(draws, initial, target, null, new double[0], jets, updates, damping, progress);
    }

    /**
     * As {@link #fit(Draws, ClassCalibration, double[], int, int, double, LongConsumer)}, and when
     * {@code charges} is given, each update also moves the jet-charge field and tilt by one Newton step
     * ({@link JetChargeTilt}) towards {@code targetCharge}, the training jets' mean Q and mean Q².
     */
    public static Result fit(Draws draws, ClassCalibration initial, double[] target, JetCharges charges,
            double[] targetCharge, int jets, int updates, double damping, LongConsumer progress) {
        int s = ParticleTransformer.CLASSES;
        if (target.length != s || jets < 1 || updates < 1) {
            throw new IllegalArgumentException("calibration needs " + s + " target fractions, jets ≥ 1 and"
                    + " updates ≥ 1");
        }
        double[] bias = initial.logitBias().clone();
        double[] charge = {initial.chargeField(), initial.chargeTilt()};
        double[][] fractions = new double[updates + 1][];
        double[][] chargeMoments = new double[charges != null ? updates + 1 : 0][];
        for (int pass = 0; pass <= updates; pass++) {
            ClassCalibration calibration = new ClassCalibration(bias, charge[1], charge[0]);
            long[] counts = new long[s];
            long total = 0;
            double[] q = new double[charges != null ? jets : 0];
            for (int done = 0, b = 0; done < jets; b++) {
                int n = Math.min(BATCH, jets - done);
                int[] classes = draws.classes(calibration, b, n);
                for (int c : classes) {
                    counts[c]++;
                }
                if (charges != null) {
                    System.arraycopy(charges.of(b, classes), 0, q, done, n);
                }
                total += classes.length;
                done += n;
                progress.accept(n);
            }
            fractions[pass] = new double[s];
            for (int k = 0; k < s; k++) {
                fractions[pass][k] = counts[k] / (double) total;
            }
            if (charges != null) {
                chargeMoments[pass] = JetChargeTilt.moments(q);
            }
            if (pass == updates) {
                break;
            }
            if (charges != null) {
                charge = JetChargeTilt.newtonStep(charge, q, targetCharge);
            }
            for (int k = 0; k < s; k++) {
                double expected = target[k] * total;
                if (expected <= 0 || Math.abs(counts[k] - expected) <= SIGNIFICANCE * Math.sqrt(expected)) {
                    continue;
                }
                // A class never generated counts as half a particle, so the step stays finite.
                double step = Math.log(expected / Math.max(counts[k], 0.5));
                bias[k] += Math.max(-MAX_STEP, Math.min(MAX_STEP, damping * step));
            }
        }
        return new Result(new ClassCalibration(bias, charge[1], charge[0]), target.clone(), fractions,
                charges != null ? targetCharge.clone() : new double[0], chargeMoments);
    }
}
