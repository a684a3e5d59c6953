package org.jetflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.train.FlowTrainer;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jetflow bench flow}: training and sampling throughput of a configuration's network at a
 * given particle count, on synthetic jets with every slot filled or, with {@code --data}, on real
 * jets and their multiplicity distribution (speed does not depend on the weights' values, but on
 * the multiplicities: jets are padded only to the largest of their group).
 */
@Command(name = "flow", mixinStandardHelpOptions = true,
        footer = {"%nExamples:", "  jetflow bench flow", "  jetflow bench flow --data samples/data/qcd-2k.h5 --particles 150 --steps 100,32,16"},
        description = "Times training steps and sampling (jets/s) of the flow network for a configuration.")
final class FlowBenchmark implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "CONFIG", description = "Flow configuration JSON (default: the CPU default).")
    private Path configFile;

    @Option(names = "--particles", split = ",", paramLabel = "P", description = "Particle counts (default 30,150).")
    private int[] particles = {30, 150};

    @Option(names = "--steps", split = ",", paramLabel = "K", description = "Sampling steps (default 100,32,16).")
    private int[] steps = {100, 32, 16};

    @Option(names = "--jets", paramLabel = "N", description = "Jets per sampling run (default ${DEFAULT-VALUE}).")
    private int jets = 256;

    @Option(names = "--train-steps", paramLabel = "S", description = "Timed training steps (default ${DEFAULT-VALUE}).")
    private int trainSteps = 10;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Jets whose multiplicities to use (default: synthetic jets with all P slots filled).")
    private Path data;

    @Option(names = "--solver", paramLabel = "euler|heun", description = "ODE solver (default ${DEFAULT-VALUE}).")
    private String solver = "euler";

    @Override
    public Integer call() throws IOException {
        FlowConfig base = configFile == null ? FlowConfig.cpuDefault() : FlowConfig.read(configFile);
        Solver solve = Solver.parse(solver);
        List<JetBatch> real = data == null ? null : JetFiles.read(data, Math.max(base.batchSize() * 8, jets));
        System.out.printf(Locale.ROOT, "jetflow bench flow: width %d, %d blocks, %d heads, batch %d; %d cores available;"
                + " %s%n", base.width(), base.blocks(), base.heads(), base.batchSize(),
                Runtime.getRuntime().availableProcessors(),
                data == null ? "synthetic jets, all slots filled" : "multiplicities of " + data);
        for (int p : particles) {
            FlowConfig sized = base.withSizes(p, base.width(), base.heads(), base.blocks(), base.feedForward());
            // Synthetic jets have no jet kinematics to condition on; the context costs one small MLP per batch.
            FlowConfig cfg = real == null ? sized.withContext(0) : sized;
            Preprocessing pre;
            JetTensors train;
            if (real == null) {
                long[] mult = new long[p + 1];
                mult[p] = 1;
                pre = new Preprocessing(new double[3], new double[] {1, 1, 1}, mult);
                train = synthetic(Math.max(cfg.batchSize() * 4, 64), p);
            } else {
                pre = Preprocessing.fit(real, p);
                train = JetTensors.of(real, pre, p);
            }
            try (FlowTrainer t = new FlowTrainer(cfg, train, null, Modality.BOTH)) {
                t.trainStep();
                long t0 = System.nanoTime();
                for (int s = 0; s < trainSteps; s++) {
                    t.trainStep();
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "train     P=%3d           %7.2f steps/s  %9.0f jets/s%n", p,
                        trainSteps / sec, trainSteps * cfg.batchSize() / sec);
                try (FlowSampler sampler = new FlowSampler(cfg, pre, t.emaWeights())) {
                    sampler.sample(Math.min(jets, 32), 1, 0, 2, solve, 1.0);
                    for (int k : steps) {
                        long s0 = System.nanoTime();
                        sampler.sample(jets, 1, 1, k, solve, 1.0);
                        double ss = (System.nanoTime() - s0) / 1e9;
                        System.out.printf(Locale.ROOT, "generate  P=%3d  K=%3d   %9.1f jets/s (%s)%n", p, k, jets / ss,
                                solver);
                    }
                }
            }
        }
        return 0;
    }

    private static JetTensors synthetic(int n, int p) {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * p * 3];
        int[] cls = new int[n * p];
        float[] mask = new float[n * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < cls.length; i++) {
            cls[i] = r.nextInt(8);
        }
        Arrays.fill(mask, 1f);
        return JetTensors.of(n, p, x, cls, mask);
    }
}
