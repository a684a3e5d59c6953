package org.jetflow.io.root;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a basket's bytes into values, by the branch's layout: basic values (fixed count per entry,
 * or a jagged count given by the entry offsets of a {@code x[n]} leaf), TLeafC strings, and
 * TBranchElements holding a string or an STL container.
 */
abstract class BranchDecoder {
    private final LeafType type;

    BranchDecoder(LeafType type) {
        this.type = type;
    }

    /** The element type the decoder produces (numeric types, STRING or CONTAINER). */
    final LeafType type() {
        return type;
    }

    /** Decodes entries [from, to) of a basket into {@code out}. */
    abstract void decode(Basket b, int from, int to, BranchArray.Builder out, String where);

    static BranchDecoder of(RootBranch branch, String where) {
        if (branch.className().equals("TBranchElement")) {
            CppType t = CppType.parse(branch.streamedClass());
            if (t == null || t.kind() == CppType.Kind.BASIC) {
                throw new RootFormatException(where + ": class '" + branch.streamedClass() + "' (streamer type "
                        + branch.streamerType() + ") is not supported: JetFlow reads basic leaves, strings and STL"
                        + " containers of them");
            }
            boolean string = t.kind() == CppType.Kind.STRING || t.kind() == CppType.Kind.TSTRING;
            return new ObjectDecoder(t, string ? LeafType.STRING : LeafType.CONTAINER);
        }
        if (!branch.className().equals("TBranch")) {
            throw new RootFormatException(where + ": branch class " + branch.className() + " is not supported");
        }
        if (branch.leaves().isEmpty()) {
            throw new RootFormatException(where + ": branch without a leaf (corrupt, or not a value branch)");
        }
        RootLeaf leaf = branch.leaf();
        if (branch.leaves().size() > 1) {
            throw new RootFormatException(where + ": a branch with " + branch.leaves().size()
                    + " leaves (leaf-list branch) is not supported");
        }
        if (leaf.type() == null) {
            throw new RootFormatException(where + ": leaf class " + leaf.className() + " is not supported");
        }
        if (leaf.type() == LeafType.STRING) {
            return new ObjectDecoder(new CppType(CppType.Kind.STRING, LeafType.STRING, null, null), LeafType.STRING);
        }
        return new BasicDecoder(leaf.type(), leaf.length(), leaf.count() != null);
    }

    /** Basic values: {@code length} per entry, or a multiple of it per entry for a jagged leaf. */
    static final class BasicDecoder extends BranchDecoder {
        private final int length;
        private final boolean jagged;

        BasicDecoder(LeafType type, int length, boolean jagged) {
            super(type);
            this.length = Math.max(1, length);
            this.jagged = jagged;
        }

        @Override
        void decode(Basket b, int from, int to, BranchArray.Builder out, String where) {
            long unitBytes = (long) type().size * length; // the leaf's length comes from the file
            if (unitBytes > b.data().length && b.entries() > 0 && !jagged) {
                throw new RootFormatException(where + ": leaf of " + length + " values per entry, the basket holds "
                        + b.data().length + " bytes (corrupt)");
            }
            if (unitBytes > Integer.MAX_VALUE) {
                throw new RootFormatException(where + ": leaf of " + length + " values per entry (corrupt)");
            }
            int unit = (int) unitBytes;
            int[] off = b.entryOffsets();
            if (off == null) {
                if (jagged) {
                    throw new RootFormatException(where + ": a jagged branch's basket has no entry offsets (corrupt)");
                }
                if ((long) b.entries() * unit != b.data().length) {
                    throw new RootFormatException(where + ": basket holds " + b.data().length + " bytes for "
                            + b.entries() + " entries of " + unit + " bytes (corrupt)");
                }
                for (int e = from; e < to; e++) {
                    out.addItems(b.data(), e * unit, length);
                }
                return;
            }
            for (int e = from; e < to; e++) {
                int start = off[e];
                int end = off[e + 1];
                // both from the file: compared before subtracting, which could overflow
                if (start < 0 || end < start || end > b.data().length) {
                    throw new RootFormatException(where + ": entry " + (b.firstEntry() + e) + " spans bytes " + start
                            + "–" + end + " of a basket of " + b.data().length + " (corrupt basket)");
                }
                int bytes = end - start;
                if (bytes % unit != 0) {
                    throw new RootFormatException(where + ": entry " + (b.firstEntry() + e) + " spans " + bytes
                            + " bytes, not a multiple of " + unit + " (corrupt basket)");
                }
                if (!jagged && bytes != unit) {
                    throw new RootFormatException(where + ": entry " + (b.firstEntry() + e) + " spans " + bytes
                            + " bytes, the leaf has " + unit + " per entry (corrupt basket)");
                }
                out.addItems(b.data(), start, bytes / type().size);
            }
        }
    }

    /** Strings and containers, one Java object per entry. */
    static final class ObjectDecoder extends BranchDecoder {
        private final CppType cpp;

        ObjectDecoder(CppType cpp, LeafType type) {
            super(type);
            this.cpp = cpp;
        }

        @Override
        void decode(Basket b, int from, int to, BranchArray.Builder out, String where) {
            int[] off = b.entryOffsets();
            RootBuffer buf = new RootBuffer(b.data(), 0, 0, where);
            if (off == null && from > 0) {
                for (int e = 0; e < from; e++) {
                    value(buf, cpp, true);
                }
            }
            for (int e = from; e < to; e++) {
                if (off != null) {
                    buf.seek(off[e]);
                }
                out.addObject(value(buf, cpp, true));
                if (off != null && buf.position() != off[e + 1]) {
                    throw new RootFormatException(where + ": entry " + (b.firstEntry() + e) + " decoded as "
                            + (buf.position() - off[e]) + " bytes, the basket says " + (off[e + 1] - off[e])
                            + " (corrupt, or a layout JetFlow does not read)");
                }
            }
        }

        private static Object value(RootBuffer b, CppType t, boolean header) {
            switch (t.kind()) {
                case BASIC:
                    return t.basic().read(b);
                case STRING, TSTRING:
                    return b.string();
                case SEQUENCE: {
                    RootBuffer.Version v = header ? b.version() : null;
                    int n = count(b);
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(value(b, t.first(), false));
                    }
                    if (v != null) {
                        b.end(v);
                    }
                    return items;
                }
                case MAP: {
                    // std::map is streamed member-wise: a header with the pair's class version and
                    // checksum, the size, then the column of keys and the column of values; a column of
                    // strings or containers has one header around the whole column.
                    RootBuffer.Version v = header ? b.version() : null;
                    if (v != null && (v.version() & 0x4000) != 0) {
                        b.i16();
                        b.i32();
                    }
                    int n = count(b);
                    List<Object> keys = column(b, t.first(), n);
                    List<Object> values = column(b, t.second(), n);
                    List<Object> pairs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        pairs.add(List.of(keys.get(i), values.get(i)));
                    }
                    if (v != null) {
                        b.end(v);
                    }
                    return pairs;
                }
                default:
                    throw new IllegalStateException(t.kind().toString());
            }
        }

        private static List<Object> column(RootBuffer b, CppType t, int n) {
            boolean wrapped = t.kind() == CppType.Kind.STRING || t.kind() == CppType.Kind.SEQUENCE
                    || t.kind() == CppType.Kind.MAP;
            RootBuffer.Version v = wrapped && n > 0 ? b.version() : null;
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(value(b, t, false));
            }
            if (v != null) {
                b.end(v);
            }
            return out;
        }

        private static int count(RootBuffer b) {
            int n = b.i32();
            if (n < 0 || n > b.data().length) {
                throw b.corrupt("container claims " + n + " elements");
            }
            return n;
        }
    }
}
