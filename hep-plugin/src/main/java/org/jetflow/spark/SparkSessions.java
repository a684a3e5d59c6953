package org.jetflow.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a JetFlow job. */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * A session for {@code app}. The master is {@code master} when given, else the one
     * {@code spark-submit} set ({@code spark.master}), else {@code local[*]}: Spark runs embedded.
     */
    public static SparkSession open(String app, String master) {
        SparkConf conf = new SparkConf(true).setAppName("jetflow " + app);
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        // Model inference dominates; shuffles are small (histograms, scores), so few shuffle partitions.
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
