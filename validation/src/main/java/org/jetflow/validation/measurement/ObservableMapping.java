package org.jetflow.validation.measurement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.jet.Constituents;
import org.jetflow.validation.observable.SoftDrop;

/**
 * From a description's {@code "observable": {"name": ..., parameters}} to a per-jet value: the one
 * place that knows which names exist, which parameters each takes (with their defaults) and which
 * class computes it. Adding an observable is one entry in {@link #KNOWN}.
 */
public final class ObservableMapping {
    /** One jet's value of an observable; an instance owns its workspaces, so one per thread. */
    @FunctionalInterface
    public interface JetValue {
        /** The value for a jet's constituents, in the observable's unit (GeV for masses). */
        double of(Constituents c);
    }

    /**
     * An observable: the parameters it takes with their defaults, and how to make its per-jet
     * value from complete parameters.
     */
    private record Entry(Map<String, Double> defaults, Function<Map<String, Double>, JetValue> make) {
    }

    private static final Map<String, Entry> KNOWN = new LinkedHashMap<>();

    static {
        // Ungroomed jet mass of the constituent sum (the `mass` column).
        KNOWN.put("mass", new Entry(Map.of(), p -> c -> JetMomentum.of(c).mass()));
        // Soft-drop mass (the `msd` column with the defaults: β = 0, zcut = 0.1, R0 = 0.8).
        KNOWN.put("msd", new Entry(Map.of("beta", 0.0, "zcut", 0.1, "r0", 0.8), p -> {
            if (!(p.get("zcut") >= 0 && p.get("zcut") < 1) || !(p.get("r0") > 0)) {
                throw new IllegalArgumentException("msd needs 0 ≤ zcut < 1 and r0 > 0, got zcut " + p.get("zcut")
                        + ", r0 " + p.get("r0"));
            }
            SoftDrop sd = new SoftDrop(p.get("beta"), p.get("zcut"), p.get("r0"));
            ClusterSequence cs = new ClusterSequence(JetBatch.MAX_PARTICLES);
            return c -> sd.mass(c, cs);
        }));
    }

    private ObservableMapping() {
    }

    /** The names a description may use. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * A new per-jet value (with its own workspaces) for a definition.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, saying which are known
     */
    public static JetValue create(ObservableDefinition d) {
        Entry e = KNOWN.get(d.name());
        if (e == null) {
            throw new IllegalArgumentException("unknown observable '" + d.name() + "' (known: "
                    + String.join(", ", KNOWN.keySet()) + ")");
        }
        Map<String, Double> p = new LinkedHashMap<>(e.defaults());
        for (Map.Entry<String, Double> given : d.parameters().entrySet()) {
            if (!e.defaults().containsKey(given.getKey())) {
                throw new IllegalArgumentException("observable '" + d.name() + "' has no parameter '" + given.getKey() + "' ("
                        + (e.defaults().isEmpty() ? "it takes none" : "it takes " + String.join(", ",
                        new java.util.TreeSet<>(e.defaults().keySet()))) + ")");
            }
            p.put(given.getKey(), given.getValue());
        }
        return e.make().apply(p);
    }
}
