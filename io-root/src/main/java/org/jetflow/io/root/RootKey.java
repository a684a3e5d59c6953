package org.jetflow.io.root;

/**
 * A TKey: the header in front of every object record in a ROOT file.
 *
 * @param nbytes    bytes of the record on disk, header included
 * @param objlen    bytes of the object once decompressed
 * @param keylen    bytes of this header
 * @param cycle     the object's cycle number (name;cycle)
 * @param seekKey   where the record starts in the file
 * @param className the object's class (TTree, TDirectory, TBasket, …)
 */
public record RootKey(int nbytes, int version, int objlen, long datime, int keylen, int cycle, long seekKey,
        long seekPdir, String className, String name, String title) {

    static RootKey read(RootBuffer b) {
        int nbytes = b.i32();
        int version = b.i16();
        int objlen = b.i32();
        long datime = b.i32() & 0xffffffffL;
        int keylen = b.i16();
        int cycle = b.i16();
        boolean big = version > 1000;
        long seekKey = big ? b.i64() : b.i32() & 0xffffffffL;
        long seekPdir = big ? b.i64() : b.i32() & 0xffffffffL;
        return new RootKey(nbytes, version, objlen, datime, keylen, cycle, seekKey, seekPdir, b.string(), b.string(),
                b.string());
    }

    /** True when the record is stored compressed. */
    public boolean compressed() {
        return objlen != nbytes - keylen;
    }
}
