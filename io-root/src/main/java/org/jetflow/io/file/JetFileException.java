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
        String p = problem == null ? "" : oneLine(problem).strip();
        return file + (where == null || where.isEmpty() ? "" : ": " + oneLine(where)) + ": " + p;
    }

    /**
     * Line breaks and tabs as spaces, other control characters as {@code \xNN}: names read from a
     * damaged file (a class name, a dataset name) can hold any byte, and the message stays one
     * printable line.
     */
    public static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (c == '\n' || c == '\r' || c == '\t') {
                    sb.append(' ');
                } else {
                    sb.append(String.format("\\x%02x", (int) c));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
