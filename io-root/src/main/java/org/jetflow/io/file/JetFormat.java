package org.jetflow.io.file;

import java.nio.file.Path;
import java.util.Locale;

/** The jet file formats, chosen by file extension. */
public enum JetFormat {
    /** AspenOpenJets HDF5 layout: {@code .h5}, {@code .hdf5}. */
    HDF5("h5", "hdf5"),
    /** Arrow IPC file (Feather v2): {@code .arrow}, {@code .feather}, {@code .ipc}. */
    ARROW("arrow", "feather", "ipc"),
    /** ROOT TTree: {@code .root} (JetFlow's jet tree, or PFNano-style events when reading). */
    ROOT("root");

    private final String[] extensions;

    JetFormat(String... extensions) {
        this.extensions = extensions;
    }

    /**
     * The format of a path by its extension.
     *
     * @throws JetFileException naming the file when the extension is not a jet format
     */
    public static JetFormat of(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (JetFormat f : values()) {
            for (String ext : f.extensions) {
                if (name.endsWith("." + ext)) {
                    return f;
                }
            }
        }
        throw new JetFileException(path, null, "unknown file extension (jet files are .h5/.hdf5 AspenOpenJets HDF5"
                + " , .arrow/.feather/.ipc Arrow IPC or .root ROOT)");
    }
}
