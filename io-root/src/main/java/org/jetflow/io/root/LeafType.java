package org.jetflow.io.root;

/** The element type of a branch's values, with its size on disk (big-endian). */
public enum LeafType {
    BOOL(1, "bool", "TLeafO", "O"), INT8(1, "int8", "TLeafB", "B"), UINT8(1, "uint8", "TLeafB", "b"),
    INT16(2, "int16", "TLeafS", "S"), UINT16(2, "uint16", "TLeafS", "s"), INT32(4, "int32", "TLeafI", "I"),
    UINT32(4, "uint32", "TLeafI", "i"), INT64(8, "int64", "TLeafL", "L"), UINT64(8, "uint64", "TLeafL", "l"),
    FLOAT32(4, "float", "TLeafF", "F"), FLOAT64(8, "double", "TLeafD", "D"),
    /** A TLeafC string, std::string or TString. */
    STRING(0, "string", "TLeafC", "C"),
    /** A std::vector/set/map or a nested container, decoded into Java lists. */
    CONTAINER(0, "container", null, null);

    /** Bytes per value; 0 for variable-size values. */
    public final int size;
    /** The name {@code jetflow info} shows. */
    public final String label;
    /** The TLeaf subclass that holds this type. */
    final String leafClass;
    /** The type letter of a leaf-list title ({@code pt/F}); lower case for unsigned. */
    final String code;

    LeafType(int size, String label, String leafClass, String code) {
        this.size = size;
        this.label = label;
        this.leafClass = leafClass;
        this.code = code;
    }

    /** True for the unsigned integer types. */
    boolean unsigned() {
        return code != null && Character.isLowerCase(code.charAt(0));
    }

    /** True for the floating-point types. */
    public boolean floating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The type of a TLeaf subclass, or {@code null} when it is not a basic-type leaf. */
    static LeafType ofLeafClass(String leafClass, boolean unsigned) {
        String cls = leafClass.equals("TLeafG") ? "TLeafL" : leafClass; // Long_t: 64 bits on every platform ROOT writes
        for (LeafType t : values()) {
            if (cls.equals(t.leafClass) && t.unsigned() == unsigned) {
                return t;
            }
        }
        for (LeafType t : values()) {
            if (cls.equals(t.leafClass)) {
                return t; // O, F, D, C: no unsigned twin
            }
        }
        return null;
    }

    /** The type of a C++ type name inside a container ("int", "unsigned short", "Float_t", …). */
    static LeafType ofCppName(String cpp) {
        return switch (cpp.strip()) {
            case "bool", "Bool_t" -> BOOL;
            case "char", "Char_t", "signed char", "int8_t" -> INT8;
            case "unsigned char", "UChar_t", "uint8_t" -> UINT8;
            case "short", "Short_t", "int16_t" -> INT16;
            case "unsigned short", "UShort_t", "uint16_t" -> UINT16;
            case "int", "Int_t", "int32_t" -> INT32;
            case "unsigned int", "UInt_t", "unsigned", "uint32_t" -> UINT32;
            case "long", "Long_t", "long long", "Long64_t", "int64_t" -> INT64;
            case "unsigned long", "ULong_t", "unsigned long long", "ULong64_t", "uint64_t" -> UINT64;
            case "float", "Float_t" -> FLOAT32;
            case "double", "Double_t" -> FLOAT64;
            case "string", "std::string", "TString" -> STRING;
            default -> null;
        };
    }

    /** Reads one value: a Long for integers and booleans (an unsigned 64-bit value keeps its bits), a Double for floats, a String. */
    Object read(RootBuffer b) {
        return switch (this) {
            case BOOL, UINT8 -> (long) b.u8();
            case INT8 -> (long) (byte) b.u8();
            case INT16 -> (long) b.i16();
            case UINT16 -> (long) (b.i16() & 0xffff);
            case INT32 -> (long) b.i32();
            case UINT32 -> b.i32() & 0xffffffffL;
            case INT64, UINT64 -> b.i64();
            case FLOAT32 -> (double) b.f32();
            case FLOAT64 -> b.f64();
            case STRING -> b.string();
            case CONTAINER -> throw new IllegalStateException("a container is not a single value");
        };
    }
}
