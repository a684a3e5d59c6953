package org.jetflow.io.root;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fills one TTree: declare its branches, put each entry's values into them, end the entry. The
 * layout is the one uproot writes: scalar branches ({@code pt/F}), counters ({@code nconstituents/I})
 * and jagged branches ({@code constituents_pt[nconstituents]/F}). Baskets are flushed for all
 * branches together every {@link #BASKET_ENTRIES} entries (or sooner when they grow large), so a
 * cluster of entries lies in one basket per branch.
 */
public final class RootTreeWriter {
    /**
     * Entries per basket (and per cluster): a reader holds one basket per branch, so this bounds its
     * memory (about 270 kB per particle branch for QCD jets).
     */
    public static final int BASKET_ENTRIES = 1024;
    private static final int BASKET_BYTES_LIMIT = 8 << 20;

    private final RootFileWriter file;
    private final String name;
    private final String title;
    private final List<Column> columns = new ArrayList<>();
    private long entries;
    private int buffered;
    private boolean finished;

    RootTreeWriter(RootFileWriter file, String name, String title) {
        this.file = file;
        this.name = name;
        this.title = title;
    }

    /** A branch with one value per entry. */
    public Column scalar(String branch, LeafType type) {
        return add(new Column(branch, type, null));
    }

    /** A branch with {@code counter}'s value of items per entry; the counter must be a scalar INT32 branch. */
    public Column jagged(String branch, LeafType type, Column counter) {
        if (counter.counter != null || counter.type != LeafType.INT32) {
            throw new IllegalArgumentException(counter.name + " cannot count " + branch + ": a counter is a scalar int32");
        }
        counter.isCounter = true;
        return add(new Column(branch, type, counter));
    }

    private Column add(Column c) {
        if (entries > 0 || buffered > 0) {
            throw new IllegalStateException("declare branches before the first entry");
        }
        if (c.type.size == 0) {
            throw new IllegalArgumentException("branch " + c.name + ": JetFlow writes basic types only");
        }
        columns.add(c);
        file.usesLeafClass(c.type.leafClass);
        return c;
    }

    /** Ends the current entry: every scalar branch must have one value, every jagged branch its counter's. */
    public void endEntry() {
        for (Column c : columns) {
            c.endEntry(entries + buffered);
        }
        buffered++;
        if (buffered >= BASKET_ENTRIES || bufferedBytes() > BASKET_BYTES_LIMIT) {
            flush();
        }
    }

    /** Entries written so far. */
    public long entries() {
        return entries + buffered;
    }

    private long bufferedBytes() {
        long n = 0;
        for (Column c : columns) {
            n += c.used;
        }
        return n;
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        for (Column c : columns) {
            c.flush(entries, buffered);
        }
        entries += buffered;
        buffered = 0;
    }

    /** Flushes the last baskets and writes the TTree record; called by the file on close. */
    void finish() {
        if (finished) {
            return;
        }
        flush();
        finished = true;
        int keylen = RootFileWriter.keyLength("TTree", name, title);
        RootOutput o = new RootOutput(keylen);
        long tot = 0;
        long zip = 0;
        for (Column c : columns) {
            tot += c.totBytes;
            zip += c.zipBytes;
        }
        int v = o.beginVersion(20);
        o.tNamed(name, title);
        int att = o.beginVersion(2);
        o.i16(602).i16(1).i16(1); // TAttLine: ROOT's defaults
        o.endVersion(att);
        att = o.beginVersion(2);
        o.i16(0).i16(1001); // TAttFill
        o.endVersion(att);
        att = o.beginVersion(2);
        o.i16(1).i16(1).f32(1f); // TAttMarker
        o.endVersion(att);
        o.i64(entries).i64(tot).i64(zip).i64(0).i64(zip);
        o.f64(1.0);
        o.i32(0).i32(25).i32(0).i32(1000).i32(0);
        o.i64(1_000_000_000_000L).i64(1_000_000_000_000L).i64(0).i64(-300_000_000L).i64(BASKET_ENTRIES).i64(1_000_000);
        o.u8(0).u8(0); // fClusterRangeEnd, fClusterSize: no ranges
        ioFeatures(o);
        o.objArray(columns.size(), () -> columns.forEach(c -> c.writeBranch(o, file.compressionCode())));
        o.objArray(columns.size(), () -> columns.forEach(c -> o.reference(c)));
        o.i32(0); // fAliases
        o.i32(0); // fIndexValues (TArrayD, empty)
        o.i32(0); // fIndex (TArrayI, empty)
        o.i32(0).i32(0).i32(0).i32(0); // fTreeIndex, fFriends, fUserInfo, fBranchRef
        o.endVersion(v);
        file.addKey(file.append("TTree", name, title, new byte[0], o.toByteArray(), true));
    }

    private static void ioFeatures(RootOutput o) {
        int f = o.beginVersion(1);
        o.u8(0);
        o.endVersion(f);
    }

    /** One branch being filled: the current basket's bytes and entry offsets, and the baskets written. */
    public final class Column {
        private final String name;
        private final LeafType type;
        private final Column counter;
        private boolean isCounter;
        private byte[] bytes = new byte[4096];
        private int used;
        private int[] entryStarts = new int[BASKET_ENTRIES + 1];
        private int itemsInEntry;
        private long maximum;
        private final List<long[]> baskets = new ArrayList<>(); // {seek, nbytes, firstEntry}
        private long totBytes;
        private long zipBytes;

        private Column(String name, LeafType type, Column counter) {
            this.name = name;
            this.type = type;
            this.counter = counter;
        }

        public String name() {
            return name;
        }

        private void room(int n) {
            if (used + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + n));
            }
        }

        public void putFloat(float v) {
            if (type == LeafType.FLOAT64) {
                putDouble(v);
                return;
            }
            requireType(LeafType.FLOAT32);
            raw32(Float.floatToIntBits(v));
            itemsInEntry++;
        }

        public void putDouble(double v) {
            requireType(LeafType.FLOAT64);
            raw64(Double.doubleToLongBits(v));
            itemsInEntry++;
        }

        public void putInt(int v) {
            switch (type) {
                case INT32, UINT32 -> raw32(v);
                case INT16, UINT16 -> {
                    room(2);
                    bytes[used++] = (byte) (v >>> 8);
                    bytes[used++] = (byte) v;
                }
                case INT8, UINT8, BOOL -> {
                    room(1);
                    bytes[used++] = (byte) v;
                }
                case INT64, UINT64 -> raw64(v);
                default -> throw new IllegalArgumentException("branch " + name + " holds " + type.label + ", not integers");
            }
            itemsInEntry++;
            if (isCounter) {
                maximum = Math.max(maximum, v);
            }
        }

        public void putLong(long v) {
            requireType(LeafType.INT64, LeafType.UINT64);
            raw64(v);
            itemsInEntry++;
        }

        private void raw64(long v) {
            raw32((int) (v >>> 32));
            raw32((int) v);
        }

        private void raw32(int v) {
            room(4);
            bytes[used++] = (byte) (v >>> 24);
            bytes[used++] = (byte) (v >>> 16);
            bytes[used++] = (byte) (v >>> 8);
            bytes[used++] = (byte) v;
        }

        private void requireType(LeafType... types) {
            for (LeafType t : types) {
                if (t == type) {
                    return;
                }
            }
            throw new IllegalArgumentException("branch " + name + " holds " + type.label);
        }

        private void endEntry(long entry) {
            int expected = counter == null ? 1 : counterValue();
            if (itemsInEntry != expected) {
                throw new IllegalStateException("tree " + RootTreeWriter.this.name + ", branch " + name + ", entry "
                        + entry + ": " + itemsInEntry + " values, expected " + expected);
            }
            itemsInEntry = 0;
            int k = buffered + 1;
            if (k >= entryStarts.length) {
                entryStarts = Arrays.copyOf(entryStarts, entryStarts.length * 2);
            }
            entryStarts[k] = used;
        }

        /** The counter's value in the entry being filled (its last 4 bytes). */
        private int counterValue() {
            Column c = counter;
            int at = c.used - 4;
            return (c.bytes[at] & 0xff) << 24 | (c.bytes[at + 1] & 0xff) << 16 | (c.bytes[at + 2] & 0xff) << 8
                    | (c.bytes[at + 3] & 0xff);
        }

        private void flush(long firstEntry, int n) {
            String treeName = RootTreeWriter.this.name;
            int keylen = RootFileWriter.keyLength("TBasket", name, treeName) + 19;
            int last = keylen + used;
            RootOutput payload = new RootOutput(0);
            payload.bytes(bytes, 0, used);
            if (counter != null) {
                payload.i32(n + 1);
                for (int e = 0; e < n; e++) {
                    payload.i32(entryStarts[e] + keylen);
                }
                payload.i32(last);
            }
            byte[] raw = payload.toByteArray();
            RootOutput extra = new RootOutput(0);
            extra.i16(3).i32(keylen + raw.length).i32(counter == null ? type.size : n + 1).i32(n).i32(last).u8(0);
            RootFileWriter.KeyHeader k = file.append("TBasket", name, treeName, extra.toByteArray(), raw, true);
            baskets.add(new long[] {k.seek(), k.nbytes(), firstEntry});
            totBytes += k.objlen() + k.keylen();
            zipBytes += k.nbytes();
            used = 0;
        }

        private void writeBranch(RootOutput o, int compress) {
            String leafTitle = counter == null ? name : name + "[" + counter.name + "]";
            int maxBaskets = Math.max(10, baskets.size() + 1);
            int obj = o.beginObject("TBranch", null);
            int v = o.beginVersion(13);
            o.tNamed(name, leafTitle + "/" + type.code);
            int att = o.beginVersion(2);
            o.i16(0).i16(1001);
            o.endVersion(att);
            o.i32(compress).i32(32000).i32(counter == null ? 0 : 1000).i32(baskets.size()).i64(entries);
            ioFeatures(o);
            o.i32(0).i32(maxBaskets).i32(0).i64(entries).i64(0).i64(totBytes).i64(zipBytes);
            o.objArray(0, () -> { });
            o.objArray(1, () -> writeLeaf(o, leafTitle));
            o.objArray(0, () -> { });
            o.u8(1);
            for (int i = 0; i < maxBaskets; i++) {
                o.i32(i < baskets.size() ? (int) baskets.get(i)[1] : 0);
            }
            o.u8(1);
            for (int i = 0; i < maxBaskets; i++) {
                o.i64(i < baskets.size() ? baskets.get(i)[2] : i == baskets.size() ? entries : 0);
            }
            o.u8(1);
            for (int i = 0; i < maxBaskets; i++) {
                o.i64(i < baskets.size() ? baskets.get(i)[0] : 0);
            }
            o.string("");
            o.endVersion(v);
            o.endObject(obj);
        }

        private void writeLeaf(RootOutput o, String leafTitle) {
            int obj = o.beginObject(type.leafClass, this);
            int v = o.beginVersion(1);
            int lv = o.beginVersion(2);
            o.tNamed(name, leafTitle);
            o.i32(1).i32(type.size).i32(0).u8(isCounter ? 1 : 0).u8(type.unsigned() ? 1 : 0);
            o.reference(counter);
            o.endVersion(lv);
            switch (type.size) {
                case 1 -> o.u8(0).u8((int) Math.min(maximum, 127));
                case 2 -> o.i16(0).i16((int) maximum);
                case 4 -> {
                    if (type == LeafType.FLOAT32) {
                        o.f32(0f).f32(0f);
                    } else {
                        o.i32(0).i32((int) maximum);
                    }
                }
                default -> {
                    if (type == LeafType.FLOAT64) {
                        o.f64(0).f64(0);
                    } else {
                        o.i64(0).i64(maximum);
                    }
                }
            }
            o.endVersion(v);
            o.endObject(obj);
        }
    }
}
