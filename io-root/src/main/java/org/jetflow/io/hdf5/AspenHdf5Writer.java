package org.jetflow.io.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetflow.io.file.AtomicTarget;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;

/**
 * Writes jets in the AspenOpenJets HDF5 layout, chunked (256 jets) with shuffle and deflate like the
 * CMS Open Data files, so that readers of those files read JetFlow's output unchanged.
 *
 * <p>Columns the batches lack are written as the layout's neutral values: d0, dz and their errors
 * 0, puppiWeight 1, soft-drop mass and τN NaN (they are observables, computed by
 * {@code validation}), nConstituents the stored multiplicity, run 1, lumi 0 and event the jet's
 * index in the file. Root attributes carry the metadata.
 *
 * <p>Memory: jhdf 0.13 writes a dataset from one Java array, so this writer holds the whole file
 * until {@link #close()} (about 10 kB per jet at close). Use Arrow for millions of jets.
 */
public final class AspenHdf5Writer implements JetWriter {
    private static final int SLOTS = JetBatch.MAX_PARTICLES;
    private static final int CHUNK_JETS = 256;

    private final AtomicTarget target;
    private final Map<String, String> metadata;
    private final List<JetBatch> batches = new ArrayList<>();
    private long jets;
    private boolean closed;

    public AspenHdf5Writer(Path path, Map<String, String> metadata) {
        this.target = new AtomicTarget(path);
        this.metadata = new LinkedHashMap<>(metadata);
    }

    @Override
    public Path path() {
        return target.target();
    }

    @Override
    public void write(JetBatch batch) {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (jets + batch.size() > Integer.MAX_VALUE) {
            throw new JetFileException(path(), null, "more than " + Integer.MAX_VALUE + " jets in one HDF5 file");
        }
        batches.add(batch);
        jets += batch.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int n = (int) jets;
        if (n == 0) {
            target.abort();
            throw new JetFileException(path(), null, "no jets to write (an AspenOpenJets file needs at least one)");
        }
        float[][][] cands = new float[n][SLOTS][AspenLayout.PF_FIELDS.length];
        float[][] kinematics = new float[n][AspenLayout.KINEMATICS_FIELDS.length];
        float[][] tagging = new float[n][AspenLayout.TAGGING_WIDTH];
        long[][] events = new long[n][AspenLayout.EVENT_NAMES.size()];
        int row = 0;
        for (JetBatch b : batches) {
            fill(b, row, cands, kinematics, tagging, events);
            row += b.size();
        }
        batches.clear();
        try (WritableHdfFile out = HdfFile.write(target.temp())) {
            out.putDataset(AspenLayout.PF_CANDS, cands, options(Math.min(n, CHUNK_JETS), SLOTS, AspenLayout.PF_FIELDS.length));
            out.putDataset(AspenLayout.JET_KINEMATICS, kinematics, options(Math.min(n, 4096), AspenLayout.KINEMATICS_FIELDS.length));
            out.putDataset(AspenLayout.JET_TAGGING, tagging, options(Math.min(n, 4096), AspenLayout.TAGGING_WIDTH));
            out.putDataset(AspenLayout.EVENT_INFO, events, options(Math.min(n, 4096), AspenLayout.EVENT_NAMES.size()));
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.putAttribute(e.getKey(), e.getValue());
            }
        } catch (RuntimeException e) {
            target.abort();
            throw new JetFileException(path(), null, "cannot write HDF5: " + e.getMessage(), e);
        }
        target.commit();
    }

    private static DatasetCreationOptions options(int... chunk) {
        return DatasetCreationOptions.builder().chunkDimensions(chunk).shuffle().deflate(4).build();
    }

    private static void fill(JetBatch b, int first, float[][][] cands, float[][] kinematics, float[][] tagging,
            long[][] events) {
        Map<String, float[]> pExtra = b.particleFloats();
        float[][] extras = new float[AspenLayout.PARTICLE_EXTRAS.size()][];
        for (int k = 0; k < extras.length; k++) {
            extras[k] = pExtra.get(AspenLayout.PARTICLE_EXTRAS.get(k));
        }
        Map<String, float[]> jFloat = b.jetFloats();
        float[] msd = jFloat.get(AspenLayout.MSD);
        float[][] tagCols = new float[AspenLayout.TAGGING_WIDTH][];
        for (int c = 0; c < tagCols.length; c++) {
            tagCols[c] = jFloat.get(AspenLayout.taggingName(c));
        }
        Map<String, long[]> jLong = b.jetLongs();
        float[] pt = b.pt();
        byte[] tok = b.token();
        float[] px = b.px();
        float[] py = b.py();
        float[] pz = b.pz();
        float[] e = b.energy();
        for (int j = 0; j < b.size(); j++) {
            int row = first + j;
            int off = b.offset(j);
            int m = b.multiplicity(j);
            if (m > SLOTS) {
                throw new IllegalArgumentException("jet " + row + " has " + m + " particles, more than " + SLOTS);
            }
            for (int p = 0; p < m; p++) {
                int i = off + p;
                float[] r = cands[row][p];
                ParticleClass c = ParticleClass.ofToken(tok[i]);
                r[AspenLayout.PX] = px[i];
                r[AspenLayout.PY] = py[i];
                r[AspenLayout.PZ] = pz[i];
                r[AspenLayout.E] = e[i];
                r[AspenLayout.CHARGE] = c.charge();
                r[AspenLayout.PDG_ID] = c.pdgId();
                for (int k = 0; k < extras.length; k++) {
                    int col = k < 4 ? AspenLayout.D0 + k : AspenLayout.PUPPI;
                    r[col] = extras[k] != null ? extras[k][i] : AspenLayout.PARTICLE_EXTRA_DEFAULTS[k];
                }
            }
            kinematics[row][0] = b.jetPt()[j];
            kinematics[row][1] = b.jetEta()[j];
            kinematics[row][2] = b.jetPhi()[j];
            kinematics[row][3] = msd != null ? msd[j] : Float.NaN;
            for (int c = 0; c < tagCols.length; c++) {
                tagging[row][c] = tagCols[c] != null ? tagCols[c][j] : (c == 0 ? m : Float.NaN);
            }
            long[] run = jLong.get("run");
            long[] lumi = jLong.get("lumi");
            long[] event = jLong.get("event");
            events[row][0] = run != null ? run[j] : 1;
            events[row][1] = lumi != null ? lumi[j] : 0;
            events[row][2] = event != null ? event[j] : row;
        }
    }

    @Override
    public void abort() {
        closed = true;
        batches.clear();
        target.abort();
    }
}
