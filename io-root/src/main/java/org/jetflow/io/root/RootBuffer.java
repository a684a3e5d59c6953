package org.jetflow.io.root;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A big-endian cursor over one decompressed ROOT record, reading it the way ROOT's TBufferFile
 * wrote it: versions with byte counts, TStrings, and objects behind class tags with the reference
 * table that lets a later pointer name an object read earlier (a leaf's count leaf, for one).
 */
final class RootBuffer {
    static final int BYTE_COUNT_MASK = 0x40000000;
    static final int CLASS_MASK = 0x80000000;
    static final int NEW_CLASS_TAG = 0xffffffff;
    static final int MAP_OFFSET = 2;
    private static final int IS_REFERENCED = 1 << 4;
    /**
     * How deep objects may nest (a tree's branches, their sub-branches and leaves): ROOT's split
     * levels stay far below it; a damaged record that seems to nest deeper is refused before the
     * reader's recursion exhausts the stack.
     */
    static final int MAX_DEPTH = 256;

    /** How a class tag's object is built; {@code null} means skip it by its byte count. */
    interface ObjectReader {
        Object read(String className, RootBuffer buffer, int end);
    }

    /** A version header: the class version and where the object ends ({@code -1} without a byte count). */
    record Version(int version, int end) {
    }

    /** An object of a class this reader does not interpret, skipped by its byte count. */
    record Skipped(String className) {
    }

    private final byte[] data;
    /** Added to a position to get ROOT's reference number: the key header's length minus the record's start. */
    private final int refOrigin;
    private final String where;
    private int pos;
    private int depth;
    private final Map<Integer, Object> refs = new HashMap<>();

    /**
     * @param keyLength the key header's length: references count bytes from the start of the key
     * @param where     names the record for error messages
     */
    RootBuffer(byte[] data, int offset, int keyLength, String where) {
        this.data = data;
        this.pos = offset;
        this.refOrigin = keyLength - offset;
        this.where = where;
    }

    String where() {
        return where;
    }

    int position() {
        return pos;
    }

    void seek(int position) {
        if (position < 0 || position > data.length) {
            throw corrupt("jump to byte " + position + " outside the record of " + data.length + " bytes");
        }
        pos = position;
    }

    byte[] data() {
        return data;
    }

    /** Bytes from the position to the end of the record. */
    int remaining() {
        return data.length - pos;
    }

    private void need(int n) {
        if (n < 0 || pos < 0 || n > data.length - pos) {
            throw corrupt("record ends at byte " + data.length + ", needed " + n + " more at byte " + pos
                    + " (truncated or corrupt)");
        }
    }

    RootFormatException corrupt(String problem) {
        return new RootFormatException(where + ": " + problem);
    }

    int u8() {
        need(1);
        return data[pos++] & 0xff;
    }

    short i16() {
        need(2);
        short v = (short) ((data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    int i32() {
        need(4);
        int v = (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long i64() {
        long hi = i32() & 0xffffffffL;
        long lo = i32() & 0xffffffffL;
        return hi << 32 | lo;
    }

    float f32() {
        return Float.intBitsToFloat(i32());
    }

    double f64() {
        return Double.longBitsToDouble(i64());
    }

    /** A TString: one length byte, or 255 and a 4-byte length. */
    String string() {
        int n = u8();
        if (n == 255) {
            n = i32();
        }
        if (n < 0) {
            throw corrupt("negative string length " + n);
        }
        need(n);
        String s = new String(data, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A NUL-terminated class name after a new-class tag. */
    private String cString() {
        int start = pos;
        while (pos < data.length && data[pos] != 0) {
            pos++;
        }
        need(1);
        String s = new String(data, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    /** ROOT's ReadVersion: a byte count (when its mask bit is set) and a 2-byte class version. */
    Version version() {
        need(4);
        int start = pos;
        int first = i32();
        if ((first & BYTE_COUNT_MASK) != 0) {
            int count = first & ~BYTE_COUNT_MASK;
            // the count covers what follows it, the 2-byte version at least
            if (count < 2 || count > data.length - start - 4) {
                throw corrupt("object at byte " + start + " claims " + count + " bytes, the record has "
                        + (data.length - start - 4) + " after it (truncated or corrupt)");
            }
            return new Version(i16(), start + 4 + count);
        }
        pos = start;
        return new Version(i16(), -1);
    }

    /** Skips to the end of a versioned object (its byte count), or checks that it was read exactly. */
    void end(Version v) {
        if (v.end() >= 0) {
            pos = v.end();
        }
    }

    /** Skips a whole versioned object that must carry a byte count. */
    void skipVersioned(String className) {
        Version v = version();
        if (v.end() < 0) {
            throw corrupt(className + " without a byte count cannot be skipped");
        }
        pos = v.end();
    }

    /** TObject: version, fUniqueID, fBits (and a process id when referenced). */
    void tObject() {
        version();
        i32();
        int bits = i32();
        if ((bits & IS_REFERENCED) != 0) {
            i16();
        }
    }

    /** TNamed: returns {name, title}. */
    String[] tNamed() {
        Version v = version();
        tObject();
        String[] nt = {string(), string()};
        end(v);
        return nt;
    }

    /**
     * A basic-type array behind a pointer with a count member: one flag byte, then the values (none
     * for a null pointer, which reads as zeros).
     */
    int[] intArray(int n) {
        boolean present = u8() != 0;
        int[] a = new int[arrayLength(n, present ? 4 : 0)];
        if (present) {
            for (int i = 0; i < n; i++) {
                a[i] = i32();
            }
        }
        return a;
    }

    long[] longArray(int n) {
        boolean present = u8() != 0;
        long[] a = new long[arrayLength(n, present ? 8 : 0)];
        if (present) {
            for (int i = 0; i < n; i++) {
                a[i] = i64();
            }
        }
        return a;
    }

    /**
     * Checks an array's count, read from the record, before the array is made: its values must be
     * in what is left of the record (an absent array still may not claim more elements than the
     * record has bytes).
     */
    private int arrayLength(int n, int elementSize) {
        if (n < 0 || (elementSize == 0 ? n > data.length : n > remaining() / elementSize)) {
            throw corrupt("array of " + n + " elements at byte " + pos + ", the record has " + remaining()
                    + " bytes left (corrupt)");
        }
        return n;
    }

    /** TObjArray written inline: its objects, each through {@link #object}. */
    java.util.List<Object> objArray(ObjectReader reader) {
        Version v = version();
        if (v.version() > 2) {
            tObject();
            string();
        }
        int n = i32();
        i32();
        if (n < 0 || n > remaining() / 4) {
            throw corrupt("TObjArray claims " + n + " objects, the record has " + remaining() + " bytes left");
        }
        java.util.List<Object> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(object(reader));
        }
        end(v);
        return out;
    }

    /**
     * ROOT's ReadObjectAny: a byte count, then a new class name, a reference to a class already
     * seen, or a reference to an object already read.
     */
    Object object(ObjectReader reader) {
        int beg = pos;
        int bcnt = i32();
        int tag;
        int start;
        boolean counted = (bcnt & BYTE_COUNT_MASK) != 0 && bcnt != NEW_CLASS_TAG;
        if (counted) {
            start = pos;
            tag = i32();
        } else {
            start = beg;
            tag = bcnt;
        }
        int end = -1;
        if (counted) {
            int count = bcnt & ~BYTE_COUNT_MASK;
            // the count covers the class tag (4 bytes) and the object
            if (count < 4 || count > data.length - beg - 4) {
                throw corrupt("object at byte " + beg + " claims " + count + " bytes, the record has "
                        + (data.length - beg - 4) + " after it (truncated or corrupt)");
            }
            end = beg + 4 + count;
        }
        if ((tag & CLASS_MASK) == 0) {
            if (tag == 0) {
                return null;
            }
            Object ref = refs.get(tag);
            if (ref == null && end >= 0) {
                pos = end;
            }
            return ref;
        }
        String className;
        if (tag == NEW_CLASS_TAG) {
            className = cString();
            refs.put(start + refOrigin + MAP_OFFSET, className);
        } else {
            Object c = refs.get(tag & ~CLASS_MASK);
            if (!(c instanceof String s)) {
                throw corrupt("class reference " + (tag & ~CLASS_MASK) + " at byte " + beg + " names no class");
            }
            className = s;
        }
        if (depth >= MAX_DEPTH) {
            throw corrupt(className + " object at byte " + beg + " nested more than " + MAX_DEPTH + " deep (corrupt)");
        }
        Object obj;
        depth++;
        try {
            obj = reader == null ? null : reader.read(className, this, end);
        } finally {
            depth--;
        }
        if (obj == null) {
            if (end < 0) {
                throw corrupt(className + " object without a byte count cannot be skipped");
            }
            obj = new Skipped(className);
        }
        if (end >= 0) {
            pos = end;
        }
        refs.put(beg + refOrigin + MAP_OFFSET, obj);
        return obj;
    }
}
