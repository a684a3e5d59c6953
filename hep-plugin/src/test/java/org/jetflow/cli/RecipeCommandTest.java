package org.jetflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.model.ModelBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jetflow recipe} makes the model that its stages, run one by one as commands, make. */
class RecipeCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("jetflow.root", ".."));
    private static final String DATA = ROOT.resolve("samples/data/qcd-2k.h5").toString();

    @TempDir
    Path tmp;

    private Path recipe;

    @BeforeEach
    void writeRecipe() throws Exception {
        FlowConfig small = FlowConfig.read(ROOT.resolve("samples/configs/cpu-small.json"));
        write("first.json", small.withTraining(small.batchSize(), small.learningRate(), small.warmupSteps(), 8,
                small.emaDecay(), 1));
        write("second.json", small.withTraining(small.batchSize(), 3e-4, 2, 5, small.emaDecay(), 4));
        write("classes.json", small.withMaskedClasses(true).withCouplingRank(4)
                .withTraining(small.batchSize(), small.learningRate(), small.warmupSteps(), 6, small.emaDecay(), 11));
        recipe = tmp.resolve("recipe.json");
        Files.writeString(recipe, """
                {"what": "a test", "flow": ["first.json", "second.json"],
                 "flowCalibration": {"jets": 30, "updates": 1},
                 "classModel": "classes.json", "classCalibration": {"jets": 30, "updates": 1, "jetCharge": true},
                 "classSweeps": 3, "generatedClassCalibration": {"jets": 30, "updates": 1}}""");
    }

    private void write(String name, FlowConfig c) throws Exception {
        Files.writeString(tmp.resolve(name), c.toJson());
    }

    private static void ok(String... args) {
        CommandLineTest.Result r = CommandLineTest.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    private static byte[] weights(Path bundle) throws Exception {
        return Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS));
    }

    @Test
    void theRecipeChainsItsStagesAsTheCommandsDoAndRecordsThem() throws Exception {
        Path model = tmp.resolve("model");
        ok("recipe", "-q", "--recipe", recipe.toString(), "--data", DATA, "-o", model.toString());
        assertFalse(Files.exists(tmp.resolve("model.stages")), "the stages go when the model is written");

        // The same stages by hand.
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("first.json").toString(), "-o", tmp.resolve("a").toString());
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("second.json").toString(), "--init",
                tmp.resolve("a").toString(), "-o", tmp.resolve("b").toString());
        ok("calibrate", "-q", "--model", tmp.resolve("b").toString(), "--data", DATA, "-n", "30", "--updates", "1", "-o",
                tmp.resolve("b-cal").toString());
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("classes.json").toString(), "-o",
                tmp.resolve("c").toString());
        ok("calibrate", "-q", "--model", tmp.resolve("c").toString(), "--data", DATA, "-n", "30", "--updates", "1",
                "--jet-charge", "-o", tmp.resolve("c-cal").toString());
        ok("attach", "-q", "--model", tmp.resolve("b-cal").toString(), "--classes", tmp.resolve("c-cal").toString(),
                "--sweeps", "3", "-o", tmp.resolve("both").toString());
        ok("calibrate", "-q", "--model", tmp.resolve("both").toString(), "--data", DATA, "-n", "30", "--updates", "1",
                "--class-model", "-o", tmp.resolve("both-cal").toString());

        assertArrayEquals(weights(tmp.resolve("b")), weights(model), "the second stage starts from the first");
        assertArrayEquals(weights(tmp.resolve("c")), weights(model.resolve(ModelBundle.CLASS_MODEL)));
        try (ModelBundle m = ModelBundle.load(model); ModelBundle byHand = ModelBundle.load(tmp.resolve("b-cal"));
                ModelBundle classes = ModelBundle.load(tmp.resolve("both-cal"))) {
            assertEquals(3, m.sampling().classSweeps());
            assertArrayEquals(byHand.calibration().logitBias(), m.calibration().logitBias());
            assertArrayEquals(classes.classModel().calibration().logitBias(), m.classModel().calibration().logitBias());
            try (ModelBundle own = ModelBundle.load(tmp.resolve("c-cal"))) {
                JsonNode cal = own.card().get("calibration");
                // The jet-charge terms are written, read back, and kept by the calibration on generated jets.
                assertEquals(cal.get("jet_charge_tilt").asDouble(), own.calibration().chargeTilt());
                assertEquals(cal.get("jet_charge_field").asDouble(), own.calibration().chargeField());
                assertEquals(2, cal.get("generated_jet_charge_moments_per_pass").size());
                assertEquals(own.calibration().chargeTilt(), m.classModel().calibration().chargeTilt());
                assertEquals(own.calibration().chargeField(), m.classModel().calibration().chargeField());
            }
            assertTrue(m.calibration().logitBias().length == 8);
            JsonNode r = m.card().get("recipe");
            assertEquals("recipe.json", r.get("recipe").asText());
            List<String> names = new ArrayList<>();
            double sum = 0;
            for (JsonNode s : r.get("stages")) {
                names.add(s.get("stage").asText());
                assertTrue(s.get("seconds").asDouble() > 0, s.toString());
                sum += s.get("seconds").asDouble();
            }
            assertEquals(List.of("flow-1", "flow-2", "flow-calibrated", "classes-run", "classes", "classes-on-generated"),
                    names);
            assertEquals(8, r.get("stages").get(0).get("steps").asInt());
            assertEquals(5, r.get("stages").get(1).get("steps").asInt());
            assertEquals(6, r.get("stages").get(3).get("steps").asInt());
            assertEquals(sum, r.get("seconds").asDouble(), 0.1);
            assertFalse(m.card().toString().contains(tmp.toString()), "no path of this machine in the card");
        }
    }

    @Test
    void resumeKeepsAFinishedStageAndARecipeWithoutItRefusesToOverwriteOne() throws Exception {
        // A finished first stage that is not what the recipe would train (another seed) must be kept as it is.
        FlowConfig other = FlowConfig.read(tmp.resolve("first.json"));
        write("other.json", other.withTraining(other.batchSize(), other.learningRate(), other.warmupSteps(),
                other.steps(), other.emaDecay(), 9));
        Path stages = Files.createDirectories(tmp.resolve("model.stages"));
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("other.json").toString(), "-o",
                stages.resolve("flow-1").toString());
        Files.writeString(tmp.resolve("flow-only.json"), "{\"flow\": [\"first.json\", \"second.json\"]}");

        CommandLineTest.Result refused = CommandLineTest.run("recipe", "-q", "--recipe",
                tmp.resolve("flow-only.json").toString(), "--data", DATA, "-o", tmp.resolve("model").toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("model.stages exists: --resume continues"), refused.err());

        ok("recipe", "-q", "--resume", "--recipe", tmp.resolve("flow-only.json").toString(), "--data", DATA, "-o",
                tmp.resolve("model").toString());
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("other.json").toString(), "-o", tmp.resolve("a").toString());
        ok("train", "-q", "--data", DATA, "--config", tmp.resolve("second.json").toString(), "--init",
                tmp.resolve("a").toString(), "-o", tmp.resolve("b").toString());
        assertArrayEquals(weights(tmp.resolve("b")), weights(tmp.resolve("model")));
        try (ModelBundle m = ModelBundle.load(tmp.resolve("model"))) {
            assertEquals(null, m.classModel());
            assertEquals(2, m.card().get("recipe").get("stages").size());
        }
    }

    @Test
    void theShippedFastRecipeReads() throws Exception {
        TrainingRecipe fast = TrainingRecipe.read(ROOT.resolve("samples/configs/fast/recipe.json"));
        assertEquals(List.of("flow-1.json", "flow-2.json"), fast.flow().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("class-model.json", fast.classModel().getFileName().toString());
        assertEquals(20, fast.classSweeps());
        assertTrue(fast.classCalibration().jetCharge(), "the fast recipe fits the jet-charge terms");
        // The second stage continues the first: the same architecture, a lower learning rate.
        FlowConfig first = FlowConfig.read(fast.flow().get(0));
        FlowConfig second = FlowConfig.read(fast.flow().get(1));
        assertEquals(first.withTraining(second.batchSize(), second.learningRate(), second.warmupSteps(), second.steps(),
                second.emaDecay(), second.seed()), second);
        assertTrue(second.learningRate() < first.learningRate());
    }

    @Test
    void aBadRecipeIsOneLineNamingTheFileAndTheField() throws Exception {
        String[][] cases = {
            {"{\"flow\": [\"first.json\", \"missing.json\"]}", "field flow[1]: no such file missing.json"},
            {"{\"flow\": [\"classes.json\"]}", "field flow[0]: a class model's configuration"},
            {"{\"flow\": [\"first.json\"], \"classModel\": \"first.json\"}", "field classModel: not a class model"},
            {"{\"flow\": [\"first.json\"], \"flowCalibration\": {\"jets\": 0, \"updates\": 1}}",
                "field flowCalibration.jets must be a positive integer"},
            {"{\"flow\": []}", "field flow must list at least one"},
            {"{\"flow\": [\"first.json\"], \"steps\": 3}", "unknown field steps"},
            {"{\"flow\": [\"first.json\"], \"generatedClassCalibration\": {\"jets\": 5, \"updates\": 1}}",
                "field generatedClassCalibration needs a classModel"},
        };
        for (String[] c : cases) {
            Path bad = tmp.resolve("bad.json");
            Files.writeString(bad, c[0]);
            CommandLineTest.Result r = CommandLineTest.run("recipe", "-q", "--recipe", bad.toString(), "--data", DATA, "-o",
                    tmp.resolve("m").toString());
            assertEquals(1, r.code(), c[0]);
            assertTrue(r.err().contains("bad.json: " + c[1]) && r.err().strip().lines().count() == 1, r.err());
        }
        assertFalse(Files.exists(tmp.resolve("m.stages")), "a bad recipe starts nothing");
    }
}
