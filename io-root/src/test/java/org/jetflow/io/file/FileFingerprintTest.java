package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintTest {
    /** FIPS 180-2's example: SHA-256("abc"). */
    @Test
    void recordsNameSizeAndTheStandardDigestButNoDirectory(@TempDir Path dir) throws Exception {
        Path f = Files.createDirectories(dir.resolve("deep/inside")).resolve("jets.h5");
        Files.writeString(f, "abc", StandardCharsets.US_ASCII);
        FileFingerprint p = FileFingerprint.of(f);
        assertEquals("jets.h5", p.name());
        assertEquals(3, p.bytes());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", p.sha256());
    }
}
