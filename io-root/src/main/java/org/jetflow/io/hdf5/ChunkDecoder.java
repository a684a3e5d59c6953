package org.jetflow.io.hdf5;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the chunks of a dataset whose filter pipeline is deflate and/or byte shuffle, the
 * pipeline of the AspenOpenJets files, with one reused {@link Inflater} and a plain unshuffle loop.
 * jhdf's own shuffle filter spends most of a read in per-byte stream code; this keeps the read
 * bound by inflation. Any other pipeline is left to jhdf ({@link #supports}).
 */
final class ChunkDecoder {
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;

    private final int[] filters;
    private final int elementSize;
    private final int chunkBytes;
    private final Inflater inflater = new Inflater();
    private byte[] compressed = new byte[0];
    /**
     * Inflated bytes. The chunk size comes from the file, so this grows with what inflation really
     * gives, up to the chunk size, rather than being allocated at that size up front.
     */
    private byte[] work = new byte[0];

    private ChunkDecoder(int[] filters, int elementSize, int chunkBytes) {
        this.filters = filters;
        this.elementSize = elementSize;
        this.chunkBytes = chunkBytes;
    }

    /** A decoder for the dataset, or {@code null} when its pipeline has filters other than deflate and shuffle. */
    static ChunkDecoder forDataset(ChunkedDataset dataset, int elementSize, int chunkBytes) {
        List<PipelineFilterWithData> pipeline = dataset.getFilters();
        int[] ids = new int[pipeline.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pipeline.get(i).getId();
            if (ids[i] != DEFLATE && ids[i] != SHUFFLE) {
                return null;
            }
        }
        return new ChunkDecoder(ids, elementSize, chunkBytes);
    }

    /**
     * Decodes a chunk's stored bytes.
     *
     * @return the chunk's {@code chunkBytes} bytes (a fresh array), or {@code null} when the stored
     *     bytes do not decode to exactly that size (the caller then asks jhdf, which also honours a
     *     chunk's filter mask)
     */
    byte[] decode(ByteBuffer raw) throws DataFormatException {
        int n = raw.remaining();
        byte[] data;
        int size;
        if (raw.hasArray()) {
            data = raw.array();
            int off = raw.arrayOffset() + raw.position();
            if (off != 0) {
                data = java.util.Arrays.copyOfRange(data, off, off + n);
            }
        } else {
            if (compressed.length < n) {
                compressed = new byte[n];
            }
            raw.get(compressed, 0, n);
            data = compressed;
        }
        size = n;
        for (int f = filters.length - 1; f >= 0; f--) {
            byte[] out;
            if (filters[f] == DEFLATE) {
                if (!inflateChunk(data, size)) {
                    return null;
                }
                out = java.util.Arrays.copyOf(work, chunkBytes);
                size = chunkBytes;
            } else {
                if (size != chunkBytes) {
                    return null;
                }
                out = new byte[chunkBytes];
                unshuffle(data, out, size / elementSize, elementSize);
            }
            data = out;
        }
        if (size != chunkBytes) {
            return null;
        }
        return data == compressed ? java.util.Arrays.copyOf(data, size) : data;
    }

    /**
     * Decodes a chunk of 4-byte floats straight into {@code out}: elements {@code from .. from+count-1}
     * of the chunk go to {@code out[outOffset ..]}. Fuses the unshuffle with the float decoding, so
     * that the chunk is touched once after inflation. With {@code padKey >= 0}, rows are
     * {@code slots × width} elements and trailing slots whose field {@code padKey} is 0 are zero
     * filled instead of decoded (whole rows: {@code from} and {@code count} are multiples of a row).
     *
     * @return false when the stored bytes do not decode to the chunk's size (the caller falls back)
     */
    boolean decodeFloats(ByteBuffer raw, ByteOrder order, float[] out, int outOffset, int from, int count,
            int slots, int width, int padKey) throws DataFormatException {
        byte[] w = inflated(raw);
        if (w == null) {
            return false;
        }
        boolean shuffled = false;
        for (int f : filters) {
            shuffled |= f == SHUFFLE;
        }
        int n = chunkBytes / 4;
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        int s0 = little ? 0 : 3;
        int s1 = little ? 1 : 2;
        int s2 = little ? 2 : 1;
        int s3 = little ? 3 : 0;
        int b0 = shuffled ? s0 * n : s0;
        int b1 = shuffled ? s1 * n : s1;
        int b2 = shuffled ? s2 * n : s2;
        int b3 = shuffled ? s3 * n : s3;
        int stride = shuffled ? 1 : 4;
        if (padKey < 0) {
            decodeRange(w, b0, b1, b2, b3, stride, out, outOffset, from, count);
            return true;
        }
        // Padding rows (key field 0) at the end of each row are left as zeros, not decoded: in an
        // AspenOpenJets chunk more than half of the 150 slots of a jet are padding.
        int rowElems = slots * width;
        for (int row = 0; row < count / rowElems; row++) {
            int start = from + row * rowElems;
            int last = slots - 1;
            while (last >= 0 && isZero(w, b0, b1, b2, b3, stride, start + last * width + padKey)) {
                last--;
            }
            int used = (last + 1) * width;
            int o = outOffset + row * rowElems;
            decodeRange(w, b0, b1, b2, b3, stride, out, o, start, used);
            java.util.Arrays.fill(out, o + used, o + rowElems, 0f);
        }
        return true;
    }

    private static boolean isZero(byte[] w, int b0, int b1, int b2, int b3, int stride, int i) {
        int k = i * stride;
        return (w[b0 + k] | w[b1 + k] | w[b2 + k] | w[b3 + k]) == 0;
    }

    private static void decodeRange(byte[] w, int b0, int b1, int b2, int b3, int stride, float[] out, int o, int from,
            int count) {
        for (int i = from, k = from * stride; i < from + count; i++, o++, k += stride) {
            out[o] = Float.intBitsToFloat((w[b0 + k] & 0xFF) | (w[b1 + k] & 0xFF) << 8 | (w[b2 + k] & 0xFF) << 16
                    | (w[b3 + k] & 0xFF) << 24);
        }
    }

    /** Inflates (when deflated) into the reused work buffer; still shuffled. Null on a size mismatch. */
    private byte[] inflated(ByteBuffer raw) throws DataFormatException {
        int n = raw.remaining();
        if (compressed.length < n) {
            compressed = new byte[n];
        }
        raw.get(compressed, 0, n);
        boolean deflated = false;
        for (int f : filters) {
            deflated |= f == DEFLATE;
        }
        if (!deflated) {
            if (n != chunkBytes) {
                return null;
            }
            if (work.length < n) {
                work = new byte[n];
            }
            System.arraycopy(compressed, 0, work, 0, n);
            return work;
        }
        return inflateChunk(compressed, n) ? work : null;
    }

    /**
     * Inflates {@code in[0, n)} into {@link #work}, growing it with the output up to the chunk size.
     *
     * @return whether the stream gave exactly the chunk's bytes
     */
    private boolean inflateChunk(byte[] in, int n) throws DataFormatException {
        inflater.reset();
        inflater.setInput(in, 0, n);
        int got = 0;
        while (true) {
            if (got == work.length) {
                if (work.length >= chunkBytes) {
                    break; // full: any more output would not fit the chunk
                }
                work = java.util.Arrays.copyOf(work, (int) Math.min(chunkBytes, Math.max(1 << 16, 2L * work.length)));
            }
            int k = inflater.inflate(work, got, Math.min(work.length, chunkBytes) - got);
            got += k;
            if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
        }
        return got == chunkBytes && inflater.finished();
    }

    /** Inverse of HDF5's shuffle: byte b of element i is stored at b·n + i. */
    static void unshuffle(byte[] in, byte[] out, int n, int es) {
        if (es == 4) {
            // One pass writing each element whole: the strided form was the hot spot of a read.
            for (int i = 0, o = 0; i < n; i++, o += 4) {
                out[o] = in[i];
                out[o + 1] = in[n + i];
                out[o + 2] = in[2 * n + i];
                out[o + 3] = in[3 * n + i];
            }
            return;
        }
        for (int b = 0; b < es; b++) {
            int base = b * n;
            for (int i = 0; i < n; i++) {
                out[i * es + b] = in[base + i];
            }
        }
    }
}
