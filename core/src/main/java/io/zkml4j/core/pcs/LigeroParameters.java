package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;

/**
 * Parameters of the hiding Ligero-style commitment, and the soundness they give.
 *
 * <p>A committed table is laid out as rows of {@code 2^logRowWidth} values. Each row is extended by
 * {@code randomColumns} uniformly random values (this is what makes opened columns hide the data)
 * and Reed–Solomon encoded, as polynomial coefficients, to {@code 2^logCodeLength} evaluations:
 * a code of dimension K = rowWidth + randomColumns and minimum distance d = n − K + 1. The
 * verifier opens {@code queries} random columns.
 *
 * <p>Soundness (unique-decoding regime only, no proximity conjectures). Take the proximity
 * parameter δ = ⌊(n − K − 1)/2⌋ / n, strictly below (1 − ρ)/2 for the rate ρ = K/n. Either the
 * committed rows have correlated agreement with codewords on all but a δ-fraction of columns, or
 * the proximity row is δ-far from the code except with probability n/|E| (Ben-Sasson, Carmon,
 * Ishai, Kopparty, Saraf 2020, Theorem 1.6, affine spaces with independent uniform coefficients,
 * applied over E to RS[E, D, K]; the agreeing codewords of base-field rows are base-field
 * codewords since they agree on more than K points). In the first case a false evaluation row
 * differs from the true one in ≥ d − δn > δn positions; in the second, the proximity row differs
 * from the committed combination in > δn positions; each query catches either with probability
 * > δ. We charge both cases, 2·(1 − δ)^t, as arkworks' Ligero does, and add the other extension-
 * field terms: the claim-reduction sumcheck, 2·log(rowWidth)/|E|, and three random batchings,
 * 1/|E| each. Queries are drawn with replacement.
 *
 * <p>How commitments are opened: in full ({@code succinct} null: the evaluation and proximity rows
 * are sent whole, a proof of about the square root of the data) or succinctly ({@link SuccinctOpening},
 * whose parameters, soundness and zero-knowledge condition are {@code succinct}'s; the queries and
 * grinding above then go unused).
 */
public record LigeroParameters(int logRowWidth, int logCodeLength, int randomColumns, int queries, int grindingBits,
                               HashFunction hash, SuccinctParameters succinct) {
    /** log2 |E| for E = F_p[X]/(X² − 7). */
    static final double LOG_EXTENSION_SIZE = 2 * Math.log(Goldilocks.P + 0x1p64) / Math.log(2);

    /**
     * Bounds on parameters, which arrive in keys and commitments from untrusted sources: the
     * verifier encodes two rows of the code length and draws the queries, so these bound its work
     * (a code of 2^26 is 16 times the largest the bundled models use; a blowup beyond 2^6 or more
     * than 2^11 queries buys no security the unique-decoding bound needs).
     */
    public static final int MAX_LOG_CODE_LENGTH = 26;
    public static final int MAX_LOG_BLOWUP = 6;
    public static final int MAX_QUERIES = 1 << 11;

    public LigeroParameters {
        if (logRowWidth < 0 || logRowWidth > 24) {
            throw new IllegalArgumentException("row width 2^" + logRowWidth + " out of range [1, 2^24]");
        }
        if (logCodeLength < 1 || logCodeLength > MAX_LOG_CODE_LENGTH || logCodeLength > logRowWidth + MAX_LOG_BLOWUP) {
            throw new IllegalArgumentException("code length 2^" + logCodeLength + " out of range: at most 2^" + MAX_LOG_CODE_LENGTH
                    + " and 2^" + MAX_LOG_BLOWUP + " times the row width");
        }
        if (queries < 1 || queries > MAX_QUERIES || randomColumns < 0 || grindingBits < 0 || grindingBits > 40) {
            throw new IllegalArgumentException("need 1 <= queries <= " + MAX_QUERIES + ", randomColumns >= 0, 0 <= grindingBits <= 40");
        }
        if ((1L << logRowWidth) + randomColumns >= (1L << logCodeLength)) {
            throw new IllegalArgumentException("code length 2^" + logCodeLength + " must exceed the message length "
                    + ((1L << logRowWidth) + randomColumns));
        }
        if (succinct != null) {
            String mismatch = succinct.mismatch(logRowWidth, logCodeLength, randomColumns);
            if (mismatch != null) {
                throw new IllegalArgumentException("these commitments cannot be opened succinctly: " + mismatch);
            }
        }
    }

    /** Parameters of commitments opened in full. */
    public LigeroParameters(int logRowWidth, int logCodeLength, int randomColumns, int queries, int grindingBits, HashFunction hash) {
        this(logRowWidth, logCodeLength, randomColumns, queries, grindingBits, hash, null);
    }

    /** The same commitments, opened succinctly with {@code opening} (null: in full). */
    public LigeroParameters withSuccinct(SuccinctParameters opening) {
        return new LigeroParameters(logRowWidth, logCodeLength, randomColumns, queries, grindingBits, hash, opening);
    }

    public int rowWidth() {
        return 1 << logRowWidth;
    }

    /** K: coefficients per encoded row, data plus randomness. */
    public int messageLength() {
        return rowWidth() + randomColumns;
    }

    public int codeLength() {
        return 1 << logCodeLength;
    }

    /** Hiding holds while at most this many distinct columns of a commitment have been opened. */
    public int hidingColumns() {
        return randomColumns;
    }

    /** δ: the fraction of columns each query is guaranteed to catch a cheater on. */
    public double proximity() {
        long maxErrors = (codeLength() - messageLength() - 1) / 2;
        return maxErrors / (double) codeLength();
    }

    /** The achieved security, in bits, split by source. */
    public Security security() {
        if (succinct != null) {
            return succinct.security(this);
        }
        double perQuery = -Math.log(1 - proximity()) / Math.log(2);
        double queryBits = queries * perQuery - 1; // both cases charged: 2·(1 − δ)^t
        double fieldError = codeLength() + 2.0 * logRowWidth + 3;
        double fieldBits = LOG_EXTENSION_SIZE - Math.log(fieldError) / Math.log(2);
        double interactive = -Math.log(Math.pow(2, -queryBits) + Math.pow(2, -fieldBits)) / Math.log(2);
        double fiatShamir = -Math.log(Math.pow(2, -(queryBits + grindingBits)) + Math.pow(2, -fieldBits)) / Math.log(2);
        return new Security(queryBits, grindingBits, fieldBits, interactive, Math.min(fiatShamir, 8.0 * HashFunction.DIGEST_BYTES / 2));
    }

    /**
     * Security in bits: {@code queryBits} from the t column queries, {@code grindingBits} of proof
     * of work before them, {@code fieldBits} from all extension-field terms; {@code bits} is the
     * resulting non-interactive (Fiat–Shamir) level, capped by the hash's collision resistance,
     * and {@code interactiveBits} the soundness of one live run.
     */
    public record Security(double queryBits, int grindingBits, double fieldBits, double interactiveBits, double bits) {
        @Override
        public String toString() {
            return String.format("%.1f bits (queries %.1f + grinding %d, field terms %.1f)", bits, queryBits, grindingBits, fieldBits);
        }
    }

    /** Canonical bytes: row width, code length, random columns, queries, grinding, hash name. */
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeByte(logRowWidth);
        out.writeByte(logCodeLength);
        out.writeInt(randomColumns);
        out.writeInt(queries);
        out.writeByte(grindingBits);
        byte[] name = hash.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // The name's length is below 128: the top bit says a succinct opening's parameters follow
        // (encodings written before it existed never set it).
        out.writeByte(name.length | (succinct != null ? SUCCINCT_FLAG : 0));
        out.write(name);
        if (succinct != null) {
            out.writeByte(succinct.logArity());
            out.writeInt(succinct.queries());
            out.writeByte(succinct.grindingBits());
        }
    }

    private static final int SUCCINCT_FLAG = 0x80;

    /** Reads what {@link #writeTo} wrote; invalid parameters throw IllegalArgumentException, truncation BufferUnderflowException. */
    public static LigeroParameters readFrom(java.nio.ByteBuffer in) {
        int logRowWidth = in.get();
        int logCodeLength = in.get();
        int randomColumns = in.getInt();
        int queries = in.getInt();
        int grinding = in.get();
        int length = Byte.toUnsignedInt(in.get());
        byte[] name = new byte[length & ~SUCCINCT_FLAG];
        in.get(name);
        SuccinctParameters succinct = (length & SUCCINCT_FLAG) == 0 ? null : new SuccinctParameters(in.get(), in.getInt(), in.get());
        return new LigeroParameters(logRowWidth, logCodeLength, randomColumns, queries, grinding,
                HashFunction.byName(new String(name, java.nio.charset.StandardCharsets.US_ASCII)), succinct);
    }

    public byte[] encode() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            writeTo(new java.io.DataOutputStream(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes parameters from untrusted bytes, with a message naming what is wrong. */
    public static LigeroParameters decode(byte[] data) throws io.zkml4j.core.transcript.MalformedProofException {
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
            LigeroParameters p = readFrom(in);
            if (in.hasRemaining()) {
                throw new io.zkml4j.core.transcript.MalformedProofException(in.remaining() + " trailing bytes after the parameters");
            }
            return p;
        } catch (java.nio.BufferUnderflowException e) {
            throw new io.zkml4j.core.transcript.MalformedProofException("commitment parameters are truncated");
        } catch (IllegalArgumentException e) {
            throw new io.zkml4j.core.transcript.MalformedProofException("commitment parameters are invalid: " + e.getMessage());
        }
    }

    /** A string naming every parameter, for domain separators and proof headers. */
    public String describe() {
        return "ligero(k=2^" + logRowWidth + ",K=" + messageLength() + ",n=2^" + logCodeLength + ",t=" + queries
                + ",pow=" + grindingBits + "," + hash.name() + ")" + (succinct != null ? succinct.describe() : "");
    }

    /** Rows too short to hold, beside their data, the random values that hide the queried columns: wider rows would do. */
    public static final class RowsTooShortException extends IllegalArgumentException {
        RowsTooShortException(String message) {
            super(message);
        }
    }

    /**
     * The cheapest parameters reaching {@code targetBits} for rows of 2^logRowWidth values, a code
     * of length 2^(logRowWidth + logBlowup), hiding for {@code hidingOpenings} openings.
     */
    public static LigeroParameters forSecurity(int targetBits, int logRowWidth, int logBlowup, int hidingOpenings,
                                               int grindingBits, HashFunction hash) {
        if (logBlowup < 1) {
            throw new IllegalArgumentException("blowup must be at least 2");
        }
        if (hidingOpenings < 1) {
            throw new IllegalArgumentException("hidingOpenings must be at least 1 (each opening reveals t columns)");
        }
        int logN = logRowWidth + logBlowup;
        int t = 1;
        for (int iteration = 0; iteration < 64; iteration++) {
            int random = t * hidingOpenings;
            if ((1L << logRowWidth) + random >= (1L << logN) / 2 + (1L << logN) / 4) {
                throw new RowsTooShortException("hiding " + hidingOpenings + " openings needs too many random columns for a blowup of 2^"
                        + logBlowup + "; raise the blowup or lower the openings");
            }
            LigeroParameters p = new LigeroParameters(logRowWidth, logN, random, t, grindingBits, hash);
            Security s = p.security();
            if (s.fieldBits() < targetBits) {
                throw new IllegalArgumentException("the field terms give only " + s.fieldBits() + " bits < " + targetBits);
            }
            if (s.bits() >= targetBits) {
                return p;
            }
            double perQuery = (s.queryBits() + 1) / t;
            t = Math.max(t + 1, (int) Math.ceil((targetBits - grindingBits) / perQuery));
        }
        // The hiding columns crowd out the proximity margin: more queries no longer add security.
        throw new IllegalArgumentException("no parameters reach " + targetBits + " bits while hiding " + hidingOpenings
                + " openings with a blowup of 2^" + logBlowup);
    }

    /**
     * The fewest queries reaching {@code targetBits} with no random columns: for commitments whose
     * columns are never revealed (a sealed commitment hides by its salted leaves instead).
     */
    public static LigeroParameters withoutRandomColumns(int targetBits, int logRowWidth, int logBlowup, HashFunction hash) {
        LigeroParameters one = new LigeroParameters(logRowWidth, logRowWidth + logBlowup, 0, 1, 0, hash);
        double perQuery = one.security().queryBits() + 1;
        for (int t = Math.max(1, (int) Math.floor(targetBits / perQuery)); t <= MAX_QUERIES; t++) {
            LigeroParameters p = new LigeroParameters(logRowWidth, logRowWidth + logBlowup, 0, t, 0, hash);
            if (p.security().bits() >= targetBits) {
                return p;
            }
            if (p.security().fieldBits() < targetBits) {
                break;
            }
        }
        throw new IllegalArgumentException("no number of queries reaches " + targetBits + " bits for rows of 2^" + logRowWidth
                + " and a blowup of 2^" + logBlowup);
    }

    /** Default: 100 bits, blowup 4, hiding for one opening, no grinding, SHA-256. */
    public static LigeroParameters defaults(int logRowWidth) {
        return forSecurity(100, logRowWidth, 2, 1, 0, Sha256.INSTANCE);
    }

    /**
     * A row width that keeps proofs small for commitments holding about {@code elements} values in
     * total: it balances the two revealed combination rows (∝ width) against the opened columns
     * (∝ rows), using an estimate of the proof size.
     */
    public static int recommendedLogRowWidth(long elements, int targetBits) {
        double[] size = new double[17];
        double best = Double.MAX_VALUE;
        for (int a = 4; a <= 16; a++) {
            size[a] = Double.MAX_VALUE;
            LigeroParameters p;
            try {
                p = forSecurity(targetBits, a, 2, 1, 0, Sha256.INSTANCE);
            } catch (IllegalArgumentException tooNarrow) {
                continue; // rows this short cannot carry the randomness that hides t columns
            }
            double rows = Math.max(1, elements >> a) + 6 + 2 * a;
            size[a] = 2.0 * p.messageLength() * 16
                    + p.queries() * (rows * 8 + 16 + 32 * Math.max(1, p.logCodeLength() - Math.log(p.queries()) / Math.log(2)));
            best = Math.min(best, size[a]);
        }
        // Wider rows cost the prover more per opening (the mask matrix has one codeword of the full
        // code length per row); take the narrowest width within 10% of the smallest proof.
        for (int a = 4; a <= 16; a++) {
            if (size[a] <= 1.1 * best) {
                return a;
            }
        }
        throw new IllegalStateException("no row width reaches " + targetBits + " bits");
    }
}
