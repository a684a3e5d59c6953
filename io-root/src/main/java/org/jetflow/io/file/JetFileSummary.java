package org.jetflow.io.file;

import org.jetflow.io.jet.JetBatch;
import org.jetflow.io.jet.ParticleClass;

/**
 * Counts over a stream of jet batches: jets, particles, the multiplicity distribution and the
 * particles per class. What {@code jetflow info} prints.
 */
public final class JetFileSummary {
    private long jets;
    private long particles;
    private final long[] multiplicity = new long[JetBatch.MAX_PARTICLES + 1];
    private final long[] perClass = new long[ParticleClass.TOKEN_COUNT];
    private double sumPt;

    /** Adds a batch. */
    public void add(JetBatch batch) {
        jets += batch.size();
        particles += batch.particleCount();
        for (int j = 0; j < batch.size(); j++) {
            multiplicity[batch.multiplicity(j)]++;
        }
        byte[] tok = batch.token();
        float[] pt = batch.pt();
        for (int i = 0; i < batch.particleCount(); i++) {
            perClass[tok[i]]++;
            sumPt += pt[i];
        }
    }

    public long jets() {
        return jets;
    }

    public long particles() {
        return particles;
    }

    /** Sum of particle pT over all jets, GeV. */
    public double sumParticlePt() {
        return sumPt;
    }

    /** Particles of a class. */
    public long count(ParticleClass c) {
        return perClass[c.token()];
    }

    /** Number of jets with exactly {@code n} particles. */
    public long jetsWithMultiplicity(int n) {
        return multiplicity[n];
    }

    public double meanMultiplicity() {
        return jets == 0 ? 0 : (double) particles / jets;
    }

    public int minMultiplicity() {
        for (int n = 0; n < multiplicity.length; n++) {
            if (multiplicity[n] > 0) {
                return n;
            }
        }
        return 0;
    }

    public int maxMultiplicity() {
        for (int n = multiplicity.length - 1; n >= 0; n--) {
            if (multiplicity[n] > 0) {
                return n;
            }
        }
        return 0;
    }

    /** The smallest multiplicity below or at which a fraction {@code q} of the jets lie. */
    public int multiplicityQuantile(double q) {
        long need = (long) Math.ceil(q * jets);
        long seen = 0;
        for (int n = 0; n < multiplicity.length; n++) {
            seen += multiplicity[n];
            if (seen >= need && seen > 0) {
                return n;
            }
        }
        return maxMultiplicity();
    }
}
