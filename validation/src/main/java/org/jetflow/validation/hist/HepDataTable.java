package org.jetflow.validation.hist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.file.JetFileException;

/**
 * HEPData YAML tables (how experiments publish measured histograms): one independent variable
 * with bins ({@code low}, {@code high}) and one or more dependent variables with values and
 * labelled errors ({@code symerror}, or {@code asymerror} with {@code plus} and {@code minus};
 * a number, or a percentage of the value such as {@code '5%'}), the parts of each side added in
 * quadrature. Each dependent variable becomes a {@link Scatter2D}. Anything malformed is an error
 * naming the file, the line and the field.
 */
public final class HepDataTable {
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper YAML = new ObjectMapper(YAML_FACTORY);

    /**
     * A table as read.
     *
     * @param scatters  one per dependent variable, named {@code /FILE-STEM/DEPENDENT-NAME}
     * @param binLines  the line (1-based) of each bin of the independent variable, for errors found
     *                  later (bins out of order)
     */
    public record Table(List<Scatter2D> scatters, int[] binLines) {
    }

    private final Path file;
    private final DocumentLines lines;

    private HepDataTable(Path file, DocumentLines lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads a table file; the scatters are named {@code /FILE-STEM/DEPENDENT-NAME}. */
    public static List<Scatter2D> read(Path file) {
        return readTable(file).scatters();
    }

    /** Reads a table file with the line of each bin. */
    public static Table readTable(Path file) {
        String text = Utf8Text.read(file);
        JsonNode root;
        DocumentLines lines;
        try {
            root = YAML.readTree(text);
            lines = DocumentLines.of(YAML_FACTORY, text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? null : "line " + e.getLocation().getLineNr();
            throw new JetFileException(file, where, "malformed YAML: " + problem(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new JetFileException(file, null, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("independent_variables") || !root.has("dependent_variables")) {
            throw new JetFileException(file, "line 1", "not a HEPData table (needs independent_variables and dependent_variables)");
        }
        return new HepDataTable(file, lines).table(root);
    }

    /**
     * The YAML parser's message without its quoted snippet, caret and "in 'reader', line L" lines
     * (they are indented; the line is already in front): what went wrong, in one line.
     */
    private static String problem(String message) {
        if (message == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String l : message.split("\n")) {
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
                parts.add(l.strip());
            }
        }
        return parts.isEmpty() ? message.strip() : String.join(": ", parts);
    }

    private JetFileException bad(String pointer, String problem) {
        return new JetFileException(file, lines.where(pointer), problem);
    }

    private JsonNode array(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw bad(pointer, "missing");
        }
        if (!n.isArray() || n.isEmpty()) {
            throw bad(pointer, "must be a non-empty list");
        }
        return n;
    }

    private JsonNode object(JsonNode n, String pointer) {
        if (n == null || !n.isObject()) {
            throw bad(pointer, "must be a mapping (name: value, ...)");
        }
        return n;
    }

    private Table table(JsonNode root) {
        JsonNode xvars = array(root, "independent_variables", "/independent_variables");
        JsonNode x = object(xvars.get(0), "/independent_variables/0");
        JsonNode xs = array(x, "values", "/independent_variables/0/values");
        int[] binLines = new int[xs.size()];
        double[] lo = new double[xs.size()];
        double[] hi = new double[xs.size()];
        for (int k = 0; k < xs.size(); k++) {
            String bx = "/independent_variables/0/values/" + k;
            JsonNode b = object(xs.get(k), bx);
            binLines[k] = lines.line(bx);
            lo[k] = number(bx + "/low", b.get("low"));
            hi[k] = number(bx + "/high", b.get("high"));
        }
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<Scatter2D> out = new ArrayList<>();
        JsonNode deps = array(root, "dependent_variables", "/dependent_variables");
        for (int d = 0; d < deps.size(); d++) {
            String at = "/dependent_variables/" + d;
            JsonNode dep = object(deps.get(d), at);
            String name = dep.path("header").path("name").asText("y" + d);
            JsonNode ys = array(dep, "values", at + "/values");
            if (ys.size() != xs.size()) {
                throw bad(at, "has " + ys.size() + " values for " + xs.size() + " bins");
            }
            List<Scatter2D.Point> points = new ArrayList<>();
            for (int k = 0; k < xs.size(); k++) {
                String vx = at + "/values/" + k;
                JsonNode v = object(ys.get(k), vx);
                double y = number(vx + "/value", v.get("value"));
                double up2 = 0;
                double down2 = 0;
                JsonNode errors = v.get("errors");
                if (errors != null && !errors.isNull() && !errors.isArray()) {
                    throw bad(vx + "/errors", "must be a list");
                }
                for (int e = 0; errors != null && e < errors.size(); e++) {
                    String ex = vx + "/errors/" + e;
                    JsonNode err = object(errors.get(e), ex);
                    if (err.has("symerror")) {
                        double s = error(ex + "/symerror", err.get("symerror"), y);
                        up2 += s * s;
                        down2 += s * s;
                    } else if (err.has("asymerror")) {
                        JsonNode a = object(err.get("asymerror"), ex + "/asymerror");
                        double plus = error(ex + "/asymerror/plus", a.get("plus"), y);
                        double minus = error(ex + "/asymerror/minus", a.get("minus"), y);
                        up2 += plus * plus;
                        down2 += minus * minus;
                    } else {
                        throw bad(ex, "has neither symerror nor asymerror");
                    }
                }
                double mid = 0.5 * (lo[k] + hi[k]);
                points.add(new Scatter2D.Point(mid, mid - lo[k], hi[k] - mid, y, Math.sqrt(down2), Math.sqrt(up2)));
            }
            out.add(new Scatter2D("/" + stem + "/" + name, name, points));
        }
        return new Table(out, binLines);
    }

    /** An error's size: a number, or a percentage of the value ({@code '5%'}, as HEPData allows). */
    private double error(String pointer, JsonNode n, double value) {
        if (n != null && n.isTextual() && n.asText().strip().endsWith("%")) {
            String s = n.asText().strip();
            double percent = parse(pointer, s.substring(0, s.length() - 1).strip());
            return percent / 100 * Math.abs(value);
        }
        return number(pointer, n);
    }

    private double number(String pointer, JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw bad(pointer, "missing");
        }
        if (n.isNumber()) {
            return finite(pointer, n.asDouble(), n.asText());
        }
        if (!n.isTextual()) {
            throw bad(pointer, "must be a number");
        }
        return parse(pointer, n.asText().strip());
    }

    private double parse(String pointer, String s) {
        try {
            return finite(pointer, Double.parseDouble(s), s);
        } catch (NumberFormatException e) {
            throw bad(pointer, "'" + abbreviate(s) + "' is not a number");
        }
    }

    private double finite(String pointer, double v, String text) {
        if (!Double.isFinite(v)) {
            throw bad(pointer, "'" + abbreviate(text) + "' is not a finite number");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /** A normalised histogram as a HEPData table with statistical errors. */
    public static String write(Histo1D h, String xName, String xUnits, String yName) {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode iv = root.putArray("independent_variables").addObject();
        iv.putObject("header").put("name", xName).put("units", xUnits);
        ArrayNode xs = iv.putArray("values");
        ObjectNode dv = root.putArray("dependent_variables").addObject();
        dv.putObject("header").put("name", yName);
        ArrayNode ys = dv.putArray("values");
        Binning b = h.binning();
        for (int k = 0; k < b.size(); k++) {
            xs.addObject().put("low", b.lowEdge(k)).put("high", b.highEdge(k));
            ObjectNode v = ys.addObject().put("value", h.density(k));
            v.putArray("errors").addObject().put("symerror", h.densityError(k)).put("label", "stat");
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
