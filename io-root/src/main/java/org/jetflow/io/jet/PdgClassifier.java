package org.jetflow.io.jet;

/**
 * Maps PDG ids found in real files to {@link ParticleClass} tokens.
 *
 * <p>The eight ids of the particle-flow convention map to their own class. Any other id maps by
 * its charge (docs/validation.md#definitions): charged to h− or h+ by the sign of the charge, neutral to h0; these are
 * counted as remapped so that {@code jetflow info} can report them. The classifier is not thread
 * safe: one per reader.
 */
public final class PdgClassifier {
    private long remapped;

    /**
     * The token of a particle.
     *
     * @param pdgId  the PDG id as stored (must be a whole number, not 0)
     * @param charge the electric charge in units of e, as stored
     * @return the token 1..8, or -1 when the id is not a valid PDG id (0 or not a whole number)
     */
    public int token(double pdgId, double charge) {
        if (pdgId != Math.rint(pdgId) || pdgId == 0 || Double.isNaN(charge)) {
            return -1;
        }
        switch ((int) pdgId) {
            case 22: return 1;
            case 130: return 2;
            case -211: return 3;
            case 211: return 4;
            case 11: return 5;
            case -11: return 6;
            case 13: return 7;
            case -13: return 8;
            default:
                remapped++;
                if (charge < 0) {
                    return 3;
                }
                return charge > 0 ? 4 : 2;
        }
    }

    /** Whether a PDG id is one of the eight class ids (22, 130, ±211, ±11, ±13 with their signs). */
    public static boolean isClassId(double pdgId) {
        int id = (int) pdgId;
        return id == pdgId && (id == 22 || id == 130 || id == 211 || id == -211 || id == 11 || id == -11 || id == 13
                || id == -13);
    }

    /** How many particles had an id outside the eight classes and were mapped by charge. */
    public long remappedCount() {
        return remapped;
    }
}
