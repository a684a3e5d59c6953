package org.jetflow.io.file;

import java.nio.file.Path;

/**
 * Bad input or a failed write, located as precisely as the format allows: the file, the
 * dataset/column/branch, the row (jet index) and the field. {@link #getMessage()} is one line meant
 * for a person.
 */
public final class JetFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public JetFileException(Path file, String where, String problem) {
        this(file, where, problem, null);
    }

    public JetFileException(Path file, String where, String problem, Throwable cause) {
        super(format(file, where, problem), cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** "row 12, particle 3, field E" style location. */
    public static String at(String dataset, long row, int particle, String field) {
        StringBuilder sb = new StringBuilder(dataset);
        if (row >= 0) {
            sb.append(", row ").append(row);
        }
        if (particle >= 0) {
            sb.append(", particle ").append(particle);
        }
        if (field != null) {
            sb.append(", field ").append(field);
        }
        return sb.toString();
    }

    private static String format(Path file, String where, String problem) {
        String p = problem == null ? "" : problem.replace('\n', ' ').strip();
        return file + (where == null || where.isEmpty() ? "" : ": " + where) + ": " + p;
    }
}
