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
        RootFile file = RootFile.open(path);
        try {
            if (layout == null && RootJetLayout.matches(file)) {
                return new RootJetReader(file);
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
}
