package org.jetflow.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Ships a model bundle directory to every executor once, through Spark's file distribution
 * ({@code SparkContext.addFile}); tasks find it by its directory name.
 */
final class ModelShipping {
    private ModelShipping() {
    }

    /** Adds the bundle to the job's files and returns the name tasks look it up by. */
    static String ship(SparkSession spark, Path bundle) {
        if (!Files.isRegularFile(bundle.resolve("model-card.json"))) {
            throw new IllegalArgumentException(bundle + ": not a model bundle (no model-card.json)");
        }
        Path abs = bundle.toAbsolutePath().normalize();
        spark.sparkContext().addFile(abs.toUri().toString(), true);
        return abs.getFileName().toString();
    }

    /** The shipped bundle's directory on this executor. */
    static Path local(String name) {
        return Path.of(SparkFiles.get(name));
    }
}
