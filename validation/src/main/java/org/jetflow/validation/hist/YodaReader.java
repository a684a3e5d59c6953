package org.jetflow.validation.hist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jetflow.io.file.JetFileException;

/**
 * Reads the {@code YODA_HISTO1D_V2} and {@code YODA_SCATTER2D_V2} blocks of a YODA text file, plain
 * or gzip-compressed ({@code .yoda.gz}, as Rivet ships its reference data); other block types are
 * skipped. A malformed line, a number that is not finite, text that is not UTF-8 or a damaged gzip
 * stream is an error naming the file and line.
 */
public final class YodaReader {
    private final Path file;
    private final List<String> lines;
    private int line;
    private final List<Histo1D> histograms = new ArrayList<>();
    private final List<Scatter2D> scatters = new ArrayList<>();
    private final Map<String, int[]> pointLines = new HashMap<>();
    private final Map<String, Integer> blockLines = new HashMap<>();

    private YodaReader(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Parses a file; a name ending in {@code .gz} is read through gzip. */
    public static YodaReader read(Path file) {
        YodaReader r = new YodaReader(file, lines(file));
        r.parse();
        return r;
    }

    private static List<String> lines(Path file) {
        boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        List<String> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            throw new JetFileException(file, null, Files.exists(file) ? "not a regular file" : "no such file");
        }
        // A strict decoder: a damaged byte is reported on its line, not read as U+FFFD.
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String s;
            while ((s = r.readLine()) != null) {
                lines.add(s);
            }
        } catch (CharacterCodingException e) {
            throw new JetFileException(file, "line " + (lines.size() + 1), "not UTF-8 text");
        } catch (IOException e) {
            // The line named is the first one not delivered whole: where the damage was met.
            String what = gzip ? "damaged gzip stream" : "cannot read";
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new JetFileException(file, "line " + (lines.size() + 1), what + " (" + why + ")", e);
        }
        return lines;
    }

    public List<Histo1D> histograms() {
        return histograms;
    }

    public List<Scatter2D> scatters() {
        return scatters;
    }

    /** The line (1-based) of the BEGIN line of the object at {@code path}, 0 for another path. */
    public int blockLine(String path) {
        return blockLines.getOrDefault(path, 0);
    }

    /**
     * The line (1-based) of each point of the scatter at {@code path}, for errors found after
     * reading (bins that do not tile, negative uncertainties); null for another path.
     */
    public int[] pointLines(String path) {
        int[] l = pointLines.get(path);
        return l == null ? null : l.clone();
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
            blockLines.putIfAbsent(path, begin + 1);
            String title = headerValue(header, "Title");
            if (type.equals("YODA_HISTO1D_V2")) {
                histograms.add(histogram(path, title, dataLines));
            } else if (type.equals("YODA_SCATTER2D_V2")) {
                if (dataLines.isEmpty()) {
                    line = begin;
                    throw bad("scatter " + path + " has no points");
                }
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
        int[] at = new int[data.size()];
        for (int ln : data) {
            line = ln;
            at[points.size()] = ln + 1;
            double[] v = numbers(lines.get(ln).strip().split("\\s+"), 0, 6);
            points.add(new Scatter2D.Point(v[0], v[1], v[2], v[3], v[4], v[5]));
        }
        pointLines.put(path, at);
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
            if (!Double.isFinite(v[k - from])) {
                throw bad("column " + (k + 1) + " is " + f[k] + ", not a finite number");
            }
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
