package org.jetflow.validation.observable;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;

/**
 * Computes observables for every jet a reader gives, on several threads, handing the tables to a
 * sink in file order. Each thread owns its {@link JetObservables} workspace.
 */
public final class ObservableRunner {
    private final int threads;
    private final double kappa;
    private final boolean efps;

    /**
     * @param threads worker threads (1 computes on the caller's thread)
     * @param kappa   jet-charge exponent
     * @param efps    whether to add the energy flow polynomials
     */
    public ObservableRunner(int threads, double kappa, boolean efps) {
        this.threads = Math.max(1, threads);
        this.kappa = kappa;
        this.efps = efps;
    }

    /** The column names the tables will have. */
    public java.util.List<String> names() {
        return new JetObservables(kappa, efps).names();
    }

    /**
     * Reads up to {@code limit} jets and passes their observables to {@code sink}, in order.
     *
     * @return the number of jets
     */
    public long run(JetReader reader, long limit, Consumer<ObservableTable> sink) {
        return inOrder(reader, limit, threads, "jetflow-observables", () -> new JetObservables(kappa, efps),
                (obs, batch, first) -> obs.compute(batch), sink);
    }

    /** The observables of the first {@code limit} jets of {@code file} as one table. */
    public ObservableTable table(Path file, long limit) {
        return table(file, limit, rows -> { });
    }

    /**
     * The observables of the first {@code limit} jets of {@code file} as one table; {@code rowsDone}
     * hears each batch's jets as they are done. An empty file is a one-line error naming it.
     */
    public ObservableTable table(Path file, long limit, IntConsumer rowsDone) {
        List<ObservableTable> parts = new ArrayList<>();
        try (JetReader r = JetFiles.open(file)) {
            run(r, limit, t -> {
                parts.add(t);
                rowsDone.accept(t.rows());
            });
        }
        if (parts.isEmpty()) {
            throw new JetFileException(file, null, "empty sample: no jets");
        }
        return ObservableTable.concat(parts);
    }

    /** What a worker makes of one batch, with its own workspace; {@code firstJet} is the batch's first jet in the file. */
    @FunctionalInterface
    public interface BatchTask<W, T> {
        T apply(W workspace, JetBatch batch, long firstJet);
    }

    /**
     * Reads up to {@code limit} jets and hands {@code task}'s result for each batch to {@code sink} in
     * file order, computed on {@code threads} workers (1: on the caller's thread), each with a
     * workspace of its own from {@code workspace}. A task's RuntimeException reaches the caller as it is.
     *
     * @return the number of jets read
     */
    public static <W, T> long inOrder(JetReader reader, long limit, int threads, String threadName, Supplier<W> workspace,
            BatchTask<W, T> task, Consumer<T> sink) {
        long n = 0;
        if (threads <= 1) {
            W w = workspace.get();
            JetBatch b;
            while (n < limit && (b = reader.next()) != null) {
                b = b.head((int) Math.min(b.size(), limit - n));
                sink.accept(task.apply(w, b, n));
                n += b.size();
            }
            return n;
        }
        ThreadLocal<W> local = ThreadLocal.withInitial(workspace);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<T>> pending = new ArrayDeque<>();
        try {
            JetBatch b;
            while (n < limit && (b = reader.next()) != null) {
                JetBatch batch = b.head((int) Math.min(b.size(), limit - n));
                long first = n;
                n += batch.size();
                pending.add(pool.submit(() -> task.apply(local.get(), batch, first)));
                if (pending.size() >= 2 * threads) {
                    sink.accept(take(pending));
                }
            }
            while (!pending.isEmpty()) {
                sink.accept(take(pending));
            }
        } finally {
            pool.shutdownNow();
        }
        return n;
    }

    /**
     * The oldest pending task's result, waiting for it: a task's RuntimeException is rethrown as it
     * is, so a bad jet's message reaches the user unchanged.
     */
    private static <T> T take(ArrayDeque<Future<T>> pending) {
        try {
            return pending.poll().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
