package org.jetflow.validation.measurement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.file.JetFileException;

/**
 * A description paired with its record: each described histogram with the record's measured
 * points, found by path. Everything a comparison needs before the first jet is read, so that a bad
 * description or record fails in a second, not after the jets.
 *
 * @param description the description
 * @param record      the record it was resolved against
 * @param entries     one per described histogram, in the description's order
 */
public record Measurement(MeasurementDescription description, MeasurementRecord record, List<Entry> entries) {
    public Measurement {
        entries = List.copyOf(entries);
    }

    /**
     * A described histogram and its data.
     *
     * @param described what the description says
     * @param data      the record's points
     */
    public record Entry(HistogramDescription described, DataHistogram data) {
    }

    /** Reads a description and the record files and pairs them. */
    public static Measurement load(List<Path> recordFiles, Path descriptionFile) {
        MeasurementDescription d = DescriptionReader.read(descriptionFile);
        return resolve(d, MeasurementRecord.read(recordFiles, d.analysis()));
    }

    /**
     * Pairs each described histogram with the record's; a path the record lacks is an error naming
     * the description's file and line.
     */
    public static Measurement resolve(MeasurementDescription d, MeasurementRecord r) {
        List<Entry> out = new ArrayList<>();
        for (int k = 0; k < d.histograms().size(); k++) {
            HistogramDescription h = d.histograms().get(k);
            DataHistogram data = r.histogram(h.path());
            if (data == null) {
                List<String> have = r.paths();
                String some = String.join(", ", have.subList(0, Math.min(4, have.size())))
                        + (have.size() > 4 ? ", ..." : "");
                throw new JetFileException(d.file(), d.where(k, "path"), "the record (" + names(r.files())
                        + ") has no histogram '" + h.path() + "'; it has " + have.size() + (have.isEmpty() ? "" : ": " + some));
            }
            out.add(new Entry(h, data));
        }
        return new Measurement(d, r, out);
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(f -> String.valueOf(f.getFileName())).toList());
    }
}
