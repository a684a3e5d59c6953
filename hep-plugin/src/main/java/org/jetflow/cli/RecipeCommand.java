package org.jetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jetflow.flows.model.ModelBundle;
import org.jetflow.io.file.DirectoryTree;
import org.jetflow.io.file.JetFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jetflow recipe}: makes a complete model from jets with one command, running the stages of a
 * {@link TrainingRecipe} (train, calibrate, train the class model, calibrate it, attach) as the
 * commands of the same names would, and records each stage's time and steps in the model card.
 */
@Command(name = "recipe", mixinStandardHelpOptions = true,
        description = "Makes a complete model from training jets with one command: the recipe file's flow training"
                + " stages (each starting from the one before), the calibration of the flow's class logits, the class"
                + " model's training and calibration, attaching it, and its calibration on the flow's generated jets, as"
                + " jetflow train, calibrate and attach would."
                + " Stage bundles go to BUNDLE.stages/ and are deleted when BUNDLE is written; --resume keeps the"
                + " finished stages and continues the one a kill interrupted from its checkpoint. The card's recipe"
                + " section records every stage's steps and seconds.",
        footer = {"%nExample:", "  jetflow recipe --recipe samples/configs/fast/recipe.json"
                + " --data qcd-train-1.h5 qcd-train-3.h5 -o qcd-fast"})
final class RecipeCommand implements Callable<Integer> {
    @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "Recipe JSON.")
    private Path recipeFile;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE", description = "Training jet files.")
    private List<Path> data;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "BUNDLE", description = "Model bundle directory.")
    private Path output;

    @Option(names = "--resume", description = "Continue an interrupted recipe from BUNDLE.stages/.")
    private boolean resume;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads of each training stage (train"
            + " --workers; default: ${DEFAULT-VALUE}, 2 on two cores).")
    private int workers = 1;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    private boolean quiet;

    @Spec
    private CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECONDS = "seconds.json";

    @Override
    public Integer call() throws IOException {
        for (Path f : data) {
            JetFiles.requireReadable(f);
        }
        TrainCommand.requireWorkers(workers);
        TrainingRecipe recipe = TrainingRecipe.read(recipeFile);
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("-o " + output + ": its directory does not exist");
        }
        Path stages = output.resolveSibling(output.getFileName() + ".stages");
        if (Files.exists(stages) && !resume) {
            throw new IllegalArgumentException(stages + " exists: --resume continues that recipe, or delete it");
        }
        Files.createDirectories(stages);
        ObjectNode seconds = Files.exists(stages.resolve(SECONDS))
                ? (ObjectNode) JSON.readTree(stages.resolve(SECONDS).toFile()) : JSON.createObjectNode();
        List<String> files = data.stream().map(Path::toString).toList();
        ArrayNode record = JSON.createArrayNode();

        Path flow = null;
        for (int i = 0; i < recipe.flow().size(); i++) {
            Path out = stages.resolve("flow-" + (i + 1));
            List<String> args = new ArrayList<>(List.of("train", "--config", recipe.flow().get(i).toString(),
                    "-o", out.toString()));
            if (flow != null) {
                args.addAll(List.of("--init", flow.toString()));
            }
            int code = stage(out, args, files, true, seconds, stages);
            if (code != 0) {
                return code;
            }
            record.add(trainingStage(out, "train", recipe.flow().get(i), seconds));
            flow = out;
        }
        if (recipe.flowCalibration() != null) {
            Path out = stages.resolve("flow-calibrated");
            int code = calibration(flow, recipe.flowCalibration(), false, out, "calibrate the flow's class logits", files,
                    seconds, stages, record);
            if (code != 0) {
                return code;
            }
            flow = out;
        }
        if (recipe.classModel() != null) {
            Path run = stages.resolve("classes-run");
            int code = stage(run, new ArrayList<>(List.of("train", "--config", recipe.classModel().toString(), "-o",
                    run.toString())), files, true, seconds, stages);
            if (code != 0) {
                return code;
            }
            record.add(trainingStage(run, "train the class model", recipe.classModel(), seconds));
            Path classes = run;
            if (recipe.classCalibration() != null) {
                classes = stages.resolve("classes");
                code = calibration(run, recipe.classCalibration(), false, classes, "calibrate the class model", files,
                        seconds, stages, record);
                if (code != 0) {
                    return code;
                }
            }
            Path attached = stages.resolve("attached");
            code = stage(attached, new ArrayList<>(List.of("attach", "--model", flow.toString(), "--classes",
                    classes.toString(), "--sweeps", Integer.toString(recipe.classSweeps()), "-o", attached.toString())),
                    List.of(), false, seconds, stages);
            if (code != 0) {
                return code;
            }
            flow = attached;
            if (recipe.generatedClassCalibration() != null) {
                // The class model's own calibration saw the training jets' kinematics; the flow's differ a little.
                Path out = stages.resolve("classes-on-generated");
                code = calibration(attached, recipe.generatedClassCalibration(), true, out,
                        "calibrate the class model on the flow's generated kinematics", files, seconds, stages, record);
                if (code != 0) {
                    return code;
                }
                flow = out;
            }
        }
        double total = 0;
        for (JsonNode s : record) {
            total += s.get("seconds").asDouble();
        }
        ObjectNode section = JSON.createObjectNode();
        section.put("recipe", recipeFile.getFileName().toString()).put("seconds", Math.round(total * 10) / 10.0)
                .put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default")).put("workers", workers);
        section.set("stages", record);
        try (ModelBundle m = ModelBundle.load(flow)) {
            m.saveWithRecipe(output, section);
        }
        DirectoryTree.delete(stages);
        if (!quiet) {
            System.out.printf(Locale.ROOT, "wrote model %s (%d stages, %.0f s)%n", output, record.size(), total);
        }
        return 0;
    }

    /**
     * A {@code jetflow calibrate} stage of {@code model} into {@code out} ({@code --class-model} when
     * {@code attachedClassModel}), recorded with its jets per pass and updates.
     */
    private int calibration(Path model, TrainingRecipe.Calibration c, boolean attachedClassModel, Path out, String what,
            List<String> files, ObjectNode seconds, Path stages, ArrayNode record) throws IOException {
        List<String> args = new ArrayList<>(List.of("calibrate", "--model", model.toString(), "-n",
                Integer.toString(c.jets()), "--updates", Integer.toString(c.updates()), "-o", out.toString()));
        if (attachedClassModel) {
            args.add("--class-model");
        }
        if (c.jetCharge()) {
            args.add("--jet-charge");
        }
        int code = stage(out, args, files, false, seconds, stages);
        if (code == 0) {
            ObjectNode done = stageRecord(out, what, seconds).put("jets_per_pass", c.jets()).put("updates", c.updates());
            record.add(c.jetCharge() ? done.put("jet_charge_tilt", true) : done);
        }
        return code;
    }

    /**
     * Runs one stage unless its bundle exists (a finished stage), as the jetflow command {@code args}
     * would, with the training files and, for training, --resume; records its wall-clock seconds.
     */
    private int stage(Path out, List<String> args, List<String> files, boolean training, ObjectNode seconds,
            Path stages) throws IOException {
        String name = out.getFileName().toString();
        // Bundles are written whole, so a card means a finished stage; a training stage finished just before a
        // kill keeps its card's training seconds, a short stage without its seconds recorded runs again.
        if (Files.isRegularFile(out.resolve(ModelBundle.CARD)) && (training || seconds.has(name))) {
            if (!quiet) {
                System.err.println("recipe: " + name + " is done");
            }
            return 0;
        }
        if (!files.isEmpty()) {
            args.add("--data");
            args.addAll(files);
        }
        if (training) {
            args.addAll(List.of("--workers", Integer.toString(workers)));
        }
        if (training && resume) {
            args.add("--resume");
        }
        if (quiet) {
            args.add("-q");
        } else {
            System.err.println("recipe: " + name + ": jetflow " + args.get(0));
        }
        long t0 = System.nanoTime();
        CommandLine cl = JetflowCommand.commandLine();
        cl.setErr(spec.commandLine().getErr());
        int code = cl.execute(args.toArray(String[]::new));
        if (code != 0) {
            return code;
        }
        seconds.put(name, Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        Path tmp = stages.resolve(SECONDS + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(seconds));
        Files.move(tmp, stages.resolve(SECONDS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return 0;
    }

    private static ObjectNode stageRecord(Path out, String what, ObjectNode seconds) {
        String name = out.getFileName().toString();
        return JSON.createObjectNode().put("stage", name).put("what", what).put("seconds", seconds.path(name).asDouble(0));
    }

    /**
     * A training stage's record: its steps and the larger of the training seconds its card counts
     * (across --resume) and the wall-clock seconds of the run that finished it (which include reading the jets).
     */
    private static ObjectNode trainingStage(Path out, String what, Path config, ObjectNode seconds) throws IOException {
        JsonNode metrics = JSON.readTree(out.resolve(ModelBundle.CARD).toFile()).get("metrics");
        ObjectNode r = stageRecord(out, what, seconds).put("config", config.getFileName().toString())
                .put("steps", metrics.get("steps").asInt());
        double trained = metrics.path("training_seconds").asDouble(0);
        r.put("training_seconds", trained);
        r.put("seconds", Math.max(r.get("seconds").asDouble(), trained));
        return r;
    }
}
