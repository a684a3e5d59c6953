package org.jetflow.validation.hist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jetflow.io.file.JetFileException;

/**
 * A whole text file read as UTF-8, strictly: a byte sequence that is not UTF-8 (a damaged file) is
 * an error naming the file and its line, not a replacement character that fails later somewhere
 * less clear.
 */
public final class Utf8Text {
    /** Larger files are not descriptions or tables: refuse them rather than exhaust the heap. */
    private static final long MAX_BYTES = 64L << 20;

    private Utf8Text() {
    }

    /** The file's text. */
    public static String read(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new JetFileException(file, null, Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new JetFileException(file, null, "larger than " + (MAX_BYTES >> 20) + " MB: not a text document");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new JetFileException(file, null, "cannot read: " + e.getMessage(), e);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new JetFileException(file, "line " + line, "not UTF-8 text (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }
}
