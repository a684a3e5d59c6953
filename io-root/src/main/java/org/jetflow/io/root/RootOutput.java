package org.jetflow.io.root;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A big-endian buffer that writes objects the way ROOT's TBufferFile does: versions with byte
 * counts, TStrings, class tags (a new class by name, a known one by reference) and references to
 * objects already written. The mirror of {@link RootBuffer}.
 */
final class RootOutput {
    /** TObject bits ROOT writes for an object on the heap (kNotDeleted | kIsOnHeap). */
    static final int HEAP_BITS = 0x03000000;

    private byte[] buf = new byte[1024];
    private int size;
    private final int refOrigin;
    private final Map<String, Integer> classTags = new HashMap<>();
    private final Map<Object, Integer> objectTags = new IdentityHashMap<>();

    /** @param keyLength the length of the key header this record will sit behind (references count from the key's start) */
    RootOutput(int keyLength) {
        this.refOrigin = keyLength;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    RootOutput u8(int v) {
        room(1);
        buf[size++] = (byte) v;
        return this;
    }

    RootOutput i16(int v) {
        room(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    RootOutput i32(int v) {
        room(4);
        putInt(size, v);
        size += 4;
        return this;
    }

    RootOutput i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    RootOutput f32(float v) {
        return i32(Float.floatToIntBits(v));
    }

    RootOutput f64(double v) {
        return i64(Double.doubleToLongBits(v));
    }

    RootOutput bytes(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, size, n);
        size += n;
        return this;
    }

    /** A TString: one length byte, or 255 and a 4-byte length. */
    RootOutput string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 255) {
            u8(b.length);
        } else {
            u8(255);
            i32(b.length);
        }
        return bytes(b, 0, b.length);
    }

    /** Bytes a TString takes. */
    static int stringLength(String s) {
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        return n + (n < 255 ? 1 : 5);
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Starts a versioned object; {@link #endVersion} fills in its byte count. */
    int beginVersion(int version) {
        int at = size;
        i32(0);
        i16(version);
        return at;
    }

    void endVersion(int at) {
        putInt(at, (size - at - 4) | RootBuffer.BYTE_COUNT_MASK);
    }

    RootOutput tObject(int bits) {
        i16(1);
        i32(0);
        return i32(bits);
    }

    RootOutput tNamed(String name, String title) {
        int v = beginVersion(1);
        tObject(HEAP_BITS);
        string(name);
        string(title);
        endVersion(v);
        return this;
    }

    /**
     * Starts an object behind a pointer (WriteObjectAny): byte count, class tag. The object is
     * registered so that {@link #reference} can point at it later.
     */
    int beginObject(String className, Object identity) {
        int beg = size;
        i32(0);
        Integer tag = classTags.get(className);
        if (tag == null) {
            classTags.put(className, size + refOrigin + RootBuffer.MAP_OFFSET);
            i32(RootBuffer.NEW_CLASS_TAG);
            byte[] name = className.getBytes(StandardCharsets.US_ASCII);
            bytes(name, 0, name.length);
            u8(0);
        } else {
            i32(tag | RootBuffer.CLASS_MASK);
        }
        if (identity != null) {
            objectTags.put(identity, beg + refOrigin + RootBuffer.MAP_OFFSET);
        }
        return beg;
    }

    void endObject(int at) {
        endVersion(at);
    }

    /** A pointer to an object written earlier in this record, or a null pointer. */
    RootOutput reference(Object identity) {
        if (identity == null) {
            return i32(0);
        }
        Integer tag = objectTags.get(identity);
        if (tag == null) {
            throw new IllegalStateException("reference to an object not written in this record");
        }
        return i32(tag);
    }

    /** A TObjArray written inline (a member, not a pointer) holding {@code n} objects written by {@code items}. */
    void objArray(int n, Runnable items) {
        int v = beginVersion(3);
        tObject(HEAP_BITS);
        string("");
        i32(n);
        i32(0);
        items.run();
        endVersion(v);
    }
}
