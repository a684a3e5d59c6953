package org.jetflow.io.root;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A ROOT file opened for reading, written to ROOT's public file-format description: the file
 * header, directories with their key lists, and object records. Only headers are read on opening;
 * objects and baskets are read from disk when asked for, so a file larger than the heap streams.
 * Every {@link RootFormatException} it throws starts with the file name.
 */
public final class RootFile implements Closeable {
    private static final int HEADER_BYTES = 64;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private int compression;
    private final RootDirectory top;

    private RootFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            this.size = channel.size();
            this.top = readHeader();
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    private RootDirectory readHeader() {
        RootBuffer h = new RootBuffer(read(0, (int) Math.min(HEADER_BYTES, size), "file header"), 0, 0,
                path + ": file header");
        if (size < 4 || h.i32() != 0x726f6f74) {
            throw new RootFormatException(path + ": not a ROOT file (no 'root' magic at byte 0)");
        }
        int version = h.i32();
        boolean big = version >= 1000000;
        int begin = h.i32();
        long end = big ? h.i64() : h.i32() & 0xffffffffL;
        if (big) {
            h.i64();
        } else {
            h.i32();
        }
        h.i32();
        h.i32();
        int nbytesName = h.i32();
        h.u8();
        compression = h.i32();
        if (end > size) {
            throw new RootFormatException(path + ": truncated: the header says the file ends at byte " + end
                    + ", it has " + size + " bytes");
        }
        return directory("", begin + (long) nbytesName, "top directory");
    }

    /**
     * Opens a ROOT file.
     *
     * @throws RootFormatException naming the file when it is missing, not ROOT, truncated or corrupt
     */
    public static RootFile open(Path path) {
        try {
            return new RootFile(path);
        } catch (RootFormatException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new RootFormatException(path + ": no such file");
        } catch (IOException e) {
            throw new RootFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The file's default compression setting (algorithm × 100 + level). */
    public int compression() {
        return compression;
    }

    /** The top directory. */
    public RootDirectory top() {
        return top;
    }

    /** The subdirectory a key names. */
    public RootDirectory directory(RootDirectory parent, RootKey key) {
        String name = parent.path().isEmpty() ? key.name() : parent.path() + "/" + key.name();
        byte[] payload = payload(key);
        return directoryAt(name, payload, key.keylen());
    }

    /** Every TTree (and TNtuple) in the file, by path ("dir/tree"), highest cycle only. */
    public List<String> treeNames() {
        List<String> out = new ArrayList<>();
        collectTrees(top, out, new java.util.HashSet<>(), 0);
        return out;
    }

    /** How deep directories may nest: a damaged key that names a directory above it would loop forever. */
    private static final int MAX_DIRECTORY_DEPTH = 64;

    private void collectTrees(RootDirectory dir, List<String> out, java.util.Set<Long> seen, int depth) {
        for (RootKey k : dir.latestKeys()) {
            String name = dir.path().isEmpty() ? k.name() : dir.path() + "/" + k.name();
            if (TreeStreamer.isTree(k.className())) {
                out.add(name);
            } else if (k.className().equals("TDirectory") || k.className().equals("TDirectoryFile")) {
                if (!seen.add(k.seekKey()) || depth >= MAX_DIRECTORY_DEPTH) {
                    throw new RootFormatException(path + ": directory '" + name + "' at byte " + k.seekKey()
                            + " contains itself or nests more than " + MAX_DIRECTORY_DEPTH + " deep (corrupt)");
                }
                collectTrees(directory(dir, k), out, seen, depth + 1);
            }
        }
    }

    /**
     * The tree at a path ("Events", "dir/tree").
     *
     * @throws RootFormatException naming the file and the trees it has when there is no such tree
     */
    public RootTree tree(String treePath) {
        RootDirectory dir = top;
        String[] parts = treePath.split("/");
        for (int i = 0; i < parts.length; i++) {
            RootKey key = find(dir, parts[i]);
            if (key == null) {
                throw new RootFormatException(path + ": no tree '" + treePath + "' (trees: " + treeNames() + ")");
            }
            if (i < parts.length - 1) {
                dir = directory(dir, key);
            } else if (!TreeStreamer.isTree(key.className())) {
                throw new RootFormatException(path + ": '" + treePath + "' is a " + key.className() + ", not a TTree");
            } else {
                byte[] payload = payload(key);
                String where = path + ": tree " + treePath;
                return TreeStreamer.read(this, treePath, key, new RootBuffer(payload, 0, key.keylen(), where));
            }
        }
        throw new RootFormatException(path + ": empty tree path");
    }

    private static RootKey find(RootDirectory dir, String name) {
        for (RootKey k : dir.latestKeys()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** Reads and decompresses an object record. */
    byte[] payload(RootKey key) {
        String where = path + ": key " + key.name() + ";" + key.cycle() + " (" + key.className() + ")";
        if (key.keylen() < 0 || key.keylen() > key.nbytes() || key.objlen() < 0) {
            throw new RootFormatException(where + ": key of " + key.keylen() + " bytes in a record of " + key.nbytes()
                    + " bytes holding " + key.objlen() + " (corrupt)");
        }
        byte[] record = read(key.seekKey(), key.nbytes(), where);
        return RootCompression.decompress(record, key.keylen(), key.nbytes() - key.keylen(), key.objlen(), where);
    }

    /** Reads a record's key header at a file position. */
    RootKey keyAt(long seek, String where) {
        byte[] head = read(seek, (int) Math.min(512, size - seek), where);
        return RootKey.read(new RootBuffer(head, 0, 0, where));
    }

    /**
     * Reads bytes from the file.
     *
     * @throws RootFormatException when they lie past the end (a truncated file)
     */
    byte[] read(long position, int n, String where) {
        if (position < 0 || n < 0 || position > size - n) {
            throw new RootFormatException(where + ": needs bytes " + position + "–" + (position + n)
                    + " but the file has " + size + " (truncated or corrupt)");
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new RootFormatException(where + ": unexpected end of file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        return buf.array();
    }

    private RootDirectory directory(String name, long recordAt, String what) {
        String where = path + ": " + what;
        byte[] rec = read(recordAt, (int) Math.min(64, size - recordAt), where);
        return directoryAt(name, rec, 0);
    }

    private RootDirectory directoryAt(String name, byte[] rec, int keylen) {
        String where = path + ": directory '" + name + "'";
        RootBuffer d = new RootBuffer(rec, 0, keylen, where);
        int version = d.i16();
        boolean big = version > 1000;
        d.i32();
        d.i32();
        int nbytesKeys = d.i32();
        d.i32();
        if (big) {
            d.i64();
            d.i64();
        } else {
            d.i32();
            d.i32();
        }
        long seekKeys = big ? d.i64() : d.i32() & 0xffffffffL;
        if (seekKeys == 0) {
            return new RootDirectory(name, List.of());
        }
        RootBuffer k = new RootBuffer(read(seekKeys, nbytesKeys, where + " key list"), 0, 0, where + " key list");
        RootKey.read(k);
        int n = k.i32();
        if (n < 0 || n > nbytesKeys) {
            throw new RootFormatException(where + ": key list claims " + n + " keys (corrupt)");
        }
        List<RootKey> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(RootKey.read(k));
        }
        return new RootDirectory(name, List.copyOf(keys));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
