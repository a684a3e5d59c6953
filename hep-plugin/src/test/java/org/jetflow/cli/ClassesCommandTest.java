package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jetflow.flows.preprocess.JetTensors;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jetflow classes} with the shipped default's class model on the shipped held-out jets. */
class ClassesCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));
    private static final Path JETS = ROOT.resolve("samples/data/qcd-2k.h5");

    @TempDir
    Path tmp;

    @Test
    void redrawsTheClassesOfRealJetsAsPythiaHasThem() throws Exception {
        Path out = tmp.resolve("redrawn.h5");
        CommandLineTest.Result r = CommandLineTest.run("classes", "-q", "--data", JETS.toString(), "--seed", "3", "-o",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JetBatch in = all(JETS);
        JetBatch re = all(out);
        assertEquals(in.size(), re.size());
        try (JetReader reader = JetFiles.open(out)) {
            assertEquals("20", reader.metadata().get("class_sweeps"), "the default's own sweeps");
            assertEquals("qcd-2k.h5", reader.metadata().get("source_file"));
        }

        // The kinematics are the file's: each jet's particles in pT order, untouched.
        int same = 0;
        int particles = 0;
        for (int j = 0; j < in.size(); j++) {
            int[] hard = JetTensors.hardest(in, j, 150);
            assertEquals(hard.length, re.multiplicity(j), "jet " + j);
            for (int i = 0; i < hard.length; i++) {
                int o = re.offset(j) + i;
                assertEquals(in.pt()[hard[i]], re.pt()[o], 1e-4f * in.pt()[hard[i]], "jet " + j + " particle " + i);
                assertEquals(in.deta()[hard[i]], re.deta()[o], 1e-5f, "jet " + j + " particle " + i);
                assertEquals(in.dphi()[hard[i]], re.dphi()[o], 1e-5f, "jet " + j + " particle " + i);
                same += in.token()[hard[i]] == re.token()[o] ? 1 : 0;
                particles++;
            }
            assertEquals(in.jetPt()[j], re.jetPt()[j], 0.01 * in.jetPt()[j], "jet " + j + " pT from the same particles");
        }
        // Drawn, not copied: given its kinematics a particle's class is far from certain.
        assertTrue(same < 0.8 * particles, same + " of " + particles + " kept their class");

        // Against the file's own classes: the class fractions, the charge of the hardest particle, and the
        // jet charge's spread, which classes put on the wrong particles (a photon's on the hardest) would shrink.
        double[] a = summary(in);
        double[] b = summary(re);
        assertEquals(a[0], b[0], 0.03, "photon fraction");
        assertEquals(a[1], b[1], 0.05, "charged fraction of the hardest particles");
        assertEquals(a[2], b[2], 0.1 * a[2], "spread of the jet charge (κ = 0.5)");

        // The same seed gives the same classes (a jet's depend on its chunk of 256 jets); another seed other classes.
        Path again = tmp.resolve("again.arrow");
        Path other = tmp.resolve("other.arrow");
        assertEquals(0, CommandLineTest.run("classes", "-q", "--data", JETS.toString(), "--seed", "3", "-n", "512",
                "-o", again.toString()).code());
        assertEquals(0, CommandLineTest.run("classes", "-q", "--data", JETS.toString(), "--seed", "4", "-n", "512",
                "-o", other.toString()).code());
        JetBatch g = all(again);
        assertEquals(512, g.size());
        assertArrayEquals(Arrays.copyOf(re.token(), g.particleCount()), g.token(), "the first 512 jets");
        assertFalse(Arrays.equals(g.token(), all(other).token()));
    }

    @Test
    void aMissingModelIsOneLineNamingIt() throws Exception {
        CommandLineTest.Result r = CommandLineTest.run("classes", "--model", ROOT.resolve("samples/models/qcd-default")
                .resolve("missing").toString(), "--data", JETS.toString(), "-o", tmp.resolve("x.h5").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing"), r.err());
    }

    /** All jets of a file as one batch. */
    private static JetBatch all(Path p) {
        List<JetBatch> batches = JetFiles.read(p, Long.MAX_VALUE);
        JetBatch.Builder b = JetBatch.builder(batches.get(0).schema(), 2000);
        for (JetBatch x : batches) {
            for (int j = 0; j < x.size(); j++) {
                x.copyJet(j, b);
            }
        }
        return b.build();
    }

    /** Photon fraction of all particles, charged fraction of each jet's hardest, standard deviation of the jet charge. */
    private static double[] summary(JetBatch b) {
        double photons = 0;
        double charged = 0;
        double q = 0;
        double q2 = 0;
        for (int j = 0; j < b.size(); j++) {
            int hardest = b.offset(j);
            double sum = 0;
            double ptJet = 0;
            for (int o = b.offset(j); o < b.offset(j) + b.multiplicity(j); o++) {
                ParticleClass c = ParticleClass.ofToken(b.token()[o]);
                photons += c == ParticleClass.PHOTON ? 1 : 0;
                hardest = b.pt()[o] > b.pt()[hardest] ? o : hardest;
                sum += c.charge() * Math.sqrt(b.pt()[o]);
                ptJet += b.pt()[o];
            }
            charged += ParticleClass.ofToken(b.token()[hardest]).charge() != 0 ? 1 : 0;
            double jetCharge = sum / Math.sqrt(ptJet);
            q += jetCharge;
            q2 += jetCharge * jetCharge;
        }
        int n = b.size();
        return new double[] {photons / b.particleCount(), charged / n, Math.sqrt(q2 / n - (q / n) * (q / n))};
    }
}
