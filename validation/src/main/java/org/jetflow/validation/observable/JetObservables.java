package org.jetflow.validation.observable;

import java.util.ArrayList;
import java.util.List;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.validation.cluster.ClusterSequence;
import org.jetflow.validation.jet.Constituents;

/**
 * The per-jet observables of docs/validation.md#definitions, as named columns: {@code pt, eta, phi, mass, msd, n,
 * tau1..tau4, tau21, tau32, c2, d2, charge, ptd, girth, q1q2, rg, zg, n_photon, n_h0, n_hminus, n_hplus,
 * n_eminus, n_eplus, n_muminus, n_muplus}, then the energy flow polynomials when asked for.
 * Not thread safe (it owns its workspaces); use one per thread.
 */
public final class JetObservables {
    /**
     * The 13 observables of the fidelity table (samples/README.md), in its order: pT, mass, soft-drop
     * mass, τ21, τ32, D2, C2, multiplicity, N(γ), N(h+), N(h−), N(h0), jet charge. {@code jetflow
     * curve} compares them, and the boosted-tree two-sample test learns from them.
     */
    public static final List<String> FIDELITY = List.of("pt", "mass", "msd", "tau21", "tau32", "d2", "c2", "n",
            "n_photon", "n_hplus", "n_hminus", "n_h0", "charge");

    /** The standard columns, in output order. */
    public static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>(List.of("pt", "eta", "phi", "mass", "msd", "n", "tau1", "tau2", "tau3",
                "tau4", "tau21", "tau32", "c2", "d2", "charge", "ptd", "girth", "q1q2", "rg", "zg"));
        for (ParticleClass c : ParticleClass.values()) {
            names.add("n_" + c.shortName());
        }
        NAMES = List.copyOf(names);
    }

    private final double kappa;
    private final Constituents constituents = new Constituents();
    private final ClusterSequence clusters = new ClusterSequence(JetBatch.MAX_PARTICLES);
    private final SoftDrop softDrop = SoftDrop.standard();
    private final NSubjettiness nsub = NSubjettiness.standard();
    private final EnergyCorrelator ecf = new EnergyCorrelator(1, JetBatch.MAX_PARTICLES);
    private final EnergyFlowPolynomials efps;
    private final double[] tau = new double[4];
    private final double[] ecfs = new double[3];
    private final double[] shapes = new double[JetShapes.SIZE];

    /**
     * @param kappa jet-charge exponent κ (0.5 by default)
     * @param withEfps whether to add the energy flow polynomials (d ≤ 4) as columns {@code efp_K}
     */
    public JetObservables(double kappa, boolean withEfps) {
        this.kappa = kappa;
        this.efps = withEfps ? new EnergyFlowPolynomials(JetBatch.MAX_PARTICLES) : null;
    }

    /** κ = 0.5, no EFPs. */
    public JetObservables() {
        this(0.5, false);
    }

    /** Column names of {@link #compute}. */
    public List<String> names() {
        if (efps == null) {
            return NAMES;
        }
        List<String> all = new ArrayList<>(NAMES);
        all.addAll(efps.names());
        return all;
    }

    /**
     * q1·q2 of the two highest-pT charged constituents (e²): −1 for opposite charges, +1 for equal
     * ones, 0 with fewer than two charged constituents.
     */
    static double leadingChargeProduct(Constituents c) {
        int first = -1;
        int second = -1;
        for (int i = 0; i < c.size(); i++) {
            if (c.charge(i) == 0) {
                continue;
            }
            if (first < 0 || c.pt(i) > c.pt(first)) {
                second = first;
                first = i;
            } else if (second < 0 || c.pt(i) > c.pt(second)) {
                second = i;
            }
        }
        return second < 0 ? 0 : c.charge(first) * c.charge(second);
    }

    /** Observables of every jet of a batch. */
    public ObservableTable compute(JetBatch batch) {
        List<String> names = names();
        int rows = batch.size();
        double[][] cols = new double[names.size()][rows];
        double[] efpValues = efps == null ? null : new double[efps.names().size()];
        for (int j = 0; j < rows; j++) {
            Constituents c = constituents.load(batch, j);
            JetShapes.compute(c, kappa, shapes);
            nsub.compute(c, clusters, tau);
            ecf.compute(c, ecfs);
            SoftDrop.Groomed groomed = softDrop.groom(c, clusters, null);
            int k = 0;
            cols[k++][j] = shapes[JetShapes.PT];
            cols[k++][j] = shapes[JetShapes.ETA];
            cols[k++][j] = shapes[JetShapes.PHI];
            cols[k++][j] = shapes[JetShapes.MASS];
            cols[k++][j] = groomed.massGeV();
            cols[k++][j] = c.size();
            for (double t : tau) {
                cols[k++][j] = t;
            }
            cols[k++][j] = tau[1] / tau[0];
            cols[k++][j] = tau[2] / tau[1];
            cols[k++][j] = EnergyCorrelator.c2(ecfs);
            cols[k++][j] = EnergyCorrelator.d2(ecfs);
            cols[k++][j] = shapes[JetShapes.CHARGE];
            cols[k++][j] = shapes[JetShapes.PTD];
            cols[k++][j] = shapes[JetShapes.GIRTH];
            cols[k++][j] = leadingChargeProduct(c);
            cols[k++][j] = groomed.deltaR();
            cols[k++][j] = groomed.symmetry();
            int first = k;
            for (int i = 0; i < c.size(); i++) {
                cols[first + c.token(i) - 1][j]++;
            }
            k += ParticleClass.values().length;
            if (efps != null) {
                efps.compute(c, efpValues);
                for (double v : efpValues) {
                    cols[k++][j] = v;
                }
            }
        }
        return new ObservableTable(names, cols);
    }
}
