package org.jetflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.jetflow.io.root.PfNanoLayout;
import org.jetflow.io.root.RootBranch;
import org.jetflow.io.root.RootFile;
import org.jetflow.io.root.RootTree;

/** The trees and branches of a ROOT file, for {@code jetflow info}. */
final class RootListing {
    private RootListing() {
    }

    static void print(PrintStream out, Path path) {
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
        }
    }

    /** Whether the file has JetFlow's jet tree or PFNano's default jet layout. */
    static boolean holdsJets(Path path) {
        PfNanoLayout l = PfNanoLayout.DEFAULT;
        try (RootFile f = RootFile.open(path)) {
            for (String name : f.treeNames()) {
                RootTree t = f.tree(name);
                if (name.equals("jets") && t.has("nconstituents")
                        || name.equals(l.tree()) && t.has(l.jets() + "_pt") && t.has(l.candidates() + "_pt")) {
                    return true;
                }
            }
        }
        return false;
    }
}
