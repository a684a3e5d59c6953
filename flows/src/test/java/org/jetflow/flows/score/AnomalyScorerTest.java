package org.jetflow.flows.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.objective.Modality;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.train.FlowTrainer;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.junit.jupiter.api.Test;

/**
 * A model trained on "background" jets (3 particles of class h+ at log pT ≈ 0, Δη, Δφ ≈ 0) scores
 * jets with displaced particles or another class higher, by the loss and by the likelihood; scores do
 * not depend on a jet's position.
 */
class AnomalyScorerTest {
    private static final int P = 3;

    /** Jets as a batch: log pT = shift + N(0, 0.2²), Δη, Δφ ~ N(0, 0.2²), the given class token. */
    private static JetBatch jets(int n, double shift, int token, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        JetBatch.Builder b = JetBatch.builder(JetSchema.CORE, n);
        for (int j = 0; j < n; j++) {
            b.beginJet(0, 0);
            for (int i = 0; i < P; i++) {
                b.addRelative(Math.exp(shift + 0.2 * r.nextGaussian()), 0.2 * r.nextGaussian(), 0.2 * r.nextGaussian(),
                        token);
            }
            b.endJetFromConstituents();
        }
        return b.build();
    }

    @Test
    void outliersScoreHigherAndScoresDependOnTheJetAlone() {
        Preprocessing pre = new Preprocessing(new double[3], new double[] {1, 1, 1}, new long[] {0, 0, 0, 1});
        JetBatch background = jets(2000, 0, 4, 1);
        JetTensors train = JetTensors.of(java.util.List.of(background), pre, P);
        int steps = 300;
        FlowConfig cfg = FlowConfig.cpuDefault().withContext(0).withSizes(P, 32, 2, 1, 64)
                .withTraining(64, 3e-3, 20, steps, 0.99, 2);
        try (FlowTrainer trainer = new FlowTrainer(cfg, train, null, Modality.BOTH)) {
            for (int s = 0; s < steps; s++) {
                trainer.trainStep();
            }
            try (AnomalyScorer scorer = new AnomalyScorer(cfg, pre, trainer.emaWeights(), 6, 2, 9)) {
                AnomalyScorer.Scores bg = scorer.score(jets(300, 0, 4, 2));
                AnomalyScorer.Scores displaced = scorer.score(jets(300, 1.5, 4, 3));
                AnomalyScorer.Scores otherClass = scorer.score(jets(300, 0, 1, 4));
                double aucCont = auc(bg.continuous(), displaced.continuous());
                double aucDisc = auc(bg.discrete(), otherClass.discrete());
                assertTrue(aucCont > 0.95, "continuous part separates displaced jets: AUC " + aucCont);
                assertTrue(aucDisc > 0.95, "discrete part separates photon jets: AUC " + aucDisc);
                assertTrue(auc(bg.combined(), displaced.combined()) > 0.95);

                // The same jets scored alone, or after others, get the same scores.
                JetBatch some = jets(40, 0.5, 4, 5);
                AnomalyScorer.Scores all = scorer.score(some);
                assertArrayEquals(all.combined(), scorer.score(some).combined(), 0, "deterministic");
                JetBatch.Builder later = JetBatch.builder(JetSchema.CORE, 10);
                for (int j = 30; j < 40; j++) {
                    some.copyJet(j, later);
                }
                double[] alone = scorer.score(later.build()).combined();
                for (int j = 0; j < 10; j++) {
                    assertTrue(Math.abs(alone[j] - all.combined()[30 + j]) < 1e-5 * Math.abs(alone[j]),
                            "jet " + (30 + j) + ": " + alone[j] + " vs " + all.combined()[30 + j]);
                }
            }
            // The likelihood: displaced jets are less likely per particle; a jet's value depends on it alone.
            try (LikelihoodScorer ll = new LikelihoodScorer(cfg, pre, trainer.emaWeights(), 8,
                    OdeLikelihood.Scheme.HEUN, 9)) {
                LikelihoodScorer.Parts bg = ll.score(jets(200, 0, 4, 2));
                LikelihoodScorer.Parts displaced = ll.score(jets(200, 1.5, 4, 3));
                double[] b = new double[200];
                double[] d = new double[200];
                for (int j = 0; j < 200; j++) {
                    b[j] = bg.perParticle(j);
                    d[j] = displaced.perParticle(j);
                    assertTrue(Double.isNaN(bg.jet()[j]), "no condition table, no jet-level density");
                }
                double aucLl = auc(b, d);
                assertTrue(aucLl > 0.95, "likelihood separates displaced jets: AUC " + aucLl);
                JetBatch some = jets(40, 0.5, 4, 5);
                LikelihoodScorer.Parts all = ll.score(some);
                JetBatch.Builder later = JetBatch.builder(JetSchema.CORE, 10);
                for (int j = 30; j < 40; j++) {
                    some.copyJet(j, later);
                }
                LikelihoodScorer.Parts alone = ll.score(later.build());
                for (int j = 0; j < 10; j++) {
                    assertEquals(all.kinematics()[30 + j], alone.kinematics()[j], 1e-4 * Math.abs(alone.kinematics()[j]),
                            "jet " + (30 + j));
                    assertEquals(all.classes()[30 + j], alone.classes()[j], 1e-4 * Math.abs(alone.classes()[j]));
                }
            }
        }
    }

    private static double auc(double[] background, double[] signal) {
        double pairs = 0;
        for (double s : signal) {
            for (double b : background) {
                pairs += s > b ? 1 : s == b ? 0.5 : 0;
            }
        }
        return pairs / ((double) signal.length * background.length);
    }
}
