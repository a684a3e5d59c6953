package org.jetflow.io.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jetflow.io.file.JetFileException;

/**
 * Reads whole rows (all trailing dimensions) of a numeric HDF5 dataset of rank 1 to 3, a slab of
 * rows at a time, so that memory is bounded by the slab and not the dataset.
 *
 * <p>Chunked datasets are read chunk by chunk through jhdf's decompressed-chunk access and the
 * chunks of the current band of rows are cached, so that column-chunked datasets such as
 * {@code jet_kinematics} (chunks of 3125 × 1) decompress every chunk once. jhdf's own
 * {@code getData(offset, shape)} builds nested Java arrays, which costs more than the inflation.
 */
final class Hdf5Slab {
    /**
     * The most deflate can expand its input: its densest code gives 258 bytes for 2 bits, about
     * 1032 bytes per stored byte. Shuffle and checksums do not expand, so no chunk of a file
     * decompresses to more than this times the file's size.
     */
    static final long MAX_EXPANSION = 1032;
    /** The largest slab of rows read at once; batches of very wide rows shrink to it. */
    static final long MAX_SLAB_BYTES = 256L << 20;

    private final Path file;
    private final long fileSize;
    private final String name;
    private final Dataset dataset;
    private final long rows;
    private final int d1;
    private final int d2;
    private final int elementSize;
    private final int rowBytes;
    private final boolean floating;
    private final boolean signed;
    private final ByteOrder order;
    private final int[] chunk;
    private final ChunkDecoder decoder;
    private final Map<Long, byte[]> band = new HashMap<>();
    private long bandIndex = -1;
    private ByteBuffer contiguous;
    private byte[] buffer = new byte[0];

    /**
     * @param fileSize the file's length: every size the file states (dimensions, chunk shapes, where
     *                 the data lies) is checked against it before anything is allocated or read
     */
    Hdf5Slab(Path file, long fileSize, String name, Dataset dataset) {
        this.file = file;
        this.fileSize = fileSize;
        this.name = name;
        this.dataset = dataset;
        long[] dims = dataset.getDimensionsAsLong();
        if (dims.length < 1 || dims.length > 3) {
            throw new JetFileException(file, "dataset " + name, "has rank " + dims.length + ", expected 1 to 3");
        }
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new JetFileException(file, "dataset " + name, "has dimensions " + Arrays.toString(dims) + " (corrupt)");
            }
        }
        rows = dims[0];
        d1 = dims.length > 1 ? (int) dims[1] : 1;
        d2 = dims.length > 2 ? (int) dims[2] : 1;
        DataType type = dataset.getDataType();
        if (type instanceof FloatingPoint fp) {
            floating = true;
            signed = true;
            order = fp.getByteOrder();
        } else if (type instanceof FixedPoint fx) {
            floating = false;
            signed = fx.isSigned();
            order = fx.getByteOrder();
        } else {
            throw new JetFileException(file, "dataset " + name, "has type " + type.getClass().getSimpleName()
                    + ", expected a number");
        }
        elementSize = type.getSize();
        if (floating ? (elementSize != 4 && elementSize != 8) : (elementSize != 1 && elementSize != 2 && elementSize != 4 && elementSize != 8)) {
            throw new JetFileException(file, "dataset " + name, "has " + elementSize + "-byte elements, not supported");
        }
        long rowElements = (long) d1 * d2; // below 2^62
        if (rowElements > MAX_SLAB_BYTES / elementSize) {
            throw new JetFileException(file, "dataset " + name, "rows of " + rowElements + " values (shape "
                    + Arrays.toString(dims) + ") are too large to read (corrupt?)");
        }
        rowBytes = (int) (rowElements * elementSize);
        long total = rows * rowBytes; // below 2^31 · 2^30
        if (dataset instanceof ChunkedDataset cd) {
            int[] c = cd.getChunkDimensions();
            if (c.length != dims.length) {
                throw new JetFileException(file, "dataset " + name, "has chunks of rank " + c.length + " for rank "
                        + dims.length + " data (corrupt)");
            }
            long chunkBytes = elementSize;
            for (int k : c) {
                if (k < 1) {
                    throw new JetFileException(file, "dataset " + name, "has chunk shape " + Arrays.toString(c) + " (corrupt)");
                }
                chunkBytes *= k; // each factor below 2^31 and the product checked at every step
                if (chunkBytes > Integer.MAX_VALUE - 16) {
                    break;
                }
            }
            long stored = dataset.getStorageInBytes();
            boolean filtered = !cd.getFilters().isEmpty();
            long most = filtered ? MAX_EXPANSION * fileSize : fileSize;
            if (chunkBytes > Integer.MAX_VALUE - 16 || chunkBytes > most) {
                throw new JetFileException(file, "dataset " + name, "chunks of shape " + Arrays.toString(c) + " ("
                        + chunkBytes + " bytes) cannot be held by a file of " + fileSize + " bytes (corrupt)");
            }
            if (stored < 0 || stored > fileSize) {
                throw new JetFileException(file, "dataset " + name, "its chunks take " + stored + " bytes, the file has "
                        + fileSize + " (truncated or corrupt)");
            }
            if (total > (filtered ? MAX_EXPANSION * stored : stored + chunkBytes)) {
                throw new JetFileException(file, "dataset " + name, "shape " + Arrays.toString(dims) + " (" + total
                        + " bytes) cannot be held by the " + stored + " bytes of its chunks (truncated or corrupt)");
            }
            chunk = new int[] {c[0], c.length > 1 ? c[1] : 1, c.length > 2 ? c[2] : 1};
            decoder = ChunkDecoder.forDataset(cd, elementSize, (int) chunkBytes);
        } else {
            if (dataset instanceof ContiguousDataset cd && total > 0) {
                long at = cd.getDataAddress();
                if (cd.isEmpty() || at < 0 || at > fileSize || total > fileSize - at) {
                    throw new JetFileException(file, "dataset " + name, "its " + total + " bytes of data at byte " + at
                            + " are not in the file of " + fileSize + " bytes (truncated or corrupt)");
                }
            }
            chunk = null;
            decoder = null;
        }
    }

    /** A reader of the same dataset with its own buffers and decoder, for another thread. */
    Hdf5Slab copy() {
        return new Hdf5Slab(file, fileSize, name, dataset);
    }

    /** Bytes of one row (all trailing dimensions). */
    int rowBytes() {
        return rowBytes;
    }

    long rows() {
        return rows;
    }

    /** Size of dimension 1 (1 for rank 1). */
    int dim1() {
        return d1;
    }

    /** Size of dimension 2 (1 for rank below 3). */
    int dim2() {
        return d2;
    }

    /** Row count of one chunk, or 0 for unchunked data. */
    int chunkRows() {
        return chunk == null ? 0 : chunk[0];
    }

    /** Reads rows {@code first .. first+n-1} row-major into {@code out} as floats. */
    void readFloats(long first, int n, float[] out) {
        readFloats(first, n, out, -1);
    }

    /**
     * Like {@link #readFloats(long, int, float[])} for a rank-3 dataset of padded rows: trailing
     * slots (dimension 1) whose field {@code padKey} (dimension 2) is 0 come back as zeros, and
     * need not be decoded.
     */
    void readFloats(long first, int n, float[] out, int padKey) {
        if (chunk != null && decoder != null && floating && elementSize == 4 && chunk[1] == d1 && chunk[2] == d2
                && readFloatsDirect(first, n, out, padKey)) {
            return;
        }
        ByteBuffer bb = bytes(first, n);
        int count = n * d1 * d2;
        if (floating && elementSize == 4) {
            bb.asFloatBuffer().get(out, 0, count);
        } else if (floating) {
            for (int i = 0; i < count; i++) {
                out[i] = (float) bb.getDouble(i * 8);
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[i] = integer(bb, i);
            }
        }
    }

    /**
     * The fast path for chunks that span whole rows (PFCands): each chunk is inflated and decoded
     * once, straight into {@code out}. False when a chunk did not decode; the general path retries.
     */
    private boolean readFloatsDirect(long first, int n, float[] out, int padKey) {
        int c0 = chunk[0];
        int rowElems = d1 * d2;
        long last = first + n - 1;
        for (long b = first / c0; b <= last / c0; b++) {
            long bandStart = b * c0;
            long r0 = Math.max(first, bandStart);
            long r1 = Math.min(last, bandStart + c0 - 1);
            int[] offset = new int[dataset.getDimensions().length];
            offset[0] = Math.toIntExact(bandStart);
            try {
                ByteBuffer raw = ((ChunkedDataset) dataset).getRawChunkBuffer(offset);
                int from = (int) (r0 - bandStart) * rowElems;
                int count = (int) (r1 - r0 + 1) * rowElems;
                if (!decoder.decodeFloats(raw, order, out, (int) (r0 - first) * rowElems, from, count, d1, d2, padKey)) {
                    return false;
                }
            } catch (java.util.zip.DataFormatException | RuntimeException e) {
                throw new JetFileException(file, "dataset " + name + ", chunk at row " + bandStart,
                        "cannot read data (truncated or corrupt file?): " + describe(e), e);
            }
        }
        return true;
    }

    /** Reads rows {@code first .. first+n-1} row-major into {@code out} as 64-bit integers. */
    void readLongs(long first, int n, long[] out) {
        ByteBuffer bb = bytes(first, n);
        int count = n * d1 * d2;
        for (int i = 0; i < count; i++) {
            if (floating) {
                double v = elementSize == 4 ? bb.getFloat(i * 4) : bb.getDouble(i * 8);
                if (v != Math.rint(v)) {
                    throw new JetFileException(file, JetFileException.at("dataset " + name, first + i / (d1 * d2), -1,
                            "column " + (i % (d1 * d2))), "value " + v + " is not a whole number");
                }
                out[i] = (long) v;
            } else {
                out[i] = integer(bb, i);
            }
        }
    }

    private long integer(ByteBuffer bb, int i) {
        switch (elementSize) {
            case 1: return signed ? bb.get(i) : bb.get(i) & 0xFF;
            case 2: return signed ? bb.getShort(i * 2) : bb.getShort(i * 2) & 0xFFFF;
            case 4: return signed ? bb.getInt(i * 4) : bb.getInt(i * 4) & 0xFFFFFFFFL;
            default: return bb.getLong(i * 8);
        }
    }

    private ByteBuffer bytes(long first, int n) {
        if (first < 0 || n < 0 || first + n > rows) {
            throw new IllegalArgumentException("rows " + first + ".." + (first + n) + " outside 0.." + rows);
        }
        int total = Math.multiplyExact(n, rowBytes);
        if (buffer.length < total) {
            buffer = new byte[total];
        }
        try {
            if (chunk == null) {
                if (contiguous == null) {
                    contiguous = ((io.jhdf.dataset.DatasetBase) dataset).getDataBuffer();
                }
                contiguous.get(Math.toIntExact(first * rowBytes), buffer, 0, total);
            } else {
                copyFromChunks(first, n);
            }
        } catch (JetFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf's own failures (HdfException, buffer bounds) where the data is asked of it
            throw new JetFileException(file, "dataset " + name + ", rows " + first + ".." + (first + n - 1),
                    "cannot read data (truncated or corrupt file?): " + describe(e), e);
        }
        return ByteBuffer.wrap(buffer, 0, total).order(order);
    }

    private void copyFromChunks(long first, int n) {
        int c0 = chunk[0];
        int c1 = chunk[1];
        int c2 = chunk[2];
        int es = elementSize;
        long last = first + n - 1;
        for (long b = first / c0; b <= last / c0; b++) {
            long bandStart = b * c0;
            long r0 = Math.max(first, bandStart);
            long r1 = Math.min(last, bandStart + c0 - 1);
            for (int o1 = 0; o1 < d1; o1 += c1) {
                for (int o2 = 0; o2 < d2; o2 += c2) {
                    byte[] data = chunk(b, o1, o2);
                    int run = Math.min(c2, d2 - o2) * es;
                    int i1End = Math.min(o1 + c1, d1);
                    for (long r = r0; r <= r1; r++) {
                        int inRow = (int) (r - bandStart);
                        int outRow = (int) (r - first);
                        for (int i1 = o1; i1 < i1End; i1++) {
                            int src = ((inRow * c1 + (i1 - o1)) * c2) * es;
                            int dst = ((outRow * d1 + i1) * d2 + o2) * es;
                            System.arraycopy(data, src, buffer, dst, run);
                        }
                    }
                }
            }
        }
    }

    private byte[] chunk(long bandNo, int o1, int o2) {
        if (bandNo != bandIndex) {
            band.clear();
            bandIndex = bandNo;
        }
        long key = ((long) o1 << 32) | o2;
        byte[] data = band.get(key);
        if (data == null) {
            int rank = dataset.getDimensions().length;
            int[] offset = new int[rank];
            offset[0] = Math.toIntExact(bandNo * chunk[0]);
            if (rank > 1) {
                offset[1] = o1;
            }
            if (rank > 2) {
                offset[2] = o2;
            }
            data = decode(offset);
            int expected = chunk[0] * chunk[1] * chunk[2] * elementSize;
            if (data.length < expected) {
                throw new JetFileException(file, "dataset " + name + ", chunk at row " + offset[0],
                        "decompressed to " + data.length + " bytes, expected " + expected + " (corrupt chunk)");
            }
            band.put(key, data);
        }
        return data;
    }

    private byte[] decode(int[] offset) {
        ChunkedDataset cd = (ChunkedDataset) dataset;
        if (decoder != null) {
            try {
                byte[] data = decoder.decode(cd.getRawChunkBuffer(offset));
                if (data != null) {
                    return data;
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new JetFileException(file, "dataset " + name + ", chunk at row " + offset[0],
                        "corrupt compressed data: " + e.getMessage(), e);
            }
        }
        return cd.getDecompressedChunk(offset);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
