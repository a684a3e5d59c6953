package org.jetflow.io.root;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.jetflow.io.SharedData;
import org.jetflow.io.file.JetFiles;
import org.jetflow.io.file.JetReader;
import org.jetflow.io.file.JetWriter;
import org.jetflow.io.jet.JetBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jet files JetFlow writes as ROOT read identically in JSROOT, branch by branch and entry by entry. */
class RootJetWriterTest {
    @TempDir
    Path tmp;

    @Test
    void jsrootReadsSharedQcdJetsWrittenAsRoot() throws Exception {
        Path root = tmp.resolve("qcd.root");
        int n = 3000;
        long particles = 0;
        try (JetReader r = JetFiles.open(SharedData.data("qcd-train-1.h5"))) {
            JetWriter w = JetFiles.create(root, r.schema(), java.util.Map.of("source", "qcd-train-1.h5"));
            for (JetBatch b : JetFiles.read(SharedData.data("qcd-train-1.h5"), n)) {
                w.write(b);
                particles += b.particleCount();
            }
            w.close();
        }
        long values = JsrootAgreement.check(root);
        try (RootFile f = RootFile.open(root)) {
            RootTree t = f.tree("jets");
            assertEquals(n, t.entries());
            BranchArray pt = t.read(t.branch("constituents_pt"));
            assertEquals(particles, pt.items(), "every constituent is in the jagged branch");
            // 4 jet floats + extra jet columns + counter per jet, 10 + extra particle columns per particle
            int jetColumns = 5 + t.leafBranches().stream().filter(b -> !b.name().startsWith("constituents_")).toList().size() - 5;
            assertEquals(List.of("pt", "eta", "phi", "mass"), t.leafBranches().subList(0, 4).stream().map(RootBranch::name).toList());
            assertEquals(true, values >= (long) n * jetColumns + particles * 10, "values compared: " + values);
        }
    }
}
