package org.jetflow.validation.hist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a JSON or YAML document starts, so that an error found in the parsed tree
 * (a missing field, a wrong number) can name the line a person has to fix. Jackson's trees keep no
 * locations; this reads the document's tokens a second time and remembers the line of every JSON
 * pointer. Build it only from text that already parsed.
 */
public final class DocumentLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private DocumentLines() {
    }

    /** The lines of {@code text}, read with {@code factory} (a JSON or a YAML factory). */
    public static DocumentLines of(JsonFactory factory, String text) throws IOException {
        DocumentLines d = new DocumentLines();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext c = p.getParsingContext();
                // A container's own context is the new one; its pointer is where the parent stands.
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    c = c.getParent();
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                // No context: the document's root value.
                String pointer = c == null ? "" : c.pathAsPointer().toString();
                d.lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        }
        return d;
    }

    /**
     * The line (1-based) where the value at {@code pointer} starts, or where its nearest enclosing
     * value starts when it is absent (a missing field is reported on its object's line); 0 when
     * nothing is known.
     */
    public int line(String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        while (true) {
            Integer l = lines.get(p.toString());
            if (l != null) {
                return l;
            }
            if (p.matches()) {
                return 0;
            }
            p = p.head();
        }
    }

    /**
     * "line 12, histograms[3].selection.pt" for a JSON pointer, the form errors give a place in a
     * document: the line, then the field as a person writes it.
     */
    public String where(String pointer) {
        int l = line(pointer);
        String field = field(pointer);
        if (l <= 0) {
            return field;
        }
        return field.isEmpty() ? "line " + l : "line " + l + ", " + field;
    }

    /** {@code /histograms/3/selection/pt} as {@code histograms[3].selection.pt}. */
    public static String field(String pointer) {
        StringBuilder sb = new StringBuilder();
        JsonPointer p = JsonPointer.compile(pointer);
        while (!p.matches()) {
            String name = p.getMatchingProperty();
            if (p.getMatchingIndex() >= 0) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(name);
            }
            p = p.tail();
        }
        return sb.toString();
    }
}
