package org.jetflow.flows.sample;

import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;

/**
 * Turns sampled particles into a {@link JetBatch}: each jet's particles in pT order, four-momenta
 * built with the class masses around the jet axis (η, φ) = (0, 0) unless given (PHYSICS.md), the jet
 * pT, η, φ and mass from the constituent sum.
 */
public final class GeneratedJets {
    private GeneratedJets() {
    }

    public static JetBatch toBatch(FlowSampler.Particles g) {
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, g.jets());
        int p = g.slots();
        Integer[] order = new Integer[p];
        for (int j = 0; j < g.jets(); j++) {
            int m = g.multiplicity()[j];
            for (int i = 0; i < m; i++) {
                order[i] = j * p + i;
            }
            java.util.Arrays.sort(order, 0, m, (u, v) -> Float.compare(g.pt()[v], g.pt()[u]));
            b.beginJet(0, 0);
            for (int i = 0; i < m; i++) {
                int o = order[i];
                b.addRelative(g.pt()[o], g.deta()[o], g.dphi()[o], g.classes()[o] + 1);
            }
            b.endJetFromConstituents();
        }
        return b.build();
    }
}
