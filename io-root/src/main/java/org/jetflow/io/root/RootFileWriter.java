package org.jetflow.io.root;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jetflow.io.file.AtomicOutput;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;

/**
 * Writes a ROOT file holding TTrees: the file header, the top directory, baskets as they fill,
 * then on {@link #close()} the trees, the streamer infos, the key list and the free-segment list.
 * Seeks are 64-bit throughout (ROOT's large-file layout), so files beyond 2 GB are fine. The file
 * is written beside the target and renamed into place only when complete.
 */
public final class RootFileWriter implements AtomicOutput {
    static final int BEGIN = 100;
    private static final int ROOT_VERSION = 1_062_600; // 6.26/00, large-file layout
    private static final int KEY_VERSION = 1004;
    private static final int DIRECTORY_VERSION = 1005;
    /** A fixed timestamp, so that the same jets give the same bytes. 2026-01-01 00:00:00. */
    static final int DATIME = (2026 - 1995) << 26 | 1 << 22 | 1 << 17;

    private final AtomicTarget target;
    private final FileChannel channel;
    private final String fileName;
    private final RootCompression.Algorithm algorithm;
    private final int level;
    private final List<RootTreeWriter> trees = new ArrayList<>();
    private final List<KeyHeader> keys = new ArrayList<>();
    private final Set<String> leafClasses = new LinkedHashSet<>();
    private long position;
    private boolean closed;

    /** A key as it goes into the directory's key list. */
    record KeyHeader(int nbytes, int objlen, int keylen, long seek, String className, String name, String title) {
    }

    /**
     * @param algorithm zlib or zstd (or none)
     * @param level     compression level (1–9 for zlib, 1–19 for zstd)
     */
    public RootFileWriter(Path path, RootCompression.Algorithm algorithm, int level) {
        this.target = new AtomicTarget(path);
        this.fileName = path.getFileName().toString();
        this.algorithm = algorithm;
        this.level = level;
        try {
            this.channel = FileChannel.open(target.temp(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            target.abort();
            throw new JetFileException(path, null, "cannot write: " + e.getMessage(), e);
        }
        this.position = BEGIN + directoryRecordLength();
    }

    /** The file that {@link #close()} creates. */
    public Path path() {
        return target.target();
    }

    /** ROOT's fCompress code for this file's baskets. */
    int compressionCode() {
        return algorithm == RootCompression.Algorithm.NONE ? 0 : algorithm.code * 100 + level;
    }

    /** Adds a tree; its branches are declared on the returned writer before the first entry. */
    public RootTreeWriter tree(String name, String title) {
        RootTreeWriter t = new RootTreeWriter(this, name, title);
        trees.add(t);
        return t;
    }

    void usesLeafClass(String leafClass) {
        leafClasses.add(leafClass);
    }

    static int keyLength(String className, String name, String title) {
        return 34 + RootOutput.stringLength(className) + RootOutput.stringLength(name) + RootOutput.stringLength(title);
    }

    /**
     * Appends a record: key header, {@code extra} (the rest of a basket's header), then the payload,
     * compressed with the file's setting when that makes it smaller.
     */
    KeyHeader append(String className, String name, String title, byte[] extra, byte[] raw, boolean compress) {
        byte[] stored = compress ? RootCompression.compress(raw, algorithm, level) : raw;
        int keylen = keyLength(className, name, title) + extra.length;
        KeyHeader k = new KeyHeader(keylen + stored.length, raw.length, keylen, position, className, name, title);
        RootOutput o = new RootOutput(0);
        writeKey(o, k);
        o.bytes(extra, 0, extra.length);
        o.bytes(stored, 0, stored.length);
        write(position, o.toByteArray());
        position += k.nbytes();
        return k;
    }

    private static void writeKey(RootOutput o, KeyHeader k) {
        o.i32(k.nbytes()).i16(KEY_VERSION).i32(k.objlen()).i32(DATIME).i16(k.keylen()).i16(1).i64(k.seek())
                .i64(k.seek() == BEGIN ? 0 : BEGIN).string(k.className()).string(k.name()).string(k.title());
    }

    /** Writes bytes at a file position. */
    private void write(long at, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b, at + b.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target.target() + ": " + e.getMessage(), e);
        }
    }

    void addKey(KeyHeader k) {
        keys.add(k);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            for (RootTreeWriter t : trees) {
                t.finish();
            }
            List<String> classes = StreamerInfos.treeClasses(new ArrayList<>(leafClasses));
            int infoKeylen = keyLength("TList", "StreamerInfo", "Doubly linked list");
            KeyHeader info = append("TList", "StreamerInfo", "Doubly linked list", new byte[0],
                    StreamerInfos.list(infoKeylen, classes), true);
            keys.add(0, info);
            // the key list: a key header, the number of keys, then each key's header
            RootOutput list = new RootOutput(0);
            list.i32(keys.size());
            for (KeyHeader k : keys) {
                writeKey(list, k);
            }
            KeyHeader keyList = append("TFile", fileName, "", new byte[0], list.toByteArray(), false);
            // free segments: everything after the end of the file
            int freeKeylen = keyLength("TFile", fileName, "");
            long end = position + freeKeylen + 18;
            RootOutput free = new RootOutput(0).i16(1001).i64(end).i64(2_000_000_000L);
            KeyHeader freeKey = append("TFile", fileName, "", new byte[0], free.toByteArray(), false);
            writeHeader(end, freeKey, info);
            writeDirectory(keyList);
            channel.force(false);
            channel.close();
            target.commit();
            closed = true;
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException(target.target() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void writeHeader(long end, KeyHeader free, KeyHeader info) {
        RootOutput h = new RootOutput(0);
        h.i32(0x726f6f74).i32(ROOT_VERSION).i32(BEGIN).i64(end).i64(free.seek()).i32(free.nbytes()).i32(1)
                .i32(nbytesName()).u8(8).i32(compressionCode()).i64(info.seek()).i32(info.nbytes()).i16(1);
        h.bytes(new byte[16], 0, 16);
        while (h.size() < BEGIN) {
            h.u8(0);
        }
        write(0, h.toByteArray());
    }

    private int nbytesName() {
        return keyLength("TFile", fileName, "") + RootOutput.stringLength(fileName) + RootOutput.stringLength("");
    }

    /** Key header, name and title, then the TDirectory record (version, dates, sizes, seeks, UUID). */
    private int directoryRecordLength() {
        return nbytesName() + 2 + 4 + 4 + 4 + 4 + 8 + 8 + 8 + 2 + 16;
    }

    private void writeDirectory(KeyHeader keyList) {
        int keylen = keyLength("TFile", fileName, "");
        int nbytes = directoryRecordLength();
        RootOutput d = new RootOutput(0);
        writeKey(d, new KeyHeader(nbytes, nbytes - keylen, keylen, BEGIN, "TFile", fileName, ""));
        d.string(fileName).string("");
        d.i16(DIRECTORY_VERSION).i32(DATIME).i32(DATIME).i32(keyList.nbytes()).i32(nbytesName()).i64(BEGIN).i64(0)
                .i64(keyList.seek()).i16(1);
        d.bytes(new byte[16], 0, 16);
        write(BEGIN, d.toByteArray());
    }

    @Override
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        target.abort();
    }
}
