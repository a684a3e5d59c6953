package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.GeneratedJets;
import org.jetflow.flows.sample.Solver;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → bundle → generate on the shipped sample data, with a tiny configuration. */
class TrainGenerateTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));

    @TempDir
    Path tmp;

    @Test
    void trainWritesABundleAndGenerateIsDeterministicPerSeed() throws Exception {
        Path model = tmp.resolve("model");
        CommandLineTest.Result r = CommandLineTest.run("train", "-q", "--data",
                ROOT.resolve("samples/data/qcd-2k.h5").toString(), "--config",
                ROOT.resolve("samples/configs/cpu-small.json").toString(), "--steps", "30", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(model.resolve(ModelBundle.CARD)) && Files.exists(model.resolve(ModelBundle.WEIGHTS)));
        assertFalse(Files.exists(tmp.resolve("model.checkpoint")), "checkpoint removed after a finished run");

        Path a = tmp.resolve("a.arrow");
        Path b = tmp.resolve("b.arrow");
        Path c = tmp.resolve("c.arrow");
        for (Object[] run : new Object[][] {{a, "5"}, {b, "5"}, {c, "6"}}) {
            CommandLineTest.Result g = CommandLineTest.run("generate", "-q", "--model", model.toString(), "-n", "70",
                    "--batch", "32", "--steps", "8", "--seed", (String) run[1], "-o", run[0].toString());
            assertEquals(0, g.code(), g.err());
        }
        List<JetBatch> ja = read(a);
        List<JetBatch> jb = read(b);
        assertEquals(70, ja.stream().mapToInt(JetBatch::size).sum());
        for (int k = 0; k < ja.size(); k++) {
            assertArrayEquals(ja.get(k).pt(), jb.get(k).pt(), "same seed, same jets");
            assertArrayEquals(ja.get(k).token(), jb.get(k).token());
        }
        assertFalse(java.util.Arrays.equals(ja.get(0).pt(), read(c).get(0).pt()), "another seed, other jets");

        // The loaded bundle samples exactly what the command wrote (batch 0 of seed 5).
        try (ModelBundle bundle = ModelBundle.load(model);
                FlowSampler s = bundle.sampler()) {
            JetBatch first = GeneratedJets.toBatch(s.sample(32, 5, 0, 8, Solver.HEUN,
                    org.jetflow.api.GenerationRequest.DEFAULT_TEMPERATURE));
            assertArrayEquals(first.pt(), ja.get(0).pt());
            for (int j = 0; j < first.size(); j++) {
                assertTrue(first.multiplicity(j) >= 1 && first.multiplicity(j) <= 30);
            }
        }
    }

    @Test
    void snapshotsAreCompleteModelsAndCurveScoresThem() throws Exception {
        // Optimal-transport pairing on, through the command line, with a snapshot after the first step.
        Path config = tmp.resolve("ot.json");
        Files.writeString(config, FlowConfig.read(ROOT.resolve("samples/configs/cpu-small.json")).withOptimalTransport(true)
                .toJson());
        Path model = tmp.resolve("run");
        Path data = ROOT.resolve("samples/data/qcd-2k.h5");
        CommandLineTest.Result r = CommandLineTest.run("train", "-q", "--data", data.toString(), "--config",
                config.toString(), "--steps", "20", "--snapshots", "0.0001", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        Path snapshot = tmp.resolve("run.0.0001min");
        ObjectMapper json = new ObjectMapper();
        JsonNode early = json.readTree(snapshot.resolve(ModelBundle.CARD).toFile()).path("metrics");
        JsonNode last = json.readTree(model.resolve(ModelBundle.CARD).toFile()).path("metrics");
        assertEquals(1, early.path("steps").asInt(), "written at the first step past 6 ms");
        assertEquals(20, last.path("steps").asInt());
        assertTrue(last.path("training_seconds").asDouble() > early.path("training_seconds").asDouble());
        try (ModelBundle b = ModelBundle.load(snapshot)) {
            assertTrue(b.config().optimalTransport(), "the snapshot carries its configuration");
        }

        Path csv = tmp.resolve("curve.csv");
        CommandLineTest.Result c = CommandLineTest.run("curve", "-q", "--models", snapshot.toString(), model.toString(),
                "--reference", data.toString(), "-n", "100", "-o", csv.toString());
        assertEquals(0, c.code(), c.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size(), String.join("\n", lines));
        List<String> header = List.of(lines.get(0).split(","));
        // The reference's share of jets above 200 GeV, from the constituents' four-momenta summed here.
        long above = 0;
        long jets = 0;
        for (JetBatch b : JetFiles.read(data, Long.MAX_VALUE)) {
            for (int j = 0; j < b.size(); j++) {
                double e = 0, px = 0, py = 0, pz = 0;
                for (int i = b.offset(j); i < b.offset(j) + b.multiplicity(j); i++) {
                    e += b.energy()[i];
                    px += b.px()[i];
                    py += b.py()[i];
                    pz += b.pz()[i];
                }
                above += e * e - px * px - py * py - pz * pz > 200.0 * 200.0 ? 1 : 0;
                jets++;
            }
        }
        for (int row = 1; row <= 2; row++) {
            String[] v = lines.get(row).split(",");
            assertEquals(row == 1 ? "1" : "20", v[header.indexOf("steps")]);
            assertEquals(above / (double) jets, Double.parseDouble(v[header.indexOf("high_mass_share_reference")]), 1e-5);
            double mean = 0;
            for (String o : CurveCommand.PROXY) {
                double ratio = Double.parseDouble(v[header.indexOf(o)]);
                assertTrue(ratio > 0 && Double.isFinite(ratio), o + " " + ratio);
                mean += ratio / CurveCommand.PROXY.size();
            }
            assertEquals(mean, Double.parseDouble(v[header.indexOf("proxy")]), 1e-3, "the proxy is the mean of its five");
        }
    }

    @Test
    void initStartsFromATrainedModel() throws Exception {
        String data = ROOT.resolve("samples/data/qcd-2k.h5").toString();
        String cfg = ROOT.resolve("samples/configs/cpu-small.json").toString();
        Path trained = tmp.resolve("trained");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data, "--config", cfg, "--steps", "150", "-o",
                trained.toString()).code());
        // One step from the trained weights against one step from scratch, same seed and data.
        Path fresh = tmp.resolve("fresh");
        Path continued = tmp.resolve("continued");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data, "--config", cfg, "--steps", "1", "-o",
                fresh.toString()).code());
        CommandLineTest.Result r = CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(),
                "--steps", "1", "-o", continued.toString());
        assertEquals(0, r.code(), r.err());
        double trainedLoss = validationLoss(trained);
        double freshLoss = validationLoss(fresh);
        double continuedLoss = validationLoss(continued);
        assertTrue(continuedLoss < freshLoss - 0.1, "init " + continuedLoss + " vs fresh " + freshLoss);
        assertEquals(trainedLoss, continuedLoss, 0.05, "one more small step keeps the trained model's loss");
        try (ModelBundle m = ModelBundle.load(continued); ModelBundle t = ModelBundle.load(trained)) {
            assertArrayEquals(t.preprocessing().mean(), m.preprocessing().mean(), 0.0, "the trained preprocessing is kept");
            // Provenance names the start model and the data by name, size and hash, never by path.
            var from = m.card().get("training_data").get("initialized_from");
            assertEquals(trained.getFileName().toString(), from.get("name").asText());
            assertEquals(org.jetflow.io.file.FileFingerprint.of(trained.resolve(ModelBundle.WEIGHTS)).sha256(),
                    from.get("weights_sha256").asText());
            var file = m.card().get("training_data").get("files").get(0);
            assertEquals(Path.of(data).getFileName().toString(), file.get("file").asText());
            assertEquals(Files.size(Path.of(data)), file.get("bytes").asLong());
            assertEquals(64, file.get("sha256").asText().length());
            assertTrue(!Files.readString(continued.resolve(ModelBundle.CARD)).contains(tmp.toString()),
                    "the card holds no path of this machine");
        }
        // On 400 other jets, the rows conditions are drawn from are those jets at their pT quantiles; the
        // standardisation stays the one the weights learned with.
        Path other = tmp.resolve("other");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(), "--limit", "400",
                "--steps", "1", "-o", other.toString()).code());
        float[] pts = new float[380];
        int k = 0;
        for (JetBatch b : JetFiles.read(Path.of(data), 380)) {
            for (int j = 0; j < b.size(); j++) {
                pts[k++] = b.jetPt()[j];
            }
        }
        java.util.Arrays.sort(pts);
        try (ModelBundle m = ModelBundle.load(other); ModelBundle t = ModelBundle.load(trained)) {
            assertArrayEquals(t.preprocessing().conditions().std(), m.preprocessing().conditions().std(), 0.0);
            assertArrayEquals(pts, m.preprocessing().conditions().pt(), 0f, "380 training jets, 20 held out");
        }
        CommandLineTest.Result bad = CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(),
                "--config", ROOT.resolve("samples/configs/cpu-default.json").toString(), "--steps", "1", "-o",
                tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("the model's architecture P=30, width 32"), bad.err());
        // A configuration may add the multiplicity embedding to a model (FlowTrainer's tests), not drop a trained one.
        Path without = tmp.resolve("without.json");
        Files.writeString(without, FlowConfig.read(Path.of(cfg)).withMultiplicityEmbedding(false).toJson());
        CommandLineTest.Result dropped = CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(),
                "--config", without.toString(), "--steps", "1", "-o", tmp.resolve("y").toString());
        assertEquals(1, dropped.code());
        assertTrue(dropped.err().contains("context 2 + multiplicity, beta 0.075 differs from the configuration's"
                + " P=30, width 32, heads 2, blocks 1, feed-forward 64, time frequencies 8, context 2, beta"), dropped.err());
        // With time gates a configuration may add blocks, which start as the identity.
        FlowConfig small = FlowConfig.read(Path.of(cfg));
        FlowConfig deeper = small.withSizes(small.maxParticles(), small.width(), small.heads(), small.blocks() + 1,
                small.feedForward());
        Path gated = tmp.resolve("deeper.json");
        Files.writeString(gated, deeper.withBlockTimeGates(true).toJson());
        Path grown = tmp.resolve("grown");
        CommandLineTest.Result g = CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(),
                "--config", gated.toString(), "--steps", "1", "-o", grown.toString());
        assertEquals(0, g.code(), g.err());
        assertEquals(trainedLoss, validationLoss(grown), 0.05, "the grown model starts where the trained one was");
        Path ungated = tmp.resolve("ungated.json");
        Files.writeString(ungated, deeper.toJson());
        CommandLineTest.Result notGrown = CommandLineTest.run("train", "-q", "--data", data, "--init", trained.toString(),
                "--config", ungated.toString(), "--steps", "1", "-o", tmp.resolve("z").toString());
        assertEquals(1, notGrown.code());
        assertTrue(notGrown.err().contains("blocks 1,") && notGrown.err().contains("blocks 2,"), notGrown.err());
    }

    /** A model with compressed angles keeps its map in the bundle, generates with it, and only continues with it. */
    @Test
    void compressedAnglesTravelWithTheModel() throws Exception {
        String data = ROOT.resolve("samples/data/qcd-2k.h5").toString();
        Path linear = ROOT.resolve("samples/configs/cpu-small.json");
        Path cfg = tmp.resolve("compressed.json");
        Files.writeString(cfg, FlowConfig.read(linear).withAngularScale(0.005).toJson());
        Path model = tmp.resolve("compressed");
        CommandLineTest.Result r = CommandLineTest.run("train", "-q", "--data", data, "--config", cfg.toString(),
                "--limit", "300", "--steps", "20", "-o", model.toString());
        assertEquals(0, r.code(), r.err());
        try (ModelBundle m = ModelBundle.load(model)) {
            assertEquals(0.005, m.preprocessing().angles().scale());
            assertEquals(0.005, m.card().get("config").get("angularScale").asDouble());
            assertTrue(m.card().get("preprocessing").get("features").asText().contains("compressed"));
        }
        Path gen = tmp.resolve("gen.arrow");
        CommandLineTest.Result g = CommandLineTest.run("generate", "-q", "--model", model.toString(), "-n", "40", "--steps",
                "4", "--seed", "1", "-o", gen.toString());
        assertEquals(0, g.code(), g.err());
        assertEquals(40, read(gen).stream().mapToInt(JetBatch::size).sum());
        CommandLineTest.Result other = CommandLineTest.run("train", "-q", "--data", data, "--init", model.toString(),
                "--config", linear.toString(), "--limit", "300", "--steps", "1", "-o", tmp.resolve("x").toString());
        assertEquals(1, other.code());
        assertTrue(other.err().contains("angles compressed beyond 0.005 rad differs"), other.err());
    }

    @Test
    void teacherDistilsAShortcutModelDeterministicallyThatSamplesInFewSteps() throws Exception {
        String data = ROOT.resolve("samples/data/qcd-2k.h5").toString();
        String cfg = ROOT.resolve("samples/configs/cpu-small.json").toString();
        Path flow = tmp.resolve("flow");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data, "--config", cfg, "--steps", "20", "-o",
                flow.toString()).code());
        Path shortcut = tmp.resolve("shortcut.json");
        Files.writeString(shortcut, FlowConfig.read(Path.of(cfg)).withShortcutLevels(2).toJson());
        // The flow samples Heun 16, which lands on the 4-interval grid of 2 levels.
        Path fast = tmp.resolve("fast");
        String[] args = {"train", "-q", "--data", data, "--config", shortcut.toString(), "--init", flow.toString(),
            "--teacher", flow.toString(), "--teacher-jets", "64", "--steps", "6", "-o", fast.toString()};
        CommandLineTest.Result r = CommandLineTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(!Files.exists(tmp.resolve("fast.teacher")), "the trajectories go with the checkpoint");
        try (ModelBundle m = ModelBundle.load(fast)) {
            var t = m.card().get("training_data");
            assertEquals("flow", t.get("distilled_from").get("name").asText());
            assertEquals("heun 16", t.get("teacher_sampling").asText());
            assertEquals(64, t.get("teacher_jets").asInt());
            assertTrue(m.preprocessing().reference() != null, "training fits the independent-particle reference");
        }
        // Same seed and teacher, same distilled weights.
        Path again = tmp.resolve("again");
        args[args.length - 1] = again.toString();
        assertEquals(0, CommandLineTest.run(args).code());
        assertArrayEquals(Files.readAllBytes(fast.resolve(ModelBundle.WEIGHTS)),
                Files.readAllBytes(again.resolve(ModelBundle.WEIGHTS)));
        Path gen = tmp.resolve("gen.h5");
        CommandLineTest.Result g = CommandLineTest.run("generate", "-q", "--model", fast.toString(), "-n", "5",
                "--solver", "shortcut", "--steps", "2", "-o", gen.toString());
        assertEquals(0, g.code(), g.err());
        // A teacher must be a flow whose steps land on the grid; a shortcut model is refused.
        CommandLineTest.Result bad = CommandLineTest.run("train", "-q", "--data", data, "--config", shortcut.toString(),
                "--teacher", fast.toString(), "--steps", "1", "-o", tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("a teacher must be a flow"), bad.err());
    }

    @Test
    void aMaskedClassModelAttachedToAFlowDrawsItsClassesAndLeavesItsKinematics() throws Exception {
        String data = ROOT.resolve("samples/data/qcd-2k.h5").toString();
        String cfg = ROOT.resolve("samples/configs/cpu-small.json").toString();
        Path flow = tmp.resolve("flow");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data, "--config", cfg, "--steps", "10", "-o",
                flow.toString()).code());
        Path maskedConfig = tmp.resolve("masked.json");
        Files.writeString(maskedConfig, FlowConfig.read(Path.of(cfg)).withMaskedClasses(true).toJson());
        Path classes = tmp.resolve("classes");
        CommandLineTest.Result t = CommandLineTest.run("train", "-q", "--data", data, "--config", maskedConfig.toString(),
                "--steps", "10", "-o", classes.toString());
        assertEquals(0, t.code(), t.err());
        Path both = tmp.resolve("both");
        CommandLineTest.Result a = CommandLineTest.run("attach", "-q", "--model", flow.toString(), "--classes",
                classes.toString(), "--sweeps", "3", "-o", both.toString());
        assertEquals(0, a.code(), a.err());
        try (ModelBundle m = ModelBundle.load(both)) {
            assertEquals(3, m.sampling().classSweeps());
            assertEquals("classes", m.card().get("class_model").get("name").asText());
            assertTrue(m.classModel() != null && m.classModel().config().maskedClasses());
            assertArrayEquals(Files.readAllBytes(classes.resolve(ModelBundle.WEIGHTS)),
                    Files.readAllBytes(both.resolve(ModelBundle.CLASS_MODEL).resolve(ModelBundle.WEIGHTS)));
            assertFalse(Files.readString(both.resolve(ModelBundle.CARD)).contains(tmp.toString()), "no path of this machine");
        }
        Path own = tmp.resolve("own.arrow");
        Path off = tmp.resolve("off.arrow");
        Path drawn = tmp.resolve("drawn.arrow");
        Path again = tmp.resolve("again.arrow");
        for (String[] run : new String[][] {{flow.toString(), own.toString(), "-1"}, {both.toString(), off.toString(), "0"},
            {both.toString(), drawn.toString(), "-1"}, {both.toString(), again.toString(), "-1"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("generate", "-q", "--model", run[0], "-n", "40",
                    "--steps", "2", "--seed", "3", "-o", run[1]));
            if (!run[2].equals("-1")) {
                args.addAll(List.of("--class-sweeps", run[2]));
            }
            CommandLineTest.Result g = CommandLineTest.run(args.toArray(String[]::new));
            assertEquals(0, g.code(), g.err());
        }
        JetBatch o = read(own).get(0);
        JetBatch z = read(off).get(0);
        JetBatch d = read(drawn).get(0);
        assertArrayEquals(o.token(), z.token(), "no sweeps: the flow's own classes");
        assertArrayEquals(o.pt(), d.pt(), "the class model leaves the kinematics as the flow made them");
        assertFalse(java.util.Arrays.equals(o.token(), d.token()), "the class model draws the classes");
        assertArrayEquals(d.token(), read(again).get(0).token(), "same seed, same classes");
        try (JetReader r = JetFiles.open(drawn)) {
            assertEquals("3", r.metadata().get("class_sweeps"));
        }
        // A calibration keeps the class model and its sweeps.
        Path calibrated = tmp.resolve("calibrated");
        assertEquals(0, CommandLineTest.run("calibrate", "-q", "--model", both.toString(), "--data", data, "-n", "40",
                "--steps", "2", "--updates", "1", "-o", calibrated.toString()).code());
        try (ModelBundle m = ModelBundle.load(calibrated)) {
            assertEquals(3, m.sampling().classSweeps());
            assertTrue(m.classModel() != null);
        }

        // A class model's own calibration: fitted on the training jets' kinematics, no sampling of its own.
        Path fitted = tmp.resolve("fitted");
        CommandLineTest.Result fc = CommandLineTest.run("calibrate", "-q", "--model", classes.toString(), "--data", data,
                "-n", "40", "--updates", "1", "--sweeps", "2", "-o", fitted.toString());
        assertEquals(0, fc.code(), fc.err());
        try (ModelBundle m = ModelBundle.load(fitted)) {
            assertTrue(m.card().get("sampling") == null, "a class model has no sampling");
            assertEquals(2, m.card().get("calibration").get("generated_fractions_per_pass").size());
            assertFalse(java.util.Arrays.equals(new double[8], m.calibration().logitBias()),
                    "10 steps of training leave the class fractions off");
        }

        CommandLineTest.Result none = CommandLineTest.run("generate", "-q", "--model", flow.toString(), "-n", "4",
                "--class-sweeps", "2", "-o", tmp.resolve("x.arrow").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("this model has no class model"), none.err());
        CommandLineTest.Result notClasses = CommandLineTest.run("attach", "-q", "--model", flow.toString(), "--classes",
                flow.toString(), "-o", tmp.resolve("y").toString());
        assertEquals(1, notClasses.code());
        assertTrue(notClasses.err().contains("not a masked class model"), notClasses.err());
        CommandLineTest.Result alone = CommandLineTest.run("generate", "-q", "--model", classes.toString(), "-n", "4",
                "-o", tmp.resolve("z.arrow").toString());
        assertEquals(1, alone.code());
        assertTrue(alone.err().contains("is a masked class model"), alone.err());
    }

    private static double validationLoss(Path model) throws Exception {
        try (ModelBundle m = ModelBundle.load(model)) {
            return m.card().get("metrics").get("validation_loss").asDouble();
        }
    }

    @Test
    void generateForConditionsFromACsvFile() throws Exception {
        Path model = tmp.resolve("model");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", ROOT.resolve("samples/data/qcd-2k.h5").toString(),
                "--config", ROOT.resolve("samples/configs/cpu-small.json").toString(), "--steps", "10", "-o",
                model.toString()).code());
        Path csv = tmp.resolve("want.csv");
        Files.writeString(csv, "pt,eta,n\n650,1.5,12\n900,-2.0,80\n700,0.0,0\n");
        Path out = tmp.resolve("cond.arrow");
        CommandLineTest.Result g = CommandLineTest.run("generate", "-q", "--model", model.toString(), "--condition",
                csv.toString(), "--steps", "4", "-o", out.toString());
        assertEquals(0, g.code(), g.err());
        JetBatch b = read(out).get(0);
        assertEquals(3, b.size());
        // Given multiplicities are kept (capped at P = 30); the third is drawn from training jets near 700 GeV.
        assertEquals(12, b.multiplicity(0));
        assertEquals(30, b.multiplicity(1));
        assertTrue(b.multiplicity(2) >= 1 && b.multiplicity(2) <= 30);
        CommandLineTest.Result tooMany = CommandLineTest.run("generate", "--model", model.toString(), "--condition",
                csv.toString(), "-n", "4", "-o", out.toString());
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("more jets than " + csv + " has conditions (3)"), tooMany.err());
    }

    @Test
    void defaultModelGeneratesAndScoresDeterministically() throws Exception {
        Path gen = tmp.resolve("default.arrow");
        CommandLineTest.Result g = CommandLineTest.run("generate", "-q", "-n", "3", "--steps", "2", "-o", gen.toString());
        assertEquals(0, g.code(), g.err());
        assertEquals(3, read(gen).stream().mapToInt(JetBatch::size).sum());
        // τ-leaping on request: same seed, other class path, recorded in the file.
        Path rate = tmp.resolve("rate.arrow");
        assertEquals(0, CommandLineTest.run("generate", "-q", "-n", "3", "--steps", "2", "--class-step", "rate", "-o",
                rate.toString()).code());
        assertArrayEquals(read(gen).get(0).offsets(), read(rate).get(0).offsets(), "same multiplicities");
        assertFalse(java.util.Arrays.equals(read(gen).get(0).token(), read(rate).get(0).token()));
        try (JetReader r = JetFiles.open(rate); JetReader d = JetFiles.open(gen)) {
            assertEquals("rate", r.metadata().get("class_step"));
            assertEquals("bridge", d.metadata().get("class_step"));
        }

        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        for (Path out : new Path[] {a, b}) {
            CommandLineTest.Result r = CommandLineTest.run("score", "-q", "--data",
                    ROOT.resolve("samples/data/qcd-2k.h5").toString(), "--limit", "20", "--method", "loss", "--times", "2",
                    "--draws", "1", "-o", out.toString());
            assertEquals(0, r.code(), r.err());
        }
        List<String> lines = Files.readAllLines(a);
        assertEquals("jet,run,lumi,event,pt,eta,mass,n,score_continuous,score_discrete,score", lines.get(0));
        // The default method, the likelihood: its parts, and score = the log-ratio per particle to the reference.
        Path ll = tmp.resolve("ll.csv");
        CommandLineTest.Result lr = CommandLineTest.run("score", "-q", "--data",
                ROOT.resolve("samples/data/qcd-2k.h5").toString(), "--limit", "6", "--steps", "2", "-o", ll.toString());
        assertEquals(0, lr.code(), lr.err());
        List<String> llLines = Files.readAllLines(ll);
        assertEquals("jet,run,lumi,event,pt,eta,mass,n,ll_kinematics,ll_classes,ll_jet,ll_reference_kinematics,"
                + "ll_reference_classes,nll_per_particle,factorised,llr_per_particle,score", llLines.get(0));
        for (String row : llLines.subList(1, llLines.size())) {
            double[] f = java.util.Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
            double n = f[7];
            double perParticle = -(f[8] + f[9]) / n;
            double ratio = (f[8] - f[11]) / n;
            assertEquals(perParticle, f[13], 1e-9 * Math.max(1, Math.abs(perParticle)), row);
            assertEquals(-f[10] + perParticle, f[14], 1e-9 * 10, row);
            assertEquals(ratio, f[15], 1e-9 * Math.max(1, Math.abs(ratio)), row);
            assertEquals(ratio, f[16], 0, "the default score is the ratio: " + row);
            assertTrue(Double.isFinite(f[10]), "the shipped model has a condition table: " + row);
            assertTrue(Double.isFinite(f[11]) && Double.isFinite(f[12]), "the shipped model has a reference: " + row);
            assertTrue(f[12] < 0 && f[12] > -n * Math.log(1e4), "ln P(classes) of n particles: " + row);
        }
        assertEquals(21, lines.size());
        assertEquals(lines, Files.readAllLines(b), "same model and options, same scores");
        // A sample against itself: every score ties with itself, AUC exactly one half.
        CommandLineTest.Result roc = CommandLineTest.run("roc", "--background", a.toString(), "--signal", b.toString());
        assertEquals(0, roc.code(), roc.err());
        assertTrue(roc.out().contains("AUC 0.5000"), roc.out());
    }

    @Test
    void calibrateFitsTheTrainingFractionsAndGenerateAppliesThem() throws Exception {
        Path data = ROOT.resolve("samples/data/qcd-2k.h5");
        Path model = tmp.resolve("model");
        assertEquals(0, CommandLineTest.run("train", "-q", "--data", data.toString(), "--config",
                ROOT.resolve("samples/configs/cpu-small.json").toString(), "--steps", "10", "-o", model.toString())
                .code());
        Path calibrated = tmp.resolve("calibrated");
        CommandLineTest.Result c = CommandLineTest.run("calibrate", "--model", model.toString(), "--data",
                data.toString(), "-n", "100", "--steps", "2", "--updates", "1", "-o", calibrated.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("training") && c.out().contains("bias"), c.out());
        // The target: each class's share among the 30 hardest particles of every training jet, counted here.
        double[] want = new double[8];
        double total = 0;
        for (JetBatch b : read(data)) {
            for (int j = 0; j < b.size(); j++) {
                int off = b.offset(j);
                Integer[] idx = new Integer[b.multiplicity(j)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = off + i;
                }
                java.util.Arrays.sort(idx, (x, y) -> Float.compare(b.pt()[y], b.pt()[x]));
                for (int i = 0; i < Math.min(30, idx.length); i++) {
                    want[b.token()[idx[i]] - 1]++;
                    total++;
                }
            }
        }
        try (ModelBundle m = ModelBundle.load(calibrated)) {
            var cal = m.card().get("calibration");
            for (int k = 0; k < 8; k++) {
                assertEquals(want[k] / total, cal.get("target_fractions").get(k).asDouble(), 1e-12, "class " + k);
            }
            assertEquals(2, cal.get("generated_fractions_per_pass").size());
            assertFalse(java.util.Arrays.equals(new double[8], m.calibration().logitBias()),
                    "a 10-step model is off the training fractions");
        }
        Path plain = tmp.resolve("plain.arrow");
        Path biased = tmp.resolve("biased.arrow");
        for (Path[] run : new Path[][] {{model, plain}, {calibrated, biased}}) {
            assertEquals(0, CommandLineTest.run("generate", "-q", "--model", run[0].toString(), "-n", "40", "--steps",
                    "2", "--seed", "3", "-o", run[1].toString()).code());
        }
        assertFalse(java.util.Arrays.equals(read(plain).get(0).token(), read(biased).get(0).token()),
                "generate applies the stored biases");

        CommandLineTest.Result bad = CommandLineTest.run("calibrate", "--model", model.toString(), "--data",
                data.toString(), "-n", "0", "-o", tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("-n, --updates, --steps and --limit must be at least 1"), bad.err());
    }

    @Test
    void generateRefusesBadOptions() {
        CommandLineTest.Result r = CommandLineTest.run("generate", "--model", tmp.resolve("none").toString(), "-n", "5",
                "-o", tmp.resolve("x.arrow").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not a JetFlow model"), r.err());
        assertEquals(2, CommandLineTest.run("generate", "-n", "5").code(), "-o is required");
        CommandLineTest.Result step = CommandLineTest.run("generate", "-n", "5", "--class-step", "leap", "-o",
                tmp.resolve("y.arrow").toString());
        assertEquals(1, step.code());
        assertTrue(step.err().contains("--class-step must be bridge or rate, got 'leap'"), step.err());
    }

    private static List<JetBatch> read(Path p) {
        return JetFiles.read(p, Long.MAX_VALUE);
    }
}
