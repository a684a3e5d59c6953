package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.NodeReaders;

/**
 * Compares every value JetFlow's ROOT reader reads with what JSROOT (the ROOT team's JavaScript
 * reader, {@code src/test/node/read-root.mjs}) reads from the same file: same trees, entry counts,
 * branch names and every entry's value, exactly.
 */
final class JsrootAgreement {
    private JsrootAgreement() {
    }

    /** Checks a whole file; returns the number of values compared. */
    static long check(Path file) throws Exception {
        NodeReaders.require("jsroot");
        JsonNode js = NodeReaders.run("read-root.mjs", file.toString());
        long compared = 0;
        try (RootFile f = RootFile.open(file)) {
            List<String> names = new ArrayList<>();
            js.get("trees").forEach(t -> names.add(t.get("name").asText()));
            assertEquals(names, f.treeNames(), file + ": trees");
            for (JsonNode t : js.get("trees")) {
                RootTree tree = f.tree(t.get("name").asText());
                assertEquals(t.get("entries").asLong(), tree.entries(), file + ": entries of " + tree.path());
                List<String> branchNames = new ArrayList<>();
                t.get("branches").forEach(b -> branchNames.add(b.get("name").asText()));
                assertEquals(branchNames, tree.leafBranches().stream().map(RootBranch::name).toList(),
                        file + ": branches of " + tree.path());
                for (JsonNode b : t.get("branches")) {
                    if (b.has("error")) {
                        fail(file + ": JSROOT could not read " + b.get("name").asText() + ": " + b.get("error"));
                    }
                    BranchArray a = tree.read(tree.branch(b.get("name").asText()));
                    JsonNode values = b.get("values");
                    assertEquals(values.size(), a.entries(), file + ": entries of branch " + a.branch().name());
                    for (int e = 0; e < a.entries(); e++) {
                        compared += same(values.get(e), a.value(e),
                                file.getFileName() + " " + tree.path() + "/" + a.branch().name() + "[" + e + "]");
                    }
                }
            }
        }
        return compared;
    }

    /** Compares one JSROOT value with one JetFlow value; returns the number of leaf values compared. */
    static long same(JsonNode expected, Object actual, String where) {
        if (expected.isObject() && expected.has("big")) {
            String digits = expected.get("big").asText();
            if (!(actual instanceof Long l) || !(digits.equals(Long.toString(l)) || digits.equals(Long.toUnsignedString(l)))) {
                fail(where + ": JSROOT " + digits + ", JetFlow " + actual);
            }
            return 1;
        }
        if (expected.isObject() && expected.has("special")) {
            double want = switch (expected.get("special").asText()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
            assertEquals(want, ((Number) actual).doubleValue(), where);
            return 1;
        }
        if (expected.isNumber()) {
            if (actual instanceof Long l && expected.isIntegralNumber()) {
                assertEquals(expected.asLong(), l.longValue(), where);
            } else if (actual instanceof Number n) {
                assertEquals(expected.asDouble(), n.doubleValue(), 0.0, where);
            } else {
                fail(where + ": JSROOT " + expected + ", JetFlow " + actual);
            }
            return 1;
        }
        if (expected.isTextual()) {
            String got = actual instanceof List<?> chars ? chars(chars) : String.valueOf(actual);
            assertEquals(expected.asText(), got, where);
            return 1;
        }
        if (expected.isArray()) {
            if (!(actual instanceof List<?> list)) {
                fail(where + ": JSROOT " + expected + ", JetFlow " + actual);
                return 0;
            }
            assertEquals(expected.size(), list.size(), where + " length");
            long n = 0;
            for (int i = 0; i < list.size(); i++) {
                n += same(expected.get(i), list.get(i), where + "[" + i + "]");
            }
            return n;
        }
        fail(where + ": unexpected JSROOT value " + expected);
        return 0;
    }

    /** JSROOT shows a fixed array of chars as a string (up to the first NUL). */
    private static String chars(List<?> bytes) {
        StringBuilder sb = new StringBuilder();
        for (Object o : bytes) {
            int c = (int) (((Long) o) & 0xff);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
