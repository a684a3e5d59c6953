package org.jetflow.io.root;

import java.util.ArrayList;
import java.util.List;

/** A TTree: its entry count and branches. Values are read per branch and entry range. */
public final class RootTree {
    private final RootFile file;
    private final String path;
    private final String title;
    private final long entries;
    private final List<RootBranch> branches;
    /** One reader per branch keeps its last basket, so consecutive ranges decompress each basket once. */
    private final java.util.Map<RootBranch, BasketReader> readers = new java.util.IdentityHashMap<>();

    RootTree(RootFile file, String path, String title, long entries, List<RootBranch> branches) {
        this.file = file;
        this.path = path;
        this.title = title;
        this.entries = entries;
        this.branches = List.copyOf(branches);
    }

    /** The tree's path in the file. */
    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    public long entries() {
        return entries;
    }

    /** The top-level branches. */
    public List<RootBranch> branches() {
        return branches;
    }

    /** Every branch that holds values (those without sub-branches), depth first. */
    public List<RootBranch> leafBranches() {
        List<RootBranch> out = new ArrayList<>();
        collect(branches, out);
        return out;
    }

    private static void collect(List<RootBranch> bs, List<RootBranch> out) {
        for (RootBranch b : bs) {
            if (b.children().isEmpty()) {
                out.add(b);
            } else {
                collect(b.children(), out);
            }
        }
    }

    /** Whether a value-holding branch of that name exists. */
    public boolean has(String name) {
        return find(name) != null;
    }

    /**
     * The value-holding branch of that name.
     *
     * @throws RootFormatException naming the file and tree when it is absent
     */
    public RootBranch branch(String name) {
        RootBranch b = find(name);
        if (b == null) {
            throw new RootFormatException(file.path() + ": tree " + path + ": no branch '" + name + "'");
        }
        return b;
    }

    private RootBranch find(String name) {
        for (RootBranch b : leafBranches()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Reads the values of entries [first, first + count) of a branch. Reading consecutive ranges
     * decompresses each basket once; a tree is not safe for use by several threads at once.
     */
    public BranchArray read(RootBranch branch, long first, int count) {
        return readers.computeIfAbsent(branch, b -> new BasketReader(file, this, b)).read(first, count);
    }

    /** Reads every entry of a branch. */
    public BranchArray read(RootBranch branch) {
        if (branch.entries() > Integer.MAX_VALUE) {
            throw new RootFormatException(file.path() + ": tree " + path + ", branch " + branch.name() + ": "
                    + branch.entries() + " entries do not fit one array; read a range");
        }
        return read(branch, 0, (int) branch.entries());
    }

    RootFile file() {
        return file;
    }
}
