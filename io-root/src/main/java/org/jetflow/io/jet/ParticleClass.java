package org.jetflow.io.jet;

/**
 * The particle-flow-like classes that JetFlow generates, one discrete token each
 * (docs/validation.md#conventions). Token 0 is padding and has no constant here.
 *
 * <p>PDG sign convention: 11 is the electron e−, 13 the muon μ−, 211 the π+.
 */
public enum ParticleClass {
    /** Photon γ. */
    PHOTON(1, 22, 0, 0.0, "photon"),
    /** Neutral hadron h0 (K0L-like). */
    NEUTRAL_HADRON(2, 130, 0, 0.0, "h0"),
    /** Negative hadron h− (π−-like). */
    NEGATIVE_HADRON(3, -211, -1, 0.13957039, "hminus"),
    /** Positive hadron h+ (π+-like). */
    POSITIVE_HADRON(4, 211, 1, 0.13957039, "hplus"),
    /** Electron e−. */
    ELECTRON(5, 11, -1, 0.00051099895, "eminus"),
    /** Positron e+. */
    POSITRON(6, -11, 1, 0.00051099895, "eplus"),
    /** Muon μ−. */
    MUON(7, 13, -1, 0.1056583755, "muminus"),
    /** Antimuon μ+. */
    ANTIMUON(8, -13, 1, 0.1056583755, "muplus");

    /** Number of tokens including padding (0): the size of the model's class vocabulary. */
    public static final int TOKEN_COUNT = 9;

    private static final ParticleClass[] BY_TOKEN = new ParticleClass[TOKEN_COUNT];

    static {
        for (ParticleClass c : values()) {
            BY_TOKEN[c.token] = c;
        }
    }

    private final byte token;
    private final int pdgId;
    private final int charge;
    private final double massGeV;
    private final String shortName;

    ParticleClass(int token, int pdgId, int charge, double massGeV, String shortName) {
        this.token = (byte) token;
        this.pdgId = pdgId;
        this.charge = charge;
        this.massGeV = massGeV;
        this.shortName = shortName;
    }

    /** The discrete token, 1..8. */
    public byte token() {
        return token;
    }

    /** The PDG id this class is written as. */
    public int pdgId() {
        return pdgId;
    }

    /** Electric charge in units of e. */
    public int charge() {
        return charge;
    }

    /** The mass used to build four-momenta, in GeV. */
    public double massGeV() {
        return massGeV;
    }

    /** Short name used in column names ({@code n_photon}, {@code n_hminus}, ...). */
    public String shortName() {
        return shortName;
    }

    /**
     * The charge (e) of a PDG id when a file has no charge column: that of the class with this id,
     * else 0 (so that an unknown id maps to a neutral hadron).
     */
    public static int chargeOfPdgId(double pdgId) {
        for (ParticleClass c : values()) {
            if (c.pdgId == pdgId) {
                return c.charge;
            }
        }
        return 0;
    }

    /**
     * The class of a token.
     *
     * @throws IllegalArgumentException for padding (0) or a token outside 1..8
     */
    public static ParticleClass ofToken(int token) {
        if (token < 1 || token >= TOKEN_COUNT) {
            throw new IllegalArgumentException("particle class token " + token + " is not in 1.." + (TOKEN_COUNT - 1));
        }
        return BY_TOKEN[token];
    }

    /**
     * The class of a short name ({@link #shortName}).
     *
     * @throws IllegalArgumentException naming the valid names for any other
     */
    public static ParticleClass ofShortName(String name) {
        for (ParticleClass c : values()) {
            if (c.shortName.equals(name)) {
                return c;
            }
        }
        StringBuilder names = new StringBuilder();
        for (ParticleClass c : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(c.shortName);
        }
        throw new IllegalArgumentException("no particle class is called '" + name + "': one of " + names);
    }

    /** Mass in GeV of a token, without the enum lookup (hot loops). */
    public static double massOfToken(int token) {
        return ofToken(token).massGeV;
    }
}
