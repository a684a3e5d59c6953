/**
 * Published measurements as Rivet users compare generators with them: a measurement description
 * (which histogram of a record is which observable, for which jets, normalised how), the record's
 * measured points ({@link org.jetflow.validation.measurement.MeasurementRecord}: YODA, gzipped
 * YODA or HEPData YAML), and a sample's histograms filled with the measurement's own bins and
 * selection ({@link org.jetflow.validation.measurement.HistogramFiller}). The comparison and its
 * report are {@link org.jetflow.validation.report.MeasurementRun}.
 */
package org.jetflow.validation.measurement;
