package org.jetflow.io.arrow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jetflow.io.jet.JetSchema;

/**
 * The Arrow layout of a JetFlow jet file: one row per jet, jet-level scalar columns and a
 * {@code constituents: list<struct<...>>} column. Each field carries its unit in the field metadata
 * key {@code unit}; the schema metadata carries {@code jetflow.units} (all units as JSON),
 * {@code jetflow.conventions} and provenance keys.
 */
public final class ArrowJetSchema {
    public static final String CONSTITUENTS = "constituents";
    public static final String JET_MULTIPLICITY = "n";
    public static final String CLASS = "class";
    public static final String PDG_ID = "pdg_id";
    public static final String CHARGE = "charge";

    /** Core jet columns and units (also the layout of JetFlow's Spark datasets). */
    public static final List<String> JET_CORE = List.of("pt", "eta", "phi", "mass");
    public static final List<String> JET_CORE_UNITS = List.of("GeV", "1", "rad", "GeV");
    /** Core float constituent fields and units (class, pdg_id and charge are integers). */
    public static final List<String> PARTICLE_CORE = List.of("pt", "deta", "dphi", "px", "py", "pz", "e");
    public static final List<String> PARTICLE_CORE_UNITS = List.of("GeV", "1", "rad", "GeV", "GeV", "GeV", "GeV");

    /** Units of the known extra columns; others are dimensionless or counts. */
    private static final Map<String, String> EXTRA_UNITS = Map.of("msd", "GeV", "d0", "cm", "d0_err", "cm", "dz", "cm",
            "dz_err", "cm");

    public static final String CONVENTIONS = "PDG sign convention (11 = e-, 13 = mu-, 211 = pi+); class tokens 1..8 ="
            + " photon, h0, h-, h+, e-, e+, mu-, mu+; deta = eta - eta_jet, dphi = phi - phi_jet wrapped into (-pi, pi];"
            + " constituents pT ordered as in the source; four-momenta in GeV with the class masses of docs/validation.md#definitions";

    private ArrowJetSchema() {
    }

    /** The unit of an extra column name. */
    public static String unitOf(String name) {
        return EXTRA_UNITS.getOrDefault(name, "1");
    }

    static Schema toArrow(JetSchema schema, Map<String, String> metadata) {
        Map<String, String> units = new LinkedHashMap<>();
        List<Field> jet = new ArrayList<>();
        for (int k = 0; k < JET_CORE.size(); k++) {
            jet.add(field(JET_CORE.get(k), float32(), JET_CORE_UNITS.get(k)));
            units.put(JET_CORE.get(k), JET_CORE_UNITS.get(k));
        }
        jet.add(field(JET_MULTIPLICITY, new ArrowType.Int(32, true), "1"));
        for (String name : schema.jetFloats()) {
            jet.add(field(name, float32(), unitOf(name)));
            units.put(name, unitOf(name));
        }
        for (String name : schema.jetLongs()) {
            jet.add(field(name, new ArrowType.Int(64, true), "1"));
        }
        List<Field> particle = new ArrayList<>();
        for (int k = 0; k < PARTICLE_CORE.size(); k++) {
            particle.add(field(PARTICLE_CORE.get(k), float32(), PARTICLE_CORE_UNITS.get(k)));
            units.put(CONSTITUENTS + "." + PARTICLE_CORE.get(k), PARTICLE_CORE_UNITS.get(k));
        }
        particle.add(field(CLASS, new ArrowType.Int(8, true), "1"));
        particle.add(field(PDG_ID, new ArrowType.Int(32, true), "1"));
        particle.add(field(CHARGE, new ArrowType.Int(8, true), "e"));
        units.put(CONSTITUENTS + "." + CHARGE, "e");
        for (String name : schema.particleFloats()) {
            particle.add(field(name, float32(), unitOf(name)));
            units.put(CONSTITUENTS + "." + name, unitOf(name));
        }
        Field struct = new Field("item", FieldType.notNullable(ArrowType.Struct.INSTANCE), particle);
        jet.add(new Field(CONSTITUENTS, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(struct)));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("jetflow.units", toJson(units));
        meta.put("jetflow.conventions", CONVENTIONS);
        return new Schema(jet, meta);
    }

    private static ArrowType float32() {
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    }

    private static Field field(String name, ArrowType type, String unit) {
        return new Field(name, new FieldType(false, type, null, Map.of("unit", unit)), null);
    }

    private static String toJson(Map<String, String> m) {
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
