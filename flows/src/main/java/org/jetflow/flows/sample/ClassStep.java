package org.jetflow.flows.sample;

/** How the class tokens move from t to t + Δt between network evaluations. */
public enum ClassStep {
    /**
     * Draw k_{t+Δt} from the posterior-weighted bridge transitions (TelegraphBridge.bridgeKernel):
     * exact for any Δt given the true posterior.
     */
    BRIDGE,
    /** τ-leaping with the sampling rates R_t(k→j) of docs/flows.md#generating-a-jet: exact only as Δt → 0, leptons too frequent. */
    RATE;

    /** The class step named {@code bridge} or {@code rate}, in any case. */
    public static ClassStep parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "bridge" -> BRIDGE;
            case "rate" -> RATE;
            default -> throw new IllegalArgumentException("--class-step must be bridge or rate, got '" + name + "'");
        };
    }
}
