package org.jetflow.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporaries of killed writers are removed by the next write of the same name; live writers' are kept. */
class AtomicTargetTest {
    @TempDir
    Path tmp;

    @Test
    void theNextWriteRemovesTheTemporariesOfDeadProcessesOnly() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        String[] stale = {".a.h5." + dead + "-1f.part", ".a.h5." + self + "-2e.part"};
        String[] kept = {".a.h5." + live + "-3d.part", ".b.h5." + dead + "-4c.part", ".a.h5.x" + dead + "-5b.part"};
        for (String n : stale) {
            Files.createFile(tmp.resolve(n));
        }
        for (String n : kept) {
            Files.createFile(tmp.resolve(n));
        }
        AtomicTarget first = new AtomicTarget(tmp.resolve("a.h5"));
        // A second writer of the same name in this JVM keeps the first one's temporary.
        AtomicTarget second = new AtomicTarget(tmp.resolve("a.h5"));
        Set<String> want = new TreeSet<>(Set.of(kept));
        want.add(first.temp().getFileName().toString());
        want.add(second.temp().getFileName().toString());
        assertEquals(want, list(tmp));
        first.commit();
        second.abort();
        want.removeAll(Set.of(first.temp().getFileName().toString(), second.temp().getFileName().toString()));
        want.add("a.h5");
        assertEquals(want, list(tmp));
    }

    @Test
    void directoriesOfDeadProcessesAreRemovedWithTheirContents() throws Exception {
        long dead = deadPid();
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        for (String n : new String[] {"m.checkpoint.tmp-" + dead, "m.checkpoint.tmp-" + dead + "-old",
            "m.checkpoint.tmp-" + live, "m.checkpoint.tmp-" + dead + "-new"}) {
            Files.writeString(Files.createDirectories(tmp.resolve(n)).resolve("weights.bin"), "x");
        }
        AtomicTarget.removeStale(tmp, "m.checkpoint.tmp-", "(-old)?");
        assertEquals(Set.of("m.checkpoint.tmp-" + live, "m.checkpoint.tmp-" + dead + "-new"), list(tmp));
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assumeTrue(ProcessHandle.of(p.pid()).isEmpty(), "the pid of an ended process was reused");
        return p.pid();
    }

    private static Set<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new TreeSet<>();
            s.forEach(f -> out.add(f.getFileName().toString()));
            return out;
        }
    }
}
