package org.jetflow.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jetflow.api.DefaultModel;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.net.ParticleTransformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow bench network}: how close one forward pass of a model's network comes to the
 * CPU's matrix-product rate, both measured in the same run: the pass's counted floating-point
 * operations ({@link ParticleTransformer#flops}) per second, against {@code matMul} of the
 * network's own layer shapes.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  jetflow bench network", "  taskset -c 0 env JETFLOW_THREADS=1 jetflow bench network",
            "  jetflow bench network --model qcd-model --jets 32 --particles 100"},
        description = "Times forward passes of a model's network (GFLOP/s) next to matrix products of its layer shapes.")
final class NetworkBenchmark implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle (default: the shipped model).")
    private Path model;

    @Option(names = "--jets", paramLabel = "B", description = "Jets per pass (default ${DEFAULT-VALUE}).")
    private int jets = 64;

    @Option(names = "--particles", paramLabel = "P", description = "Particles per jet, all real (default ${DEFAULT-VALUE}).")
    private int particles = 64;

    @Option(names = "--repeat", paramLabel = "R", description = "Timed passes per figure (default ${DEFAULT-VALUE}).")
    private int repeat = 20;

    @Override
    public Integer call() throws Exception {
        if (jets < 1 || particles < 1 || repeat < 1) {
            throw new IllegalArgumentException("--jets, --particles and --repeat must be at least 1");
        }
        Path bundlePath = model != null ? model : DefaultModel.path();
        try (ModelBundle bundle = ModelBundle.load(bundlePath); NDManager nm = NDManager.newBaseManager()) {
            FlowConfig c = bundle.config();
            ParticleTransformer net = new ParticleTransformer(c, nm);
            net.load(bundle.weights());
            System.out.printf(Locale.ROOT, "jetflow bench network: %s (width %d, %d blocks, %d heads, feed-forward %d),"
                    + " %d jets x %d particles, %d threads%n", bundlePath.getFileName(), c.width(), c.blocks(), c.heads(),
                    c.feedForward(), jets, particles, Integer.getInteger("ai.djl.pytorch.num_threads",
                            Runtime.getRuntime().availableProcessors()));
            SplittableRandom r = new SplittableRandom(1);
            int rows = jets * particles;
            float[] x = new float[rows * 3];
            float[] tok = new float[rows * ParticleTransformer.TOKENS];
            float[] mask = new float[rows];
            float[] ctx = new float[jets * Math.max(1, c.contextDim())];
            for (int o = 0; o < rows; o++) {
                for (int k = 0; k < 3; k++) {
                    x[o * 3 + k] = (float) r.nextGaussian();
                }
                tok[o * ParticleTransformer.TOKENS + 1 + r.nextInt(ParticleTransformer.CLASSES)] = 1;
            }
            Arrays.fill(mask, 1f);
            Runnable pass = () -> {
                try (NDManager sm = nm.newSubManager()) {
                    ParticleTransformer.Output out = net.forward(sm.create(x, new Shape(jets, particles, 3)),
                            sm.create(tok, new Shape(jets, particles, ParticleTransformer.TOKENS)),
                            sm.full(new Shape(jets, 1), 0.5f), sm.create(mask, new Shape(jets, particles)),
                            c.contextDim() > 0 ? sm.create(ctx, new Shape(jets, c.contextDim())) : null);
                    // As the sampler does: the outputs come back to Java.
                    out.velocity().toFloatArray();
                    out.logits().toFloatArray();
                }
            };
            double netSeconds = best(pass);
            double netRate = net.flops(jets, particles) / netSeconds / 1e9;
            double mm = 0;
            for (int out : new int[] {c.width(), c.feedForward()}) {
                NDArray a = nm.randomNormal(new Shape(rows, c.width()));
                NDArray w = nm.randomNormal(new Shape(c.width(), out));
                double s = best(() -> a.matMul(w).close());
                mm = Math.max(mm, 2.0 * rows * c.width() * out / s / 1e9);
            }
            System.out.printf(Locale.ROOT, "network forward  %8.2f ms  %7.1f GFLOP/s (%.2f GFLOP counted)%n",
                    netSeconds * 1e3, netRate, net.flops(jets, particles) / 1e9);
            System.out.printf(Locale.ROOT, "matrix product   %20.1f GFLOP/s (%d x %d times %d x %d and x %d)%n", mm, rows,
                    c.width(), c.width(), c.width(), c.feedForward());
            System.out.printf(Locale.ROOT, "network / matrix %20.0f %%%n", 100 * netRate / mm);
        }
        return 0;
    }

    /** Best time of {@link #repeat} runs after three warm-up runs, in seconds. */
    private double best(Runnable job) {
        for (int i = 0; i < 3; i++) {
            job.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            job.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
