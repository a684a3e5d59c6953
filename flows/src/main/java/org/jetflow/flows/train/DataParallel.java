package org.jetflow.flows.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Data-parallel gradients on one machine: a step's buckets are shared among worker threads, each runs
 * the forward and backward pass of its share with one PyTorch thread, and the gradients add up in the
 * shared parameters. On the small matrices of this network two single-threaded passes side by side
 * do more work per second than one pass on two threads, whose per-operation hand-offs cost more than
 * they save.
 *
 * <p>DJL's gradient collector allows one collector per process, so the workers switch PyTorch's
 * (thread-local) gradient mode and start the backward pass themselves. With two workers the summed
 * gradients are the same bits in either order of arrival (each parameter's gradient is 0 + a + b,
 * and float addition commutes); with more, the order of three or more additions varies from step to
 * step, so {@link #MAX_WORKERS} is 2 until a run needs more than two cores.
 */
final class DataParallel implements AutoCloseable {
    /** More workers would add three or more gradients in an order that varies from run to run. */
    static final int MAX_WORKERS = 2;

    private final int workers;
    private final ExecutorService pool;

    DataParallel(int workers) {
        if (workers < 2 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("data-parallel workers must be 2 to " + MAX_WORKERS + ", got " + workers);
        }
        this.workers = workers;
        this.pool = Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(() -> {
                // Per thread: OpenMP's thread count is a property of the calling thread.
                JniUtils.setNumThreads(1);
                task.run();
            }, "jetflow-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int workers() {
        return workers;
    }

    /**
     * Runs {@code loss} on each worker's share and back-propagates it; the parameters' gradients then
     * hold the gradient of the sum of the shares' losses.
     *
     * @param cost the relative cost of one item (the shares are balanced by it)
     * @return the sum of the shares' loss values
     */
    <T> double backward(List<T> items, ToDoubleFunction<T> cost, Function<List<T>, NDArray> loss) {
        List<Future<Double>> done = new ArrayList<>();
        for (List<T> share : shares(items, cost, workers)) {
            if (!share.isEmpty()) {
                done.add(pool.submit(() -> {
                    JniUtils.setGradMode(true);
                    try {
                        return backward(loss.apply(share));
                    } finally {
                        JniUtils.setGradMode(false);
                    }
                }));
            }
        }
        double sum = 0;
        try {
            for (Future<Double> f : done) {
                sum += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a training step", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return sum;
    }

    private static double backward(NDArray loss) {
        double value = loss.getFloat();
        NDArray seed = loss.onesLike();
        JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        return value;
    }

    /**
     * The items dealt to {@code n} shares, largest cost first, each to the share with the least cost
     * so far (ties to the lower share): the same items always give the same shares.
     */
    static <T> List<List<T>> shares(List<T> items, ToDoubleFunction<T> cost, int n) {
        Integer[] order = new Integer[items.size()];
        double[] c = new double[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            c[i] = cost.applyAsDouble(items.get(i));
        }
        java.util.Arrays.sort(order, (a, b) -> c[a] != c[b] ? Double.compare(c[b], c[a]) : Integer.compare(a, b));
        List<List<T>> out = new ArrayList<>();
        double[] load = new double[n];
        for (int s = 0; s < n; s++) {
            out.add(new ArrayList<>());
        }
        for (int i : order) {
            int least = 0;
            for (int s = 1; s < n; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            out.get(least).add(items.get(i));
            load[least] += c[i];
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
