package org.jetflow.io.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetflow.io.arrow.ArrowJetReader;
import org.jetflow.io.arrow.ArrowJetWriter;
import org.jetflow.io.hdf5.AspenHdf5Reader;
import org.jetflow.io.hdf5.AspenHdf5Writer;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.root.RootJetWriter;
import org.jetflow.io.root.RootJets;

/** Opens jet readers and writers by file extension ({@link JetFormat}). */
public final class JetFiles {
    private JetFiles() {
    }

    /** Opens a jet file for reading. */
    public static JetReader open(Path path) {
        JetFormat format = JetFormat.of(path);
        return switch (format) {
            case HDF5 -> new AspenHdf5Reader(path);
            case ARROW -> new ArrowJetReader(path);
            case ROOT -> RootJets.open(path);
        };
    }

    /**
     * Checks, before any heavy work, that {@code path} names an existing jet file of a known format.
     *
     * @throws JetFileException naming the file
     */
    public static void requireReadable(Path path) {
        JetFormat.of(path);
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new JetFileException(path, null, java.nio.file.Files.exists(path) ? "not a regular file" : "no such file");
        }
        if (!java.nio.file.Files.isReadable(path)) {
            throw new JetFileException(path, null, "not readable");
        }
    }

    /**
     * Checks, before any heavy work, that a jet file can be written at {@code path}: a known
     * extension and an existing directory to write it in.
     *
     * @throws JetFileException naming the file
     */
    public static void requireWritable(Path path) {
        JetFormat.of(path);
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new JetFileException(path, null, "its directory does not exist");
        }
        if (java.nio.file.Files.isDirectory(path)) {
            throw new JetFileException(path, null, "is a directory");
        }
    }

    /** Reads the first {@code limit} jets of a file (all of them when it has fewer) into memory. */
    public static List<JetBatch> read(Path path, long limit) {
        List<JetBatch> out = new ArrayList<>();
        long n = 0;
        try (JetReader r = open(path)) {
            JetBatch b;
            while (n < limit && (b = r.next()) != null) {
                b = b.head((int) Math.min(b.size(), limit - n));
                out.add(b);
                n += b.size();
            }
        }
        return out;
    }

    /**
     * Creates a jet file for writing; nothing appears under {@code path} until the writer is
     * closed successfully.
     *
     * @param schema   the columns of the batches that will be written
     * @param metadata provenance (generator, model, seed, source) stored in the file
     */
    public static JetWriter create(Path path, JetSchema schema, Map<String, String> metadata) {
        JetFormat format = JetFormat.of(path);
        return switch (format) {
            case HDF5 -> new AspenHdf5Writer(path, metadata);
            case ARROW -> new ArrowJetWriter(path, schema, metadata);
            case ROOT -> new RootJetWriter(path, schema, metadata);
        };
    }
}
