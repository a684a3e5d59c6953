/**
 * Jet-substructure validation: observables as FastJet/fjcontrib define them, histograms, distances
 * with their statistical floor, reference histograms and reports. Depends on {@code io-root} only,
 * so that a user of validation never pulls in PyTorch.
 */
package org.jetflow.validation;
