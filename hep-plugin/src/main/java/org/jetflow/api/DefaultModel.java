package org.jetflow.api;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shipped default model lives: the system property {@code jetflow.model} or the
 * environment variable {@code JETFLOW_MODEL} if set, else {@code samples/models/qcd-distilled} under
 * the JetFlow checkout ({@code jetflow.home}, set by the launcher; else the working directory or
 * its parent). Since 2026-12-07 that is the few-step model (4 network evaluations per jet), distilled
 * from the 16-step flow {@code samples/models/qcd-default}, which stays shipped beside it.
 */
public final class DefaultModel {
    /** The default model's directory inside a checkout. */
    public static final String RELATIVE = "samples/models/qcd-distilled";

    private DefaultModel() {
    }

    /** The default model bundle's directory; an error names the places looked at. */
    public static Path path() {
        String explicit = System.getProperty("jetflow.model", System.getenv("JETFLOW_MODEL"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = System.getProperty("jetflow.home");
        Path[] candidates = home != null ? new Path[] {Path.of(home).resolve(RELATIVE)}
                : new Path[] {Path.of(RELATIVE), Path.of("..").resolve(RELATIVE)};
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no default model at " + candidates[0].toAbsolutePath().normalize()
                + "; give --model BUNDLE, or set JETFLOW_MODEL");
    }
}
