package org.jetflow.io.root;

/**
 * A TLeaf: the type and shape of a branch's values.
 *
 * @param className the TLeaf subclass (TLeafF, TLeafI, TLeafElement, …)
 * @param type      the element type, {@code null} for a TLeafElement (the branch decides)
 * @param length    values per entry for a fixed shape, or per count unit for a jagged one (fLen)
 * @param count     the counter leaf of a jagged array ({@code Jet_pt[nJet]}), or {@code null}
 */
public record RootLeaf(String name, String title, String className, LeafType type, int length, RootLeaf count) {
}
