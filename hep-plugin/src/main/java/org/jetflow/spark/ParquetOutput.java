package org.jetflow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a dataset as Parquet through Spark's data source. Spark's committer moves task files into
 * place only at job commit and marks a complete dataset with {@code _SUCCESS}; if the job fails, the
 * directory it had created is removed again, so a failed run leaves nothing that looks like output.
 */
final class ParquetOutput {
    private ParquetOutput() {
    }

    static void write(Dataset<Row> data, String output, boolean overwrite) {
        Path path = new Path(output);
        FileSystem fs;
        boolean existed;
        try {
            fs = path.getFileSystem(data.sparkSession().sparkContext().hadoopConfiguration());
            existed = fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(output + ": " + e.getMessage(), e);
        }
        if (existed && !overwrite) {
            throw new IllegalArgumentException(output + ": already exists (give --overwrite to replace it)");
        }
        boolean done = false;
        try {
            data.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
            done = true;
        } finally {
            if (!done && !existed) {
                try {
                    fs.delete(path, true);
                } catch (IOException ignored) {
                    // The job's own error is the one to report.
                }
            }
        }
    }
}
