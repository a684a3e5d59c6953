package org.jetflow.validation.measurement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.jet.Constituents;
import org.jetflow.validation.observable.JetMomentum;
import org.jetflow.validation.observable.ObservableRunner;

/**
 * Fills a sample's jets into a measurement's histograms: each jet that a histogram's selection
 * accepts adds weight 1 at its observable's value, in the record's bins, below the first bin into
 * the underflow and from the last edge on into the overflow (so that the histogram's total is the
 * number of selected jets). Unnormalised; {@link Normalisation#apply} scales. Batches of jets are
 * computed on several threads, each with its own workspaces; an observable is computed once per jet
 * however many histograms use it, and only for a jet some histogram selects.
 */
public final class HistogramFiller {
    private final List<Measurement.Entry> entries;
    private final List<ObservableDefinition> observables = new ArrayList<>();
    private final int[] observableOf;
    private final int threads;

    /**
     * @param entries the histograms to fill
     * @param threads worker threads (1 fills on the caller's thread)
     */
    public HistogramFiller(List<Measurement.Entry> entries, int threads) {
        this.entries = List.copyOf(entries);
        this.threads = Math.max(1, threads);
        observableOf = new int[entries.size()];
        for (int k = 0; k < entries.size(); k++) {
            ObservableDefinition d = entries.get(k).described().observable();
            int o = observables.indexOf(d);
            if (o < 0) {
                o = observables.size();
                observables.add(d);
            }
            observableOf[k] = o;
        }
    }

    /**
     * Fills from the first {@code limit} jets of a jet file.
     *
     * @param progress told the number of jets of each batch done
     * @return one histogram per entry, in order, named by {@link HistogramDescription#outputPath()}
     */
    public List<Histo1D> fill(Path file, long limit, LongConsumer progress) {
        List<Histo1D> total = empty();
        try (JetReader r = JetFiles.open(file)) {
            ObservableRunner.inOrder(r, limit, threads, "jetflow-measurement", Workspace::new,
                    (w, batch, first) -> w.fill(file, batch, first), part -> merge(total, part, progress));
        }
        return total;
    }

    /** One batch's histograms and its number of jets. */
    private record Part(List<Histo1D> histograms, int jets) {
    }

    private static void merge(List<Histo1D> total, Part part, LongConsumer progress) {
        for (int k = 0; k < total.size(); k++) {
            total.get(k).merge(part.histograms().get(k));
        }
        progress.accept(part.jets());
    }

    private List<Histo1D> empty() {
        List<Histo1D> h = new ArrayList<>();
        for (Measurement.Entry e : entries) {
            HistogramDescription d = e.described();
            h.add(new Histo1D(d.outputPath(), d.title(), e.data().binning()));
        }
        return h;
    }

    /** One thread's constituents, observables and per-jet cache. */
    private final class Workspace {
        private final Constituents constituents = new Constituents();
        private final ObservableMapping.JetValue[] values = new ObservableMapping.JetValue[observables.size()];
        private final double[] cached = new double[observables.size()];
        private final boolean[] known = new boolean[observables.size()];

        Workspace() {
            for (int o = 0; o < values.length; o++) {
                values[o] = ObservableMapping.create(observables.get(o));
            }
        }

        Part fill(Path file, JetBatch batch, long firstJet) {
            List<Histo1D> h = empty();
            for (int j = 0; j < batch.size(); j++) {
                Constituents c = constituents.load(batch, j);
                JetMomentum p = JetMomentum.of(c);
                double pt = p.pt();
                double eta = p.eta();
                double y = p.rapidity();
                Arrays.fill(known, false);
                for (int k = 0; k < h.size(); k++) {
                    if (!entries.get(k).described().selection().accepts(pt, eta, y)) {
                        continue;
                    }
                    int o = observableOf[k];
                    if (!known[o]) {
                        cached[o] = values[o].of(c);
                        known[o] = true;
                        if (Double.isNaN(cached[o])) {
                            throw new JetFileException(file, "jet " + (firstJet + j) + ", observable "
                                    + observables.get(o).label(), "is NaN");
                        }
                    }
                    h.get(k).fill(cached[o], 1);
                }
            }
            return new Part(h, batch.size());
        }
    }
}
