package org.jetflow.flows.objective;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jetflow.io.file.AtomicTarget;

/**
 * A teacher flow's sampling trajectories, recorded on the grid t = a/G (a = 0 … G) in the network's
 * coordinates: the kinematics x and the class tokens of every particle, the last row (t = 1) holding
 * the generated jet itself (its final class draw). A shortcut model learns its steps of size d = n/G
 * from them ({@link DistillationObjective}).
 *
 * @param grid         G, intervals of the recorded grid (a power of two)
 * @param contextDim   network context values per jet
 * @param multiplicity per jet, its particle count m
 * @param context      (jets, contextDim) the network context each trajectory was sampled with
 * @param x            per jet, (G + 1, m, 3) kinematics at t = 0, 1/G, …, 1
 * @param tokens       per jet, (G + 1, m) class tokens at the same times
 * @param origin       what made them (teacher, sampling, seed), so a resumed run can tell whether a
 *                     stored file is the one it would make
 */
public record TeacherTrajectories(int grid, int contextDim, int[] multiplicity, float[] context, float[][] x,
        byte[][] tokens, String origin) {
    private static final int MAGIC = 0x4A465454; // "JFTT"

    public TeacherTrajectories {
        if (grid < 1 || Integer.bitCount(grid) != 1) {
            throw new IllegalArgumentException("the trajectory grid must be a power of two, got " + grid);
        }
    }

    public int jets() {
        return multiplicity.length;
    }

    /** Particle i's kinematic component k of jet j at grid point a. */
    public float x(int j, int a, int i, int k) {
        return x[j][(a * multiplicity[j] + i) * 3 + k];
    }

    /** Particle i's class token of jet j at grid point a. */
    public int token(int j, int a, int i) {
        return tokens[j][a * multiplicity[j] + i];
    }

    /** Writes the trajectories to {@code file}, which appears only when complete. */
    public void write(Path file) throws IOException {
        AtomicTarget target = new AtomicTarget(file);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target.temp()),
                1 << 20))) {
            out.writeInt(MAGIC);
            out.writeUTF(origin);
            out.writeInt(grid);
            out.writeInt(contextDim);
            out.writeInt(jets());
            for (int j = 0; j < jets(); j++) {
                out.writeInt(multiplicity[j]);
                for (int c = 0; c < contextDim; c++) {
                    out.writeFloat(context[j * contextDim + c]);
                }
                for (float v : x[j]) {
                    out.writeFloat(v);
                }
                out.write(tokens[j]);
            }
        } catch (IOException | RuntimeException e) {
            target.abort();
            throw e;
        }
        target.commit();
    }

    /**
     * Reads trajectories written by {@link #write}.
     *
     * @throws IOException naming the file when it is not such a file or is cut short
     */
    public static TeacherTrajectories read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a file of teacher trajectories");
            }
            String origin = in.readUTF();
            int grid = in.readInt();
            int c = in.readInt();
            int n = in.readInt();
            if (grid < 1 || c < 0 || c > 3 || n < 0) {
                throw new IOException(file + ": header: grid " + grid + ", context " + c + ", jets " + n);
            }
            int[] mult = new int[n];
            float[] ctx = new float[n * c];
            float[][] x = new float[n][];
            byte[][] tok = new byte[n][];
            for (int j = 0; j < n; j++) {
                mult[j] = in.readInt();
                if (mult[j] < 1 || mult[j] > 100_000) {
                    throw new IOException(file + ": trajectory " + j + ": multiplicity " + mult[j]);
                }
                for (int k = 0; k < c; k++) {
                    ctx[j * c + k] = in.readFloat();
                }
                x[j] = new float[(grid + 1) * mult[j] * 3];
                for (int i = 0; i < x[j].length; i++) {
                    x[j][i] = in.readFloat();
                }
                tok[j] = new byte[(grid + 1) * mult[j]];
                in.readFully(tok[j]);
            }
            return new TeacherTrajectories(grid, c, mult, ctx, x, tok, origin);
        } catch (EOFException e) {
            throw new IOException(file + ": cut short", e);
        }
    }

    /** The origin stored in {@code file}, or {@code null} when there is no readable such file. */
    public static String originOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return in.readInt() == MAGIC ? in.readUTF() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
