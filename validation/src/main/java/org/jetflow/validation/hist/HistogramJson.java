package org.jetflow.validation.hist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Histograms as JSON objects: path, title, edges, per-bin moments, underflow and overflow. */
public final class HistogramJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistogramJson() {
    }

    public static ObjectNode toJson(Histo1D h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("path", h.path()).put("title", h.title());
        ArrayNode edges = o.putArray("edges");
        for (double e : h.binning().edges()) {
            edges.add(e);
        }
        ArrayNode sumw = o.putArray("sumw");
        ArrayNode sumw2 = o.putArray("sumw2");
        ArrayNode entries = o.putArray("entries");
        for (int k = 0; k < h.binning().size(); k++) {
            sumw.add(h.bin(k).sumW());
            sumw2.add(h.bin(k).sumW2());
            entries.add(h.bin(k).entries());
        }
        o.put("underflow", h.bin(-1).sumW()).put("overflow", h.bin(h.binning().size()).sumW());
        return o;
    }

    /** Reads what {@link #toJson} wrote (Σwx and Σwx² are not kept). */
    public static Histo1D fromJson(ObjectNode o) {
        ArrayNode e = (ArrayNode) o.get("edges");
        double[] edges = new double[e.size()];
        for (int k = 0; k < edges.length; k++) {
            edges[k] = e.get(k).asDouble();
        }
        Histo1D h = new Histo1D(o.path("path").asText(), o.path("title").asText(), new Binning(edges));
        for (int k = 0; k < edges.length - 1; k++) {
            h.set(k, new BinStats(o.get("sumw").get(k).asDouble(), o.get("sumw2").get(k).asDouble(), 0, 0,
                    o.get("entries").get(k).asDouble()));
        }
        h.set(-1, new BinStats(o.path("underflow").asDouble(), 0, 0, 0, 0));
        h.set(edges.length - 1, new BinStats(o.path("overflow").asDouble(), 0, 0, 0, 0));
        return h;
    }
}
