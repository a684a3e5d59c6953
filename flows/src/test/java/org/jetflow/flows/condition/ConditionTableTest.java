package org.jetflow.flows.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.junit.jupiter.api.Test;

/** The table keeps the training jets at evenly spaced quantiles of pT, each row one whole jet. */
class ConditionTableTest {
    @Test
    void rowsAreTheJetsAtThePtQuantiles() {
        int n = 3 * ConditionTable.MAX_ROWS + 1000;
        // pT 500 + k/100 GeV for k = 0 … n−1 in shuffled file order; mass pT/10 and 1 + k mod 5 particles
        // tell whether a row's columns belong to one jet.
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int k = n - 1; k > 0; k--) {
            int o = r.nextInt(k + 1);
            int t = order[k];
            order[k] = order[o];
            order[o] = t;
        }
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, n);
        for (int k : order) {
            double pt = 500 + k / 100.0;
            b.beginJet(0, 0);
            for (int i = 0; i <= k % 5; i++) {
                b.addRelative(pt / 10, 0.01 * (i + 1), 0, 4);
            }
            b.endJet(pt, 0.5, 0, pt / 10);
        }
        ConditionTable t = ConditionTable.fit(List.of(b.build()), 150);
        assertEquals(ConditionTable.MAX_ROWS, t.rows());
        for (int row = 0; row < t.rows(); row++) {
            // The jet at quantile (row + ½)/rows of n jets sorted by pT: k = ⌊(2·row + 1)·n / (2·rows)⌋.
            int k = (int) ((2L * row + 1) * n / (2L * t.rows()));
            assertEquals(500 + k / 100.0, t.pt()[row], 1e-4, "row " + row);
            assertEquals(t.pt()[row] / 10, t.mass()[row], 1e-4, "row " + row + ": the mass of another jet");
            assertEquals(1 + k % 5, t.multiplicity()[row], "row " + row + ": the multiplicity of another jet");
        }
    }
}
