package org.jetflow.validation.observable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.jet.Constituents;

/**
 * One jet-substructure observable chosen by name and parameters, as a measurement description
 * selects it (docs/validation.md#choosing-an-observable-by-name). Three steps define it:
 *
 * <ol>
 *   <li>which particles: the whole jet, or with {@code charged} its {@link ChargedJet} (the hardest
 *       anti-kT R = 0.8 jet of its charged constituents);</li>
 *   <li>with {@code groomed}, that jet is first groomed by {@link SoftDrop} ({@code groomBeta},
 *       {@code groomZcut}, R0 = 0.8) and the rest is computed on the groomed jet, with its own
 *       axes;</li>
 *   <li>the {@link Quantity} measured on the result.</li>
 * </ol>
 *
 * <p>Create it with {@link #parse}; {@link #value} computes it on one jet. Equal records are the
 * same observable; {@code parse(o.name(), o.parameters())} equals {@code o}.
 *
 * @param quantity   what is measured
 * @param angularity the angularity's definition when {@code quantity} is {@link Quantity#ANGULARITY}, else null
 * @param softDrop   the grooming that defines {@link Quantity#SOFTDROP_MASS}, {@link Quantity#RG},
 *                   {@link Quantity#ZG} and {@link Quantity#RHO}, else null
 * @param charged    whether the quantity is computed on the charged jet rather than the whole jet
 * @param groomer    if not null, the grooming applied first (step 2)
 */
public record SubstructureObservable(Quantity quantity, Angularity angularity, SoftDrop softDrop, boolean charged,
        SoftDrop groomer) {

    /** R = R0 = 0.8: the radius of the jets JetFlow reads (AK8). */
    public static final double RADIUS = 0.8;

    /** What is measured on the selected (charged, groomed) jet. */
    public enum Quantity {
        /** Mass of the four-momentum sum (GeV), negative for a slightly tachyonic sum as FastJet's {@code m()}. */
        MASS("mass"),
        /** A generalised angularity λ^κ_β ({@link Angularity}), dimensionless. */
        ANGULARITY("angularity"),
        /** Mass of the soft-drop-groomed jet, m_sd (GeV). */
        SOFTDROP_MASS("softdrop_mass"),
        /** Groomed radius R_g: ΔR between the two prongs that passed the soft-drop condition; 0 if none did. */
        RG("rg"),
        /** Groomed momentum fraction z_g = min(pT1, pT2)/(pT1 + pT2) of those prongs; 0 if none did. */
        ZG("zg"),
        /**
         * ρ = ln(m_sd² / pT²), with pT that of the jet before this soft drop (the vector sum of the
         * selected jet's constituents); −∞ when m_sd² ≤ 0 (a single massless particle), NaN for an
         * empty jet.
         */
        RHO("rho");

        private final String key;

        Quantity(String key) {
            this.key = key;
        }

        /** The name {@link #parse} takes. */
        public String key() {
            return key;
        }
    }

    /** The names {@link #parse} takes. */
    public static final List<String> NAMES = List.of("mass", "msd", "softdrop_mass", "rg", "zg", "rho", "angularity");

    private static final Set<String> COMMON = Set.of("charged", "groomed", "groomBeta", "groomZcut");
    private static final List<String> ANGULARITY_PARAMETERS = List.of("kappa", "beta", "axis", "ptMin");
    private static final List<String> SOFTDROP_PARAMETERS = List.of("beta", "zcut");
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    public SubstructureObservable {
        if (quantity == null) {
            throw new IllegalArgumentException("quantity is missing");
        }
        if ((quantity == Quantity.ANGULARITY) != (angularity != null)) {
            throw new IllegalArgumentException("an angularity definition goes with quantity ANGULARITY and only with it");
        }
        boolean groomedQuantity = quantity != Quantity.ANGULARITY && quantity != Quantity.MASS;
        if (groomedQuantity != (softDrop != null)) {
            throw new IllegalArgumentException("a SoftDrop goes with quantities SOFTDROP_MASS, RG, ZG and RHO and only with them");
        }
    }

    /**
     * The observable with a name and parameters (names are case sensitive; JSON numbers and
     * booleans arrive as {@link Number} and {@link Boolean}).
     *
     * <table>
     *   <caption>Names and their parameters</caption>
     *   <tr><th>name</th><th>parameters (default)</th></tr>
     *   <tr><td>{@code angularity}</td><td>{@code kappa} (required, ≥ 0), {@code beta} (required, ≥ 0),
     *       {@code axis}: {@code "wta"} (winner-take-all, default) or {@code "jet"} (E-scheme),
     *       {@code ptMin} GeV (0; particles with pT ≤ ptMin are left out)</td></tr>
     *   <tr><td>{@code softdrop_mass}, {@code rg}, {@code zg}, {@code rho}</td><td>{@code beta}
     *       (0, ≥ 0), {@code zcut} (0.1, ≥ 0); R0 = 0.8</td></tr>
     *   <tr><td>{@code mass}</td><td>none</td></tr>
     *   <tr><td>{@code msd}</td><td>none: {@code softdrop_mass} with β = 0, zcut = 0.1</td></tr>
     * </table>
     *
     * <p>Every name also takes {@code charged} (false), {@code groomed} (false), and with
     * {@code groomed = true} {@code groomBeta} (0, ≥ 0) and {@code groomZcut} (0.1, ≥ 0).
     *
     * @param name       one of the names above
     * @param parameters parameter name → value; null for none
     * @throws IllegalArgumentException for an unknown name or parameter, a missing required
     *                                  parameter, a value of the wrong type or out of range; the
     *                                  message names the parameter
     */
    public static SubstructureObservable parse(String name, Map<String, ?> parameters) {
        if (name == null) {
            throw new IllegalArgumentException("observable name is missing");
        }
        Map<String, ?> p = parameters == null ? Map.of() : parameters;
        List<String> own;
        switch (name) {
            case "angularity":
                own = ANGULARITY_PARAMETERS;
                break;
            case "softdrop_mass":
            case "rg":
            case "zg":
            case "rho":
                own = SOFTDROP_PARAMETERS;
                break;
            case "mass":
            case "msd":
                own = List.of();
                break;
            default:
                throw new IllegalArgumentException("unknown observable '" + name + "' (known: " + String.join(", ", NAMES)
                        + ")");
        }
        for (String key : p.keySet()) {
            if (!own.contains(key) && !COMMON.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for observable '" + name
                        + "' (known: " + String.join(", ", own) + (own.isEmpty() ? "" : ", ") + String.join(", ", COMMON.stream().sorted().toList()) + ")");
            }
        }
        boolean charged = bool(p, "charged", name);
        boolean groomed = bool(p, "groomed", name);
        SoftDrop groomer = null;
        if (groomed) {
            groomer = new SoftDrop(nonNegative(p, "groomBeta", 0, name), nonNegative(p, "groomZcut", 0.1, name), RADIUS);
        } else {
            for (String key : List.of("groomBeta", "groomZcut")) {
                if (p.containsKey(key)) {
                    throw new IllegalArgumentException("parameter '" + key + "' of '" + name + "' needs groomed = true");
                }
            }
        }
        switch (name) {
            case "angularity": {
                double kappa = nonNegative(p, "kappa", Double.NaN, name);
                double beta = nonNegative(p, "beta", Double.NaN, name);
                Angularity a = new Angularity(kappa, beta, axis(p, name), nonNegative(p, "ptMin", 0, name), RADIUS);
                return new SubstructureObservable(Quantity.ANGULARITY, a, null, charged, groomer);
            }
            case "mass":
                return new SubstructureObservable(Quantity.MASS, null, null, charged, groomer);
            case "msd":
                return new SubstructureObservable(Quantity.SOFTDROP_MASS, null, SoftDrop.standard(), charged, groomer);
            default: {
                SoftDrop sd = new SoftDrop(nonNegative(p, "beta", 0, name), nonNegative(p, "zcut", 0.1, name), RADIUS);
                Quantity q = name.equals("softdrop_mass") ? Quantity.SOFTDROP_MASS
                        : name.equals("rg") ? Quantity.RG : name.equals("zg") ? Quantity.ZG : Quantity.RHO;
                return new SubstructureObservable(q, null, sd, charged, groomer);
            }
        }
    }

    /** {@link #parse} without parameters: {@code mass}, {@code msd}, or a default soft-drop quantity. */
    public static SubstructureObservable parse(String name) {
        return parse(name, Map.of());
    }

    /** The name {@link #parse} takes for this observable ({@code msd} comes back as {@code softdrop_mass}). */
    public String name() {
        return quantity.key();
    }

    /** Every parameter with its value, defaults included, in the form {@link #parse} takes. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (angularity != null) {
            p.put("kappa", angularity.kappa());
            p.put("beta", angularity.beta());
            p.put("axis", angularity.axis() == JetAxis.WTA ? "wta" : "jet");
            p.put("ptMin", angularity.ptMinGeV());
        }
        if (softDrop != null) {
            p.put("beta", softDrop.beta());
            p.put("zcut", softDrop.zcut());
        }
        p.put("charged", charged);
        p.put("groomed", groomer != null);
        if (groomer != null) {
            p.put("groomBeta", groomer.beta());
            p.put("groomZcut", groomer.zcut());
        }
        return Collections.unmodifiableMap(p);
    }

    /**
     * The observable on one jet of up to 150 constituents. NaN when {@code charged} is set and the
     * jet has no charged constituent. Thread safe: each thread reuses its own workspace, so a call
     * allocates nothing after a thread's first.
     */
    public double value(Constituents jet) {
        Workspace w = WORKSPACE.get();
        Constituents selected = jet;
        if (charged) {
            if (!w.chargedJet.find(jet, w.clusters, w.charged)) {
                return Double.NaN;
            }
            selected = w.charged;
        }
        if (groomer != null) {
            groomer.groom(selected, w.clusters, w.groomed);
            selected = w.groomed;
        }
        switch (quantity) {
            case MASS:
                return mass(selected);
            case ANGULARITY:
                return angularity.value(selected, w.clusters);
            default:
                break;
        }
        SoftDrop.Groomed g = softDrop.groom(selected, w.clusters, null);
        switch (quantity) {
            case SOFTDROP_MASS:
                return g.massGeV();
            case RG:
                return g.deltaR();
            case ZG:
                return g.symmetry();
            default:
                return rho(g.massGeV(), selected);
        }
    }

    /** {@link #value} of every jet of a batch, in order. */
    public double[] values(JetBatch batch) {
        Constituents jet = WORKSPACE.get().jet;
        double[] out = new double[batch.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = value(jet.load(batch, j));
        }
        return out;
    }

    private static double rho(double msd, Constituents jet) {
        if (jet.size() == 0) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < jet.size(); i++) {
            sx += jet.px(i);
            sy += jet.py(i);
        }
        double pt2 = sx * sx + sy * sy;
        // msd carries the sign of m² (FastJet's m()), so m² ≤ 0 is msd ≤ 0: ln 0 = −∞.
        return msd <= 0 ? Double.NEGATIVE_INFINITY : Math.log(msd * msd / pt2);
    }

    private static double mass(Constituents jet) {
        return JetMomentum.of(jet).mass();
    }

    private static boolean bool(Map<String, ?> p, String key, String name) {
        Object v = p.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean)) {
            throw new IllegalArgumentException("parameter '" + key + "' of '" + name + "' must be true or false, got " + describe(v));
        }
        return (Boolean) v;
    }

    /** A finite number ≥ 0; {@code fallback} when absent, and NaN as fallback means required. */
    private static double nonNegative(Map<String, ?> p, String key, double fallback, String name) {
        Object v = p.get(key);
        if (v == null) {
            if (Double.isNaN(fallback)) {
                throw new IllegalArgumentException("observable '" + name + "' needs parameter '" + key + "'");
            }
            return fallback;
        }
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("parameter '" + key + "' of '" + name + "' must be a number, got " + describe(v));
        }
        double x = ((Number) v).doubleValue();
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("parameter '" + key + "' of '" + name + "' must be finite and ≥ 0, got " + x);
        }
        return x;
    }

    private static JetAxis axis(Map<String, ?> p, String name) {
        Object v = p.get("axis");
        if (v == null || "wta".equals(v)) {
            return JetAxis.WTA;
        }
        if ("jet".equals(v)) {
            return JetAxis.E_SCHEME;
        }
        throw new IllegalArgumentException("parameter 'axis' of '" + name + "' must be \"wta\" or \"jet\", got " + describe(v));
    }

    private static String describe(Object v) {
        return (v instanceof String ? "\"" + v + "\"" : String.valueOf(v)) + " (" + v.getClass().getSimpleName() + ")";
    }

    /** One thread's reusable arrays. */
    private static final class Workspace {
        final Constituents jet = new Constituents();
        final Constituents charged = new Constituents();
        final Constituents groomed = new Constituents();
        final ClusterSequence clusters = new ClusterSequence(JetBatch.MAX_PARTICLES);
        final ChargedJet chargedJet = ChargedJet.standard();
    }
}
