package org.jetflow.io.file;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A temporary file in the target's directory that becomes the target only on {@link #commit()}.
 * Writers use it so that a failed or killed write never leaves a half-written file under the name
 * the user asked for.
 */
public final class AtomicTarget {
    private final Path target;
    private final Path temp;
    private boolean done;

    public AtomicTarget(Path target) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        try {
            Files.createDirectories(dir);
            this.temp = createTemp(dir, this.target.getFileName().toString());
        } catch (IOException e) {
            throw new JetFileException(target, null, "cannot create a temporary file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Files.createTempFile would make the file owner-only (0600) and the output would keep that;
     * createFile honours the umask like any other output.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(random.nextInt()) + ".part");
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** The target path. */
    public Path target() {
        return target;
    }

    /** Where to write until {@link #commit()}. */
    public Path temp() {
        return temp;
    }

    /** Writes a whole text file (UTF-8) that appears only when complete. */
    public static void writeString(Path file, String text) throws IOException {
        AtomicTarget t = new AtomicTarget(file);
        try {
            Files.writeString(t.temp(), text, java.nio.charset.StandardCharsets.UTF_8);
            t.commit();
        } finally {
            t.abort();
        }
    }

    /** Moves the temporary file onto the target, replacing it. */
    public void commit() {
        if (done) {
            return;
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            abort();
            throw new JetFileException(target, null, "cannot move the finished file into place: " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary file. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Nothing more can be done; the name is a dot-file that cannot be mistaken for output.
        }
    }
}
