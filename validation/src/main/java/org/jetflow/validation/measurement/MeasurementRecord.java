package org.jetflow.validation.measurement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jetflow.io.file.JetFileException;
import org.jetflow.validation.hist.Binning;
import org.jetflow.validation.hist.HepDataTable;
import org.jetflow.validation.hist.Histo1D;
import org.jetflow.validation.hist.Scatter2D;
import org.jetflow.validation.hist.YodaReader;

/**
 * A measurement's published histograms, by path, from the files it is distributed in:
 * <ul>
 * <li>YODA, as Rivet ships reference data ({@code .yoda}, {@code .yoda.gz}): every
 *     {@code Scatter2D} by its path ({@code /REF/ANALYSIS/dNN-xMM-yKK}), and every {@code Histo1D}
 *     (its heights Σw/Δx with errors √Σw²/Δx);</li>
 * <li>HEPData YAML tables ({@code .yaml}, {@code .yml}), one file per table: dependent variable k
 *     of the table numbered NN (the last number in the file's name: {@code Table_29.yaml},
 *     {@code Table29.yaml}) is {@code /REF/ANALYSIS/dNN-x01-yKK} with KK = k + 1, Rivet's naming for
 *     a record whose tables are numbered in order; a file name without a number keeps
 *     {@code /FILE-STEM/DEPENDENT-NAME}.</li>
 * </ul>
 * A histogram's points must tile its axis (each bin starts where the previous one ended, edges
 * increasing) and carry non-negative uncertainties; otherwise {@link #histogram} fails naming the
 * file and the line of the point.
 */
public final class MeasurementRecord {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    /**
     * A scatter as read, with where its points are.
     *
     * @param lines the line (1-based) of each point
     */
    private record Source(Path file, Scatter2D scatter, int[] lines) {
        String where(int point) {
            return point < lines.length && lines[point] > 0 ? "line " + lines[point] : null;
        }
    }

    private final Map<String, Source> scatters = new LinkedHashMap<>();
    private final Map<String, DataHistogram> histograms = new LinkedHashMap<>();
    private final List<Path> files;

    private MeasurementRecord(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /**
     * Reads a record from one or more files (several HEPData tables, say).
     *
     * @param analysis the analysis name that HEPData tables' paths get
     */
    public static MeasurementRecord read(List<Path> files, String analysis) {
        MeasurementRecord r = new MeasurementRecord(files);
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yoda") || name.endsWith(".yoda.gz")) {
                YodaReader y = YodaReader.read(f);
                for (Scatter2D s : y.scatters()) {
                    r.addScatter(f, s, y.pointLines(s.path()));
                }
                for (Histo1D h : y.histograms()) {
                    r.addHistogram(f, h, y.blockLine(h.path()));
                }
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                HepDataTable.Table t = HepDataTable.readTable(f);
                Matcher m = LAST_NUMBER.matcher(f.getFileName().toString());
                String table = m.find() ? m.group(1).replaceFirst("^0+(?=\\d)", "") : null;
                if (table != null && table.length() < 2) {
                    table = "0" + table;
                }
                for (int k = 0; k < t.scatters().size(); k++) {
                    Scatter2D s = t.scatters().get(k);
                    if (table != null) {
                        String path = String.format(Locale.ROOT, "/REF/%s/d%s-x01-y%02d", analysis, table, k + 1);
                        s = new Scatter2D(path, s.title(), s.points());
                    }
                    r.addScatter(f, s, t.binLines());
                }
            } else {
                throw new JetFileException(f, null, "unknown record format (.yoda, .yoda.gz, HEPData .yaml)");
            }
        }
        return r;
    }

    private void addScatter(Path file, Scatter2D s, int[] lines) {
        refuseDuplicate(file, s.path(), lines.length > 0 ? lines[0] : 0);
        scatters.put(s.path(), new Source(file, s, lines));
    }

    private void addHistogram(Path file, Histo1D h, int line) {
        refuseDuplicate(file, h.path(), line);
        Binning b = h.binning();
        double[] v = h.densities();
        double[] e = h.densityErrors();
        histograms.put(h.path(), new DataHistogram(h.path(), h.title(), b, v, e, e));
    }

    private void refuseDuplicate(Path file, String path, int line) {
        if (scatters.containsKey(path) || histograms.containsKey(path)) {
            throw new JetFileException(file, line > 0 ? "line " + line : null, "a second histogram '" + path + "'");
        }
    }

    /** The files read. */
    public List<Path> files() {
        return files;
    }

    /** The paths of every histogram, in file order. */
    public List<String> paths() {
        List<String> p = new ArrayList<>(scatters.keySet());
        p.addAll(histograms.keySet());
        return p;
    }

    /**
     * The histogram at {@code path}, or null when the record has none.
     *
     * @throws JetFileException naming the file and line when its points do not tile the axis or an
     *     uncertainty is negative
     */
    public DataHistogram histogram(String path) {
        DataHistogram h = histograms.get(path);
        if (h != null) {
            return h;
        }
        Source s = scatters.get(path);
        return s == null ? null : asHistogram(s);
    }

    private static DataHistogram asHistogram(Source s) {
        List<Scatter2D.Point> pts = s.scatter().points();
        String name = s.scatter().path();
        if (pts.isEmpty()) {
            throw new JetFileException(s.file(), s.where(0), name + ": no points");
        }
        int n = pts.size();
        double[] edges = new double[n + 1];
        double[] v = new double[n];
        double[] down = new double[n];
        double[] up = new double[n];
        for (int k = 0; k < n; k++) {
            Scatter2D.Point p = pts.get(k);
            String where = s.where(k);
            double lo = p.x() - p.xErrMinus();
            double hi = p.x() + p.xErrPlus();
            if (!(p.xErrMinus() >= 0 && p.xErrPlus() >= 0 && hi > lo)) {
                throw new JetFileException(s.file(), where, name + ": bin [" + lo + ", " + hi + ") of point " + (k + 1)
                        + " has no positive width");
            }
            if (k > 0 && Math.abs(lo - edges[k]) > 1e-9 * Math.max(1, Math.abs(lo))) {
                throw new JetFileException(s.file(), where, name + ": bin [" + lo + ", " + hi + ") of point " + (k + 1)
                        + " does not start where the previous bin ended (" + edges[k] + "): bins must be in order"
                        + " without gaps or overlaps");
            }
            if (!(p.yErrMinus() >= 0 && p.yErrPlus() >= 0)) {
                throw new JetFileException(s.file(), where, name + ": negative uncertainty of point " + (k + 1));
            }
            if (k == 0) {
                edges[0] = lo;
            }
            edges[k + 1] = hi;
            v[k] = p.y();
            down[k] = p.yErrMinus();
            up[k] = p.yErrPlus();
        }
        try {
            return new DataHistogram(name, s.scatter().title(), new Binning(edges), v, down, up);
        } catch (IllegalArgumentException e) {
            throw new JetFileException(s.file(), s.where(0), name + ": " + e.getMessage());
        }
    }
}
