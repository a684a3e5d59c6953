package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jetflow.io.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every branch of every real ROOT file in {@code ../shared/fixtures/root} reads as JSROOT reads it. */
class FixtureAgreementTest {
    static Path fixture(String name) {
        return SharedData.dir().resolve("fixtures").resolve("root").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"uproot-HZZ.root", "uproot-HZZ-uncompressed.root", "uproot-HZZ-zlib.root",
        "uproot-HZZ-lz4.root", "uproot-HZZ-lzma.root", "uproot-HZZ-zstd.root", "uproot-Zmumu.root",
        "uproot-sample-6.20.04-uncompressed.root", "uproot-stl_containers.root", "uproot-hepdata-example.root",
        "nanoAOD_2015_CMS_Open_Data_ttbar.root"})
    void everyBranchReadsAsInJsroot(String name) throws Exception {
        long values = JsrootAgreement.check(fixture(name));
        assertTrue(values > 0, name + ": nothing compared");
    }
}
