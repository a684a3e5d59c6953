package org.jetflow.validation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jetflow.validation.measurement.Measurement;

/** The HTML page of a comparison with a measurement: what was compared, χ² tables and the figures. */
final class MeasurementReport {
    private MeasurementReport() {
    }

    static String render(Measurement m, List<MeasurementRun.Sample> samples, ObjectNode metrics) {
        StringBuilder h = new StringBuilder();
        String analysis = m.description().analysis();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>JetFlow: ").append(esc(analysis))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:3px 8px;text-align:right}th{background:#eee}")
                .append("td.l{text-align:left}.figs{display:flex;flex-wrap:wrap;gap:12px}.figs img{width:480px}</style></head><body>\n");
        h.append("<h1>").append(esc(analysis)).append("</h1>\n<p>");
        if (!m.description().title().isEmpty()) {
            h.append(esc(m.description().title())).append("<br>");
        }
        if (!m.description().citation().isEmpty()) {
            h.append(esc(m.description().citation())).append("<br>");
        }
        h.append("Description: <code>").append(esc(String.valueOf(m.description().file().getFileName())))
                .append("</code>; record: <code>").append(esc(String.join(", ", m.record().files().stream()
                        .map(f -> String.valueOf(f.getFileName())).toList()))).append("</code></p>\n<p>Samples: ");
        for (int s = 0; s < samples.size(); s++) {
            JsonNode sn = metrics.path("samples").path(samples.get(s).name());
            h.append(s == 0 ? "" : "; ").append(esc(samples.get(s).name())).append(" <code>")
                    .append(esc(sn.path("file").asText())).append("</code> (").append(sn.path("jets").asLong())
                    .append(" jets read)");
        }
        h.append(".</p>\n<p>Each sample is filled with the record's bins; a jet enters a histogram when its pT, η or y"
                + " (of the constituent sum) pass the histogram's selection. Event-level conditions of the measurement are"
                + " not applied. ").append(esc(MeasurementRun.CHI2)).append("</p>\n<p><b>Correlations.</b> ")
                .append(esc(MeasurementRun.CORRELATIONS)).append("</p>\n");

        h.append("<h2>χ² per observable and in total</h2>\n<table><tr><th class=\"l\">observable</th>");
        samples.forEach(s -> h.append("<th>").append(esc(s.name())).append(" χ² / ndf</th>"));
        h.append("</tr>\n");
        metrics.path("by_observable").fields().forEachRemaining(e -> row(h, e.getKey(), e.getValue(), samples));
        row(h, "total", metrics.path("total"), samples);
        h.append("</table>\n");

        h.append("<h2>Histograms</h2>\n<table><tr><th class=\"l\">record path</th><th class=\"l\">observable</th>")
                .append("<th class=\"l\">selection</th><th class=\"l\">normalisation</th><th>points</th>");
        samples.forEach(s -> h.append("<th>").append(esc(s.name())).append(" jets</th><th>").append(esc(s.name()))
                .append(" χ² / ndf</th>"));
        h.append("</tr>\n");
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) () -> metrics.path("histograms").fields()) {
            JsonNode v = e.getValue();
            h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td class=\"l\">")
                    .append(esc(v.path("observable").asText())).append("</td><td class=\"l\">")
                    .append(esc(v.path("selection").asText())).append("</td><td class=\"l\">")
                    .append(esc(v.path("normalisation").asText())).append("</td><td>").append(v.path("points").asInt())
                    .append("</td>");
            for (MeasurementRun.Sample s : samples) {
                JsonNode sv = v.path(s.name());
                h.append("<td>").append(sv.path("selected_jets").asLong()).append("</td><td>")
                        .append(chi2(sv)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Figures</h2>\n<p>Data as points with their total uncertainty, samples as lines; beneath,"
                + " each sample over the data, with the data's relative uncertainty around 1.</p>\n<div class=\"figs\">\n");
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) () -> metrics.path("histograms").fields()) {
            String png = e.getValue().path("plot").asText();
            String svg = png.replaceFirst("\\.png$", ".svg");
            h.append("<a href=\"").append(esc(svg)).append("\"><img src=\"").append(esc(png)).append("\" alt=\"")
                    .append(esc(e.getKey())).append("\"></a>\n");
        }
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, JsonNode v, List<MeasurementRun.Sample> samples) {
        h.append("<tr><td class=\"l\">").append(esc(name)).append("</td>");
        samples.forEach(s -> h.append("<td>").append(chi2(v.path(s.name()))).append("</td>"));
        h.append("</tr>\n");
    }

    private static String chi2(JsonNode v) {
        return String.format(Locale.ROOT, "%.1f / %d", v.path("chi2").asDouble(), v.path("ndf").asInt());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
