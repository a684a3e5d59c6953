package org.jetflow.flows.sample;

import java.util.Arrays;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;

/**
 * Turns sampled particles into a {@link JetBatch}: each jet's particles in pT order, four-momenta
 * built with the class masses around the jet axis (η, φ) of the sample (docs/validation.md#definitions), and the jet
 * pT, η, φ and mass from the constituent sum.
 */
public final class GeneratedJets {
    private GeneratedJets() {
    }

    public static JetBatch toBatch(FlowSampler.Particles g) {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, g.jets(), g.offsets()[g.jets()]);
        Integer[] order = new Integer[0];
        for (int j = 0; j < g.jets(); j++) {
            int m = g.multiplicity(j);
            if (order.length < m) {
                order = new Integer[m];
            }
            for (int i = 0; i < m; i++) {
                order[i] = g.offsets()[j] + i;
            }
            Arrays.sort(order, 0, m, (u, v) -> Float.compare(g.pt()[v], g.pt()[u]));
            b.beginJet(g.jetEta()[j], g.jetPhi()[j]);
            for (int i = 0; i < m; i++) {
                int o = order[i];
                b.addRelative(g.pt()[o], g.deta()[o], g.dphi()[o], g.classes()[o] + 1);
            }
            b.endJetFromConstituents();
        }
        return b.build();
    }
}
