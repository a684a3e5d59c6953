package org.jetflow.io.root;

/**
 * A C++ type a TBranchElement streams, parsed from its class name: a basic type, a string, or a
 * sequence (vector, set, list, deque) or map of those, nested to any depth.
 *
 * @param kind  what the type is
 * @param basic the element type of a basic type or string
 * @param first the element of a sequence, the key of a map
 * @param second the value of a map
 */
record CppType(Kind kind, LeafType basic, CppType first, CppType second) {
    /** TSTRING is ROOT's TString: a string streamed as an object, without an STL column header. */
    enum Kind { BASIC, STRING, TSTRING, SEQUENCE, MAP }

    /** Parses "vector<vector<int> >", "map<string,set<short> >", "TString", … ; {@code null} if not one of those. */
    static CppType parse(String name) {
        String s = name.strip();
        if (s.startsWith("std::")) {
            s = s.substring(5);
        }
        int lt = s.indexOf('<');
        if (lt < 0) {
            LeafType t = LeafType.ofCppName(s);
            if (t == null) {
                return null;
            }
            if (t == LeafType.STRING) {
                return new CppType(s.equals("TString") ? Kind.TSTRING : Kind.STRING, t, null, null);
            }
            return new CppType(Kind.BASIC, t, null, null);
        }
        if (!s.endsWith(">")) {
            return null;
        }
        String outer = s.substring(0, lt).strip();
        String inner = s.substring(lt + 1, s.length() - 1);
        switch (outer) {
            case "vector", "set", "list", "deque", "multiset", "unordered_set", "RVec", "ROOT::VecOps::RVec" -> {
                CppType e = parse(inner);
                return e == null ? null : new CppType(Kind.SEQUENCE, null, e, null);
            }
            case "map", "multimap", "unordered_map" -> {
                int comma = topLevelComma(inner);
                if (comma < 0) {
                    return null;
                }
                CppType k = parse(inner.substring(0, comma));
                CppType v = parse(inner.substring(comma + 1));
                return k == null || v == null ? null : new CppType(Kind.MAP, null, k, v);
            }
            default -> {
                return null;
            }
        }
    }

    private static int topLevelComma(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
