package org.jetflow.io.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;

/**
 * Small AspenOpenJets-style HDF5 files with known contents, written with jhdf directly (not with
 * JetFlow's writer), for the reader's tests.
 */
public final class Hdf5Fixtures {
    private Hdf5Fixtures() {
    }

    /** PFCands for {@code jets} jets of {@code slots} slots; jet j has j+1 photons-or-pions of known momenta. */
    public static float[][][] cands(int jets, int slots) {
        float[][][] c = new float[jets][slots][11];
        for (int j = 0; j < jets; j++) {
            for (int p = 0; p <= j && p < slots; p++) {
                float px = 10f + p;
                float py = 5f - p;
                float pz = 2f * p;
                float m = p % 2 == 0 ? 0f : 0.13957039f;
                c[j][p] = new float[] {px, py, pz, (float) Math.sqrt(px * px + py * py + pz * pz + m * m), 0, 0, 0, 0,
                    p % 2 == 0 ? 0 : 1, p % 2 == 0 ? 22 : 211, 1};
            }
        }
        return c;
    }

    /** jet_kinematics matching {@link #cands}: pT, η, φ of the constituent sum, msd = −1 (a marker). */
    public static float[][] kinematics(float[][][] cands) {
        float[][] k = new float[cands.length][4];
        for (int j = 0; j < cands.length; j++) {
            double px = 0;
            double py = 0;
            double pz = 0;
            for (float[] p : cands[j]) {
                px += p[0];
                py += p[1];
                pz += p[2];
            }
            double pt = Math.hypot(px, py);
            k[j] = new float[] {(float) pt, (float) Math.log(pz / pt + Math.sqrt(1 + pz * pz / (pt * pt))),
                (float) Math.atan2(py, px), -1f};
        }
        return k;
    }

    /** Writes a file with the given datasets; null ones are left out. */
    public static Path write(Path file, float[][][] cands, float[][] kinematics, float[][] tagging, long[][] events) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            if (cands != null) {
                f.putDataset("PFCands", cands);
            }
            if (kinematics != null) {
                f.putDataset("jet_kinematics", kinematics);
            }
            if (tagging != null) {
                f.putDataset("jet_tagging", tagging);
            }
            if (events != null) {
                f.putDataset("event_info", events);
            }
        }
        return file;
    }

    /** A valid file of {@code jets} jets with PFCands and jet_kinematics only. */
    public static Path valid(Path file, int jets) {
        float[][][] c = cands(jets, 150);
        return write(file, c, kinematics(c), null, null);
    }
}
