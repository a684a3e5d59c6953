package org.jetflow.flows.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jetflow.flows.condition.ConditionTable;
import org.jetflow.flows.config.FlowConfig;
import org.jetflow.flows.net.ParameterIO;
import org.jetflow.flows.net.TorchWarnings;
import org.jetflow.flows.preprocess.ParticleReference;
import org.jetflow.flows.preprocess.Preprocessing;
import org.jetflow.flows.preprocess.RadialCompression;
import org.jetflow.flows.sample.ClassCalibration;
import org.jetflow.flows.sample.ClassCalibrator;
import org.jetflow.flows.sample.FlowSampler;
import org.jetflow.flows.sample.MaskedClassSampler;
import org.jetflow.flows.sample.Sampling;
import org.jetflow.flows.sample.Solver;
import org.jetflow.flows.sample.StepSchedule;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.DirectoryTree;
import org.jetflow.io.file.FileFingerprint;

/**
 * A trained model as one directory: {@code model-card.json} (JetFlow version, architecture and
 * training configuration, preprocessing, multiplicity histogram, training-data provenance, metrics
 * at the end of training, and optionally a class calibration) and {@code weights.bin} (the EMA
 * weights), and for a flow with a class model a {@code class-model/} bundle ({@code jetflow attach}).
 * Written to a temporary directory and renamed into place.
 */
public final class ModelBundle implements AutoCloseable {
    public static final String CARD = "model-card.json";
    public static final String WEIGHTS = "weights.bin";
    /** The subdirectory holding a flow's masked class model, a bundle of its own ({@code jetflow attach}). */
    public static final String CLASS_MODEL = "class-model";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final FlowConfig config;
    private final Preprocessing preprocessing;
    private final ObjectNode card;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final ClassCalibration calibration;
    private final Sampling sampling;
    /** The masked class model in {@link #CLASS_MODEL}, or null. */
    private final ModelBundle classModel;
    private final Path classModelDir;

    private ModelBundle(FlowConfig config, Preprocessing preprocessing, ObjectNode card, NDManager manager,
            Map<String, NDArray> weights, ClassCalibration calibration, Sampling sampling, ModelBundle classModel,
            Path classModelDir) {
        this.config = config;
        this.preprocessing = preprocessing;
        this.card = card;
        this.manager = manager;
        this.weights = weights;
        this.calibration = calibration;
        this.sampling = sampling;
        this.classModel = classModel;
        this.classModelDir = classModelDir;
    }

    /** The masked class model that draws this flow's classes ({@link #CLASS_MODEL}), or null. */
    public ModelBundle classModel() {
        return classModel;
    }

    /** How this model generates unless told otherwise: the card's {@code sampling}, else {@link Sampling#FLOW}. */
    public Sampling sampling() {
        return sampling;
    }

    /** The class-logit biases of the card's {@code calibration} ({@link ClassCalibration#NONE} without one). */
    public ClassCalibration calibration() {
        return calibration;
    }

    /**
     * A sampler over this bundle's weights with its class calibration and, with the card's class
     * sweeps, its class model; close it before the bundle.
     */
    public FlowSampler sampler() {
        if (config.maskedClasses()) {
            throw new IllegalStateException("this model is a masked class model, which draws the classes of a flow's"
                    + " jets: attach it to a flow (jetflow attach) and generate with that");
        }
        FlowSampler s = new FlowSampler(config, preprocessing, weights).calibration(calibration)
                .schedule(sampling.schedule());
        if (classModel != null) {
            s.classModel(classModel.classSampler()).classSweeps(sampling.classSweeps());
        }
        return s;
    }

    /** A class sampler over this masked class model's weights; close it (or the flow sampler given it) before the bundle. */
    public MaskedClassSampler classSampler() {
        return new MaskedClassSampler(config, preprocessing, weights).calibration(calibration);
    }

    /**
     * Writes this flow with a masked class model to {@code dir} (which may be this bundle's own
     * directory): the same card and weights, the class model's bundle copied to {@link #CLASS_MODEL},
     * a {@code class_model} section naming it, and {@code sampling.class_sweeps} as the default.
     */
    public void saveWithClassModel(Path dir, Path classModelBundle, int sweeps) throws IOException {
        if (config.maskedClasses()) {
            throw new IllegalArgumentException("a class model is attached to a flow, not to another class model");
        }
        if (sweeps < 1) {
            throw new IllegalArgumentException("--sweeps must be at least 1, got " + sweeps);
        }
        boolean pairwise;
        try (ModelBundle m = load(classModelBundle)) {
            pairwise = m.config().couplingRank() > 0;
            if (!m.config().maskedClasses()) {
                throw new IllegalArgumentException(classModelBundle + ": not a masked class model (its configuration has"
                        + " no maskedClasses)");
            }
            MaskedClassSampler.requireFits(classModelBundle.toString(), m.config(), config);
        }
        ObjectNode out = card.deepCopy();
        putSampling(out, sampling.withClassSweeps(sweeps));
        ObjectNode c = out.putObject("class_model");
        c.put("what", "a masked class model (" + CLASS_MODEL + "/) draws every particle's class given the generated"
                + " kinematics: " + (pairwise ? "one evaluation, then class_sweeps Gibbs sweeps of its"
                + " pairwise conditional" : "group by group, one evaluation per sweep"));
        c.setAll(identity(classModelBundle));
        writeAtomically(dir, out, weights, classModelBundle.toAbsolutePath());
    }

    /**
     * Writes this model with a fitted class calibration to {@code dir} (which may be this bundle's own
     * directory): the same card and weights, and a {@code calibration} section with the biases, the
     * target and generated fractions of every pass, and {@code provenance} (the data it was fitted on);
     * the sampling it was fitted at becomes the model's default ({@code sampling}), since the class
     * fractions a calibration corrects depend on the solver and the number of steps ({@code null} for a
     * class model, whose calibration is fitted on the training jets' own kinematics).
     */
    public void saveCalibrated(Path dir, ClassCalibrator.Result fit, Sampling at, ObjectNode provenance)
            throws IOException {
        ObjectNode out = card.deepCopy();
        // A class model (at == null) has no sampling of its own: the flow it is attached to says how many sweeps.
        if (at != null) {
            putSampling(out, at);
        }
        putCalibration(out, fit, provenance);
        writeAtomically(dir, out, weights, classModelDir);
    }

    /**
     * Writes this flow to {@code dir} (which may be its own directory) with its class model's
     * calibration replaced by {@code fit}, fitted on the classes the class model draws for the
     * kinematics this flow generates at {@code at}, which becomes the flow's default sampling. The
     * flow's weights and own calibration and the class model's weights are unchanged.
     */
    public void saveWithClassCalibration(Path dir, ClassCalibrator.Result fit, Sampling at, ObjectNode provenance)
            throws IOException {
        if (classModel == null) {
            throw new IllegalStateException("this flow has no class model to calibrate (jetflow attach adds one)");
        }
        ObjectNode out = card.deepCopy();
        putSampling(out, at);
        ObjectNode classCard = classModel.card.deepCopy();
        putCalibration(classCard, fit, provenance);
        writeAtomically(dir, out, weights, classModelDir, classCard);
    }

    /**
     * Writes this model to {@code dir} with a {@code recipe} section in its card: how {@code jetflow recipe}
     * made it, stage by stage, with steps and seconds. Weights, class model and calibrations are unchanged.
     */
    public void saveWithRecipe(Path dir, ObjectNode recipe) throws IOException {
        ObjectNode out = card.deepCopy();
        out.set("recipe", recipe);
        writeAtomically(dir, out, weights, classModelDir);
    }

    /** A calibration's optional number {@code field}, 0 when absent. */
    private static double number(JsonNode calibration, String field) {
        JsonNode v = calibration.path(field);
        if (!v.isMissingNode() && !v.isNumber()) {
            throw new IllegalArgumentException(field + " is not a number: " + v);
        }
        return v.asDouble(0);
    }

    /** A card's {@code calibration}: the biases, the target and generated fractions of every pass, and where it was fitted. */
    private static void putCalibration(ObjectNode card, ClassCalibrator.Result fit, ObjectNode provenance) {
        ObjectNode c = card.putObject("calibration");
        c.put("what", "additive biases on the class logits at sampling, fitted so that generated particles carry"
                + " the training jets' class fractions (classes: photon, h0, h-, h+, e-, e+, mu-, mu+)");
        c.set("class_logit_bias", JSON.valueToTree(fit.calibration().logitBias()));
        ClassCalibration fitted = fit.calibration();
        // A calibration of the biases alone keeps the jet-charge terms it started from, so they are written too.
        if (fitted.chargeTilt() > 0 || fitted.chargeField() != 0 || fit.chargeMoments().length > 0) {
            c.put("jet_charge_field", fitted.chargeField());
            c.put("jet_charge_tilt", fitted.chargeTilt());
            c.put("jet_charge_what", "a pairwise class model's Gibbs sweeps add field*Q - tilt*Q^2 to the energy of a"
                    + " jet's classes, Q = sum q_i (pT_i/pT_jet)^0.5, fitted so that the classes drawn for the training"
                    + " jets' kinematics have their mean Q and Q^2 (moments: [mean Q, mean Q^2])");
        }
        if (fit.chargeMoments().length > 0) {
            c.set("target_jet_charge_moments", JSON.valueToTree(fit.targetChargeMoments()));
            c.set("generated_jet_charge_moments_per_pass", JSON.valueToTree(fit.chargeMoments()));
        }
        c.set("target_fractions", JSON.valueToTree(fit.target()));
        c.set("generated_fractions_per_pass", JSON.valueToTree(fit.fractions()));
        c.set("fitted_on", provenance);
    }

    /** The card's {@code sampling}: solver, steps, the schedule's step denominators if any, class sweeps if any. */
    private static void putSampling(ObjectNode card, Sampling at) {
        ObjectNode sampled = card.putObject("sampling").put("solver", at.solverName()).put("steps", at.steps());
        if (at.schedule() != null) {
            sampled.put("schedule", at.schedule().toString());
        }
        if (at.classSweeps() > 0) {
            sampled.put("class_sweeps", at.classSweeps());
        }
    }

    public FlowConfig config() {
        return config;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The model card as JSON. */
    public ObjectNode card() {
        return card;
    }

    public Map<String, NDArray> weights() {
        return weights;
    }

    /**
     * Writes a bundle.
     *
     * @param provenance training data (files, jets) and anything else to record
     * @param metrics    metrics at the end of training
     */
    public static void save(Path dir, FlowConfig config, Preprocessing pre, Map<String, NDArray> weights,
            ObjectNode provenance, ObjectNode metrics, String version) throws IOException {
        ObjectNode card = JSON.createObjectNode();
        card.put("format", "jetflow-model-1");
        card.put("jetflow_version", version);
        card.put("method", "multimodal flow: flow matching (pT, deta, dphi) + telegraph Markov jump bridge (8 classes),"
                + " arXiv:2509.01736");
        card.set("config", JSON.readTree(config.toJson()));
        ObjectNode p = card.putObject("preprocessing");
        p.put("features", pre.angles().identity() ? "log(pT/GeV), deta, dphi; standardised"
                : "log(pT/GeV), and deta, dphi compressed beyond config.angularScale about the jet axis; standardised");
        ArrayNode mean = p.putArray("mean");
        ArrayNode std = p.putArray("std");
        for (int k = 0; k < 3; k++) {
            mean.add(pre.mean()[k]);
            std.add(pre.std()[k]);
        }
        ArrayNode mult = p.putArray("multiplicity_histogram");
        for (long m : pre.multiplicity()) {
            mult.add(m);
        }
        ConditionTable ct = pre.conditions();
        if (ct != null) {
            ObjectNode c = p.putObject("conditions");
            c.put("context", "log(pT/GeV), eta, log(mass/GeV); standardised; the first config.contextDim are used");
            c.set("mean", JSON.valueToTree(ct.mean()));
            c.set("std", JSON.valueToTree(ct.std()));
            c.put("rows", "training jets sorted by pT: pt (GeV), eta, mass (GeV), multiplicity");
            c.set("pt", JSON.valueToTree(ct.pt()));
            c.set("eta", JSON.valueToTree(ct.eta()));
            c.set("mass", JSON.valueToTree(ct.mass()));
            c.set("multiplicity", JSON.valueToTree(ct.multiplicity()));
        }
        putReference(p, pre.reference());
        card.set("training_data", provenance);
        card.set("metrics", metrics);
        writeAtomically(dir, card, weights, null);
    }

    private static void putReference(ObjectNode preprocessing, ParticleReference r) {
        preprocessing.remove("particle_reference");
        if (r == null) {
            return;
        }
        ObjectNode o = preprocessing.putObject("particle_reference");
        o.put("density", "q(ln pT, deta, dphi, class | N, jet pT) = P(class) h(ln z, ln dR) / (2 pi dR^2), z = pT/jet pT;"
                + " counts per cell of jet pT (GeV edges) and N; histograms per group (photon, h0, h+-, leptons), "
                + ParticleReference.BINS + " x " + ParticleReference.BINS + " bins of ln z in [" + ParticleReference.LN_Z_MIN
                + ", " + ParticleReference.LN_Z_MAX + "] and ln dR in [ln 0.001, 0]");
        o.set("pt_edges", JSON.valueToTree(r.ptEdges()));
        o.set("n_edges", JSON.valueToTree(r.nEdges()));
        o.set("class_counts", JSON.valueToTree(r.classes()));
        o.set("histogram_counts", JSON.valueToTree(r.counts()));
    }

    /**
     * Writes this model with an independent-particle reference (fitted on its training jets) to
     * {@code dir}, which may be this bundle's own directory: the same card otherwise, with
     * {@code provenance} recording the jets under {@code preprocessing.particle_reference.fitted_on}.
     */
    public void saveWithReference(Path dir, ParticleReference r, ArrayNode provenance) throws IOException {
        ObjectNode out = card.deepCopy();
        ObjectNode p = (ObjectNode) out.get("preprocessing");
        putReference(p, r);
        ((ObjectNode) p.get("particle_reference")).set("fitted_on", provenance);
        writeAtomically(dir, out, weights, classModelDir);
    }

    /**
     * Writes {@code .NAME.tmp-PID} beside {@code dir}, renames a bundle already at {@code dir} to
     * {@code .NAME.tmp-PID-old}, renames the new one into place and deletes the old: a kill leaves
     * a whole bundle under the name or none, never a half-written or half-deleted one. Temporaries of
     * killed writes (a dead PID) are removed first.
     */
    private static void writeAtomically(Path dir, ObjectNode card, Map<String, NDArray> weights, Path classModel)
            throws IOException {
        writeAtomically(dir, card, weights, classModel, null);
    }

    /** As above, with {@code classCard} (if not null) as the class model's card instead of its own. */
    private static void writeAtomically(Path dir, ObjectNode card, Map<String, NDArray> weights, Path classModel,
            ObjectNode classCard) throws IOException {
        dir = dir.toAbsolutePath();
        String prefix = "." + dir.getFileName() + ".tmp-";
        AtomicTarget.removeStale(dir.getParent(), prefix, "(-old)?");
        Path tmp = dir.resolveSibling(prefix + ProcessHandle.current().pid());
        Path old = dir.resolveSibling(tmp.getFileName() + "-old");
        // This process's own pid on a temporary is an earlier failed write's, or a dead process's with the same pid.
        DirectoryTree.delete(tmp);
        DirectoryTree.delete(old);
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve(CARD), JSON.writeValueAsString(card));
        ParameterIO.write(tmp.resolve(WEIGHTS), weights);
        if (classModel != null) {
            // Read before the old bundle moves away: it may be this bundle's own class model.
            Path into = Files.createDirectories(tmp.resolve(CLASS_MODEL));
            if (classCard != null) {
                Files.writeString(into.resolve(CARD), JSON.writeValueAsString(classCard));
            } else {
                Files.copy(classModel.resolve(CARD), into.resolve(CARD));
            }
            Files.copy(classModel.resolve(WEIGHTS), into.resolve(WEIGHTS));
        }
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.move(dir, old);
        }
        Files.move(tmp, dir);
        DirectoryTree.delete(old);
    }

    /** Loads a bundle; close it to free the weights. */
    public static ModelBundle load(Path dir) throws IOException {
        TorchWarnings.silence();
        Path cardFile = dir.resolve(CARD);
        if (!Files.isRegularFile(cardFile)) {
            throw new IOException(dir + ": not a JetFlow model (no " + CARD + ")");
        }
        ObjectNode card = (ObjectNode) JSON.readTree(cardFile.toFile());
        FlowConfig config = JSON.treeToValue(card.get("config"), FlowConfig.class);
        JsonNode p = card.get("preprocessing");
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int k = 0; k < 3; k++) {
            mean[k] = p.get("mean").get(k).asDouble();
            std[k] = p.get("std").get(k).asDouble();
        }
        JsonNode h = p.get("multiplicity_histogram");
        long[] mult = new long[h.size()];
        for (int k = 0; k < mult.length; k++) {
            mult[k] = h.get(k).asLong();
        }
        ConditionTable conditions = null;
        JsonNode c = p.get("conditions");
        if (c != null) {
            conditions = new ConditionTable(JSON.treeToValue(c.get("mean"), double[].class),
                    JSON.treeToValue(c.get("std"), double[].class), JSON.treeToValue(c.get("pt"), float[].class),
                    JSON.treeToValue(c.get("eta"), float[].class), JSON.treeToValue(c.get("mass"), float[].class),
                    JSON.treeToValue(c.get("multiplicity"), int[].class));
        }
        ParticleReference reference = null;
        JsonNode ref = p.get("particle_reference");
        if (ref != null) {
            try {
                reference = new ParticleReference(JSON.treeToValue(ref.get("pt_edges"), double[].class),
                        JSON.treeToValue(ref.get("n_edges"), double[].class),
                        JSON.treeToValue(ref.get("class_counts"), long[].class),
                        JSON.treeToValue(ref.get("histogram_counts"), long[].class));
            } catch (RuntimeException e) {
                throw new IOException(cardFile + ": preprocessing.particle_reference: " + e.getMessage(), e);
            }
        }
        if (config.contextDim() > 0 && conditions == null) {
            throw new IOException(cardFile + ": preprocessing.conditions missing for a model with contextDim "
                    + config.contextDim());
        }
        ClassCalibration calibration = ClassCalibration.NONE;
        JsonNode cal = card.get("calibration");
        if (cal != null) {
            try {
                calibration = new ClassCalibration(JSON.treeToValue(cal.get("class_logit_bias"), double[].class),
                        number(cal, "jet_charge_tilt"), number(cal, "jet_charge_field"));
            } catch (RuntimeException e) {
                throw new IOException(cardFile + ": calibration: " + e.getMessage(), e);
            }
        }
        Sampling sampling = Sampling.FLOW;
        JsonNode at = card.get("sampling");
        if (at != null) {
            try {
                StepSchedule schedule = at.hasNonNull("schedule") ? StepSchedule.parse(at.get("schedule").asText()) : null;
                sampling = new Sampling(Solver.parse(at.path("solver").asText()), at.path("steps").asInt(),
                        at.path("class_sweeps").asInt(0), schedule);
                FlowSampler.check(config, sampling);
            } catch (IllegalArgumentException e) {
                throw new IOException(cardFile + ": sampling: " + e.getMessage(), e);
            }
        }
        Path classDir = dir.resolve(CLASS_MODEL);
        ModelBundle classModel = Files.isDirectory(classDir) ? load(classDir) : null;
        if (sampling.classSweeps() > 0 && classModel == null) {
            throw new IOException(cardFile + ": sampling.class_sweeps is " + sampling.classSweeps() + " but there is no "
                    + CLASS_MODEL + "/ directory");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Map<String, NDArray> weights = ParameterIO.read(dir.resolve(WEIGHTS), manager);
            return new ModelBundle(config, new Preprocessing(mean, std, mult, conditions, reference,
                    new RadialCompression(config.angularScale())), card, manager, weights,
                    calibration, sampling, classModel, classModel == null ? null : classDir.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            manager.close();
            if (classModel != null) {
                classModel.close();
            }
            throw e;
        }
    }

    /**
     * Provenance of files without their paths: {@code [{file, bytes, sha256}, ...]}
     * ({@link FileFingerprint}), with {@code jets} when given (one count per file).
     */
    public static ArrayNode fingerprints(java.util.List<Path> files, long[] jets) throws IOException {
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < files.size(); i++) {
            FileFingerprint f = FileFingerprint.of(files.get(i));
            ObjectNode o = out.addObject().put("file", f.name()).put("bytes", f.bytes()).put("sha256", f.sha256());
            if (jets != null) {
                o.put("jets", jets[i]);
            }
        }
        return out;
    }

    /**
     * Names a model bundle without its path: {@code {name, weights_sha256}}, the directory's name
     * and the hash of its weights, which identify it wherever it is copied.
     */
    public static ObjectNode identity(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        return JSON.createObjectNode().put("name", String.valueOf(abs.getFileName()))
                .put("weights_sha256", FileFingerprint.of(dir.resolve(WEIGHTS)).sha256());
    }

    @Override
    public void close() {
        if (classModel != null) {
            classModel.close();
        }
        manager.close();
    }
}
