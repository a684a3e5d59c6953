package org.jetflow.io.file;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A temporary file in the target's directory that becomes the target only on {@link #commit()}.
 * Writers use it so that a failed or killed write never leaves a half-written file under the name
 * the user asked for; the temporary of a killed write is removed by the next write of the same name.
 */
public final class AtomicTarget {
    private final Path target;
    private final Path temp;
    private boolean done;

    /** Temporaries of this JVM not yet committed or aborted: others carrying its pid are a dead process's. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    /**
     * Creates the temporary file, {@code .NAME.PID-RANDOM.part} beside the target, first removing
     * those of the same target left by killed processes ({@link #removeStale}).
     */
    public AtomicTarget(Path target) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        String name = this.target.getFileName().toString();
        try {
            Files.createDirectories(dir);
            removeStale(dir, "." + name + ".", "-[0-9a-f]+\\.part", p -> !OPEN.contains(p));
            this.temp = createTemp(dir, name);
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
                Files.createFile(p);
                OPEN.add(p);
                return p;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes the temporaries of a killed writer: the entries of {@code dir} (files, or directories
     * with their contents) named {@code prefix + PID + rest}, {@code rest} matching {@code restRegex},
     * whose process PID is no longer running. Those of running processes are kept, this process's
     * own too. A temporary on a file system shared between machines may carry the pid of a process on
     * another machine; a writer there would then lose its temporary and fail: write one output name
     * from one machine at a time. Failures to delete are ignored (the entries are temporaries).
     */
    public static void removeStale(Path dir, String prefix, String restRegex) {
        removeStale(dir, prefix, restRegex, p -> false);
    }

    /**
     * As {@link #removeStale(Path, String, String)}; an entry carrying this process's own pid is
     * deleted when {@code ownIsStale} says so (a dead process's that had the same pid).
     */
    private static void removeStale(Path dir, String prefix, String restRegex, Predicate<Path> ownIsStale) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,18})" + restRegex);
        long self = ProcessHandle.current().pid();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    if (pid == self ? ownIsStale.test(p) : ProcessHandle.of(pid).isEmpty()) {
                        stale.add(p);
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return;
        }
        for (Path p : stale) {
            try {
                DirectoryTree.delete(p);
            } catch (IOException ignored) {
                // Another run may be removing it too; a leftover is a dot-file or a .tmp- name.
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
            OPEN.remove(temp);
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
        OPEN.remove(temp);
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Nothing more can be done; the name is a dot-file that cannot be mistaken for output.
        }
    }
}
