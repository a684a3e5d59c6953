package org.jetflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds {@link JetGeneratorProvider}s on the class path with {@link ServiceLoader}. */
public final class JetGenerators {
    private JetGenerators() {
    }

    /** The providers available, in class-path order. */
    public static List<JetGeneratorProvider> providers() {
        List<JetGeneratorProvider> out = new ArrayList<>();
        ServiceLoader.load(JetGeneratorProvider.class).forEach(out::add);
        return out;
    }

    /**
     * Opens the generator named {@code name} ("jetflow": a model bundle, "file": jets from a file).
     *
     * @throws IllegalArgumentException naming the providers available when none has that name
     */
    public static JetGenerator open(String name, Map<String, String> settings) {
        List<String> names = new ArrayList<>();
        for (JetGeneratorProvider p : providers()) {
            if (p.name().equals(name)) {
                return p.open(settings);
            }
            names.add(p.name());
        }
        throw new IllegalArgumentException("no jet generator named '" + name + "'; available: " + names);
    }
}
