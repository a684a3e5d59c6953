package org.jetflow.io.jet;

import java.util.List;

/**
 * The optional columns a {@link JetBatch} carries besides the core ones.
 *
 * <p>Every batch has, per particle, pT (GeV), Δη, Δφ (rad), the class token and the four-momentum
 * px, py, pz, E (GeV); and per jet pT (GeV), η, φ and mass (GeV). Files carry more: detector
 * quantities per particle ({@code d0}, {@code puppi_weight}, ...), jet-level numbers
 * ({@code msd}, {@code tau1}, ...) and integer identifiers ({@code run}, {@code event}). This record
 * names them, in order.
 *
 * @param particleFloats extra float columns per particle
 * @param jetFloats      extra float columns per jet
 * @param jetLongs       extra 64-bit integer columns per jet
 */
public record JetSchema(List<String> particleFloats, List<String> jetFloats, List<String> jetLongs)
        implements java.io.Serializable {
    /** A schema with only the core columns. */
    public static final JetSchema CORE = new JetSchema(List.of(), List.of(), List.of());

    public JetSchema {
        particleFloats = List.copyOf(particleFloats);
        jetFloats = List.copyOf(jetFloats);
        jetLongs = List.copyOf(jetLongs);
    }
}
