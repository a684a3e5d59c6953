package org.jetflow.io.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.io.jet.PdgClassifier;

/**
 * Streams jets from an AspenOpenJets HDF5 file ({@code PFCands}, {@code jet_kinematics}, and when
 * present {@code jet_tagging} and {@code event_info}).
 *
 * <p>Rows of {@code PFCands} with E = 0 are padding. Every real particle is checked: all eleven
 * fields finite, E ≥ 0, pT &gt; 0, a valid PDG id whose charge agrees with the charge column; at
 * most {@link JetBatch#MAX_PARTICLES} per jet. The jet axis for Δη, Δφ is the file's
 * {@code jet_kinematics} (η, φ); the jet mass is that of the constituent sum.
 */
public final class AspenHdf5Reader implements JetReader {
    private final Path path;
    private final long fileSize;
    private final HdfFile hdf;
    private final Hdf5Slab cands;
    private final Hdf5Slab kinematics;
    private final Hdf5Slab tagging;
    private final Hdf5Slab events;
    private final JetSchema schema;
    private final int batchJets;
    private final PdgClassifier classifier = new PdgClassifier();
    private final ExecutorService prefetch;
    private final int depth;
    private final ArrayDeque<Slice> free = new ArrayDeque<>();
    private final ArrayDeque<Future<Slice>> pending = new ArrayDeque<>();
    private long scheduled;
    private long nextRow;

    /** Opens a file, reading batches of about 1024 jets. */
    public AspenHdf5Reader(Path path) {
        this(path, 1024);
    }

    /**
     * Opens a file.
     *
     * @param batchJets jets per batch (rounded up to whole PFCands chunks)
     */
    public AspenHdf5Reader(Path path, int batchJets) {
        this.path = path;
        if (!Files.isRegularFile(path)) {
            throw new JetFileException(path, null, "no such file");
        }
        try {
            fileSize = Files.size(path);
        } catch (IOException e) {
            throw new JetFileException(path, null, "cannot read: " + e.getMessage(), e);
        }
        hdf = open(path, fileSize);
        try {
            cands = slab(AspenLayout.PF_CANDS, true);
            if (cands.dim2() != AspenLayout.PF_FIELDS.length || cands.dim1() < 1) {
                throw new JetFileException(path, "dataset " + AspenLayout.PF_CANDS, "has shape (" + cands.rows() + ", "
                        + cands.dim1() + ", " + cands.dim2() + "), expected (N, particles, 11)");
            }
            kinematics = slab(AspenLayout.JET_KINEMATICS, true);
            requireShape(kinematics, AspenLayout.JET_KINEMATICS, AspenLayout.KINEMATICS_FIELDS.length);
            tagging = slab(AspenLayout.JET_TAGGING, false);
            if (tagging != null) {
                requireShape(tagging, AspenLayout.JET_TAGGING, -1);
            }
            events = slab(AspenLayout.EVENT_INFO, false);
            if (events != null) {
                requireShape(events, AspenLayout.EVENT_INFO, AspenLayout.EVENT_NAMES.size());
            }
            List<String> jetFloats = new ArrayList<>();
            jetFloats.add(AspenLayout.MSD);
            if (tagging != null) {
                for (int c = 0; c < tagging.dim1(); c++) {
                    jetFloats.add(AspenLayout.taggingName(c));
                }
            }
            schema = new JetSchema(AspenLayout.PARTICLE_EXTRAS, jetFloats,
                    events == null ? List.of() : AspenLayout.EVENT_NAMES);
            long chunkRows = Math.max(1, cands.chunkRows());
            long rowBytes = cands.rowBytes() + kinematics.rowBytes() + (tagging == null ? 0 : tagging.rowBytes())
                    + (events == null ? 0 : events.rowBytes());
            // whole chunks of rows per batch, unless rows are so wide that a slab would be too large
            long batch = (Math.max(1, batchJets) + chunkRows - 1) / chunkRows * chunkRows;
            batch = Math.min(batch, Math.max(1, Hdf5Slab.MAX_SLAB_BYTES / Math.max(1, rowBytes)));
            this.batchJets = (int) Math.min(Math.max(1, cands.rows()), batch);
            // Inflation is most of a read: with more than one core, the next slices are inflated
            // and decoded by worker threads while the caller turns the current one into jets.
            int cores = Runtime.getRuntime().availableProcessors();
            depth = cores > 1 && cands.rows() > this.batchJets ? Math.min(cores, 4) : 0;
            prefetch = depth == 0 ? null : Executors.newFixedThreadPool(depth, r -> {
                Thread t = new Thread(r, "jetflow-hdf5-prefetch");
                t.setDaemon(true);
                return t;
            });
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    /**
     * Opens the file for jhdf. A file up to 2 GiB is handed over as a read-only memory map: every
     * read jhdf makes of it (object headers, B-tree nodes, heaps, chunks) is then a bounds-checked
     * view of the file, so a size read from a damaged file can never make jhdf allocate a buffer for
     * bytes the file does not have. Larger files, which one map cannot hold, are read through jhdf's
     * file channel.
     */
    private static HdfFile open(Path path, long size) {
        try {
            if (size <= Integer.MAX_VALUE) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    return HdfFile.fromByteBuffer(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
                }
            }
            return new HdfFile(path);
        } catch (IOException e) {
            throw new JetFileException(path, null, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new JetFileException(path, null, "not a readable HDF5 file (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    private Hdf5Slab slab(String name, boolean required) {
        Node node;
        try {
            node = hdf.getChild(name);
        } catch (RuntimeException e) {
            throw new JetFileException(path, "dataset " + name, "cannot be read (truncated or corrupt file?): " + e.getMessage(), e);
        }
        if (node == null) {
            if (required) {
                String names;
                try {
                    names = String.valueOf(hdf.getChildren().keySet());
                } catch (RuntimeException e) {
                    names = "that cannot be listed: " + e.getMessage();
                }
                throw new JetFileException(path, "dataset " + name, "missing (the file has datasets " + names + ")");
            }
            return null;
        }
        if (!(node instanceof Dataset ds)) {
            throw new JetFileException(path, "dataset " + name, "is a " + node.getType() + ", not a dataset");
        }
        try {
            return new Hdf5Slab(path, fileSize, name, ds);
        } catch (JetFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reads the dataset's header messages (shape, type, chunk index, filters) lazily, here
            throw new JetFileException(path, "dataset " + name, "cannot be read (truncated or corrupt file?): "
                    + e.getMessage(), e);
        }
    }

    private void requireShape(Hdf5Slab s, String name, int columns) {
        if (s.rows() != cands.rows()) {
            throw new JetFileException(path, "dataset " + name, "has " + s.rows() + " rows but "
                    + AspenLayout.PF_CANDS + " has " + cands.rows());
        }
        if (s.dim2() != 1 || (columns > 0 && s.dim1() != columns)) {
            throw new JetFileException(path, "dataset " + name, "has shape (" + s.rows() + ", " + s.dim1()
                    + (s.dim2() != 1 ? ", " + s.dim2() : "") + "), expected (N" + (columns > 0 ? ", " + columns : ", K") + ")");
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long jetCount() {
        return cands.rows();
    }

    @Override
    public JetSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source_format", "AspenOpenJets HDF5");
        m.put("source_file", path.getFileName().toString());
        // String attributes of the root group carry the provenance JetFlow (or the producer) stored.
        try {
            hdf.getAttributes().forEach((name, attribute) -> {
                Object v = attribute.getData();
                if (v instanceof String str && !name.startsWith("_")) {
                    m.put(name, str);
                }
            });
        } catch (RuntimeException e) {
            // jhdf reads the attributes lazily, here
            throw new JetFileException(path, "root group attributes", "cannot be read (truncated or corrupt file?): "
                    + e.getMessage(), e);
        }
        return m;
    }

    @Override
    public long remappedParticles() {
        return classifier.remappedCount();
    }

    /**
     * The raw values of a slice of rows, as stored, with its own readers of the datasets (their
     * decoders and buffers are not shared), so that slices can fill on different threads.
     */
    private final class Slice {
        final Hdf5Slab cands = copy(AspenHdf5Reader.this.cands);
        final Hdf5Slab kinematics = copy(AspenHdf5Reader.this.kinematics);
        final Hdf5Slab tagging = copy(AspenHdf5Reader.this.tagging);
        final Hdf5Slab events = copy(AspenHdf5Reader.this.events);
        final float[] cand = new float[batchJets * cands.dim1() * cands.dim2()];
        final float[] kin = new float[batchJets * kinematics.dim1()];
        final float[] tag = tagging == null ? null : new float[batchJets * tagging.dim1()];
        final long[] event = events == null ? null : new long[batchJets * 3];
        long first;
        int n;

        Slice fill(long firstRow, int rows) {
            first = firstRow;
            n = rows;
            cands.readFloats(first, n, cand, AspenLayout.E);
            kinematics.readFloats(first, n, kin);
            if (tagging != null) {
                tagging.readFloats(first, n, tag);
            }
            if (events != null) {
                events.readLongs(first, n, event);
            }
            return this;
        }
    }

    private Hdf5Slab copy(Hdf5Slab slab) {
        return slab == null ? null : slab.copy();
    }

    private Future<Slice> start(long first) {
        int n = (int) Math.min(batchJets, cands.rows() - first);
        Slice into = free.isEmpty() ? new Slice() : free.poll();
        if (prefetch == null) {
            return CompletableFuture.completedFuture(into.fill(first, n));
        }
        return prefetch.submit(() -> into.fill(first, n));
    }

    private Slice await(Future<Slice> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err; // a bug or the JVM's limit, not bad input: not to be passed off as one
            }
            throw new JetFileException(path, null, "read failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JetFileException(path, null, "read interrupted", e);
        }
    }

    @Override
    public long skip(long jets) {
        if (!pending.isEmpty() || scheduled != nextRow || jets <= 0) {
            return 0;
        }
        long n = Math.min(jets, cands.rows() - nextRow);
        nextRow += n;
        scheduled += n;
        return n;
    }

    @Override
    public JetBatch next() {
        long total = cands.rows();
        if (nextRow >= total) {
            return null;
        }
        while (scheduled < total && pending.size() < Math.max(1, depth)) {
            pending.add(start(scheduled));
            scheduled += Math.min(batchJets, total - scheduled);
        }
        Slice slice = await(pending.poll());
        try {
            return toBatch(slice);
        } finally {
            free.add(slice);
        }
    }

    private JetBatch toBatch(Slice slice) {
        int n = slice.n;
        long first = slice.first;
        float[] candBuf = slice.cand;
        float[] kinBuf = slice.kin;
        float[] tagBuf = slice.tag;
        long[] eventBuf = slice.event;
        JetBatch.Builder b = JetBatch.builder(schema, n);
        int slots = cands.dim1();
        int width = AspenLayout.PF_FIELDS.length;
        int tagWidth = tagging == null ? 0 : tagging.dim1();
        for (int j = 0; j < n; j++) {
            long row = first + j;
            float jetPt = kinBuf[j * 4];
            float jetEta = kinBuf[j * 4 + 1];
            float jetPhi = kinBuf[j * 4 + 2];
            for (int c = 0; c < 3; c++) {
                if (!Float.isFinite(kinBuf[j * 4 + c])) {
                    throw bad(AspenLayout.JET_KINEMATICS, row, -1, AspenLayout.KINEMATICS_FIELDS[c],
                            "value " + kinBuf[j * 4 + c] + " is not finite");
                }
            }
            b.beginJet(jetEta, jetPhi);
            int count = 0;
            int base = j * slots * width;
            for (int p = 0; p < slots; p++) {
                int o = base + p * width;
                float e = candBuf[o + AspenLayout.E];
                if (e == 0) {
                    continue;
                }
                for (int f = 0; f < width; f++) {
                    if (!Float.isFinite(candBuf[o + f])) {
                        throw bad(AspenLayout.PF_CANDS, row, p, AspenLayout.PF_FIELDS[f], "value " + candBuf[o + f] + " is not finite");
                    }
                }
                if (e < 0) {
                    throw bad(AspenLayout.PF_CANDS, row, p, "E", "negative energy " + e + " GeV");
                }
                float px = candBuf[o + AspenLayout.PX];
                float py = candBuf[o + AspenLayout.PY];
                if (px == 0 && py == 0) {
                    throw bad(AspenLayout.PF_CANDS, row, p, "px", "particle with zero transverse momentum (E = " + e + " GeV)");
                }
                float charge = candBuf[o + AspenLayout.CHARGE];
                float pdg = candBuf[o + AspenLayout.PDG_ID];
                int tok = classifier.token(pdg, charge);
                if (tok < 0) {
                    throw bad(AspenLayout.PF_CANDS, row, p, "pdgId", "value " + pdg + " is not a PDG id");
                }
                if (PdgClassifier.isClassId(pdg) && ParticleClass.ofToken(tok).charge() != charge) {
                    throw bad(AspenLayout.PF_CANDS, row, p, "charge", "charge " + charge + " does not match pdgId " + (int) pdg);
                }
                if (++count > JetBatch.MAX_PARTICLES) {
                    throw bad(AspenLayout.PF_CANDS, row, p, null, "more than " + JetBatch.MAX_PARTICLES
                            + " particles in one jet, the most JetFlow supports");
                }
                b.addCartesian(px, py, candBuf[o + AspenLayout.PZ], e, tok);
                b.particleFloat(0, candBuf[o + AspenLayout.D0]);
                b.particleFloat(1, candBuf[o + AspenLayout.D0 + 1]);
                b.particleFloat(2, candBuf[o + AspenLayout.D0 + 2]);
                b.particleFloat(3, candBuf[o + AspenLayout.D0 + 3]);
                b.particleFloat(4, candBuf[o + AspenLayout.PUPPI]);
            }
            if (count == 0) {
                throw bad(AspenLayout.PF_CANDS, row, -1, null, "empty jet: no particle with E > 0");
            }
            b.jetFloat(0, kinBuf[j * 4 + 3]);
            for (int c = 0; c < tagWidth; c++) {
                b.jetFloat(1 + c, tagBuf[j * tagWidth + c]);
            }
            if (events != null) {
                for (int c = 0; c < 3; c++) {
                    b.jetLong(c, eventBuf[j * 3 + c]);
                }
            }
            b.endJet(jetPt, jetEta, jetPhi);
        }
        nextRow += n;
        return b.build();
    }

    private JetFileException bad(String dataset, long row, int particle, String field, String problem) {
        return new JetFileException(path, JetFileException.at("dataset " + dataset, row, particle, field), problem);
    }

    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.shutdownNow();
            try {
                prefetch.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hdf.close();
    }
}
