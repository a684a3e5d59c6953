package org.jetflow.flows.objective;

import java.util.SplittableRandom;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.sample.FlowSampler;

/**
 * The few-step toy: four independent particles per jet whose first feature is ±1.5 with equal
 * probability (σ = 0.25) and whose others are N(0, 0.25²); class h+ on the positive side, h− on the
 * negative. One Euler step of a flow lands every particle near E[x1] = 0, a W1 of about 1.5.
 */
final class BimodalToy {
    static final int P = 4;
    static final double MODE = 1.5;
    static final double SIGMA = 0.25;
    /** Features as they are: the toy is already standardised. */
    static final Preprocessing IDENTITY = new Preprocessing(new double[3], new double[] {1, 1, 1},
            new long[] {0, 0, 0, 0, 1});

    private BimodalToy() {
    }

    static JetTensors jets(int jets, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[jets * P * 3];
        int[] cls = new int[jets * P];
        float[] mask = new float[jets * P];
        for (int j = 0; j < jets * P; j++) {
            int side = r.nextBoolean() ? 1 : -1;
            x[j * 3] = (float) (MODE * side + SIGMA * r.nextGaussian());
            x[j * 3 + 1] = (float) (SIGMA * r.nextGaussian());
            x[j * 3 + 2] = (float) (SIGMA * r.nextGaussian());
            cls[j] = side > 0 ? 3 : 2;
            mask[j] = 1;
        }
        return JetTensors.of(jets, P, x, cls, mask);
    }

    /** The first feature of every particle of toy jets. */
    static double[] first(JetTensors t) {
        double[] v = new double[t.jets() * P];
        for (int j = 0; j < v.length; j++) {
            v[j] = t.x()[j * 3];
        }
        return v;
    }

    /** The first feature of every generated particle (the sampler undoes ln pT). */
    static double[] first(FlowSampler.Particles g) {
        double[] v = new double[g.jets() * P];
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.log(g.pt()[j]);
        }
        return v;
    }
}
