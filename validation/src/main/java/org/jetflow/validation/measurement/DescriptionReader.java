package org.jetflow.validation.measurement;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jetflow.io.file.JetFileException;
import org.jetflow.validation.hist.DocumentLines;
import org.jetflow.validation.hist.Utf8Text;

/**
 * Reads a measurement description (JSON; every field in docs/validation.md, "Measurement
 * descriptions"). Strict: a missing or unknown field, a value of the wrong kind, an unknown
 * observable or normalisation is an error naming the file, the line and the field, so that a typo
 * cannot silently change what is compared.
 */
public final class DescriptionReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> TOP = Set.of("analysis", "title", "citation", "histograms");
    private static final Set<String> HISTOGRAM = Set.of("path", "title", "observable", "selection", "normalisation",
            "x_label", "y_label");
    private static final Set<String> SELECTION = Set.of("pt", "abs_eta", "abs_y");

    private final Path file;
    private final DocumentLines lines;

    private DescriptionReader(Path file, DocumentLines lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads and checks a description. */
    public static MeasurementDescription read(Path file) {
        String text = Utf8Text.read(file);
        if (text.isBlank()) {
            throw new JetFileException(file, "line 1", "empty: a measurement description is a JSON object");
        }
        JsonNode root;
        DocumentLines lines;
        try {
            root = JSON.readTree(text);
            lines = DocumentLines.of(FACTORY, text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? null : "line " + e.getLocation().getLineNr();
            throw new JetFileException(file, where, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JetFileException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return new DescriptionReader(file, lines).description(root);
    }

    private JetFileException bad(String pointer, String problem) {
        return new JetFileException(file, lines.where(pointer), problem);
    }

    private MeasurementDescription description(JsonNode root) {
        object(root, "", TOP);
        String analysis = text(root, "", "analysis", true);
        if (!analysis.matches("[A-Za-z0-9_.-]+")) {
            throw bad("/analysis", "'" + analysis + "' is not an analysis name (letters, digits, _ . -)");
        }
        JsonNode hs = root.get("histograms");
        if (hs == null || !hs.isArray() || hs.isEmpty()) {
            throw bad("/histograms", hs == null ? "missing (a list of histograms)" : "must be a non-empty list");
        }
        List<HistogramDescription> out = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (int k = 0; k < hs.size(); k++) {
            HistogramDescription h = histogram(hs.get(k), "/histograms/" + k);
            if (!paths.add(h.path())) {
                throw bad("/histograms/" + k + "/path", "'" + h.path() + "' is described twice");
            }
            out.add(h);
        }
        return new MeasurementDescription(file, analysis, text(root, "", "title", false), text(root, "", "citation", false),
                out, lines);
    }

    private HistogramDescription histogram(JsonNode h, String at) {
        object(h, at, HISTOGRAM);
        String path = text(h, at, "path", true);
        if (!path.startsWith("/")) {
            throw bad(at + "/path", "'" + path + "' is not a path in a record (it starts with /)");
        }
        Normalisation n = Normalisation.of(text(h, at, "normalisation", true));
        if (n == null) {
            throw bad(at + "/normalisation", "'" + h.get("normalisation").asText() + "' is not a normalisation (one of "
                    + Normalisation.keys() + ")");
        }
        return new HistogramDescription(path, text(h, at, "title", false), observable(h.get("observable"), at + "/observable"),
                selection(h.get("selection"), at + "/selection"), n, text(h, at, "x_label", true), text(h, at, "y_label", true));
    }

    private ObservableDefinition observable(JsonNode o, String at) {
        if (o == null) {
            throw bad(at, "missing (an object with a name and the observable's parameters)");
        }
        if (!o.isObject()) {
            throw bad(at, "must be an object such as {\"name\": \"msd\", \"zcut\": 0.1}");
        }
        String name = text(o, at, "name", true);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (e.getKey().equals("name")) {
                continue;
            }
            if (v.isTextual()) {
                parameters.put(e.getKey(), v.asText());
            } else if (v.isBoolean()) {
                parameters.put(e.getKey(), v.asBoolean());
            } else {
                parameters.put(e.getKey(), number(v, at + "/" + e.getKey()));
            }
        }
        if (!ObservableMapping.names().contains(name)) {
            throw bad(at + "/name", "unknown observable '" + name + "' (known: " + String.join(", ", ObservableMapping.names())
                    + ")");
        }
        ObservableDefinition d = new ObservableDefinition(name, parameters);
        try {
            ObservableMapping.create(d);
        } catch (IllegalArgumentException e) {
            throw bad(at, e.getMessage());
        }
        return d;
    }

    private JetSelection selection(JsonNode s, String at) {
        object(s, at, SELECTION);
        JsonNode pt = s.get("pt");
        if (pt == null || !pt.isArray() || pt.size() != 2) {
            throw bad(at + "/pt", (pt == null ? "missing" : "must be") + " a range [low, high] in GeV");
        }
        double lo = number(pt.get(0), at + "/pt/0");
        double hi = number(pt.get(1), at + "/pt/1");
        double eta = s.has("abs_eta") ? number(s.get("abs_eta"), at + "/abs_eta") : Double.POSITIVE_INFINITY;
        double y = s.has("abs_y") ? number(s.get("abs_y"), at + "/abs_y") : Double.POSITIVE_INFINITY;
        try {
            return new JetSelection(lo, hi, eta, y);
        } catch (IllegalArgumentException e) {
            throw bad(at, e.getMessage());
        }
    }

    /** Checks that {@code n} is an object holding only {@code allowed} fields. */
    private void object(JsonNode n, String at, Set<String> allowed) {
        if (n == null) {
            throw bad(at, "missing");
        }
        if (!n.isObject()) {
            throw bad(at, "must be an object with " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw bad(at + "/" + f, "unknown field '" + f + "' (known here: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String text(JsonNode parent, String at, String field, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null) {
            if (required) {
                throw bad(at + "/" + field, "missing");
            }
            return "";
        }
        if (!n.isTextual()) {
            throw bad(at + "/" + field, "must be a string");
        }
        if (required && n.asText().isBlank()) {
            throw bad(at + "/" + field, "is empty");
        }
        return n.asText();
    }

    private double number(JsonNode n, String at) {
        if (n == null || !n.isNumber()) {
            throw bad(at, "must be a number");
        }
        double v = n.asDouble();
        if (!Double.isFinite(v)) {
            throw bad(at, n.asText() + " is not a finite number");
        }
        return v;
    }
}
