package org.jetflow.io.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.jetflow.io.file.JetFileException;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.JetSchema;
import org.jetflow.io.jet.ParticleClass;
import org.jetflow.io.jet.PdgClassifier;

/**
 * Streams jets from an Arrow IPC file, one record batch at a time.
 *
 * <p>Reads files JetFlow wrote and files other tools wrote in the same shape: jet columns
 * {@code pt, eta, phi} (float32 or float64) and {@code constituents: list<struct<pt, deta, dphi,
 * class | pdg_id [, charge], ...>>}. Four-momenta and the jet mass are computed when the file has
 * none. Other numeric columns are carried as extras.
 */
public final class ArrowJetReader implements JetReader {
    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** The file's first bytes: the magic, padded to 8. */
    private static final int HEAD = 8;
    /** The file's last bytes: the footer's length (int32) and the magic. */
    private static final int TAIL = 10;
    /** How deep the schema's fields may nest; JetFlow's is two deep (list of struct). */
    private static final int MAX_FIELD_DEPTH = 32;
    /** How many fields a schema may have in all. */
    private static final int MAX_FIELDS = 4096;

    private final Path path;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final long size;
    /** Where the record batches and dictionaries must end: the start of the footer. */
    private long dataEnd;
    /** A read failed: Arrow may have left buffers behind, which closing must not report as our leak. */
    private boolean failed;
    private ArrowFileReader reader;
    private final List<ArrowBlock> blocks;
    private final long jetCount;
    private final JetSchema schema;
    private final Map<String, String> metadata;
    private final PdgClassifier classifier = new PdgClassifier();
    private VectorSchemaRoot current;
    private int nextBlock;
    private long nextRow;

    public ArrowJetReader(Path path) {
        this.path = path;
        if (!Files.isRegularFile(path)) {
            throw new JetFileException(path, null, "no such file");
        }
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new JetFileException(path, null, "cannot open: " + e.getMessage(), e);
        }
        // Arrow allocates what the file's metadata asks for. Everything it reads is a part of the
        // file (one batch at a time) plus validity bitmaps for columns without nulls, so twice the
        // file is more than a valid file needs; a damaged size beyond that is refused, not allocated.
        allocator = new RootAllocator(2 * size + (64L << 20));
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            allocator.close();
            throw new JetFileException(path, null, "cannot open: " + e.getMessage(), e);
        }
        try {
            checkMagic();
            checkFooter();
            reader = new ArrowFileReader(channel, allocator);
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            blocks = reader.getRecordBlocks();
            metadata = new LinkedHashMap<>(root.getSchema().getCustomMetadata() == null ? Map.of()
                    : root.getSchema().getCustomMetadata());
            schema = inspect(root);
            jetCount = countRows();
        } catch (JetFileException e) {
            failed = true;
            closeQuietly();
            throw e;
        } catch (IOException | RuntimeException e) {
            // Arrow's own failures (and the flatbuffers' bounds) while it reads the footer and schema
            failed = true;
            closeQuietly();
            throw new JetFileException(path, null, "not a readable Arrow IPC file (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    /** Reads {@code n} bytes at {@code at}, both checked against the file first. */
    private ByteBuffer readAt(long at, long n, String what) throws IOException {
        if (at < 0 || n < 0 || n > Integer.MAX_VALUE - 8 || at > size - n) {
            throw new JetFileException(path, null, what + " at bytes " + at + "–" + (at + n) + " is not in the file of "
                    + size + " bytes (truncated or corrupt)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new JetFileException(path, null, what + ": unexpected end of file");
            }
        }
        return b.flip();
    }

    /**
     * Checks the footer before Arrow reads it: its length, the nesting of the schema's fields
     * (Arrow converts them recursively, and a damaged offset could nest them without end), and that
     * every record batch and dictionary block lies between the leading magic and the footer.
     */
    private void checkFooter() throws IOException {
        int footerLength = readAt(size - TAIL, 4, "footer length").getInt(0);
        if (footerLength <= 0 || footerLength > size - TAIL - HEAD) {
            throw new JetFileException(path, null, "footer of " + footerLength + " bytes does not fit the file of "
                    + size + " bytes (truncated or corrupt)");
        }
        dataEnd = size - TAIL - footerLength;
        try {
            org.apache.arrow.flatbuf.Footer footer = org.apache.arrow.flatbuf.Footer.getRootAsFooter(
                    readAt(dataEnd, footerLength, "footer"));
            org.apache.arrow.flatbuf.Schema schema = footer.schema();
            if (schema == null) {
                throw new JetFileException(path, null, "the footer has no schema (corrupt)");
            }
            int[] budget = {MAX_FIELDS};
            for (int i = 0, n = schema.fieldsLength(); i < n; i++) {
                checkField(schema.fields(i), 1, budget);
            }
            for (int i = 0, n = footer.recordBatchesLength(); i < n; i++) {
                checkBlock(footer.recordBatches(i), "record batch " + i);
            }
            for (int i = 0, n = footer.dictionariesLength(); i < n; i++) {
                checkBlock(footer.dictionaries(i), "dictionary batch " + i);
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // the flatbuffer accessors' bounds: an offset in the footer points outside it
            throw new JetFileException(path, null, "corrupt footer: " + e, e);
        }
    }

    private void checkField(org.apache.arrow.flatbuf.Field f, int depth, int[] budget) {
        if (f == null || depth > MAX_FIELD_DEPTH || --budget[0] < 0) {
            throw new JetFileException(path, null, "the footer's schema has " + (f == null ? "a missing field"
                    : "fields nested more than " + MAX_FIELD_DEPTH + " deep or more than " + MAX_FIELDS + " fields")
                    + " (corrupt)");
        }
        for (int i = 0, n = f.childrenLength(); i < n; i++) {
            checkField(f.children(i), depth + 1, budget);
        }
    }

    private void checkBlock(org.apache.arrow.flatbuf.Block b, String what) {
        long at = b.offset();
        long meta = b.metaDataLength();
        long body = b.bodyLength();
        if (at < HEAD || meta < 8 || body < 0 || at > dataEnd || meta > dataEnd - at || body > dataEnd - at - meta) {
            throw new JetFileException(path, null, what + " of " + meta + " + " + body + " bytes at byte " + at
                    + " is not between the file's header and its footer at byte " + dataEnd + " (truncated or corrupt)");
        }
    }

    private void checkMagic() throws IOException {
        long size = channel.size();
        ByteBuffer head = ByteBuffer.allocate(6);
        ByteBuffer tail = ByteBuffer.allocate(6);
        if (size < 12 || channel.read(head, 0) != 6 || channel.read(tail, size - 6) != 6
                || !java.util.Arrays.equals(head.array(), MAGIC) || !java.util.Arrays.equals(tail.array(), MAGIC)) {
            throw new JetFileException(path, null, "not an Arrow IPC file, or truncated (no ARROW1 magic at "
                    + (size >= 6 && head.hasArray() && java.util.Arrays.equals(head.array(), MAGIC) ? "the end" : "the start") + ")");
        }
    }

    private JetSchema inspect(VectorSchemaRoot root) {
        for (String name : new String[] {"pt", "eta", "phi"}) {
            FieldVector v = root.getVector(name);
            if (!(v instanceof FloatingPointVector)) {
                throw new JetFileException(path, "column " + name, v == null ? "missing" : "has type " + v.getField().getType() + ", expected a float");
            }
        }
        FieldVector cv = root.getVector(ArrowJetSchema.CONSTITUENTS);
        if (!(cv instanceof ListVector lv) || !(lv.getDataVector() instanceof StructVector sv)) {
            throw new JetFileException(path, "column " + ArrowJetSchema.CONSTITUENTS,
                    cv == null ? "missing" : "has type " + cv.getField().getType() + ", expected list<struct<...>>");
        }
        for (String name : new String[] {"pt", "deta", "dphi"}) {
            if (!(sv.getChild(name) instanceof FloatingPointVector)) {
                throw new JetFileException(path, "column constituents." + name, "missing or not a float");
            }
        }
        if (sv.getChild(ArrowJetSchema.CLASS) == null && sv.getChild(ArrowJetSchema.PDG_ID) == null) {
            throw new JetFileException(path, "column constituents", "has neither 'class' nor 'pdg_id'");
        }
        List<String> jetFloats = new ArrayList<>();
        List<String> jetLongs = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
            String name = v.getName();
            if (ArrowJetSchema.JET_CORE.contains(name) || name.equals(ArrowJetSchema.JET_MULTIPLICITY)
                    || name.equals(ArrowJetSchema.CONSTITUENTS)) {
                continue;
            }
            if (v instanceof FloatingPointVector) {
                jetFloats.add(name);
            } else if (v instanceof BaseIntVector) {
                jetLongs.add(name);
            }
        }
        List<String> particleFloats = new ArrayList<>();
        for (FieldVector v : sv.getChildrenFromFields()) {
            String name = v.getName();
            if (v instanceof FloatingPointVector && !ArrowJetSchema.PARTICLE_CORE.contains(name)) {
                particleFloats.add(name);
            }
        }
        return new JetSchema(particleFloats, jetFloats, jetLongs);
    }

    /**
     * The rows of all record batches, from their metadata, which is checked on the way: every size
     * Arrow will use to allocate and slice when the batch is loaded must fit the batch's block.
     */
    private long countRows() throws IOException {
        long n = 0;
        for (int i = 0; i < blocks.size(); i++) {
            n += checkBatch(i, blocks.get(i));
        }
        return n;
    }

    private long checkBatch(int index, ArrowBlock block) throws IOException {
        String what = "record batch " + index + " at byte " + block.getOffset();
        ByteBuffer meta = readAt(block.getOffset(), block.getMetadataLength(), what);
        int prefix = 4;
        int length = meta.getInt(0);
        if (length == MessageSerializer.IPC_CONTINUATION_TOKEN) {
            prefix = 8;
            length = meta.getInt(4);
        }
        if (length <= 0 || length > meta.capacity() - prefix) {
            throw new JetFileException(path, null, what + ": message of " + length + " bytes in a block of "
                    + meta.capacity() + " (corrupt)");
        }
        long body = block.getBodyLength();
        try {
            org.apache.arrow.flatbuf.Message m = org.apache.arrow.flatbuf.Message.getRootAsMessage(
                    meta.slice(prefix, length).order(java.nio.ByteOrder.LITTLE_ENDIAN));
            if (m.headerType() != org.apache.arrow.flatbuf.MessageHeader.RecordBatch) {
                throw new JetFileException(path, null, what + " is not a record batch (message type " + m.headerType() + ")");
            }
            RecordBatch rb = (RecordBatch) m.header(new RecordBatch());
            // no value takes less than a bit of the body (validity bitmaps of columns without nulls are made, not read)
            long most = 8 * body + 64;
            if (rb == null || rb.length() < 0 || rb.length() > Math.min(most, Integer.MAX_VALUE)) {
                throw new JetFileException(path, null, what + ": " + (rb == null ? "no header" : rb.length() + " rows")
                        + " for a body of " + body + " bytes (corrupt)");
            }
            if (rb.compression() != null) {
                throw new JetFileException(path, null, what + " is compressed (" + rb.compression().codec()
                        + "); JetFlow reads uncompressed Arrow IPC files");
            }
            if (rb.nodesLength() < 0 || rb.nodesLength() > length / 16 || rb.buffersLength() < 0
                    || rb.buffersLength() > length / 16) {
                throw new JetFileException(path, null, what + ": " + rb.nodesLength() + " columns and "
                        + rb.buffersLength() + " buffers in " + length + " bytes of metadata (corrupt)");
            }
            for (int k = 0; k < rb.nodesLength(); k++) {
                org.apache.arrow.flatbuf.FieldNode node = rb.nodes(k);
                if (node.length() < 0 || node.length() > most || node.nullCount() < 0 || node.nullCount() > node.length()) {
                    throw new JetFileException(path, null, what + ", column node " + k + ": " + node.length()
                            + " values (" + node.nullCount() + " null) for a body of " + body + " bytes (corrupt)");
                }
            }
            for (int k = 0; k < rb.buffersLength(); k++) {
                org.apache.arrow.flatbuf.Buffer buf = rb.buffers(k);
                if (buf.offset() < 0 || buf.length() < 0 || buf.offset() > body || buf.length() > body - buf.offset()) {
                    throw new JetFileException(path, null, what + ", buffer " + k + ": bytes " + buf.offset() + "–"
                            + (buf.offset() + buf.length()) + " outside the body of " + body + " bytes (corrupt)");
                }
            }
            return rb.length();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // the flatbuffer accessors' bounds: an offset in the message points outside it
            throw new JetFileException(path, null, what + ": corrupt metadata: " + e, e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long jetCount() {
        return jetCount;
    }

    @Override
    public JetSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public long remappedParticles() {
        return classifier.remappedCount();
    }

    @Override
    public JetBatch next() {
        if (nextBlock >= blocks.size()) {
            return null;
        }
        try {
            reader.loadRecordBatch(blocks.get(nextBlock));
            current = reader.getVectorSchemaRoot();
            // Offsets and buffer sizes against the value counts, so that no value read below lies
            // outside its buffer (O(rows + particles)).
            org.apache.arrow.vector.util.ValueVectorUtility.validateFull(current);
        } catch (IOException | RuntimeException e) {
            // Arrow's own failures where it loads the batch (the sizes it uses were checked on opening)
            failed = true;
            throw new JetFileException(path, "record batch " + nextBlock + " (rows from " + nextRow + ")",
                    "cannot be read (truncated or corrupt?): " + e.getMessage(), e);
        }
        nextBlock++;
        JetBatch batch = convert(current);
        nextRow += batch.size();
        return batch;
    }

    private JetBatch convert(VectorSchemaRoot root) {
        int n = root.getRowCount();
        ListVector list = (ListVector) root.getVector(ArrowJetSchema.CONSTITUENTS);
        StructVector struct = (StructVector) list.getDataVector();
        int np = struct.getValueCount();
        float[] jpt = floats(root.getVector("pt"), n, "pt", true);
        float[] jeta = floats(root.getVector("eta"), n, "eta", true);
        float[] jphi = floats(root.getVector("phi"), n, "phi", true);
        float[] jmass = root.getVector("mass") == null ? null : floats(root.getVector("mass"), n, "mass", true);
        float[][] jf = new float[schema.jetFloats().size()][];
        for (int k = 0; k < jf.length; k++) {
            String name = schema.jetFloats().get(k);
            jf[k] = floats(root.getVector(name), n, name, false);
        }
        long[][] jl = new long[schema.jetLongs().size()][];
        for (int k = 0; k < jl.length; k++) {
            String name = schema.jetLongs().get(k);
            jl[k] = longs(root.getVector(name), n, name);
        }
        String c = ArrowJetSchema.CONSTITUENTS + ".";
        float[] pt = floats(struct.getChild("pt"), np, c + "pt", true);
        float[] deta = floats(struct.getChild("deta"), np, c + "deta", true);
        float[] dphi = floats(struct.getChild("dphi"), np, c + "dphi", true);
        boolean hasP4 = struct.getChild("px") != null && struct.getChild("py") != null && struct.getChild("pz") != null
                && struct.getChild("e") != null;
        float[] px = hasP4 ? floats(struct.getChild("px"), np, c + "px", true) : null;
        float[] py = hasP4 ? floats(struct.getChild("py"), np, c + "py", true) : null;
        float[] pz = hasP4 ? floats(struct.getChild("pz"), np, c + "pz", true) : null;
        float[] e = hasP4 ? floats(struct.getChild("e"), np, c + "e", true) : null;
        long[] cls = struct.getChild(ArrowJetSchema.CLASS) != null
                ? longs(struct.getChild(ArrowJetSchema.CLASS), np, c + ArrowJetSchema.CLASS) : null;
        long[] pdg = cls == null ? longs(struct.getChild(ArrowJetSchema.PDG_ID), np, c + ArrowJetSchema.PDG_ID) : null;
        long[] charge = cls == null && struct.getChild(ArrowJetSchema.CHARGE) != null
                ? longs(struct.getChild(ArrowJetSchema.CHARGE), np, c + ArrowJetSchema.CHARGE) : null;
        float[][] pf = new float[schema.particleFloats().size()][];
        for (int k = 0; k < pf.length; k++) {
            String name = schema.particleFloats().get(k);
            pf[k] = floats(struct.getChild(name), np, c + name, false);
        }
        int[] offsets = new int[n + 1];
        for (int j = 0; j < n; j++) {
            long row = nextRow + j;
            if (list.isNull(j)) {
                throw bad(row, -1, ArrowJetSchema.CONSTITUENTS, "is null");
            }
            int start = list.getElementStartIndex(j);
            int end = list.getElementEndIndex(j);
            if (end == start) {
                throw bad(row, -1, ArrowJetSchema.CONSTITUENTS, "empty jet: no particles");
            }
            if (end - start > JetBatch.MAX_PARTICLES) {
                throw bad(row, -1, ArrowJetSchema.CONSTITUENTS, (end - start) + " particles, more than the "
                        + JetBatch.MAX_PARTICLES + " JetFlow supports");
            }
            offsets[j] = start;
            offsets[j + 1] = end;
        }
        byte[] token = new byte[np];
        for (int j = 0; j < n; j++) {
            for (int i = offsets[j]; i < offsets[j + 1]; i++) {
                int tok = cls != null ? (int) cls[i] : classifier.token(pdg[i], charge == null ? ParticleClass.chargeOfPdgId(pdg[i]) : charge[i]);
                if (tok < 1 || tok > 8) {
                    throw bad(nextRow + j, i - offsets[j], c + (cls != null ? ArrowJetSchema.CLASS : ArrowJetSchema.PDG_ID),
                            "value " + (cls != null ? cls[i] : pdg[i]) + " is not a particle class");
                }
                if (!(pt[i] > 0)) {
                    throw bad(nextRow + j, i - offsets[j], c + "pt", "transverse momentum " + pt[i] + " GeV is not positive");
                }
                if (hasP4 && e[i] < 0) {
                    throw bad(nextRow + j, i - offsets[j], c + "e", "negative energy " + e[i] + " GeV");
                }
                token[i] = (byte) tok;
            }
        }
        if (hasP4 && jmass != null && offsets[0] == 0 && offsets[n] == np) {
            // Every column is in the file: the batch takes the arrays as they are.
            return JetBatch.ofColumns(schema, offsets, new float[][] {pt, deta, dphi, px, py, pz, e}, token, pf,
                    new float[][] {jpt, jeta, jphi, jmass}, jf, jl);
        }
        JetBatch.Builder b = JetBatch.builder(schema, n, np);
        for (int j = 0; j < n; j++) {
            b.beginJet(jeta[j], jphi[j]);
            for (int i = offsets[j]; i < offsets[j + 1]; i++) {
                if (hasP4) {
                    b.add(pt[i], deta[i], dphi[i], token[i], px[i], py[i], pz[i], e[i]);
                } else {
                    b.addRelative(pt[i], deta[i], dphi[i], token[i]);
                }
                for (int k = 0; k < pf.length; k++) {
                    b.particleFloat(k, pf[k][i]);
                }
            }
            for (int k = 0; k < jf.length; k++) {
                b.jetFloat(k, jf[k][j]);
            }
            for (int k = 0; k < jl.length; k++) {
                b.jetLong(k, jl[k][j]);
            }
            if (jmass != null) {
                b.endJet(jpt[j], jeta[j], jphi[j], jmass[j]);
            } else {
                b.endJet(jpt[j], jeta[j], jphi[j]);
            }
        }
        return b.build();
    }

    private float[] floats(FieldVector v, int n, String name, boolean finite) {
        if (!(v instanceof FloatingPointVector)) {
            throw new JetFileException(path, "column " + name, "has type " + v.getField().getType() + ", expected a float");
        }
        float[] out = new float[n];
        checkNulls(v, n, name);
        if (v instanceof Float4Vector f) {
            var buf = f.getDataBuffer();
            for (int i = 0; i < n; i++) {
                out[i] = buf.getFloat(i * 4L);
            }
        } else {
            FloatingPointVector f = (FloatingPointVector) v;
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.getValueAsDouble(i);
            }
        }
        if (finite) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(out[i])) {
                    throw badElement(v, i, name, "value " + out[i] + " is not finite");
                }
            }
        }
        return out;
    }

    private long[] longs(FieldVector v, int n, String name) {
        checkNulls(v, n, name);
        if (!(v instanceof BaseIntVector iv)) {
            throw new JetFileException(path, "column " + name, "has type " + v.getField().getType() + ", expected an integer");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = iv.getValueAsLong(i);
        }
        return out;
    }

    private void checkNulls(FieldVector v, int n, String name) {
        if (v.getNullCount() > 0) {
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) {
                    throw badElement(v, i, name, "is null");
                }
            }
        }
    }

    /** Locates element {@code i} of a column: a jet row, or a particle of a jet for constituent fields. */
    private JetFileException badElement(FieldVector v, int i, String name, String problem) {
        if (name.startsWith(ArrowJetSchema.CONSTITUENTS + ".")) {
            ListVector list = (ListVector) current.getVector(ArrowJetSchema.CONSTITUENTS);
            for (int j = 0; j < list.getValueCount(); j++) {
                if (i < list.getElementEndIndex(j)) {
                    return bad(nextRow + j, i - list.getElementStartIndex(j), name, problem);
                }
            }
        }
        return bad(nextRow + i, -1, name, problem);
    }

    private JetFileException bad(long row, int particle, String column, String problem) {
        return new JetFileException(path, JetFileException.at("column " + column, row, particle, null), problem);
    }

    private void closeQuietly() {
        try {
            if (reader != null) {
                reader.close();
            }
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // Already failing; the original error is what the user needs.
        }
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            // Arrow reports buffers its own failed reads did not release; after such a failure the
            // error already reported is the one that matters.
            if (!failed) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
