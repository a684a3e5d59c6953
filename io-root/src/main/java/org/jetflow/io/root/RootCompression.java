package org.jetflow.io.root;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.tukaani.xz.XZInputStream;

/**
 * ROOT's compressed record format (R__zip): a sequence of blocks, each with a 9-byte header — two
 * letters naming the algorithm, a method byte, the compressed and the uncompressed size as 3-byte
 * little-endian integers — followed by the compressed bytes. {@code ZL} is a zlib stream, {@code XZ}
 * an xz stream, {@code ZS} a zstd frame, {@code L4} an 8-byte big-endian xxhash64 of the LZ4 block
 * followed by the block. The libraries are the reference ones (java.util.zip, zstd-jni, lz4-java,
 * XZ for Java); this class only frames them.
 */
public final class RootCompression {
    /** Header bytes of one compressed block. */
    public static final int HEADER = 9;
    /** The largest block ROOT writes (kMAXZIPBUF). */
    static final int MAX_BLOCK = 0xffffff;

    /** The algorithms a JetFlow writer can use, with ROOT's fCompress code (algorithm × 100 + level). */
    public enum Algorithm {
        NONE(0), ZLIB(1), LZMA(2), LZ4(4), ZSTD(5);

        /** ROOT's algorithm number. */
        public final int code;

        Algorithm(int code) {
            this.code = code;
        }

        /** The algorithm by name (none, zlib, zstd), for command-line options. */
        public static Algorithm parse(String name) {
            for (Algorithm a : values()) {
                if (a.name().equalsIgnoreCase(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown ROOT compression '" + name + "' (none, zlib, zstd)");
        }
    }

    private RootCompression() {
    }

    /**
     * Decompresses a record of {@code objlen} bytes stored in {@code src[off, off + len)}.
     *
     * <p>Every size involved is read from the file, so all are checked before anything is
     * allocated: the stored bytes must lie in {@code src}, and the block headers must chain through
     * them and add up to {@code objlen}, each block no larger than its algorithm can expand its
     * compressed bytes to.
     *
     * @param where names the record (file, key or basket) for error messages
     * @throws RootFormatException for an unknown algorithm, a bad checksum or corrupt data
     */
    public static byte[] decompress(byte[] src, int off, int len, int objlen, String where) {
        if (off < 0 || len < 0 || len > src.length - off || objlen < 0) {
            throw new RootFormatException(where + ": record of " + src.length + " bytes with a key of " + off
                    + " bytes, " + len + " stored bytes and " + objlen + " uncompressed (corrupt)");
        }
        if (len == objlen) {
            return java.util.Arrays.copyOfRange(src, off, off + len);
        }
        checkBlocks(src, off, len, objlen, where);
        byte[] out = new byte[objlen];
        int in = off;
        int produced = 0;
        while (produced < objlen) {
            String alg = new String(src, in, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
            int csize = le3(src, in + 3);
            int usize = le3(src, in + 6);
            int block = in + HEADER;
            try {
                switch (alg) {
                    case "ZL" -> inflate(src, block, csize, out, produced, usize, where);
                    case "XZ" -> readAll(new XZInputStream(new ByteArrayInputStream(src, block, csize), XZ_MEMORY_KIB), out,
                            produced, usize, where);
                    case "ZS" -> {
                        long n = Zstd.decompressByteArray(out, produced, usize, src, block, csize);
                        if (Zstd.isError(n) || n != usize) {
                            throw new RootFormatException(where + ": corrupt zstd block ("
                                    + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " of " + usize + " bytes") + ")");
                        }
                    }
                    case "L4" -> lz4(src, block, csize, out, produced, usize, where);
                    default -> throw new IllegalStateException(alg + " passed checkBlocks");
                }
            } catch (IOException | com.github.luben.zstd.ZstdException e) {
                throw new RootFormatException(where + ": corrupt " + alg + " block: " + e.getMessage(), e);
            }
            produced += usize;
            in = block + csize;
        }
        return out;
    }

    /**
     * XZ for Java allocates the dictionary an xz stream's header asks for; ROOT's LZMA levels use at
     * most 64 MiB. A damaged header asking for more is refused (MemoryLimitException) rather than
     * allocated.
     */
    private static final int XZ_MEMORY_KIB = 72 * 1024;

    /**
     * Walks the block headers of a compressed record without decompressing: each header and its
     * compressed bytes inside the record, known algorithms only, each block's uncompressed size
     * within what its compressed size can give, and the sizes adding up to {@code objlen}.
     */
    private static void checkBlocks(byte[] src, int off, int len, int objlen, String where) {
        int in = off;
        int end = off + len;
        long produced = 0;
        int block = 0;
        while (produced < objlen) {
            if (HEADER > end - in) {
                throw new RootFormatException(where + ": compressed record ends after " + produced + " of "
                        + objlen + " bytes (truncated or corrupt)");
            }
            String alg = new String(src, in, 2, java.nio.charset.StandardCharsets.ISO_8859_1);
            int csize = le3(src, in + 3);
            int usize = le3(src, in + 6);
            int data = in + HEADER;
            long most = switch (alg) {
                // deflate's densest code is 258 bytes per 2 bits: at most 1032 bytes per byte
                case "ZL" -> 1032L * csize + 64;
                // each LZ4 length byte adds at most 255 bytes; the first 8 bytes are the checksum
                case "L4" -> 255L * Math.max(0, csize - 8) + 64;
                case "ZS", "XZ" -> MAX_BLOCK;
                case "CS" -> throw new RootFormatException(where + ": old ROOT 'CS' compression (ROOT < 5.x) is not supported");
                default -> throw new RootFormatException(where + ": block " + block + " at byte " + (in - off)
                        + " has an unknown compression header '" + printable(alg) + "' (corrupt record?)");
            };
            if (csize > end - data || usize > objlen - produced || usize > most || usize == 0) {
                throw new RootFormatException(where + ": " + printable(alg) + " block " + block + " of " + csize + " → "
                        + usize + " bytes does not fit the record (" + (end - data) + " bytes left, " + (objlen - produced)
                        + " of " + objlen + " to come; truncated or corrupt)");
            }
            produced += usize;
            in = data + csize;
            block++;
        }
    }

    /**
     * Compresses a record; returns it unchanged when compression does not make it smaller (ROOT's
     * rule, which readers recognise by compressed size == uncompressed size).
     */
    public static byte[] compress(byte[] raw, Algorithm algorithm, int level) {
        if (algorithm == Algorithm.NONE || raw.length == 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        for (int start = 0; start < raw.length; start += MAX_BLOCK) {
            int n = Math.min(MAX_BLOCK, raw.length - start);
            byte[] packed = switch (algorithm) {
                case ZLIB -> deflate(raw, start, n, level);
                case ZSTD -> zstd(raw, start, n, level);
                default -> throw new IllegalArgumentException("JetFlow writes ROOT files with zlib or zstd, not "
                        + algorithm);
            };
            out.write('Z');
            out.write(algorithm == Algorithm.ZLIB ? 'L' : 'S');
            out.write(algorithm == Algorithm.ZLIB ? Deflater.DEFLATED : 1);
            writeLe3(out, packed.length);
            writeLe3(out, n);
            out.write(packed, 0, packed.length);
        }
        return out.size() < raw.length ? out.toByteArray() : raw;
    }

    private static void inflate(byte[] src, int off, int len, byte[] out, int at, int n, String where) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(src, off, len);
            int got = 0;
            while (got < n) {
                int k = inf.inflate(out, at + got, n - got);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                got += k;
            }
            if (got != n) {
                throw new RootFormatException(where + ": zlib block gave " + got + " of " + n + " bytes (corrupt)");
            }
        } catch (DataFormatException e) {
            throw new RootFormatException(where + ": corrupt zlib block: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static void lz4(byte[] src, int off, int len, byte[] out, int at, int n, String where) {
        if (len < 8) {
            throw new RootFormatException(where + ": LZ4 block too short for its checksum");
        }
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored = (stored << 8) | (src[off + i] & 0xff);
        }
        long actual = XXHashFactory.fastestJavaInstance().hash64().hash(src, off + 8, len - 8, 0L);
        if (stored != actual) {
            throw new RootFormatException(String.format("%s: LZ4 checksum mismatch (stored %016x, computed %016x)",
                    where, stored, actual));
        }
        try {
            int got = LZ4Factory.fastestJavaInstance().safeDecompressor().decompress(src, off + 8, len - 8, out, at, n);
            if (got != n) {
                throw new RootFormatException(where + ": LZ4 block gave " + got + " of " + n + " bytes (corrupt)");
            }
        } catch (LZ4Exception e) {
            throw new RootFormatException(where + ": corrupt LZ4 block: " + e.getMessage(), e);
        }
    }

    private static void readAll(InputStream in, byte[] out, int at, int n, String where) throws IOException {
        try (in) {
            int got = in.readNBytes(out, at, n);
            if (got != n) {
                throw new RootFormatException(where + ": XZ block gave " + got + " of " + n + " bytes (corrupt)");
            }
        }
    }

    private static byte[] deflate(byte[] raw, int off, int n, int level) {
        Deflater d = new Deflater(Math.max(1, Math.min(9, level)));
        try {
            d.setInput(raw, off, n);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(n / 2 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                int k = d.deflate(buf);
                out.write(buf, 0, k);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] zstd(byte[] raw, int off, int n, int level) {
        byte[] dst = new byte[(int) Zstd.compressBound(n)];
        long k = Zstd.compressByteArray(dst, 0, dst.length, raw, off, n, level);
        if (Zstd.isError(k)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(k));
        }
        return java.util.Arrays.copyOf(dst, (int) k);
    }

    private static int le3(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    private static void writeLe3(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
