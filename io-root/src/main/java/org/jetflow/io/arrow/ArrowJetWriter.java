package org.jetflow.io.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;

/**
 * Writes jets as an Arrow IPC file (Feather v2), one record batch per {@link #write} call, in the
 * layout of {@link ArrowJetSchema}. Streams: memory is bounded by one batch.
 */
public final class ArrowJetWriter implements JetWriter {
    private final ArrowFileSink sink;
    private final JetSchema schema;
    private final VectorSchemaRoot root;
    private ByteBuffer scratch;

    /**
     * Creates the writer; the schema of every batch written must equal {@code schema}.
     *
     * @param metadata provenance and other key/value pairs stored in the schema metadata
     */
    public ArrowJetWriter(Path path, JetSchema schema, Map<String, String> metadata) {
        this.schema = schema;
        this.sink = new ArrowFileSink(path, ArrowJetSchema.toArrow(schema, metadata));
        this.root = sink.root();
    }

    @Override
    public Path path() {
        return sink.path();
    }

    @Override
    public void write(JetBatch batch) {
        if (!batch.schema().equals(schema)) {
            throw new IllegalArgumentException("batch columns " + batch.schema() + " differ from the file's " + schema);
        }
        int n = batch.size();
        int np = batch.particleCount();
        root.clear();
        int col = 0;
        col = setFloats(col, n, batch.jetPt(), batch.jetEta(), batch.jetPhi(), batch.jetMass());
        IntVector mult = (IntVector) root.getVector(col++);
        mult.allocateNew(n);
        for (int j = 0; j < n; j++) {
            mult.set(j, batch.multiplicity(j));
        }
        mult.setValueCount(n);
        for (float[] c : batch.jetFloats().values()) {
            col = setFloats(col, n, c);
        }
        for (long[] c : batch.jetLongs().values()) {
            BigIntVector v = (BigIntVector) root.getVector(col++);
            v.allocateNew(n);
            for (int j = 0; j < n; j++) {
                v.set(j, c[j]);
            }
            v.setValueCount(n);
        }
        ListVector list = (ListVector) root.getVector(col);
        StructVector struct = (StructVector) list.getDataVector();
        list.setInitialCapacity(n);
        struct.setInitialCapacity(np);
        list.allocateNew();
        List<org.apache.arrow.vector.FieldVector> children = struct.getChildrenFromFields();
        int k = 0;
        float[][] core = {batch.pt(), batch.deta(), batch.dphi(), batch.px(), batch.py(), batch.pz(), batch.energy()};
        for (float[] c : core) {
            fillFloats((Float4Vector) children.get(k++), c, np);
        }
        byte[] tok = batch.token();
        byte[] charges = new byte[np];
        int[] pdgIds = new int[np];
        for (int i = 0; i < np; i++) {
            ParticleClass c = ParticleClass.ofToken(tok[i]);
            pdgIds[i] = c.pdgId();
            charges[i] = (byte) c.charge();
        }
        fillBytes((TinyIntVector) children.get(k++), tok, np);
        IntVector pdg = (IntVector) children.get(k++);
        pdg.allocateNew(np);
        scratch(np * 4).asIntBuffer().put(pdgIds, 0, np);
        pdg.getDataBuffer().setBytes(0, scratch.array(), 0, np * 4L);
        markValid(pdg.getValidityBuffer(), np);
        pdg.setValueCount(np);
        fillBytes((TinyIntVector) children.get(k++), charges, np);
        for (float[] c : batch.particleFloats().values()) {
            fillFloats((Float4Vector) children.get(k++), c, np);
        }
        markValid(struct.getValidityBuffer(), np);
        struct.setValueCount(np);
        for (int j = 0; j < n; j++) {
            list.startNewValue(j);
            list.endValue(j, batch.multiplicity(j));
        }
        list.setValueCount(n);
        root.setRowCount(n);
        sink.writeBatch();
    }

    private int setFloats(int col, int n, float[]... columns) {
        for (float[] c : columns) {
            fillFloats((Float4Vector) root.getVector(col++), c, n);
        }
        return col;
    }

    // Bulk copies: element-wise set() with its per-value validity bit was most of a write.
    private void fillFloats(Float4Vector v, float[] values, int n) {
        v.allocateNew(n);
        scratch(n * 4).asFloatBuffer().put(values, 0, n);
        v.getDataBuffer().setBytes(0, scratch.array(), 0, n * 4L);
        markValid(v.getValidityBuffer(), n);
        v.setValueCount(n);
    }

    private static void fillBytes(TinyIntVector v, byte[] values, int n) {
        v.allocateNew(n);
        v.getDataBuffer().setBytes(0, values, 0, n);
        markValid(v.getValidityBuffer(), n);
        v.setValueCount(n);
    }

    /** Sets the first {@code n} validity bits (all values present). */
    private static void markValid(ArrowBuf validity, int n) {
        int full = n / 8;
        validity.setOne(0, full);
        if (n % 8 != 0) {
            validity.setByte(full, (1 << (n % 8)) - 1);
        }
    }

    /** A little-endian heap buffer of at least {@code bytes}, reused across batches. */
    private ByteBuffer scratch(int bytes) {
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate(Math.max(bytes, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
        }
        scratch.clear();
        return scratch;
    }

    @Override
    public void close() {
        sink.close();
    }

    @Override
    public void abort() {
        sink.abort();
    }
}
