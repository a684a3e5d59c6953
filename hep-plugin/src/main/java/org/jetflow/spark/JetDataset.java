package org.jetflow.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Jets as a Spark job reads them: rows in the layout of {@link JetRows} (with the {@code jet}
 * index), their schema, and a name for error messages. Kept as rows rather than a DataFrame, so
 * that jets read from files go to the per-jet work without a round trip through Spark's row
 * encoder.
 *
 * @param rows   one row per jet
 * @param schema the rows' layout
 * @param name   the input as the user gave it (paths joined by commas)
 */
public record JetDataset(JavaRDD<Row> rows, StructType schema, String name) {
    /** The partitions the jets are in. */
    public int partitions() {
        return rows.getNumPartitions();
    }

    /** The column index of the global jet index. */
    int jetIndex() {
        return schema.fieldIndex(JetRows.JET_INDEX);
    }

    /** These jets in {@code n} partitions (a shuffle). */
    public JetDataset repartition(int n) {
        return new JetDataset(rows.repartition(n), schema, name);
    }
}
