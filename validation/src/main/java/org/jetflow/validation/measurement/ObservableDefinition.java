package org.jetflow.validation.measurement;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An observable as a measurement description names it: a name ({@code "mass"}, {@code "angularity"})
 * and its parameters ({@code "kappa": 1}, {@code "axis": "wta"}, {@code "charged": true}): numbers
 * ({@link Double}), words ({@link String}) or switches ({@link Boolean}); {@link ObservableMapping}
 * turns it into a per-jet value.
 *
 * @param name       the observable's name
 * @param parameters its parameters by name, as written (defaults are not filled in here)
 */
public record ObservableDefinition(String name, Map<String, Object> parameters) {
    public ObservableDefinition {
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /** An observable without parameters. */
    public static ObservableDefinition of(String name) {
        return new ObservableDefinition(name, Map.of());
    }

    /** {@code softdrop_mass(beta=0, zcut=0.1)}: the name, and the parameters in name order. */
    public String label() {
        if (parameters.isEmpty()) {
            return name;
        }
        return name + parameters.entrySet().stream().map(e -> e.getKey() + "=" + number(e.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String number(Object o) {
        if (!(o instanceof Double v)) {
            return String.valueOf(o);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.valueOf(v);
    }
}
