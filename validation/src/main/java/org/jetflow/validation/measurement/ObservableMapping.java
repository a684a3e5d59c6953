package org.jetflow.validation.measurement;

import java.util.List;
import org.jetflow.validation.jet.Constituents;
import org.jetflow.validation.observable.SubstructureObservable;

/**
 * From a description's {@code "observable": {"name": ..., parameters}} to a per-jet value: the one
 * place a description's observable meets the code that computes it ({@link SubstructureObservable},
 * whose {@code parse} knows the names, their parameters and defaults).
 */
public final class ObservableMapping {
    /** One jet's value of an observable. */
    @FunctionalInterface
    public interface JetValue {
        /** The value for a jet's constituents, in the observable's unit (GeV for masses). */
        double of(Constituents c);
    }

    private ObservableMapping() {
    }

    /** The names a description may use. */
    public static List<String> names() {
        return SubstructureObservable.NAMES;
    }

    /**
     * A per-jet value for a definition (safe to use from several threads: the observable keeps a
     * workspace per thread).
     *
     * @throws IllegalArgumentException for an unknown name or parameter, a missing or out-of-range
     *                                  one, naming it
     */
    public static JetValue create(ObservableDefinition d) {
        SubstructureObservable o = SubstructureObservable.parse(d.name(), d.parameters());
        return o::value;
    }
}
