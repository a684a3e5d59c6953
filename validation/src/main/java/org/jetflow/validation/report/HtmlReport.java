package org.jetflow.validation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML page of a validation: a table of the metrics and one figure per observable. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(Path generated, Path reference, ObjectNode metrics, List<ValidationRun.Row> rows) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>JetFlow validation</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:3px 8px;text-align:right}th{background:#eee}")
                .append("td:first-child{text-align:left}.bad{background:#f8d7da}.ok{background:#d4edda}")
                .append(".figs{display:flex;flex-wrap:wrap;gap:12px}.figs img{width:480px}</style></head><body>\n");
        h.append("<h1>JetFlow validation</h1>\n<p>Generated: <code>").append(esc(String.valueOf(generated.getFileName())))
                .append("</code> (").append(metrics.path("generated").path("jets").asText()).append(" jets)<br>Reference: <code>")
                .append(esc(String.valueOf(reference.getFileName()))).append("</code></p>\n");
        h.append("<p>W1 is the 1-Wasserstein distance, exact from the samples; the floor is the mean W1 between two"
                + " disjoint reference subsamples of <i>floor sample</i> jets each (the generated sample's size, or half"
                + " the reference when it has fewer than twice that), so W1 of a perfect generator is about the floor:"
                + " ratio = W1 / floor is about 1 for a perfect generator (definitions: JetFlow's docs/validation.md)."
                + " Distributions are normalised to unit area.</p>\n");
        h.append("<table><tr><th>observable</th>");
        List<String> keys = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).values().keySet());
        for (String k : keys) {
            h.append("<th>").append(esc(k.equals("size") ? "floor sample" : k)).append("</th>");
        }
        h.append("</tr>\n");
        for (ValidationRun.Row r : rows) {
            h.append("<tr><td>").append(esc(r.spec().name())).append("</td>");
            for (Map.Entry<String, Double> e : r.values().entrySet()) {
                String cls = e.getKey().equals("ratio") ? (e.getValue() <= 3 ? " class=\"ok\"" : " class=\"bad\"") : "";
                h.append("<td").append(cls).append(">").append(fmt(e.getValue())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        JsonNode fr = metrics.get("class_fractions");
        if (fr != null) {
            h.append("<h2>Particle classes</h2>\n<table><tr><th>class</th><th>generated fraction</th><th>reference fraction</th>")
                    .append("<th>W1 of per-jet fraction</th><th>floor</th><th>ratio</th></tr>\n");
            fr.fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                    .append(fmt(e.getValue().get("generated").asDouble())).append("</td><td>")
                    .append(fmt(e.getValue().get("reference").asDouble())).append("</td><td>")
                    .append(fmt(e.getValue().get("w1").asDouble())).append("</td><td>")
                    .append(fmt(e.getValue().get("floor").asDouble())).append("</td><td>")
                    .append(fmt(e.getValue().get("ratio").asDouble())).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        JsonNode cc = metrics.get("class_correlations");
        if (cc != null) {
            h.append("<h2>Classes together</h2>\n<p>P(a jet with an e− also has an e+): generated ")
                    .append(fmt(cc.path("electron_pairing").path("generated").asDouble())).append(", reference ")
                    .append(fmt(cc.path("electron_pairing").path("reference").asDouble()))
                    .append(". P(the two hardest charged particles have opposite charges): generated ")
                    .append(fmt(cc.path("opposite_leading_charges").path("generated").asDouble())).append(", reference ")
                    .append(fmt(cc.path("opposite_leading_charges").path("reference").asDouble()))
                    .append(".</p>\n<table><tr><th>per-jet counts</th><th>correlation, generated</th>")
                    .append("<th>reference</th></tr>\n");
            cc.path("count_correlations").fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey()))
                    .append("</td><td>").append(fmt(e.getValue().path("generated").asDouble())).append("</td><td>")
                    .append(fmt(e.getValue().path("reference").asDouble())).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        JsonNode cl = metrics.get("classifier");
        JsonNode bdt = metrics.get("bdt_classifier");
        if (cl != null || bdt != null) {
            h.append("<h2>Classifier two-sample tests</h2>\n<p>0.5: the classifier cannot tell the samples apart;"
                    + " the larger of the AUCs is the better bound on how far apart they are.</p>\n<ul>\n");
            if (cl != null) {
                h.append("<li>").append(esc(cl.path("what").asText())).append(": AUC ")
                        .append(fmt(cl.path("auc").asDouble())).append(" ± ").append(fmt(cl.path("spread").asDouble()))
                        .append(" on ").append(cl.path("test_jets").asInt()).append(" held-out jets of each sample.</li>\n");
            }
            if (bdt != null) {
                List<String> obs = new ArrayList<>();
                bdt.path("observables").forEach(o -> obs.add(o.asText()));
                h.append("<li>").append(esc(bdt.path("what").asText())).append(" (").append(esc(String.join(", ", obs)))
                        .append("): AUC ").append(fmt(bdt.path("auc").asDouble())).append(" ± ")
                        .append(fmt(bdt.path("spread").asDouble())).append(", the mean over ")
                        .append(bdt.path("folds").asInt()).append(" held-out folds of ").append(bdt.path("jets").asInt())
                        .append(" jets of each sample.</li>\n");
            }
            h.append("</ul>\n");
        }
        if (metrics.has("fpd")) {
            h.append("<h2>Physics distances on EFPs (d ≤ 4)</h2>\n<p>FPD (extrapolated to N → ∞): ")
                    .append(fmt(metrics.get("fpd").get("value").asDouble())).append(" ± ")
                    .append(fmt(metrics.get("fpd").get("error").asDouble())).append("; KPD: ")
                    .append(fmt(metrics.get("kpd").get("median").asDouble())).append(" ± ")
                    .append(fmt(metrics.get("kpd").get("spread").asDouble())).append("</p>\n");
        }
        h.append("<h2>Distributions</h2>\n<div class=\"figs\">\n");
        for (ValidationRun.Row r : rows) {
            String n = esc(r.spec().name());
            h.append("<a href=\"plots/").append(n).append(".svg\"><img src=\"plots/").append(n)
                    .append(".png\" alt=\"").append(esc(r.spec().title())).append("\"></a>\n");
        }
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0) ? String.format(Locale.ROOT, "%.3e", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
