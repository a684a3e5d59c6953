package org.jetflow.io.root;

/**
 * Reads a branch's baskets from disk (or from the tree record, for embedded ones), one at a time,
 * so that reading a branch needs memory for one basket plus the values asked for.
 */
final class BasketReader {
    private final RootFile file;
    private final RootTree tree;
    private final RootBranch branch;
    private BranchDecoder decoder;
    private Basket cached;

    BasketReader(RootFile file, RootTree tree, RootBranch branch) {
        this.file = file;
        this.tree = tree;
        this.branch = branch;
    }

    String where(long entry) {
        return file.path() + ": tree " + tree.path() + ", branch " + branch.name()
                + (entry >= 0 ? ", entry " + entry : "");
    }

    /** Reads the values of entries [first, first + count). */
    BranchArray read(long first, int count) {
        if (first < 0 || count < 0 || first + count > branch.entries()) {
            throw new RootFormatException(where(first) + ": entries " + first + "–" + (first + count)
                    + " asked, the branch has " + branch.entries());
        }
        if (decoder == null) {
            decoder = BranchDecoder.of(branch, where(-1));
        }
        BranchArray.Builder out = new BranchArray.Builder(branch, decoder.type(), first, count);
        long entry = first;
        long stop = first + count;
        while (entry < stop) {
            Basket b = basketHolding(entry);
            int from = (int) (entry - b.firstEntry());
            int to = (int) Math.min(b.entries(), stop - b.firstEntry());
            decoder.decode(b, from, to, out, where(entry));
            entry = b.firstEntry() + to;
        }
        return out.build();
    }

    private Basket basketHolding(long entry) {
        if (cached != null && entry >= cached.firstEntry() && entry < cached.firstEntry() + cached.entries()) {
            return cached;
        }
        int n = branch.basketCount();
        for (int i = 0; i < n; i++) {
            long lo = branch.basketFirstEntry(i);
            long hi = i + 1 < n ? branch.basketFirstEntry(i + 1) : branch.entries();
            if (i >= branch.writtenBaskets()) {
                hi = lo + branch.embedded(i).entries();
            }
            if (entry >= lo && entry < hi) {
                cached = basket(i, lo);
                if (cached.entries() != hi - lo) {
                    throw new RootFormatException(where(lo) + ": basket " + i + " holds " + cached.entries()
                            + " entries, the branch's index says " + (hi - lo) + " (corrupt)");
                }
                return cached;
            }
        }
        throw new RootFormatException(where(entry) + ": no basket holds this entry (corrupt basket index)");
    }

    private Basket basket(int i, long firstEntry) {
        if (i >= branch.writtenBaskets()) {
            EmbeddedBasket e = branch.embedded(i);
            return new Basket(firstEntry, e.entries(), e.data(), closeOffsets(e.entryOffsets(), e.entries(), e.data().length));
        }
        String where = where(firstEntry) + ", basket " + i;
        long seek = branch.basketSeek(i);
        int nbytes = branch.basketBytes(i);
        byte[] record = file.read(seek, nbytes, where);
        RootBuffer h = new RootBuffer(record, 0, 0, where);
        RootKey key = RootKey.read(h);
        if (key.nbytes() != nbytes || !key.className().equals("TBasket")) {
            throw new RootFormatException(where + ": the record at byte " + seek + " is not this basket ("
                    + key.className() + ", " + key.nbytes() + " bytes; corrupt)");
        }
        h.i16(); // TBasket version
        h.i32(); // fBufferSize
        h.i32(); // fNevBufSize
        int nevBuf = h.i32();
        int last = h.i32();
        if (nevBuf < 0) {
            throw new RootFormatException(where + ": basket claims " + nevBuf + " entries (corrupt)");
        }
        byte[] payload = RootCompression.decompress(record, key.keylen(), nbytes - key.keylen(), key.objlen(), where);
        int border = last - key.keylen();
        if (border < 0 || border > payload.length) {
            throw new RootFormatException(where + ": data end " + border + " outside the basket's " + payload.length
                    + " bytes (corrupt)");
        }
        byte[] data = border == payload.length ? payload : java.util.Arrays.copyOf(payload, border);
        int[] offsets = null;
        if (payload.length > border) {
            RootBuffer o = new RootBuffer(payload, border, 0, where + " entry offsets");
            int n = o.i32();
            if (n < nevBuf || n > (payload.length - border) / 4) {
                throw new RootFormatException(where + ": " + n + " entry offsets for " + nevBuf + " entries (corrupt)");
            }
            offsets = new int[nevBuf];
            for (int k = 0; k < nevBuf; k++) {
                offsets[k] = o.i32() - key.keylen();
            }
        }
        return new Basket(firstEntry, nevBuf, data, closeOffsets(offsets, nevBuf, data.length));
    }

    /** Appends the end of the data so that entry j spans offsets[j] to offsets[j + 1]. */
    private static int[] closeOffsets(int[] offsets, int entries, int dataLength) {
        if (offsets == null || offsets.length < entries) {
            return null;
        }
        int[] closed = java.util.Arrays.copyOf(offsets, entries + 1);
        closed[entries] = dataLength;
        return closed;
    }
}
