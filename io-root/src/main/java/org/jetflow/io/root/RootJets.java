package org.jetflow.io.root;

import java.nio.file.Path;
import org.jetflow.io.file.JetReader;

/** Opens the jets of a ROOT file: JetFlow's own {@code jets} tree, else a PFNano-style event tree. */
public final class RootJets {
    private RootJets() {
    }

    /** Opens a ROOT file's jets, detecting the layout (PFNano with {@link PfNanoLayout#DEFAULT} names). */
    public static JetReader open(Path path) {
        return open(path, null);
    }

    /** Opens a ROOT file's jets; a non-null layout forces the PFNano reading with those names. */
    public static JetReader open(Path path, PfNanoLayout layout) {
        RootFile file;
        try {
            file = RootFile.open(path);
        } catch (RootFormatException e) {
            throw RootJetReader.asJetFileError(path, e);
        }
        try {
            RootTree jets = layout == null ? RootJetLayout.jetTree(file) : null;
            if (jets != null) {
                return new RootJetReader(file, jets);
            }
            return new PfNanoJetReader(file, layout == null ? PfNanoLayout.DEFAULT : layout);
        } catch (RootFormatException e) {
            file.close();
            throw RootJetReader.asJetFileError(path, e);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Whether the file holds jets JetFlow reads without options: a {@code jets} tree, or PFNano's default names. */
    public static boolean holdsJets(RootFile file) {
        if (RootJetLayout.jetTree(file) != null) {
            return true;
        }
        PfNanoLayout l = PfNanoLayout.DEFAULT;
        return file.treeNames().contains(l.tree()) && l.missingIn(file.tree(l.tree())).isEmpty();
    }
}
