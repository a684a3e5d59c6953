package org.jetflow.validation.measurement;

import org.jetflow.validation.hist.Binning;

/**
 * A record's measured histogram: bins, values and total uncertainties, as published.
 *
 * @param path      its path in the record
 * @param title     its title in the record (YODA's {@code Title}, e.g. the HEPData table's DOI)
 * @param binning   the bins
 * @param values    the measured value of each bin, in the record's unit (e.g. 1/GeV)
 * @param errMinus  the total downward uncertainty of each bin (same unit, ≥ 0)
 * @param errPlus   the total upward uncertainty of each bin (same unit, ≥ 0)
 */
public record DataHistogram(String path, String title, Binning binning, double[] values, double[] errMinus,
        double[] errPlus) {
    public DataHistogram {
        int n = binning.size();
        if (values.length != n || errMinus.length != n || errPlus.length != n) {
            throw new IllegalArgumentException(path + ": " + n + " bins, " + values.length + " values, "
                    + errMinus.length + " and " + errPlus.length + " errors");
        }
        values = values.clone();
        errMinus = errMinus.clone();
        errPlus = errPlus.clone();
    }

    /**
     * The uncertainty χ² uses for each bin: the mean of the downward and upward totals (they are
     * equal for symmetric errors, as in CMS's jet-mass record).
     */
    public double[] errors() {
        double[] e = new double[values.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = 0.5 * (errMinus[k] + errPlus[k]);
        }
        return e;
    }
}
