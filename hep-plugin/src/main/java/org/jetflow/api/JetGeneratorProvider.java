package org.jetflow.api;

import java.util.Map;

/**
 * A named kind of {@link JetGenerator}, registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.jetflow.api.JetGeneratorProvider}.
 */
public interface JetGeneratorProvider {
    /** The name a chain selects it by. */
    String name();

    /** One line on the settings it understands. */
    String description();

    /** Opens a generator with the given settings (keys as in {@link #description()}). */
    JetGenerator open(Map<String, String> settings);
}
