package org.jetflow.flows.net;

import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps PyTorch's one-time C++ deprecation warning ("AutoNonVariableTypeMode is deprecated …",
 * printed by libtorch 2.7 under DJL 0.36 on the first in-place write into a tensor) away from the
 * user: it says nothing about JetFlow's work, and it is written by native code straight to file
 * descriptor 2, past {@code System.err}. {@link #silence()} triggers it once with descriptor 2
 * pointed at /dev/null; PyTorch then never prints it again in the process. Neither DJL nor
 * PyTorch offers a switch: {@code TORCH_CPP_LOG_LEVEL=ERROR} does not reach this warning (tried).
 */
public final class TorchWarnings {
    private static final int O_WRONLY = 1;
    private static final int STDERR = 2;
    private static boolean done;

    private TorchWarnings() {
    }

    /** The C library calls needed to point descriptor 2 elsewhere for a moment. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    /** Triggers and discards the warning; idempotent and cheap after the first call. */
    public static synchronized void silence() {
        if (done) {
            return;
        }
        done = true;
        LibC c;
        try {
            c = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // No C library by that name (not Linux or macOS): the warning may show once.
            return;
        }
        System.err.flush();
        int saved = c.dup(STDERR);
        int devNull = c.open("/dev/null", O_WRONLY);
        if (saved < 0 || devNull < 0 || c.dup2(devNull, STDERR) < 0) {
            closeAll(c, saved, devNull);
            return;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            m.create(new float[1]).set(new float[] {0f});
        } finally {
            c.dup2(saved, STDERR);
            closeAll(c, saved, devNull);
        }
    }

    private static void closeAll(LibC c, int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                c.close(fd);
            }
        }
    }
}
