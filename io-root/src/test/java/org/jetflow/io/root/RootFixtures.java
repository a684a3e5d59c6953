package org.jetflow.io.root;

import java.nio.file.Path;

/** ROOT test files for tests outside this package (the reader fuzz test). */
public final class RootFixtures {
    private RootFixtures() {
    }

    /** A PFNano-style event tree of {@code events} events, two jets each ({@link PfNanoJetReaderTest#write}). */
    public static Path pfNano(Path file, int events) {
        return PfNanoJetReaderTest.write(file, events);
    }

    /**
     * Every value of every branch of every tree, read through the ROOT layer alone ({@code jetflow
     * info} lists files this way); returns the number of values.
     */
    public static long readEveryBranch(Path file) {
        long values = 0;
        int hash = 0;
        try (RootFile f = RootFile.open(file)) {
            f.compression();
            for (String name : f.treeNames()) {
                RootTree t = f.tree(name);
                t.title();
                for (RootBranch b : t.leafBranches()) {
                    b.typeName();
                    for (long first = 0; first < b.entries(); first += 4096) {
                        BranchArray a = t.read(b, first, (int) Math.min(4096, b.entries() - first));
                        for (int e = 0; e < a.entries(); e++) {
                            hash = hash * 31 + java.util.Objects.hashCode(a.value(e));
                            values++;
                        }
                    }
                }
            }
        }
        sink = hash;
        return values;
    }

    /** Keeps the values' hash alive, so that decoding them cannot be optimised away. */
    private static volatile int sink;
}
