package org.jetflow.validation.observable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.jetflow.validation.jet.Constituents;
import org.junit.jupiter.api.Test;

class EnergyFlowPolynomialsTest {
    @Test
    void thereAre36GraphsWithDegreeUpToFour() {
        assertEquals(1, Multigraph.connected(1).size());
        assertEquals(2, Multigraph.connected(2).size());
        assertEquals(5, Multigraph.connected(3).size());
        assertEquals(12, Multigraph.connected(4).size());
        assertEquals(36, new EnergyFlowPolynomials(10).names().size());
    }

    @Test
    void everyEfpEqualsTheBruteForceSumOverAllVertexAssignments() {
        Constituents c = randomJet(new Random(7), 7);
        EnergyFlowPolynomials efp = new EnergyFlowPolynomials(10);
        double[] values = new double[36];
        efp.compute(c, values);
        double sumPt = 0;
        for (int i = 0; i < c.size(); i++) {
            sumPt += c.pt(i);
        }
        for (int k = 0; k < 36; k++) {
            double expected = 1;
            for (Multigraph g : EnergyFlowPolynomials.components(k)) {
                expected *= bruteForce(g, c, sumPt);
            }
            assertEquals(expected, values[k], 1e-12 * Math.abs(expected), "efp_" + k + " " + EnergyFlowPolynomials.components(k));
        }
    }

    @Test
    void oneEdgeAndTriangleEfpsAreEnergyCorrelators() {
        Constituents c = randomJet(new Random(11), 60);
        double[] efp = new double[36];
        new EnergyFlowPolynomials(60).compute(c, efp);
        double[] ecf = new double[3];
        new EnergyCorrelator(1, 60).compute(c, ecf);
        assertEquals(1, efp[0], 0, "d = 0");
        assertEquals(2 * ecf[1] / (ecf[0] * ecf[0]), efp[1], 1e-12, "one edge = 2 ECF2 / ECF1²");
        int triangle = -1;
        for (int k = 0; k < 36; k++) {
            List<Multigraph> comps = EnergyFlowPolynomials.components(k);
            if (comps.size() == 1 && comps.get(0).degree() == 3 && comps.get(0).vertices() == 3
                    && comps.get(0).edges().stream().map(java.util.Arrays::toString).distinct().count() == 3) {
                triangle = k;
            }
        }
        assertEquals(6 * ecf[2] / Math.pow(ecf[0], 3), efp[triangle], 1e-12, "triangle = 6 ECF3 / ECF1³");
    }

    /** Σ over all assignments of particles to vertices of Π z Π θ, by enumeration. */
    private static double bruteForce(Multigraph g, Constituents c, double sumPt) {
        int n = c.size();
        int v = g.vertices();
        int[] idx = new int[v];
        double total = 0;
        int count = (int) Math.pow(n, v);
        for (int code = 0; code < count; code++) {
            int x = code;
            for (int k = 0; k < v; k++) {
                idx[k] = x % n;
                x /= n;
            }
            double p = 1;
            for (int k = 0; k < v; k++) {
                p *= c.pt(idx[k]) / sumPt;
            }
            for (int[] e : g.edges()) {
                p *= Math.sqrt(c.deltaR2(idx[e[0]], idx[e[1]]));
            }
            total += p;
        }
        return total;
    }

    static Constituents randomJet(Random r, int n) {
        double[][] p4 = new double[n][];
        byte[] tok = new byte[n];
        for (int i = 0; i < n; i++) {
            double pt = 1 + 50 * r.nextDouble();
            double eta = 0.5 + 0.4 * r.nextGaussian();
            double phi = 3.0 + 0.4 * r.nextGaussian();
            p4[i] = new double[] {pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta), pt * Math.cosh(eta)};
            tok[i] = 1;
        }
        return new Constituents(n).load(p4, tok);
    }
}
