package org.jetflow.flows.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowConfigTest {
    private static final FlowConfig PAIRWISE = FlowConfig.cpuDefault().withMaskedClasses(true).withCouplingRank(8);

    @Test
    void uncoupledClassesSurviveJsonAndAreAbsentInOlderFiles() throws IOException {
        FlowConfig cfg = PAIRWISE.withUncoupledClasses(List.of("muminus", "muplus"));
        assertEquals(List.of("muminus", "muplus"), FlowConfig.fromJson(cfg.toJson()).uncoupledClasses());
        String older = PAIRWISE.toJson().replaceAll(",\\s*\"uncoupledClasses\"\\s*:\\s*\\[\\s*\\]", "");
        assertTrue(!older.contains("uncoupledClasses"), older);
        assertEquals(List.of(), FlowConfig.fromJson(older).uncoupledClasses());
        assertEquals(List.of(), FlowConfig.fromJson(cfg.toJson()).withCouplingRank(0).uncoupledClasses(),
                "a group-by-group model has no couplings to hold at zero");
    }

    @Test
    void uncoupledClassesNeedRealNamesAndCouplings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PAIRWISE.withUncoupledClasses(List.of("muon")));
        assertTrue(e.getMessage().contains("uncoupledClasses") && e.getMessage().contains("'muon'")
                && e.getMessage().contains("muminus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FlowConfig.cpuDefault().withUncoupledClasses(List.of("muminus")));
        assertTrue(e.getMessage().contains("couplingRank"), e.getMessage());
    }
}
