package org.jetflow.validation.measurement;

import java.util.Locale;

/**
 * Which jets enter a histogram: a jet-pT range and at most one limit on |η| or |y|. Applied jet by
 * jet to the four-momentum sum of the stored constituents (docs/validation.md); event-level
 * conditions of a measurement (dijet topology, Δφ) need the event and are not applied.
 *
 * @param ptMinGeV       lowest jet pT, included (GeV)
 * @param ptMaxGeV       highest jet pT, excluded (GeV)
 * @param absEtaMax      |η| must be below this (strictly); infinite for no limit
 * @param absRapidityMax |y| must be below this (strictly); infinite for no limit
 */
public record JetSelection(double ptMinGeV, double ptMaxGeV, double absEtaMax, double absRapidityMax) {
    public JetSelection {
        if (!(ptMinGeV >= 0) || !(ptMaxGeV > ptMinGeV) || Double.isNaN(ptMaxGeV)) {
            throw new IllegalArgumentException("the pT range must be [low, high) with 0 ≤ low < high, got [" + ptMinGeV
                    + ", " + ptMaxGeV + ")");
        }
        if (!(absEtaMax > 0) || !(absRapidityMax > 0)) {
            throw new IllegalArgumentException("an |η| or |y| limit must be positive, got " + Math.min(absEtaMax, absRapidityMax));
        }
        if (Double.isFinite(absEtaMax) && Double.isFinite(absRapidityMax)) {
            throw new IllegalArgumentException("give an |η| or a |y| limit, not both");
        }
    }

    /** Whether a jet with this pT (GeV), pseudorapidity and rapidity is selected. */
    public boolean accepts(double ptGeV, double eta, double rapidity) {
        return ptGeV >= ptMinGeV && ptGeV < ptMaxGeV && Math.abs(eta) < absEtaMax && Math.abs(rapidity) < absRapidityMax;
    }

    /** "550 ≤ pT < 650 GeV, |η| < 2.4". */
    public String describe() {
        String s = String.format(Locale.ROOT, "%s ≤ pT < %s GeV", num(ptMinGeV), num(ptMaxGeV));
        if (Double.isFinite(absEtaMax)) {
            s += ", |η| < " + num(absEtaMax);
        }
        if (Double.isFinite(absRapidityMax)) {
            s += ", |y| < " + num(absRapidityMax);
        }
        return s;
    }

    private static String num(double v) {
        if (Double.isInfinite(v)) {
            return "∞";
        }
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
