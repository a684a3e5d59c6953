package org.jetflow.validation.observable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.validation.jet.Constituents;
import org.junit.jupiter.api.Test;

/** Observables by name on jets worked out by hand, and what {@link SubstructureObservable#parse} refuses. */
class SubstructureObservableTest {
    /** Massless particles of given pT (GeV), rapidity, azimuth and class. */
    private static Constituents jet(Object[]... particles) {
        double[][] p4 = new double[particles.length][];
        byte[] tokens = new byte[particles.length];
        for (int i = 0; i < particles.length; i++) {
            double pt = (double) particles[i][0];
            double y = (double) particles[i][1];
            double phi = (double) particles[i][2];
            p4[i] = new double[] {pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(y), pt * Math.cosh(y)};
            tokens[i] = ((ParticleClass) particles[i][3]).token();
        }
        return new Constituents().load(p4, tokens);
    }

    private static double value(String name, Map<String, ?> parameters, Constituents jet) {
        return SubstructureObservable.parse(name, parameters).value(jet);
    }

    @Test
    void angularitiesOfATwoParticleJet() {
        // 30 GeV on the WTA axis, 10 GeV at ΔR = 0.4: z = 3/4, 1/4.
        Constituents c = jet(new Object[] {30.0, 0.0, 0.0, ParticleClass.POSITIVE_HADRON},
                new Object[] {10.0, 0.0, 0.4, ParticleClass.PHOTON});
        assertEquals(0.25 * 0.4 / 0.8, value("angularity", Map.of("kappa", 1, "beta", 1), c), 1e-12);
        assertEquals(0.25 * Math.sqrt(0.5), value("angularity", Map.of("kappa", 1, "beta", 0.5), c), 1e-12);
        assertEquals(0.75 * 0.75 + 0.25 * 0.25, value("angularity", Map.of("kappa", 2, "beta", 0), c), 1e-12);
        assertEquals(1, value("angularity", Map.of("kappa", 0, "beta", 0, "ptMin", 15), c));
        assertEquals(2, value("angularity", Map.of("kappa", 0, "beta", 0), c));
        // The E-scheme axis sits between the two, so both contribute.
        double jetAxis = value("angularity", Map.of("kappa", 1, "beta", 1, "axis", "jet"), c);
        assertTrue(jetAxis > 0.125 && jetAxis < 0.5, "width about the jet axis " + jetAxis);
        // The charged jet is the h+ alone: on its own axis.
        assertEquals(0, value("angularity", Map.of("kappa", 1, "beta", 1, "charged", true), c));
        assertEquals(1, value("angularity", Map.of("kappa", 0, "beta", 0, "charged", true), c));
    }

    @Test
    void softDropOfATwoProngJetAndOfOneGroomedAway() {
        // z = 0.25 > 0.1: both prongs pass, R_g = 0.4, z_g = 0.25.
        Constituents c = jet(new Object[] {30.0, 0.0, 0.0, ParticleClass.PHOTON},
                new Object[] {10.0, 0.0, 0.4, ParticleClass.PHOTON});
        double m2 = 2 * 30 * 10 * (1 - Math.cos(0.4));
        assertEquals(0.4, value("rg", Map.of(), c), 1e-12);
        assertEquals(0.25, value("zg", Map.of(), c), 1e-12);
        assertEquals(Math.sqrt(m2), value("msd", Map.of(), c), 1e-9);
        assertEquals(Math.sqrt(m2), value("mass", Map.of(), c), 1e-9);
        double pt = Math.hypot(30 + 10 * Math.cos(0.4), 10 * Math.sin(0.4));
        assertEquals(Math.log(m2 / (pt * pt)), value("rho", Map.of(), c), 1e-9);
        // With β = 2 the cut is 0.3 · (0.4/0.8)² = 0.075: still passes; zcut 0.3 with β = 0 does not.
        assertEquals(0.25, value("zg", Map.of("beta", 2, "zcut", 0.3), c), 1e-12);
        assertEquals(0, value("zg", Map.of("zcut", 0.3), c));
        assertEquals(0, value("rg", Map.of("zcut", 0.3), c));
        assertEquals(0, value("softdrop_mass", Map.of("zcut", 0.3), c), 1e-6);
        assertEquals(Double.NEGATIVE_INFINITY, value("rho", Map.of("zcut", 0.3), c));
        // Groomed by zcut 0.3, the jet is one particle: mass 0, one particle, on its own axis.
        assertEquals(1, value("angularity", Map.of("kappa", 0, "beta", 0, "groomed", true, "groomZcut", 0.3), c));
        assertEquals(0, value("angularity", Map.of("kappa", 1, "beta", 1, "groomed", true, "groomZcut", 0.3), c));
        assertEquals(0, value("mass", Map.of("groomed", true, "groomZcut", 0.3), c), 1e-6);
    }

    @Test
    void aJetWithoutChargedParticlesHasNoChargedJet() {
        Constituents c = jet(new Object[] {30.0, 0.0, 0.0, ParticleClass.PHOTON},
                new Object[] {10.0, 0.0, 0.4, ParticleClass.NEUTRAL_HADRON});
        for (String name : List.of("angularity", "mass", "msd", "rg", "rho")) {
            Map<String, Object> p = new HashMap<>(Map.of("charged", true));
            if (name.equals("angularity")) {
                p.putAll(Map.of("kappa", 0, "beta", 0));
            }
            assertTrue(Double.isNaN(value(name, p, c)), name);
        }
    }

    @Test
    void msdIsTheStandardSoftDropMassAndParametersRoundTrip() {
        assertEquals(SubstructureObservable.parse("softdrop_mass", Map.of("beta", 0, "zcut", 0.1)),
                SubstructureObservable.parse("msd"));
        for (SubstructureObservable o : List.of(SubstructureObservable.parse("msd"),
                SubstructureObservable.parse("mass", Map.of("charged", true)),
                SubstructureObservable.parse("rho", Map.of("beta", 1, "groomed", true, "groomZcut", 0.2)),
                SubstructureObservable.parse("angularity", Map.of("kappa", 1, "beta", 2, "axis", "jet", "ptMin", 1)))) {
            assertEquals(o, SubstructureObservable.parse(o.name(), o.parameters()));
        }
    }

    @Test
    void badNamesAndParametersAreRefusedByName() {
        Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
        refused.put("angularity/kapa", Map.of("kapa", 1, "beta", 1));
        refused.put("angularity/kappa", Map.of("beta", 1));
        refused.put("angularity/beta", Map.of("kappa", 1));
        refused.put("angularity/kappa ", Map.of("kappa", "1", "beta", 1));
        refused.put("angularity/beta ", Map.of("kappa", 1, "beta", -0.5));
        refused.put("angularity/axis", Map.of("kappa", 1, "beta", 1, "axis", "centre"));
        refused.put("angularity/ptMin", Map.of("kappa", 1, "beta", 1, "ptMin", Double.NaN));
        refused.put("rg/zcut", Map.of("zcut", Double.POSITIVE_INFINITY));
        refused.put("zg/kappa", Map.of("kappa", 1));
        refused.put("mass/beta", Map.of("beta", 1));
        refused.put("msd/zcut", Map.of("zcut", 0.2));
        refused.put("rho/charged", Map.of("charged", "yes"));
        refused.put("rho/groomBeta", Map.of("groomBeta", 1));
        refused.put("mass/groomZcut", Map.of("groomed", true, "groomZcut", -1));
        for (Map.Entry<String, Map<String, Object>> r : refused.entrySet()) {
            String[] nameAndParameter = r.getKey().trim().split("/");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SubstructureObservable.parse(nameAndParameter[0], r.getValue()), r.getKey());
            assertTrue(e.getMessage().contains("'" + nameAndParameter[1].trim() + "'"), r.getKey() + ": " + e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubstructureObservable.parse("lha", Map.of()));
        assertTrue(e.getMessage().contains("'lha'"), e.getMessage());
    }
}
