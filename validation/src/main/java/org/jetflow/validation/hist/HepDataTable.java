package org.jetflow.validation.hist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.file.JetFileException;

/**
 * HEPData YAML tables (how experiments publish measured histograms): one independent variable
 * with bins ({@code low}, {@code high}) and one or more dependent variables with values and
 * errors ({@code symerror} or {@code asymerror} {plus, minus}, combined in quadrature). Each
 * dependent variable becomes a {@link Scatter2D}.
 */
public final class HepDataTable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HepDataTable() {
    }

    /** Reads a table file; the scatters are named {@code /FILE-STEM/DEPENDENT-NAME}. */
    public static List<Scatter2D> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? null : "line " + e.getLocation().getLineNr();
            throw new JetFileException(file, where, "malformed YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JetFileException(file, null, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.has("independent_variables") || !root.has("dependent_variables")) {
            throw new JetFileException(file, null, "not a HEPData table (needs independent_variables and dependent_variables)");
        }
        JsonNode x = root.get("independent_variables").get(0);
        if (x == null || !x.has("values")) {
            throw new JetFileException(file, "independent_variables[0]", "has no values");
        }
        JsonNode xs = x.get("values");
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<Scatter2D> out = new ArrayList<>();
        JsonNode deps = root.get("dependent_variables");
        for (int d = 0; d < deps.size(); d++) {
            JsonNode dep = deps.get(d);
            String name = dep.path("header").path("name").asText("y" + d);
            JsonNode ys = dep.get("values");
            String at = "dependent_variables[" + d + "]";
            if (ys == null || ys.size() != xs.size()) {
                throw new JetFileException(file, at, "has " + (ys == null ? 0 : ys.size()) + " values for "
                        + xs.size() + " bins");
            }
            List<Scatter2D.Point> points = new ArrayList<>();
            for (int k = 0; k < xs.size(); k++) {
                JsonNode b = xs.get(k);
                String bx = "independent_variables[0].values[" + k + "]";
                double lo = number(file, bx + ".low", b.get("low"));
                double hi = number(file, bx + ".high", b.get("high"));
                double y = number(file, at + ".values[" + k + "].value", ys.get(k).get("value"));
                double up2 = 0;
                double down2 = 0;
                JsonNode errors = ys.get(k).get("errors");
                for (int e = 0; errors != null && e < errors.size(); e++) {
                    String ex = at + ".values[" + k + "].errors[" + e + "]";
                    JsonNode err = errors.get(e);
                    if (err.has("symerror")) {
                        double s = number(file, ex + ".symerror", err.get("symerror"));
                        up2 += s * s;
                        down2 += s * s;
                    } else if (err.has("asymerror")) {
                        double plus = number(file, ex + ".asymerror.plus", err.get("asymerror").get("plus"));
                        double minus = number(file, ex + ".asymerror.minus", err.get("asymerror").get("minus"));
                        up2 += plus * plus;
                        down2 += minus * minus;
                    } else {
                        throw new JetFileException(file, ex, "has neither symerror nor asymerror");
                    }
                }
                double mid = 0.5 * (lo + hi);
                points.add(new Scatter2D.Point(mid, mid - lo, hi - mid, y, Math.sqrt(down2), Math.sqrt(up2)));
            }
            out.add(new Scatter2D("/" + stem + "/" + name, name, points));
        }
        return out;
    }

    private static double number(Path file, String where, JsonNode n) {
        if (n == null || n.isNull()) {
            throw new JetFileException(file, where, "missing");
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String s = n.asText().strip();
        if (s.endsWith("%")) {
            throw new JetFileException(file, where, "relative errors ('" + s + "') are not supported; give absolute ones");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new JetFileException(file, where, "'" + s + "' is not a number");
        }
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
