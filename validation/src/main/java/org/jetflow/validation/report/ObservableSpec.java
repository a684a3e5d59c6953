package org.jetflow.validation.report;

import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.jet.ParticleClass;

/**
 * How an observable is shown: its column name, a title, the x-axis label with its unit, and whether
 * it takes integer values (bins centred on integers).
 */
public record ObservableSpec(String name, String title, String xLabel, boolean integer) {
    /** The y-axis label of a unit-area distribution of this observable. */
    public String yLabel() {
        String unit = xLabel.contains("[GeV]") ? " [1/GeV]" : "";
        String symbol = xLabel.replaceAll("\\s*\\[.*\\]", "");
        return "1/N dN/d" + symbol + unit;
    }

    /** The observables {@code jetflow validate} compares between samples, in report order. */
    public static List<ObservableSpec> standard() {
        List<ObservableSpec> s = new ArrayList<>(List.of(
                new ObservableSpec("pt", "Jet transverse momentum", "p_T [GeV]", false),
                new ObservableSpec("eta", "Jet pseudorapidity", "η", false),
                new ObservableSpec("mass", "Jet mass", "m [GeV]", false),
                new ObservableSpec("msd", "Soft-drop mass (β = 0, z_cut = 0.1)", "m_SD [GeV]", false),
                new ObservableSpec("rg", "Soft-drop groomed radius (β = 0, z_cut = 0.1)", "R_g", false),
                new ObservableSpec("zg", "Soft-drop momentum sharing (β = 0, z_cut = 0.1)", "z_g", false),
                new ObservableSpec("n", "Constituent multiplicity", "N", true),
                new ObservableSpec("tau21", "N-subjettiness ratio τ21", "τ21", false),
                new ObservableSpec("tau32", "N-subjettiness ratio τ32", "τ32", false),
                new ObservableSpec("c2", "Energy correlation ratio C2 (β = 1)", "C2", false),
                new ObservableSpec("d2", "Energy correlation ratio D2 (β = 1)", "D2", false),
                new ObservableSpec("charge", "Jet charge (κ = 0.5)", "Q_κ [e]", false),
                new ObservableSpec("ptd", "p_T^D", "p_T^D", false),
                new ObservableSpec("girth", "Girth", "g", false)));
        for (ParticleClass c : ParticleClass.values()) {
            s.add(new ObservableSpec("n_" + c.shortName(), "Multiplicity of " + c.shortName(), "N_" + c.shortName(), true));
        }
        return s;
    }
}
