package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.format.ModelCodec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What anyone needs to check proofs about a committed model, and nothing secret: the model's
 * architecture (layers, shapes, scales, shifts, activations) without its weights, how its output
 * is read, and the commitment to the weights. With public weights it also holds the weights and
 * the commitment's randomness, and reading it re-derives the commitment to check they match. It
 * also names the parameters of the one-time commitments each proof makes.
 * Its SHA-256 digest names the model: every proof binds it, so a proof made for another model
 * (or for another commitment to the same one) fails.
 */
public final class VerifyingKey {
    static final String MAGIC = "ZKVK";
    /**
     * Version 2: a sealed weight commitment, and the proofs' parameters; 3: the model lists its
     * inputs and outputs; 4: the weights proof comes in parts; 5: its parts look a weight of 9 to 16
     * bits up in one lookup where that pays, not in 8-bit limbs.
     */
    static final int VERSION = 6;
    private static final int SEED_BYTES = 32;

    private final QuantizedModel architecture;
    private final QuantizedModel publicModel; // with weights, or null when they are hidden
    private final Postprocess postprocess;
    private final Commitment commitment;
    private final LigeroParameters proofParameters;
    private final long parameters;
    private final WeightsProof weightsProof;
    private final byte[] encoded;
    private final byte[] digest;

    VerifyingKey(QuantizedModel model, boolean publicWeights, byte[] seed, Postprocess postprocess, Commitment commitment,
                 LigeroParameters proofParameters, long parameters, WeightsProof weightsProof) {
        this.architecture = ModelCodec.withoutWeights(model);
        this.publicModel = publicWeights ? model : null;
        this.postprocess = postprocess;
        this.commitment = commitment;
        this.proofParameters = proofParameters;
        this.parameters = parameters;
        this.weightsProof = weightsProof;
        BinaryWriter w = body(model, publicWeights, seed, postprocess, commitment, proofParameters, parameters);
        weightsProof.write(w);
        this.encoded = w.toByteArray();
        this.digest = Sha256.INSTANCE.hash(encoded);
    }

    /** Everything but the weights proof, which binds exactly these bytes. */
    static BinaryWriter body(QuantizedModel model, boolean publicWeights, byte[] seed, Postprocess postprocess, Commitment commitment,
                             LigeroParameters proofParameters, long parameters) {
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION);
        w.bool(publicWeights);
        ModelCodec.write(w, publicWeights ? model : ModelCodec.withoutWeights(model), publicWeights);
        if (publicWeights) {
            w.raw(seed);
        }
        PostprocessCodec.write(w, postprocess);
        w.bytes(commitment.encode()).bytes(proofParameters.encode()).i64(parameters);
        return w;
    }

    public static VerifyingKey decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j verifying key", VERSION);
        if (version < VERSION) { // a key's identity is the digest of its bytes: an older key cannot be read as a newer one
            throw r.error("version", "version " + version + " keys are from an older zkml4j (" + (version == 1
                    ? "they name a commitment that is opened" : version == 2
                    ? "they predate models of several inputs" : version == 3 ? "their weights proof is made in one piece, not in parts"
                    : version == 4 ? "their weights proof checks every width in 8-bit limbs"
                    : "their weights proof states its sealed opening's consistency weights written out") + "); commit the model again");
        }
        boolean publicWeights = r.bool("public weights flag");
        QuantizedModel model = ModelCodec.read(r, publicWeights);
        byte[] seed = publicWeights ? r.raw("commitment randomness", SEED_BYTES) : null;
        Postprocess postprocess = PostprocessCodec.read(r, model);
        Commitment commitment;
        try {
            commitment = Commitment.decode(r.bytes("weight commitment"));
        } catch (MalformedProofException e) {
            throw r.error("weight commitment", e.getMessage());
        }
        LigeroParameters proofParameters = KeyParameters.read(r);
        long parameters = r.i64("parameter count");
        byte[] body = Arrays.copyOf(data, r.position());
        WeightsProof weightsProof = WeightsProof.read(r, commitment.polynomials());
        r.finish();
        KeyParameters.check(r, commitment, proofParameters);
        if (publicWeights && parameters != model.parameterCount()) {
            throw r.error("parameter count", parameters + " does not match the model's " + model.parameterCount());
        }
        String layout = ModelCommitter.layoutProblem(model, commitment);
        if (layout != null) {
            throw r.error("weight commitment", layout);
        }
        if (publicWeights && !Arrays.equals(ModelCommitter.commit(model, commitment.parameters(), seed).commitment().root(),
                commitment.root())) {
            throw r.error("weight commitment", "the published weights do not match the commitment");
        }
        try {
            weightsProof.verify(model, commitment, proofParameters, WeightsProof.statement(body));
        } catch (InvalidProofException e) {
            throw r.error("weights proof", "the committed weights are not shown to be integers of their declared widths: " + e.getMessage());
        }
        return new VerifyingKey(model, publicWeights, seed, postprocess, commitment, proofParameters, parameters, weightsProof);
    }

    public static VerifyingKey read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, VerifyingKey::decode);
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encoded);
    }

    public byte[] encode() {
        return encoded.clone();
    }

    /** The model's architecture, without weights. */
    public QuantizedModel architecture() {
        return architecture;
    }

    /** The model with its weights when they are public, else null. */
    public QuantizedModel publicModel() {
        return publicModel;
    }

    public boolean weightsPublic() {
        return publicModel != null;
    }

    /** What the verifier applies to the dequantised output (a final softmax), outside the proof. */
    public Postprocess postprocess() {
        return postprocess;
    }

    public Commitment commitment() {
        return commitment;
    }

    /** Number of committed weights, biases and per-channel constants. */
    public long parameterCount() {
        return parameters;
    }

    /** SHA-256 of the key: the model's identity in proofs. */
    public byte[] digest() {
        return digest.clone();
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }

    /** The declared width in bits of each weight tensor, in commitment order: a valid key has proven every weight fits. */
    public List<Integer> weightWidths() {
        return weightsProof.widths();
    }

    WeightsProof weightsProof() {
        return weightsProof;
    }

    /** Parameters of the one-time commitments each proof makes. */
    public LigeroParameters proofParameters() {
        return proofParameters;
    }

    /** Soundness of proofs for this key: the weaker of the weight commitment's and the proofs' own. */
    public LigeroParameters.Security security() {
        return ProvingKey.weaker(commitment.parameters().security(), proofParameters.security());
    }

    /** Soundness of proofs for this key, in bits. */
    public double securityBits() {
        return security().bits();
    }

    public HashFunction hash() {
        return commitment.parameters().hash();
    }
}
