package org.jetflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.jetflow.io.root.RootBranch;
import org.jetflow.io.root.RootFile;
import org.jetflow.io.root.RootJets;
import org.jetflow.io.root.RootTree;

/** The trees and branches of a ROOT file, for {@code jetflow info}. */
final class RootListing {
    private RootListing() {
    }

    /** Prints the file's trees and branches; returns whether it holds jets JetFlow reads. */
    static boolean print(PrintStream out, Path path) {
        try (RootFile f = RootFile.open(path)) {
            out.println("file:        " + path);
            out.println("format:      ROOT (compression " + f.compression() + ")");
            for (String name : f.treeNames()) {
                RootTree t = f.tree(name);
                out.printf(Locale.ROOT, "tree %s: %d entries, %d branches%s%n", name, t.entries(),
                        t.leafBranches().size(), t.title().isEmpty() || t.title().startsWith("{") ? "" : " (" + t.title() + ")");
                for (RootBranch b : t.leafBranches()) {
                    out.printf(Locale.ROOT, "  %-40s %-24s %d entries%n", b.name(), b.typeName(), b.entries());
                }
            }
            return RootJets.holdsJets(f);
        }
    }
}
