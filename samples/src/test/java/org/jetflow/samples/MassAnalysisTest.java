package org.jetflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jetflow.api.DefaultModel;
import org.jetflow.api.JetGeneratorProvider;
import org.jetflow.api.JetGenerators;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;

/** The example analysis runs on recorded jets and on generated jets, switched by name. */
class MassAnalysisTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));
    private static final Path SAMPLE = ROOT.resolve("samples/data/qcd-2k.h5");

    @Test
    void bothProvidersAreFoundByName() {
        List<String> names = JetGenerators.providers().stream().map(JetGeneratorProvider::name).toList();
        assertTrue(names.containsAll(List.of("jetflow", "file")), names.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JetGenerators.open("pythia", Map.of()));
        assertTrue(e.getMessage().contains("available: [jetflow, file]"), e.getMessage());
    }

    @Test
    void onRecordedJetsTheLoopSeesExactlyTheFilesJets() {
        MassAnalysis a = new MassAnalysis();
        a.run("file", Map.of("path", SAMPLE.toString()), 700, 1);
        // Independently: the selection and the mean of the mass over the file's first 700 jets.
        long selected = 0;
        double sumMass = 0;
        int row = 0;
        for (JetBatch b : JetFiles.read(SAMPLE, 700)) {
            for (int j = 0; j < b.size(); j++, row++) {
                if (b.jetPt()[j] > MassAnalysis.PT_CUT) {
                    selected++;
                    sumMass += b.jetMass()[j];
                }
            }
        }
        assertEquals(700, a.seen());
        assertEquals(selected, a.selected());
        double mean = a.mass().total().sumWX() / a.mass().total().sumW();
        assertEquals(sumMass / selected, mean, 1e-3 * mean);
        assertThrows(IllegalArgumentException.class, () -> new MassAnalysis().run("file",
                Map.of("path", SAMPLE.toString()), 2001, 1), "more jets than the file has");
    }

    @Test
    void onGeneratedJetsTheSameLoopRunsAndIsReproducible() {
        Path model = DefaultModel.path();
        MassAnalysis a = new MassAnalysis();
        a.run("jetflow", Map.of("model", model.toString()), 96, 7);
        MassAnalysis b = new MassAnalysis();
        b.run("jetflow", Map.of(), 96, 7);
        assertEquals(96, a.seen());
        assertEquals(a.yoda(), b.yoda(), "same seed, same histograms; no model setting means the default model");
        // Generated QCD jets of the default model: most are above the cut and massive.
        assertTrue(a.selected() > 40, "selected " + a.selected());
        double mean = a.mass().total().sumWX() / a.mass().total().sumW();
        assertTrue(mean > 30 && mean < 250, "mean mass " + mean);
    }
}
