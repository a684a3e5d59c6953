package org.jetflow.io.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a file was, without where it was: its name, size and SHA-256 of its content. Provenance
 * (model cards, output metadata) records this instead of a path, which would name a directory of
 * the machine it was made on and say nothing once the file moves.
 *
 * @param name   the file name, without directories
 * @param bytes  size in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record FileFingerprint(String name, long bytes, String sha256) {
    /** Reads {@code file} once to hash it. */
    public static FileFingerprint of(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new FileFingerprint(file.getFileName().toString(), size, HexFormat.of().formatHex(digest.digest()));
    }
}
