package org.jetflow.validation.hist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.file.JetFileException;

/**
 * Reads the {@code YODA_HISTO1D_V2} and {@code YODA_SCATTER2D_V2} blocks of a YODA text file
 * (other block types are skipped). A malformed line is an error naming the file and line.
 */
public final class YodaReader {
    private final Path file;
    private final List<String> lines;
    private int line;
    private final List<Histo1D> histograms = new ArrayList<>();
    private final List<Scatter2D> scatters = new ArrayList<>();

    private YodaReader(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Parses a file. */
    public static YodaReader read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JetFileException(file, null, "cannot read: " + e.getMessage(), e);
        }
        YodaReader r = new YodaReader(file, lines);
        r.parse();
        return r;
    }

    public List<Histo1D> histograms() {
        return histograms;
    }

    public List<Scatter2D> scatters() {
        return scatters;
    }

    private JetFileException bad(String problem) {
        return new JetFileException(file, "line " + (line + 1), problem);
    }

    private void parse() {
        for (line = 0; line < lines.size(); line++) {
            String s = lines.get(line).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (!s.startsWith("BEGIN ")) {
                throw bad("expected 'BEGIN YODA_...', found '" + abbreviate(s) + "'");
            }
            String[] head = s.split("\\s+");
            if (head.length < 3) {
                throw bad("a BEGIN line needs a type and a path: '" + abbreviate(s) + "'");
            }
            String type = head[1];
            String path = head[2];
            int begin = line;
            List<String> header = new ArrayList<>();
            List<Integer> dataLines = new ArrayList<>();
            boolean inData = false;
            boolean ended = false;
            for (line = line + 1; line < lines.size(); line++) {
                String t = lines.get(line).strip();
                if (t.equals("END " + type)) {
                    ended = true;
                    break;
                }
                if (t.startsWith("BEGIN ")) {
                    throw bad("'" + type + "' block from line " + (begin + 1) + " has no END before this BEGIN");
                }
                if (t.equals("---")) {
                    inData = true;
                } else if (!t.isEmpty() && !t.startsWith("#")) {
                    if (inData) {
                        dataLines.add(line);
                    } else {
                        header.add(t);
                    }
                }
            }
            if (!ended) {
                line = begin;
                throw bad("block '" + type + " " + path + "' has no 'END " + type + "'");
            }
            int end = line;
            String title = headerValue(header, "Title");
            if (type.equals("YODA_HISTO1D_V2")) {
                histograms.add(histogram(path, title, dataLines));
            } else if (type.equals("YODA_SCATTER2D_V2")) {
                scatters.add(scatter(path, title, dataLines));
            }
            line = end;
        }
    }

    private static String headerValue(List<String> header, String key) {
        for (String h : header) {
            if (h.startsWith(key + ":")) {
                return h.substring(key.length() + 1).strip();
            }
        }
        return "";
    }

    private Histo1D histogram(String path, String title, List<Integer> data) {
        List<double[]> bins = new ArrayList<>();
        BinStats under = BinStats.EMPTY;
        BinStats over = BinStats.EMPTY;
        for (int ln : data) {
            line = ln;
            String[] f = lines.get(ln).strip().split("\\s+");
            if (f[0].equals("Total")) {
                continue;
            }
            if (f[0].equals("Underflow") || f[0].equals("Overflow")) {
                double[] v = numbers(f, 2, 7);
                BinStats s = new BinStats(v[0], v[1], v[2], v[3], v[4]);
                if (f[0].equals("Underflow")) {
                    under = s;
                } else {
                    over = s;
                }
                continue;
            }
            bins.add(numbers(f, 0, 7));
        }
        if (bins.isEmpty()) {
            throw bad("histogram " + path + " has no bins");
        }
        double[] edges = new double[bins.size() + 1];
        for (int k = 0; k < bins.size(); k++) {
            edges[k] = bins.get(k)[0];
            if (k > 0 && Math.abs(bins.get(k - 1)[1] - edges[k]) > 1e-9 * Math.max(1, Math.abs(edges[k]))) {
                line = data.get(k);
                throw bad("bin [" + edges[k] + ", " + bins.get(k)[1] + ") does not start where the previous bin ended ("
                        + bins.get(k - 1)[1] + "): gaps and overlaps are not supported");
            }
        }
        edges[bins.size()] = bins.get(bins.size() - 1)[1];
        Binning binning;
        try {
            binning = new Binning(edges);
        } catch (IllegalArgumentException e) {
            throw bad("histogram " + path + ": " + e.getMessage());
        }
        Histo1D h = new Histo1D(path, title, binning);
        for (int k = 0; k < bins.size(); k++) {
            double[] v = bins.get(k);
            h.set(k, new BinStats(v[2], v[3], v[4], v[5], v[6]));
        }
        h.set(-1, under);
        h.set(binning.size(), over);
        return h;
    }

    private Scatter2D scatter(String path, String title, List<Integer> data) {
        List<Scatter2D.Point> points = new ArrayList<>();
        for (int ln : data) {
            line = ln;
            double[] v = numbers(lines.get(ln).strip().split("\\s+"), 0, 6);
            points.add(new Scatter2D.Point(v[0], v[1], v[2], v[3], v[4], v[5]));
        }
        return new Scatter2D(path, title, points);
    }

    /** Fields [from, to) as numbers; the line must have exactly {@code to} fields. */
    private double[] numbers(String[] f, int from, int to) {
        if (f.length != to) {
            throw bad("expected " + to + " columns, found " + f.length + ": '" + abbreviate(String.join(" ", f)) + "'");
        }
        double[] v = new double[to - from];
        for (int k = from; k < to; k++) {
            try {
                v[k - from] = Double.parseDouble(f[k]);
            } catch (NumberFormatException e) {
                throw bad("column " + (k + 1) + " is not a number: '" + f[k] + "'");
            }
            if (Double.isNaN(v[k - from])) {
                throw bad("column " + (k + 1) + " is NaN");
            }
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
