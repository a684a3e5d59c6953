package org.jetflow.validation.measurement;

import java.util.Arrays;
import org.jetflow.validation.hist.Histo1D;

/**
 * How a filled histogram is made comparable with a record's points. With N_k jets in bin k of width
 * Δx_k, each option gives the plotted value y_k and its statistical error σ_k:
 * <ul>
 * <li>{@link #UNIT_AREA}: {@code y_k = N_k / (N Δx_k)}, σ_k = √N_k / (N Δx_k), with N every
 *     selected jet, those below the first and above the last bin included: 1/N dN/dx, as CMS
 *     normalises its histograms to all jets of a pT bin. Σ y_k Δx_k is then the fraction of
 *     jets inside the histogram's range, at most 1.</li>
 * <li>{@link #UNIT_AREA_IN_RANGE}: the same with N the jets inside the range only, so that
 *     Σ y_k Δx_k = 1 (for records normalised over the range they show).</li>
 * <li>{@link #PER_BIN_WIDTH}: {@code y_k = N_k / Δx_k}, σ_k = √N_k / Δx_k: jets per unit of x,
 *     not normalised. Comparable only with a record given as counts per bin width; its χ² depends
 *     on the sample size.</li>
 * </ul>
 */
public enum Normalisation {
    UNIT_AREA("unit_area"),
    UNIT_AREA_IN_RANGE("unit_area_in_range"),
    PER_BIN_WIDTH("per_bin_width");

    private final String key;

    Normalisation(String key) {
        this.key = key;
    }

    /** The name a description uses. */
    public String key() {
        return key;
    }

    /** The option a description names, or null. */
    public static Normalisation of(String key) {
        return Arrays.stream(values()).filter(n -> n.key.equals(key)).findFirst().orElse(null);
    }

    /** The names a description may use, for error messages. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(Normalisation::key).toList());
    }

    /**
     * Scales a histogram filled with unit weights in place, so that its densities (Σw / Δx) are
     * the values y_k above and its density errors (√Σw² / Δx) the σ_k. A histogram without jets
     * (for the chosen N) is left at zero.
     */
    public void apply(Histo1D h) {
        double n = jets(h);
        if (n > 0) {
            h.scale(1 / n);
        }
    }

    /**
     * N of a histogram filled with unit weights, before {@link #apply}: the jets it divides by (1 for
     * {@link #PER_BIN_WIDTH}). A bin of width Δx_k then expects N Δx_k jets per unit of its value.
     */
    public double jets(Histo1D h) {
        return switch (this) {
            case UNIT_AREA -> h.total().sumW();
            case UNIT_AREA_IN_RANGE -> h.integral();
            case PER_BIN_WIDTH -> 1;
        };
    }

    /** One sentence for the report. */
    public String meaning() {
        return switch (this) {
            case UNIT_AREA -> "1/N dN/dx, N all selected jets (under- and overflow included)";
            case UNIT_AREA_IN_RANGE -> "1/N dN/dx, N the selected jets inside the histogram's range";
            case PER_BIN_WIDTH -> "dN/dx in jets per unit of x, not normalised";
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
