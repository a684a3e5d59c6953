package org.jetflow.io.root;

/**
 * A basket stored inside its TTree record rather than under its own key (ROOT writes the last,
 * partly filled basket of each branch this way, and small NanoAOD files hold all their data so).
 *
 * @param entries      entries in the basket (fNevBuf)
 * @param data         the entries' bytes
 * @param entryOffsets where each entry starts in {@code data}, or {@code null} for fixed-size entries
 */
record EmbeddedBasket(int entries, byte[] data, int[] entryOffsets) {
}
