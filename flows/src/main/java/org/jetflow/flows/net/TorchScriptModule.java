package org.jetflow.flows.net;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads a TorchScript class written as source text into libtorch, without Python: the source goes
 * into the archive layout that {@code torch.jit.save} writes (a zip with {@code code/__torch__.py}, a
 * pickled instance in {@code data.pkl}, {@code constants.pkl} and {@code version}), and libtorch
 * compiles it when it loads the archive.
 *
 * <p>Why: libtorch runs a scripted method in one native call and frees each intermediate as soon as it
 * is dead, and TorchScript reaches operators that DJL's NDArray API lacks (fused attention). DJL loads
 * such archives ({@link JniUtils#loadModule}) but has no way to script a module itself, and no Java
 * library writes them.
 *
 * <p>The class must declare {@code training : bool} and no parameters or buffers: the instance is
 * pickled with that one attribute, and tensors reach its methods as arguments.
 */
final class TorchScriptModule {
    /** The archive's file format version (libtorch 2.7 loads 3, and the script needs nothing newer). */
    private static final String VERSION = "3\n";

    private TorchScriptModule() {
    }

    /**
     * Compiles {@code source}, which defines the TorchScript class {@code className} (in module
     * {@code __torch__}), and loads an instance of it. The module is closed with {@code manager}.
     */
    static PtSymbolBlock load(NDManager manager, String className, String source) {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            String root = "jetflow/";
            stored(zip, root + "data.pkl", instance(className));
            stored(zip, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            // An empty tuple: the class holds no tensor constants.
            stored(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, root + "version", VERSION.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive.toByteArray()), false,
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An uncompressed entry, as torch.jit.save writes them. */
    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * The pickle (protocol 2) of {@code __torch__.className()} with {@code training = False}: GLOBAL,
     * EMPTY_TUPLE, NEWOBJ, then BUILD from the attribute dictionary.
     */
    private static byte[] instance(String className) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x80); // PROTO
        o.write(2);
        o.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        o.write(')'); // EMPTY_TUPLE
        o.write(0x81); // NEWOBJ
        o.write('}'); // EMPTY_DICT
        o.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        o.write('X'); // BINUNICODE, 4-byte little-endian length
        o.write(key.length);
        o.write(0);
        o.write(0);
        o.write(0);
        o.writeBytes(key);
        o.write(0x89); // NEWFALSE
        o.write('u'); // SETITEMS
        o.write('b'); // BUILD
        o.write('.'); // STOP
        return o.toByteArray();
    }
}
