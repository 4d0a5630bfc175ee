package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.format.ModelCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The model owner's secret: the quantised model with its weights, the seed of the commitment's
 * randomness, and how much of the commitment's hiding budget earlier proofs used. The commitment
 * itself is re-created from these when a {@link Prover} starts, and checked against the one in
 * the verifying key, so a corrupted or mismatched key is caught before proving.
 */
public final class ProvingKey {
    static final String MAGIC = "ZKPK";
    static final int VERSION = 1;
    private static final int SEED_BYTES = 32;

    private final QuantizedModel model;
    private final Postprocess postprocess;
    private final Commitment commitment;
    private final byte[] seed;
    private final boolean publicWeights;
    private final BitSet openedColumns;

    private ProvingKey(QuantizedModel model, Postprocess postprocess, Commitment commitment, byte[] seed, boolean publicWeights,
                       BitSet openedColumns) {
        this.model = model;
        this.postprocess = postprocess;
        this.commitment = commitment;
        this.seed = seed.clone();
        this.publicWeights = publicWeights;
        this.openedColumns = (BitSet) openedColumns.clone();
    }

    /** Commits to a quantised model: chooses parameters, draws the randomness, computes the commitment. */
    public static ProvingKey create(QuantizedModel model, Postprocess postprocess, CommitOptions options) {
        LigeroParameters params = ModelCommitter.parameters(model, options);
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        CommittedPolynomials committed = ModelCommitter.commit(model, params, seed);
        return new ProvingKey(model, postprocess, committed.commitment(), seed, options.publicWeights(), new BitSet());
    }

    /** Commits to a quantised ONNX model (see {@link Zkml#quantize}). */
    public static ProvingKey create(io.zkml4j.model.quant.Quantization quantization, CommitOptions options) {
        return create(quantization.model(), quantization.postprocess(), options);
    }

    /** The public key for this model and commitment. */
    public VerifyingKey verifyingKey() {
        return new VerifyingKey(model, publicWeights, seed, postprocess, commitment, model.parameterCount());
    }

    public QuantizedModel model() {
        return model;
    }

    /** What the verifier applies to the dequantised output (a final softmax), outside the proof. */
    public Postprocess postprocess() {
        return postprocess;
    }

    public Commitment commitment() {
        return commitment;
    }

    /** Proofs still possible with the weights perfectly hidden (an estimate: columns repeat rarely). */
    public int remainingHiddenProofs() {
        if (publicWeights) {
            return Integer.MAX_VALUE;
        }
        LigeroParameters p = commitment.parameters();
        return Math.max(0, (p.hidingColumns() - openedColumns.cardinality()) / p.queries());
    }

    public boolean weightsPublic() {
        return publicWeights;
    }

    BitSet openedColumns() {
        return (BitSet) openedColumns.clone();
    }

    byte[] seed() {
        return seed.clone();
    }

    /** This key with the hiding budget used so far (to write back after proving). */
    ProvingKey withOpenedColumns(BitSet columns) {
        return new ProvingKey(model, postprocess, commitment, seed, publicWeights, columns);
    }

    public byte[] encode() {
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION);
        ModelCodec.write(w, model, true);
        PostprocessCodec.write(w, postprocess);
        w.bytes(commitment.encode()).raw(seed).bool(publicWeights).bytes(openedColumns.toByteArray());
        return w.toByteArray();
    }

    public static ProvingKey decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        r.magic(MAGIC, "zkml4j proving key", VERSION);
        QuantizedModel model = ModelCodec.read(r, true);
        Postprocess postprocess = PostprocessCodec.read(r, model);
        Commitment commitment;
        try {
            commitment = Commitment.decode(r.bytes("weight commitment"));
        } catch (MalformedProofException e) {
            throw r.error("weight commitment", e.getMessage());
        }
        byte[] seed = r.raw("commitment randomness", SEED_BYTES);
        boolean publicWeights = r.bool("public weights flag");
        BitSet opened = BitSet.valueOf(r.bytes("opened columns"));
        r.finish();
        String layout = ModelCommitter.layoutProblem(model, commitment);
        if (layout != null) {
            throw r.error("weight commitment", layout);
        }
        if (opened.length() > commitment.parameters().codeLength()) {
            throw r.error("opened columns", "a column beyond the code length");
        }
        return new ProvingKey(model, postprocess, commitment, seed, publicWeights, opened);
    }

    public static ProvingKey read(Path file) throws IOException, FileFormatException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Writes the key readable by its owner only (it holds the weights). */
    public void write(Path file) throws IOException {
        KeyFiles.writePrivate(file, encode());
    }

    /**
     * Re-creates the commitment from the model's vectors ({@link ModelCommitter#vectors}); fails if
     * it does not match the recorded one (a corrupted key).
     */
    CommittedPolynomials recommit(long[][] modelVectors) throws FileFormatException {
        CommittedPolynomials c = ModelCommitter.commit(modelVectors, commitment.parameters(), seed);
        if (!Arrays.equals(c.commitment().root(), commitment.root())) {
            throw new FileFormatException("the proving key is corrupted: its weights and randomness do not give its commitment");
        }
        c.restoreOpened(openedColumns);
        return c;
    }
}
