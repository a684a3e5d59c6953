package org.jetflow.io.root;

import java.util.List;

/**
 * A directory of a ROOT file (the file itself, or a TDirectory in it) with its keys.
 *
 * @param path the directory's path inside the file, "" for the top
 */
public record RootDirectory(String path, List<RootKey> keys) {

    /** The highest cycle of each name, in key order. */
    public List<RootKey> latestKeys() {
        java.util.Map<String, RootKey> best = new java.util.LinkedHashMap<>();
        for (RootKey k : keys) {
            best.merge(k.name(), k, (a, b) -> b.cycle() > a.cycle() ? b : a);
        }
        return List.copyOf(best.values());
    }
}
