package org.jetflow.validation.observable;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
        long n = 0;
        if (threads == 1) {
            JetObservables obs = new JetObservables(kappa, efps);
            JetBatch b;
            while (n < limit && (b = reader.next()) != null) {
                b = b.head((int) Math.min(b.size(), limit - n));
                sink.accept(obs.compute(b));
                n += b.size();
            }
            return n;
        }
        ThreadLocal<JetObservables> local = ThreadLocal.withInitial(() -> new JetObservables(kappa, efps));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jetflow-observables");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<ObservableTable>> pending = new ArrayDeque<>();
        try {
            JetBatch b;
            while (n < limit && (b = reader.next()) != null) {
                JetBatch batch = b.head((int) Math.min(b.size(), limit - n));
                n += batch.size();
                pending.add(pool.submit(() -> local.get().compute(batch)));
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
    public static <T> T take(ArrayDeque<Future<T>> pending) {
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
