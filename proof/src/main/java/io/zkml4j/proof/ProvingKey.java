package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.format.ModelCodec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The model owner's secret: the quantised model with its weights and the seed of the commitment's
 * randomness. The commitment itself is re-created from these when a {@link Prover} starts, and
 * checked against the one in the verifying key, so a corrupted or mismatched key is caught before
 * proving. Nothing in it changes as proofs are made: copies on many servers serve any number of
 * proofs with the weights hidden.
 */
public final class ProvingKey {
    static final String MAGIC = "ZKPK";
    /**
     * Version 3: a sealed weight commitment, the proofs' parameters and the sealed commitment's leaf
     * digests (so a prover starts without hashing every column); 4: the model lists its inputs and
     * outputs; 5: the weights proof comes in parts; 6: its parts look a weight of 9 to 16 bits up in
     * one lookup where that pays, not in 8-bit limbs. Older keys are refused with the reason.
     */
    static final int VERSION = 7;
    private static final int SEED_BYTES = 32;

    private final QuantizedModel model;
    private final Postprocess postprocess;
    private final Commitment commitment;
    private final LigeroParameters proofParameters;
    private final byte[] seed;
    private final boolean publicWeights;
    private final WeightsProof weightsProof;
    private final long[] leaves; // null for a version 2 key

    private ProvingKey(QuantizedModel model, Postprocess postprocess, Commitment commitment, LigeroParameters proofParameters, byte[] seed,
                       boolean publicWeights, WeightsProof weightsProof, long[] leaves) {
        this.weightsProof = weightsProof;
        this.leaves = leaves;
        this.model = model;
        this.postprocess = postprocess;
        this.commitment = commitment;
        this.proofParameters = proofParameters;
        this.seed = seed.clone();
        this.publicWeights = publicWeights;
    }

    /** Commits to a quantised model: chooses parameters, draws the randomness, computes the commitment. */
    public static ProvingKey create(QuantizedModel model, Postprocess postprocess, CommitOptions options) {
        return create(model, postprocess, options, Progress.NONE);
    }

    /** The same, reporting its steps (the weights proof's parts one by one). */
    public static ProvingKey create(QuantizedModel model, Postprocess postprocess, CommitOptions options, Progress progress) {
        return commit(model, postprocess, options, progress).proveWidths(progress);
    }

    /**
     * The first half of {@link #create}: the weights committed, their widths not yet proven. A
     * training proof opens the trained model's commitment just made here, instead of a copy a
     * {@link Prover} would re-create from the finished key.
     */
    static Committed commit(QuantizedModel model, Postprocess postprocess, CommitOptions options, Progress progress) {
        String beyond = io.zkml4j.proof.circuit.CircuitBounds.problem(model, 1);
        if (beyond != null) { // a key every verifier would refuse: say so before committing
            throw new ModelTooLargeException(model.name() + " is beyond what a verifier checks: " + beyond);
        }
        ModelCommitter.Parameters params = ModelCommitter.parameters(model, options);
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        long[][] vectors = ModelCommitter.vectors(model);
        progress.stage("committing to the weights");
        SealedCommitment committed = ModelCommitter.commit(vectors, params.sealed(), seed);
        return new Committed(model, postprocess, options.publicWeights(), params.proof(), seed, vectors, committed);
    }

    /** A model's weights committed: everything of its key but the proof of their widths. */
    record Committed(QuantizedModel model, Postprocess postprocess, boolean publicWeights, LigeroParameters proofParameters, byte[] seed,
                     long[][] vectors, SealedCommitment sealed) {
        /** Proves the weights' widths: the finished key. */
        ProvingKey proveWidths(Progress progress) {
            byte[] body = VerifyingKey.body(model, publicWeights, seed, postprocess, sealed.commitment(), proofParameters, model.parameterCount())
                    .toByteArray();
            WeightsProof weights = WeightsProof.prove(model, sealed, proofParameters, vectors, WeightsProof.statement(body), progress,
                    io.zkml4j.proof.witness.Witness.Deviation.HONEST);
            return new ProvingKey(model, postprocess, sealed.commitment(), proofParameters, seed, publicWeights, weights, sealed.leafDigests());
        }
    }

    /** Commits to a quantised ONNX model (see {@link Zkml#quantize}). */
    public static ProvingKey create(io.zkml4j.model.quant.Quantization quantization, CommitOptions options) {
        return create(quantization.model(), quantization.postprocess(), options);
    }

    /** The public key for this model and commitment. */
    public VerifyingKey verifyingKey() {
        return new VerifyingKey(model, publicWeights, seed, postprocess, commitment, proofParameters, model.parameterCount(), weightsProof);
    }

    public QuantizedModel model() {
        return model;
    }

    /** What the verifier applies to the dequantised output (a final softmax), outside the proof. */
    public Postprocess postprocess() {
        return postprocess;
    }

    /** The sealed commitment to the weights (public: it is in the verifying key). */
    public Commitment commitment() {
        return commitment;
    }

    /** Parameters of the one-time commitments each proof makes. */
    public LigeroParameters proofParameters() {
        return proofParameters;
    }

    /** Soundness of proofs for this key: the weaker of the two commitments'. */
    public LigeroParameters.Security security() {
        return weaker(commitment.parameters().security(), proofParameters.security());
    }

    static LigeroParameters.Security weaker(LigeroParameters.Security a, LigeroParameters.Security b) {
        return a.bits() <= b.bits() ? a : b;
    }

    public boolean weightsPublic() {
        return publicWeights;
    }

    byte[] seed() {
        return seed.clone();
    }

    public byte[] encode() {
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION);
        ModelCodec.write(w, model, true);
        PostprocessCodec.write(w, postprocess);
        w.bytes(commitment.encode()).bytes(proofParameters.encode()).raw(seed).bool(publicWeights);
        weightsProof.write(w);
        w.longs(leaves != null ? leaves : recomputedLeaves());
        return w.toByteArray();
    }

    public static ProvingKey decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j proving key", VERSION);
        if (version < VERSION) {
            throw r.error("version", "version " + version + " keys are from an older zkml4j (" + (version == 1
                    ? "they carry a hiding budget and a commitment that is opened" : version < 4
                    ? "they predate models of several inputs" : version == 4 ? "their weights proof is made in one piece, not in parts"
                    : version == 5 ? "their weights proof checks every width in 8-bit limbs"
                    : "their weights proof states its sealed opening's consistency weights written out") + "); commit the model again");
        }
        QuantizedModel model = ModelCodec.read(r, true);
        Postprocess postprocess = PostprocessCodec.read(r, model);
        Commitment commitment;
        try {
            commitment = Commitment.decode(r.bytes("weight commitment"));
        } catch (MalformedProofException e) {
            throw r.error("weight commitment", e.getMessage());
        }
        LigeroParameters proofParameters = KeyParameters.read(r);
        byte[] seed = r.raw("commitment randomness", SEED_BYTES);
        boolean publicWeights = r.bool("public weights flag");
        WeightsProof weightsProof = WeightsProof.read(r, commitment.polynomials());
        long[] leaves = r.longs("leaf digests");
        r.finish();
        if (leaves.length != commitment.parameters().codeLength() * io.zkml4j.core.hash.Poseidon2Sponge.OUTPUT) {
            throw r.error("leaf digests", leaves.length + " values for a code of length " + commitment.parameters().codeLength());
        }
        String layout = ModelCommitter.layoutProblem(model, commitment);
        if (layout != null) {
            throw r.error("weight commitment", layout);
        }
        KeyParameters.check(r, commitment, proofParameters);
        return new ProvingKey(model, postprocess, commitment, proofParameters, seed, publicWeights, weightsProof, leaves);
    }

    /** A version 2 key being written again: its leaves, recomputed. */
    private long[] recomputedLeaves() {
        return ModelCommitter.commit(ModelCommitter.vectors(model), commitment.parameters(), seed).leafDigests();
    }

    public static ProvingKey read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, ProvingKey::decode);
    }

    /** Writes the key readable by its owner only (it holds the weights). */
    public void write(Path file) throws IOException {
        KeyFiles.writePrivate(file, encode());
    }

    /**
     * Re-creates the commitment from the model's vectors ({@link ModelCommitter#vectors}); fails if
     * it does not match the recorded one (a corrupted key).
     */
    SealedCommitment recommit(long[][] modelVectors) throws FileFormatException {
        SealedCommitment c;
        if (leaves == null) {
            c = ModelCommitter.commit(modelVectors, commitment.parameters(), seed);
        } else {
            try {
                c = SealedCommitment.reopen(commitment.parameters(), Arrays.asList(modelVectors),
                        io.zkml4j.core.util.ChaChaRandom.fromSeed(seed), leaves);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException("the proving key is corrupted: " + e.getMessage());
            }
        }
        if (!Arrays.equals(c.commitment().root(), commitment.root())) {
            throw new FileFormatException("the proving key is corrupted: its weights and randomness do not give its commitment");
        }
        return c;
    }
}
