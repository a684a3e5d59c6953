package org.jetflow.io.root;

import java.util.List;

/**
 * A TBranch or TBranchElement: where its baskets are and how its values are laid out. Values are
 * read with {@link RootTree#read}.
 */
public final class RootBranch {
    private final String name;
    private final String title;
    private final String className;
    private final List<RootLeaf> leaves;
    private final List<RootBranch> children;
    private final long entries;
    private final int entryOffsetLength;
    private final int writtenBaskets;
    private final int[] basketBytes;
    private final long[] basketEntry;
    private final long[] basketSeek;
    private final List<EmbeddedBasket> embedded;
    private final String streamedClass;
    private final int streamerType;

    RootBranch(String name, String title, String className, List<RootLeaf> leaves, List<RootBranch> children,
            long entries, int entryOffsetLength, int writtenBaskets, int[] basketBytes, long[] basketEntry,
            long[] basketSeek, List<EmbeddedBasket> embedded, String streamedClass, int streamerType) {
        this.name = name;
        this.title = title;
        this.className = className;
        this.leaves = List.copyOf(leaves);
        this.children = List.copyOf(children);
        this.entries = entries;
        this.entryOffsetLength = entryOffsetLength;
        this.writtenBaskets = writtenBaskets;
        this.basketBytes = basketBytes;
        this.basketEntry = basketEntry;
        this.basketSeek = basketSeek;
        this.embedded = List.copyOf(embedded);
        this.streamedClass = streamedClass;
        this.streamerType = streamerType;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** TBranch, TBranchElement, … */
    public String className() {
        return className;
    }

    public List<RootLeaf> leaves() {
        return leaves;
    }

    /** Sub-branches (split objects); values are read from branches without children. */
    public List<RootBranch> children() {
        return children;
    }

    /** Entries the branch holds. */
    public long entries() {
        return entries;
    }

    /** The C++ class a TBranchElement streams ("vector<float>", "string"), or "" for a TBranch. */
    public String streamedClass() {
        return streamedClass;
    }

    int streamerType() {
        return streamerType;
    }

    boolean hasEntryOffsets() {
        return entryOffsetLength > 0;
    }

    /** Baskets under their own keys followed by embedded ones. */
    int basketCount() {
        return writtenBaskets + embedded.size();
    }

    int writtenBaskets() {
        return writtenBaskets;
    }

    long basketSeek(int i) {
        return basketSeek[i];
    }

    int basketBytes(int i) {
        return basketBytes[i];
    }

    /** The first entry of basket i (embedded baskets follow the written ones). */
    long basketFirstEntry(int i) {
        return i < basketEntry.length ? basketEntry[i] : entries;
    }

    EmbeddedBasket embedded(int i) {
        return embedded.get(i - writtenBaskets);
    }

    /** The leaf that describes the values. */
    public RootLeaf leaf() {
        if (leaves.isEmpty()) {
            throw new RootFormatException("branch " + name + " has no leaf");
        }
        return leaves.get(0);
    }

    /** A readable type: "float", "float[3]", "float[nJet]", "vector<int>", "string". */
    public String typeName() {
        if (!streamedClass.isEmpty()) {
            return streamedClass;
        }
        if (leaves.isEmpty()) {
            return "(no leaf)";
        }
        RootLeaf l = leaf();
        String base = l.type() == null ? l.className() : l.type().label;
        if (l.type() == LeafType.STRING) {
            return base;
        }
        int bracket = l.title().indexOf('[');
        return bracket < 0 ? base : base + l.title().substring(bracket);
    }

    @Override
    public String toString() {
        return name + " (" + typeName() + ")";
    }
}
