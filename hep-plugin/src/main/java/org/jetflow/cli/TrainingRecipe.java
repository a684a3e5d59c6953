package org.jetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jetflow.flows.config.FlowConfig;

/**
 * Everything that makes a model from jets, read from a JSON file ({@code jetflow recipe}): the flow's
 * training stages, each starting from the one before, the optional calibration of the flow's own
 * class logits, and the optional class model with its calibration and sweeps. Configuration paths
 * are relative to the recipe file.
 *
 * @param file             the recipe file, for messages
 * @param flow             flow configurations, one training run each, in order
 * @param flowCalibration  the flow's class-logit calibration, or null for none
 * @param classModel       the masked class model's configuration, or null for none
 * @param classCalibration its calibration on the training jets' own kinematics, or null for none
 * @param classSweeps      Gibbs sweeps the class model runs per generated jet
 * @param generatedClassCalibration the attached class model's calibration on the classes it draws for
 *                         the kinematics the flow generates ({@code calibrate --class-model}), or null
 */
record TrainingRecipe(Path file, List<Path> flow, Calibration flowCalibration, Path classModel,
        Calibration classCalibration, int classSweeps, Calibration generatedClassCalibration) {

    /**
     * A calibration: jets generated per pass and bias updates ({@code jetflow calibrate -n, --updates}),
     * and for the class model's own, whether it also fits the jet-charge tilt ({@code --jet-charge}).
     */
    record Calibration(int jets, int updates, boolean jetCharge) {
    }

    private static final Set<String> FIELDS = Set.of("what", "flow", "flowCalibration", "classModel",
            "classCalibration", "classSweeps", "generatedClassCalibration");

    /** Reads and checks a recipe: every configuration exists and parses, the flow's first and a class model's is one. */
    static TrainingRecipe read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--recipe " + file + ": no such file");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a recipe is a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(file + ": unknown field " + name + " (known: " + String.join(", ",
                        FIELDS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode flowNode = root.get("flow");
        if (flowNode == null || !flowNode.isArray() || flowNode.isEmpty()) {
            throw new IllegalArgumentException(file + ": field flow must list at least one flow configuration");
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> flow = new ArrayList<>();
        for (int i = 0; i < flowNode.size(); i++) {
            FlowConfig c = config(file, dir, "flow[" + i + "]", flowNode.get(i));
            if (c.maskedClasses()) {
                throw new IllegalArgumentException(file + ": field flow[" + i + "]: a class model's configuration,"
                        + " not a flow's");
            }
            flow.add(dir.resolve(flowNode.get(i).asText()));
        }
        Path classModel = null;
        if (root.hasNonNull("classModel")) {
            if (!config(file, dir, "classModel", root.get("classModel")).maskedClasses()) {
                throw new IllegalArgumentException(file + ": field classModel: not a class model's configuration"
                        + " (it needs \"maskedClasses\": true)");
            }
            classModel = dir.resolve(root.get("classModel").asText());
        }
        Calibration classCalibration = calibration(file, root, "classCalibration");
        Calibration generated = calibration(file, root, "generatedClassCalibration");
        for (String field : new String[] {"classCalibration", "generatedClassCalibration"}) {
            if (root.hasNonNull(field) && classModel == null) {
                throw new IllegalArgumentException(file + ": field " + field + " needs a classModel");
            }
        }
        int sweeps = 20;
        if (root.has("classSweeps")) {
            JsonNode s = root.get("classSweeps");
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.asInt() < 1) {
                throw new IllegalArgumentException(file + ": field classSweeps must be a positive integer, got " + s);
            }
            sweeps = s.asInt();
        }
        return new TrainingRecipe(file, List.copyOf(flow), calibration(file, root, "flowCalibration"), classModel,
                classCalibration, sweeps, generated);
    }

    private static FlowConfig config(Path file, Path dir, String field, JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(file + ": field " + field + " must be a configuration file name");
        }
        Path p = dir.resolve(node.asText());
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(file + ": field " + field + ": no such file " + node.asText());
        }
        try {
            return FlowConfig.read(p);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": field " + field + ": " + node.asText()
                    + " is not a flow configuration: " + e.getMessage().replace('\n', ' '));
        }
    }

    private static Calibration calibration(Path file, JsonNode root, String field) {
        JsonNode c = root.get(field);
        if (c == null || c.isNull()) {
            return null;
        }
        int[] v = new int[2];
        String[] keys = {"jets", "updates"};
        for (int k = 0; k < 2; k++) {
            JsonNode x = c.get(keys[k]);
            if (x == null || !x.isIntegralNumber() || x.asLong() < 1 || x.asLong() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": field " + field + "." + keys[k]
                        + " must be a positive integer, got " + x);
            }
            v[k] = x.asInt();
        }
        JsonNode charge = c.get("jetCharge");
        if (charge != null && !charge.isBoolean()) {
            throw new IllegalArgumentException(file + ": field " + field + ".jetCharge must be true or false, got " + charge);
        }
        boolean jetCharge = charge != null && charge.asBoolean();
        if (jetCharge && !field.equals("classCalibration")) {
            throw new IllegalArgumentException(file + ": field " + field + ".jetCharge: only the class model's own"
                    + " calibration (classCalibration) fits the jet-charge tilt");
        }
        return new Calibration(v[0], v[1], jetCharge);
    }
}
