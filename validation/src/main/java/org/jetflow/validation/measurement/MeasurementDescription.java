package org.jetflow.validation.measurement;

import java.nio.file.Path;
import java.util.List;
import org.jetflow.validation.hist.DocumentLines;

/**
 * A measurement description as {@link DescriptionReader} reads it from JSON: a physicist writes one
 * from a paper, one entry per histogram of the record to compare with.
 *
 * @param file       the description's file (for error messages)
 * @param analysis   the analysis name, as Rivet names it ({@code CMS_2018_I1682495})
 * @param title      what was measured, in a line (may be empty)
 * @param citation   the paper and record (may be empty)
 * @param histograms the histograms to compare, in report order
 * @param lines      where each field stands in the file (null when not read from one)
 */
public record MeasurementDescription(Path file, String analysis, String title, String citation,
        List<HistogramDescription> histograms, DocumentLines lines) {
    public MeasurementDescription {
        histograms = List.copyOf(histograms);
    }

    /** "line 14, histograms[2].path": where field {@code field} of histogram {@code k} is written. */
    public String where(int k, String field) {
        String pointer = "/histograms/" + k + "/" + field;
        return lines == null ? DocumentLines.field(pointer) : lines.where(pointer);
    }
}
