package org.jetflow.io.root;

import org.jetflow.io.file.JetFileException;

/**
 * A ROOT file that cannot be read as it claims to be: truncated, corrupt, or using a feature the
 * reader does not support. The message is one line naming the file, tree, branch and entry as far
 * as they are known where the problem is found; {@link RootFile} adds the file name.
 */
public final class RootFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RootFormatException(String message) {
        super(JetFileException.oneLine(message));
    }

    public RootFormatException(String message, Throwable cause) {
        super(JetFileException.oneLine(message), cause);
    }
}
