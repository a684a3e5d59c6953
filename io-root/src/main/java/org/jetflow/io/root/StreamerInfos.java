package org.jetflow.io.root;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The TStreamerInfo records a file holds so that readers without ROOT's dictionaries (JSROOT,
 * uproot) can decode the TTree, TBranch and TLeaf objects JetFlow writes. The member lists,
 * versions and checksums in {@code streamer-infos.json} are ROOT 6's own class layouts (TTree 20,
 * TBranch 13, TLeaf 2, …), as ROOT 6.20 records them in the files it writes.
 */
final class StreamerInfos {
    private static final JsonNode CLASSES = load();

    private StreamerInfos() {
    }

    private static JsonNode load() {
        try (InputStream in = StreamerInfos.class.getResourceAsStream("streamer-infos.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("streamer-infos.json missing from the jar", e);
        }
    }

    /** The record's payload: a TList of the TStreamerInfo of every class listed, for a key of that length. */
    static byte[] list(int keyLength, List<String> classes) {
        RootOutput o = new RootOutput(keyLength);
        int v = o.beginVersion(5);
        o.tObject(RootOutput.HEAP_BITS);
        o.string("");
        o.i32(classes.size());
        for (String name : classes) {
            info(o, find(name));
            o.string("");
        }
        o.endVersion(v);
        return o.toByteArray();
    }

    /** The TLeaf subclass of every leaf type JetFlow writes and the classes a tree is made of. */
    static List<String> treeClasses(List<String> leafClasses) {
        List<String> out = new java.util.ArrayList<>(List.of("TObject", "TNamed", "TAttLine", "TAttFill", "TAttMarker",
                "ROOT::TIOFeatures", "TCollection", "TSeqCollection", "TList", "TObjArray", "TString", "TLeaf",
                "TBranch", "TTree"));
        for (String l : leafClasses) {
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    private static JsonNode find(String name) {
        for (JsonNode c : CLASSES) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no streamer info for " + name);
    }

    private static void info(RootOutput o, JsonNode c) {
        int obj = o.beginObject("TStreamerInfo", null);
        int v = o.beginVersion(9);
        o.tNamed(c.get("name").asText(), "");
        o.i32((int) c.get("checksum").asLong());
        o.i32(c.get("version").asInt());
        JsonNode elements = c.get("elements");
        int arr = o.beginObject("TObjArray", null);
        o.objArray(elements.size(), () -> elements.forEach(e -> element(o, e)));
        o.endObject(arr);
        o.endVersion(v);
        o.endObject(obj);
    }

    private static void element(RootOutput o, JsonNode e) {
        String cls = e.get("class").asText();
        int obj = o.beginObject(cls, null);
        int v = o.beginVersion(switch (cls) {
            case "TStreamerBase" -> 3;
            default -> 2;
        });
        int base = o.beginVersion(4);
        o.tNamed(e.get("name").asText(), e.get("title").asText());
        o.i32(e.get("type").asInt());
        o.i32(e.get("size").asInt());
        o.i32(e.path("arrayLength").asInt(0));
        o.i32(e.path("arrayDim").asInt(0));
        JsonNode max = e.get("maxIndex");
        for (int i = 0; i < 5; i++) {
            o.i32(max == null ? 0 : (int) max.get(i).asLong());
        }
        o.string(e.get("typeName").asText());
        o.endVersion(base);
        if (cls.equals("TStreamerBase")) {
            o.i32(e.get("baseVersion").asInt());
        } else if (cls.equals("TStreamerBasicPointer")) {
            o.i32(e.get("countVersion").asInt());
            o.string(e.get("countName").asText());
            o.string(e.get("countClass").asText());
        }
        o.endVersion(v);
        o.endObject(obj);
    }
}
