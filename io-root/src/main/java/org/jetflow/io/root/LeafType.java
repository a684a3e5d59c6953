package org.jetflow.io.root;

/** The element type of a branch's values, with its size on disk (big-endian). */
public enum LeafType {
    BOOL(1, "bool"), INT8(1, "int8"), UINT8(1, "uint8"), INT16(2, "int16"), UINT16(2, "uint16"), INT32(4, "int32"),
    UINT32(4, "uint32"), INT64(8, "int64"), UINT64(8, "uint64"), FLOAT32(4, "float"), FLOAT64(8, "double"),
    /** A TLeafC string, std::string or TString. */
    STRING(0, "string"),
    /** A std::vector/set/map or a nested container, decoded into Java lists. */
    CONTAINER(0, "container");

    /** Bytes per value; 0 for variable-size values. */
    public final int size;
    /** The name {@code jetflow info} shows. */
    public final String label;

    LeafType(int size, String label) {
        this.size = size;
        this.label = label;
    }

    /** True for the floating-point types. */
    public boolean floating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The type of a TLeaf subclass, or {@code null} when it is not a basic-type leaf. */
    static LeafType ofLeafClass(String leafClass, boolean unsigned) {
        return switch (leafClass) {
            case "TLeafO" -> BOOL;
            case "TLeafB" -> unsigned ? UINT8 : INT8;
            case "TLeafS" -> unsigned ? UINT16 : INT16;
            case "TLeafI" -> unsigned ? UINT32 : INT32;
            case "TLeafL", "TLeafG" -> unsigned ? UINT64 : INT64;
            case "TLeafF" -> FLOAT32;
            case "TLeafD" -> FLOAT64;
            case "TLeafC" -> STRING;
            default -> null;
        };
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
