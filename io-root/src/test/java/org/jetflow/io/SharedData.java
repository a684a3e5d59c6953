package org.jetflow.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (CI has it, a user's clone does not); tests that need it skip without it. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared directory, or a skipped test saying it is absent. */
    public static Path dir() {
        String prop = System.getProperty("jetflow.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        assumeTrue(Files.isDirectory(p.resolve("data")),
                "skipped: needs ../shared (the reference data), absent at " + p.toAbsolutePath().normalize());
        return p;
    }

    /** A file under {@code ../shared/data}. */
    public static Path data(String name) {
        return dir().resolve("data").resolve(name);
    }
}
