package org.jetflow.io.root;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TTree record — the tree, its branches, leaves and embedded baskets — following the
 * member layout of the class versions ROOT 6 and uproot write (TTree 19–20, TBranch 12–13,
 * TBranchElement 10, TLeaf 2). Members this reader does not need are skipped by byte count; a
 * version it does not know is reported, never guessed.
 */
final class TreeStreamer implements RootBuffer.ObjectReader {
    private final String where;

    private TreeStreamer(String where) {
        this.where = where;
    }

    static boolean isTree(String className) {
        return className.equals("TTree") || className.equals("TNtuple") || className.equals("TNtupleD");
    }

    static RootTree read(RootFile file, String path, RootKey key, RootBuffer b) {
        TreeStreamer s = new TreeStreamer(b.where());
        return switch (key.className()) {
            case "TTree" -> s.tree(file, path, b);
            case "TNtuple", "TNtupleD" -> {
                RootBuffer.Version v = b.version();
                RootTree t = s.tree(file, path, b);
                b.end(v);
                yield t;
            }
            default -> throw b.corrupt("not a tree: " + key.className());
        };
    }

    private RootTree tree(RootFile file, String path, RootBuffer b) {
        RootBuffer.Version v = b.version();
        if (v.version() < 19 || v.version() > 20) {
            throw b.corrupt("TTree class version " + v.version() + " is not supported (19 and 20 are: ROOT 6)");
        }
        String[] named = b.tNamed();
        b.skipVersioned("TAttLine");
        b.skipVersioned("TAttFill");
        b.skipVersioned("TAttMarker");
        long entries = b.i64();
        for (int i = 0; i < 4; i++) {
            b.i64(); // fTotBytes, fZipBytes, fSavedBytes, fFlushedBytes
        }
        b.f64(); // fWeight
        for (int i = 0; i < 4; i++) {
            b.i32(); // fTimerInterval, fScanField, fUpdate, fDefaultEntryOffsetLen
        }
        int clusterRanges = b.i32();
        for (int i = 0; i < 6; i++) {
            b.i64(); // fMaxEntries … fEstimate
        }
        b.longArray(clusterRanges);
        b.longArray(clusterRanges);
        if (v.version() >= 20) {
            b.skipVersioned("ROOT::TIOFeatures");
        }
        List<RootBranch> branches = branches(b.objArray(this));
        b.objArray(this); // fLeaves: the same leaves, already read with their branches
        b.end(v);
        return new RootTree(file, path, named[1], entries, branches);
    }

    @Override
    public Object read(String className, RootBuffer b, int end) {
        if (className.equals("TBranch")) {
            return branch(b, className);
        }
        if (className.equals("TBranchElement")) {
            return branchElement(b);
        }
        if (className.startsWith("TLeaf")) {
            return leaf(className, b);
        }
        if (className.equals("TBasket")) {
            return basket(b);
        }
        return null; // skipped by byte count; a branch of another class is reported when it is read
    }

    private static List<RootBranch> branches(List<Object> objects) {
        List<RootBranch> out = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof RootBranch rb) {
                out.add(rb);
            } else if (o instanceof RootBuffer.Skipped s) {
                out.add(new RootBranch("(" + s.className() + ")", "", s.className(), List.of(), List.of(), 0, 0, 0,
                        new int[0], new long[0], new long[0], List.of(), "", 0));
            }
        }
        return out;
    }

    private RootBranch branch(RootBuffer b, String className) {
        return branch(b, className, "", 0);
    }

    private RootBranch branch(RootBuffer b, String className, String streamedClass, int streamerType) {
        RootBuffer.Version v = b.version();
        if (v.version() < 12 || v.version() > 13) {
            throw b.corrupt("TBranch class version " + v.version() + " is not supported (12 and 13 are: ROOT 6)");
        }
        String[] named = b.tNamed();
        b.skipVersioned("TAttFill");
        b.i32(); // fCompress
        b.i32(); // fBasketSize
        int entryOffsetLen = b.i32();
        int writeBasket = b.i32();
        b.i64(); // fEntryNumber
        if (v.version() >= 13) {
            b.skipVersioned("ROOT::TIOFeatures");
        }
        b.i32(); // fOffset
        int maxBaskets = b.i32();
        b.i32(); // fSplitLevel
        long entries = b.i64();
        b.i64(); // fFirstEntry
        b.i64(); // fTotBytes
        b.i64(); // fZipBytes
        List<RootBranch> children = branches(b.objArray(this));
        List<RootLeaf> leaves = new ArrayList<>();
        for (Object o : b.objArray(this)) {
            if (o instanceof RootLeaf l) {
                leaves.add(l);
            }
        }
        List<EmbeddedBasket> embedded = new ArrayList<>();
        for (Object o : b.objArray(this)) {
            if (o instanceof EmbeddedBasket e) {
                embedded.add(e);
            }
        }
        if (maxBaskets < 0 || writeBasket < 0 || writeBasket > maxBaskets) {
            throw b.corrupt("branch " + named[0] + ": " + writeBasket + " of " + maxBaskets + " baskets (corrupt)");
        }
        int[] basketBytes = b.intArray(maxBaskets);
        long[] basketEntry = b.longArray(maxBaskets);
        long[] basketSeek = b.longArray(maxBaskets);
        b.string(); // fFileName
        b.end(v);
        return new RootBranch(named[0], named[1], className, leaves, children, entries, entryOffsetLen, writeBasket,
                basketBytes, basketEntry, basketSeek, embedded, streamedClass, streamerType);
    }

    private RootBranch branchElement(RootBuffer b) {
        RootBuffer.Version v = b.version();
        if (v.version() != 10) {
            throw b.corrupt("TBranchElement class version " + v.version() + " is not supported (10 is: ROOT 6)");
        }
        int start = b.position();
        // the TBranch part comes first, but its meaning depends on members after it: read those, then come back
        b.skipVersioned("TBranch");
        String className = b.string();
        b.string(); // fParentName
        b.string(); // fClonesName
        b.i32(); // fCheckSum
        b.i16(); // fClassVersion
        b.i32(); // fID
        b.i32(); // fType
        int streamerType = b.i32();
        int after = b.position();
        b.seek(start);
        RootBranch base = branch(b, "TBranchElement", className, streamerType);
        b.seek(after);
        b.i32(); // fMaximum
        b.object(this); // fBranchCount
        b.object(this); // fBranchCount2
        b.end(v);
        return base;
    }

    private RootLeaf leaf(String className, RootBuffer b) {
        RootBuffer.Version v = b.version();
        RootBuffer.Version lv = b.version();
        if (lv.version() != 2) {
            throw b.corrupt("TLeaf class version " + lv.version() + " is not supported (2 is: ROOT 6)");
        }
        String[] named = b.tNamed();
        int len = b.i32();
        b.i32(); // fLenType
        b.i32(); // fOffset
        b.u8(); // fIsRange
        boolean unsigned = b.u8() != 0;
        Object count = b.object(this);
        b.end(lv);
        b.end(v);
        return new RootLeaf(named[0], named[1], className, LeafType.ofLeafClass(className, unsigned), len,
                count instanceof RootLeaf l ? l : null);
    }

    /** An embedded TBasket: its key fields, then the basket's header, entry offsets and data. */
    private EmbeddedBasket basket(RootBuffer b) {
        b.i32(); // fNbytes
        int keyVersion = b.i16();
        b.i32(); // fObjlen
        b.i32(); // fDatime
        int keylen = b.i16();
        b.i16(); // fCycle
        if (keyVersion > 1000) {
            b.i64();
            b.i64();
        } else {
            b.i32();
            b.i32();
        }
        b.string();
        b.string();
        b.string();
        RootBuffer.Version v = b.version();
        b.i32(); // fBufferSize
        int nevBufSize = b.i32();
        if (nevBufSize < 0) {
            b.u8(); // fIOBits
        }
        int nevBuf = b.i32();
        int last = b.i32();
        int flag = b.u8();
        if (keylen < 0 || nevBuf < 0) {
            throw b.corrupt("embedded basket with key length " + keylen + " and " + nevBuf + " entries (corrupt)");
        }
        int[] offsets = null;
        if (flag != 0 && flag % 10 != 2 && nevBuf > 0) {
            int n = b.i32();
            if (n < 0 || n > b.remaining() / 4) {
                throw b.corrupt("embedded basket claims " + n + " entry offsets, the record has " + b.remaining()
                        + " bytes left (corrupt)");
            }
            offsets = new int[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = flag > 20 && flag < 40 ? b.i32() & ~0xff000000 : b.i32();
            }
            if (flag > 40) {
                int nd = b.i32();
                for (int i = 0; i < nd; i++) {
                    b.i32();
                }
            }
        }
        byte[] data = new byte[0];
        if (flag == 1 || flag > 10) {
            int size = v.version() <= 1 ? b.i32() : last;
            if (size > keylen) {
                int at = b.position() + keylen;
                int n = size - keylen;
                if (keylen > b.remaining() || n > b.data().length - at) {
                    throw b.corrupt("embedded basket of " + n + " bytes runs past the tree record (truncated)");
                }
                data = java.util.Arrays.copyOfRange(b.data(), at, at + n);
            }
        }
        if (offsets != null) {
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] -= keylen;
            }
        }
        return new EmbeddedBasket(nevBuf, data, offsets);
    }
}
