/**
 * Jet-substructure validation: observables as FastJet/fjcontrib define them, histograms, distances
 * with their statistical floor, reference histograms, the boosted-tree two-sample test and reports.
 * Depends on {@code io-root} and XGBoost (for that test) only, so that a user of validation never
 * pulls in PyTorch.
 */
package org.jetflow.validation;
