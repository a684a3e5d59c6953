package org.jetflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model cards shipped in {@code samples/models} (class models' too) name their training data and start model by
 * name, size and hash, never by a path of the machine they were made on.
 */
class ShippedModelCardTest {
    private static void strings(JsonNode n, String at, List<String[]> out) {
        if (n.isTextual()) {
            out.add(new String[] {at, n.asText()});
        }
        n.fields().forEachRemaining(e -> strings(e.getValue(), at + "." + e.getKey(), out));
        for (int i = 0; n.isArray() && i < n.size(); i++) {
            strings(n.get(i), at + "[" + i + "]", out);
        }
    }

    @Test
    void cardsHoldNoMachinePaths() throws Exception {
        List<Path> cards;
        // A flow's class model has a card of its own, in the flow's class-model/ directory.
        try (Stream<Path> s = Files.walk(Path.of("models"), 3)) {
            cards = s.filter(p -> p.getFileName().toString().equals("model-card.json")).toList();
        }
        assertFalse(cards.isEmpty(), "samples/models has model cards");
        for (Path card : cards) {
            JsonNode root = new ObjectMapper().readTree(card.toFile());
            List<String[]> all = new ArrayList<>();
            strings(root, "", all);
            for (String[] s : all) {
                // An absolute path starts with the root (Unix) or a drive letter (Windows).
                assertFalse(s[1].startsWith("/") || s[1].matches("^[A-Za-z]:[\\\\/].*"),
                        card + s[0] + " holds a path: " + s[1]);
            }
            for (JsonNode f : root.path("training_data").path("files")) {
                assertEquals(64, f.path("sha256").asText().length(), card + ": training file " + f);
                assertTrue(f.path("bytes").asLong() > 0, card + ": training file " + f);
            }
        }
    }
}
