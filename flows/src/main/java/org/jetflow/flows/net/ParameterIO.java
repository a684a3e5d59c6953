package org.jetflow.flows.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float arrays to and from a file: a magic word, the count, then per array its name, rank,
 * dimensions and values (big-endian). Used for parameters, EMA weights and optimizer moments.
 */
public final class ParameterIO {
    private static final int MAGIC = 0x4A46504D; // "JFPM"

    private ParameterIO() {
    }

    /**
     * Copies values by name into existing arrays; every target must have a source of its shape.
     *
     * @param source what {@code from} is, for the error message ("weights", "checkpoint")
     * @throws IllegalArgumentException naming the first missing or misshapen array
     */
    public static void copy(Map<String, NDArray> from, Map<String, NDArray> to, String source) {
        copy(from, to, source, new String[0]);
    }

    /**
     * As {@link #copy(Map, Map, String)}, except that targets whose names start with one of
     * {@code optionalPrefixes} may be absent from {@code from}; those keep their values.
     */
    public static void copy(Map<String, NDArray> from, Map<String, NDArray> to, String source,
            String... optionalPrefixes) {
        for (Map.Entry<String, NDArray> e : to.entrySet()) {
            NDArray src = from.get(e.getKey());
            if (src == null && java.util.Arrays.stream(optionalPrefixes).anyMatch(e.getKey()::startsWith)) {
                continue;
            }
            if (src == null || !src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException(source + " lack " + e.getKey() + " " + e.getValue().getShape());
            }
            e.getValue().set(src.toFloatArray());
        }
    }

    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                long[] dims = e.getValue().getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) {
                    out.writeLong(d);
                }
                for (float v : e.getValue().toFloatArray()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /** Reads all arrays into {@code manager}, in file order. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a JetFlow parameter file");
            }
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                long size = 1;
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = in.readLong();
                    size *= dims[d];
                }
                float[] v = new float[Math.toIntExact(size)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                NDArray a = manager.create(v, new Shape(dims));
                a.setName(name);
                out.put(name, a);
            }
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated parameter file", e);
        }
        return out;
    }
}
