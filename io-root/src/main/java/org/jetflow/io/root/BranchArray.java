package org.jetflow.io.root;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The values of a range of entries of one branch. Basic values are kept as the file's big-endian
 * bytes and read with the typed getters; entry {@code e} holds items {@code start(e)} to
 * {@code start(e + 1)}. Strings and containers are Java objects, one per entry.
 */
public final class BranchArray {
    private final RootBranch branch;
    private final LeafType type;
    private final long firstEntry;
    private final int[] starts;
    private final ByteBuffer items;
    private final List<Object> objects;

    private BranchArray(RootBranch branch, LeafType type, long firstEntry, int[] starts, ByteBuffer items,
            List<Object> objects) {
        this.branch = branch;
        this.type = type;
        this.firstEntry = firstEntry;
        this.starts = starts;
        this.items = items;
        this.objects = objects;
    }

    public RootBranch branch() {
        return branch;
    }

    /** The element type; STRING and CONTAINER values come from {@link #value}. */
    public LeafType type() {
        return type;
    }

    /** The tree entry of this array's first entry. */
    public long firstEntry() {
        return firstEntry;
    }

    /** Entries in this array. */
    public int entries() {
        return starts.length - 1;
    }

    /** Index of the first item of an entry (relative to this array). */
    public int start(int entry) {
        return starts[entry];
    }

    /** Items in an entry: 1 for a scalar, the array length for fixed and jagged arrays. */
    public int count(int entry) {
        return starts[entry + 1] - starts[entry];
    }

    /** Total items over all entries. */
    public int items() {
        return starts[starts.length - 1];
    }

    /** An item as a double (any basic type). */
    public double getDouble(int item) {
        int at = item * type.size;
        return switch (type) {
            case FLOAT32 -> items.getFloat(at);
            case FLOAT64 -> items.getDouble(at);
            case UINT64 -> {
                long v = items.getLong(at);
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            default -> getLong(item);
        };
    }

    /** An item as a float. */
    public float getFloat(int item) {
        return type == LeafType.FLOAT32 ? items.getFloat(item * 4) : (float) getDouble(item);
    }

    /** An item as a long (integer and boolean types; floats are truncated). */
    public long getLong(int item) {
        int at = item * type.size;
        return switch (type) {
            case BOOL, UINT8 -> items.get(at) & 0xff;
            case INT8 -> items.get(at);
            case INT16 -> items.getShort(at);
            case UINT16 -> items.getShort(at) & 0xffff;
            case INT32 -> items.getInt(at);
            case UINT32 -> items.getInt(at) & 0xffffffffL;
            case INT64, UINT64 -> items.getLong(at);
            case FLOAT32 -> (long) items.getFloat(at);
            case FLOAT64 -> (long) items.getDouble(at);
            default -> throw new IllegalStateException(type + " values are objects");
        };
    }

    /** Every item as a float, in entry order. */
    public float[] floats() {
        float[] out = new float[items()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(i);
        }
        return out;
    }

    /**
     * An entry's value as plain Java: a Long or Double for a scalar, a List of those for an array,
     * a String, or nested Lists for containers (a map is a list of [key, value] pairs).
     */
    public Object value(int entry) {
        if (objects != null) {
            return objects.get(entry);
        }
        RootLeaf leaf = branch.leaves().isEmpty() ? null : branch.leaf();
        boolean scalar = leaf != null && leaf.count() == null && leaf.length() <= 1;
        if (scalar) {
            return item(start(entry));
        }
        List<Object> out = new ArrayList<>(count(entry));
        for (int i = start(entry); i < starts[entry + 1]; i++) {
            out.add(item(i));
        }
        return out;
    }

    private Object item(int i) {
        return type.floating() ? (Object) getDouble(i) : (Object) getLong(i);
    }

    /** Accumulates the values of consecutive entries. */
    static final class Builder {
        private final RootBranch branch;
        private final LeafType type;
        private final long firstEntry;
        private int[] starts;
        private int entries;
        private byte[] bytes = new byte[256];
        private int used;
        private List<Object> objects;

        Builder(RootBranch branch, LeafType type, long firstEntry, int expectedEntries) {
            this.branch = branch;
            this.type = type;
            this.firstEntry = firstEntry;
            // the count asked for comes from the file: grow to it rather than trust it up front
            int initial = Math.min(Math.max(expectedEntries, 0), 4096);
            this.starts = new int[initial + 1];
            if (type.size == 0) {
                objects = new ArrayList<>(initial);
            }
        }

        void addItems(byte[] src, int offset, int n) {
            int len = n * type.size;
            if (used + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
            }
            System.arraycopy(src, offset, bytes, used, len);
            used += len;
            advance(n);
        }

        void addObject(Object o) {
            objects.add(o);
            advance(1);
        }

        private void advance(int n) {
            if (entries + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2 + 2);
            }
            starts[entries + 1] = starts[entries] + n;
            entries++;
        }

        BranchArray build() {
            return new BranchArray(branch, type, firstEntry, Arrays.copyOf(starts, entries + 1),
                    ByteBuffer.wrap(bytes, 0, used).slice(), objects);
        }
    }
}
