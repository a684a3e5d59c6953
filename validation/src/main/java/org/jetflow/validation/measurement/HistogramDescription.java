package org.jetflow.validation.measurement;

/**
 * One histogram of a measurement: which of the record's histograms it is, what it measures, for
 * which jets, normalised how, and how its axes are labelled.
 *
 * @param path          the histogram's path in the record, e.g. {@code /REF/CMS_2018_I1682495/d29-x01-y01}
 * @param title         a title for plots and the report (may be empty)
 * @param observable    the per-jet observable, filled in the record's bins (their unit, e.g. GeV)
 * @param selection     the jets that enter
 * @param normalisation how the filled histogram is scaled
 * @param xLabel        x-axis label with its unit, e.g. {@code m [GeV]}
 * @param yLabel        y-axis label with its unit, e.g. {@code 1/N dN/dm [1/GeV]}
 */
public record HistogramDescription(String path, String title, ObservableDefinition observable, JetSelection selection,
        Normalisation normalisation, String xLabel, String yLabel) {

    /**
     * The path under which a sample's histogram is written, as Rivet writes its own output: the
     * record's path without its leading {@code /REF} ({@code /CMS_2018_I1682495/d29-x01-y01}), so
     * that Rivet's plotting tools pair it with the data.
     */
    public String outputPath() {
        return path.startsWith("/REF/") ? path.substring(4) : path;
    }

    /** The last part of the path ({@code d29-x01-y01}), for file names. */
    public String shortName() {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
