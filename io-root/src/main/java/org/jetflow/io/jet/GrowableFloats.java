package org.jetflow.io.jet;

import java.util.Arrays;

/** An append-only float column that doubles its backing array; the builder's storage. */
final class GrowableFloats {
    private float[] values;
    private int size;

    GrowableFloats(int capacity) {
        values = new float[Math.max(capacity, 1)];
    }

    void add(float v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
    }

    /** Pads with {@code fill} up to {@code n} values (columns absent for some rows). */
    void padTo(int n, float fill) {
        while (size < n) {
            add(fill);
        }
    }

    int size() {
        return size;
    }

    /** The values; the backing array itself when it is exactly full (the builder is then spent). */
    float[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
