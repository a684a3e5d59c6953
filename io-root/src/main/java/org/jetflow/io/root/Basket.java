package org.jetflow.io.root;

/**
 * One basket of a branch, decompressed.
 *
 * @param firstEntry   the tree entry of the basket's first entry
 * @param entries      entries in the basket
 * @param data         the entries' bytes
 * @param entryOffsets where each entry starts in {@code data} ({@code entries + 1} values, the last
 *                     being the end), or {@code null} for fixed-size entries
 */
record Basket(long firstEntry, int entries, byte[] data, int[] entryOffsets) {
}
