package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one-time proof, made at commit and checked whenever the verifying key is read, that every
 * committed weight is an integer of its declared width: each model vector lies in
 * [−2^(w−1), 2^(w−1)) (8-bit limbs looked up, as for every range check in a proof) and is zero
 * wherever the layout holds no weight (so padding rows and columns cannot carry extra neurons). It
 * runs the model's circuit once more on a private all-zero input with the output committed and
 * stated nowhere, so it shows nothing but the widths; the widths themselves are public (they say
 * how many bits the largest weight of each tensor takes) and are part of what the proof binds.
 *
 * @param widths     per model vector, in the circuit's order
 * @param transcript the Fiat–Shamir proof
 */
record WeightsProof(List<Integer> widths, byte[] transcript) {
    WeightsProof {
        widths = List.copyOf(widths);
        transcript = transcript.clone();
    }

    static String domainSeparator(Commitment model, LigeroParameters proof) {
        return InferenceProtocol.domainSeparator(model, proof) + "|weights";
    }

    /** Proves the widths of the given model vectors (their exact widths), bound to {@code statement}. */
    static WeightsProof prove(QuantizedModel model, SealedCommitment sealed, LigeroParameters proof, long[][] vectors, byte[] statement) {
        List<Integer> widths = ModelCommitter.widths(vectors);
        Circuit circuit = CircuitCompiler.compile(model, 1, options(widths));
        long[] zero = new long[model.inputSpec().size()];
        FiatShamirProver ch = new FiatShamirProver(proof.hash(), domainSeparator(sealed.commitment(), proof));
        InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, proof, vectors, List.of(zero)), bind(statement, widths), ch,
                new ChaChaRandom());
        return new WeightsProof(widths, ch.proof());
    }

    /** Checks the proof against the key's architecture and commitments. */
    void verify(QuantizedModel architecture, Commitment sealed, LigeroParameters proof, byte[] statement) throws InvalidProofException {
        Circuit circuit;
        try {
            circuit = CircuitCompiler.compile(architecture, 1, options(widths));
        } catch (RuntimeException e) { // a width out of range, a name the weights circuit also uses: the key is not valid
            throw new InvalidProofException("weights proof: " + e.getMessage());
        }
        InvalidProofException.check(Math.min(sealed.parameters().security().bits(), proof.security().bits()) >= CommitOptions.MIN_SECURITY_BITS,
                "weights proof: the key's parameters give fewer than %d bits", CommitOptions.MIN_SECURITY_BITS);
        FiatShamirVerifier ch;
        try {
            ch = new FiatShamirVerifier(proof.hash(), domainSeparator(sealed, proof), transcript);
        } catch (MalformedProofException e) {
            throw new InvalidProofException("weights proof: " + e.getMessage());
        }
        InferenceProtocol.verify(circuit, sealed, proof, bind(statement, widths), Collections.singletonList(null), null, null, null, ch, 0);
        ch.finish();
    }

    private static Circuit.Options options(List<Integer> widths) {
        return new Circuit.Options(true, false, widths);
    }

    /** The key's statement with the widths: both bound before the first challenge. */
    private static byte[] bind(byte[] statement, List<Integer> widths) {
        BinaryWriter w = new BinaryWriter().raw(statement);
        w.ints(widths.stream().mapToInt(Integer::intValue).toArray());
        return Sha256.INSTANCE.hash(w.toByteArray());
    }

    /** The statement the proof binds: the key's contents before the proof. */
    static byte[] statement(byte[] keyBody) {
        return Sha256.INSTANCE.hash(keyBody);
    }

    void write(BinaryWriter w) {
        int[] ws = widths.stream().mapToInt(Integer::intValue).toArray();
        w.ints(ws).bytes(transcript);
    }

    static WeightsProof read(BinaryReader r, int modelVectors) throws FileFormatException {
        int[] ws = r.ints("weight widths");
        if (ws.length != modelVectors) {
            throw r.error("weight widths", ws.length + " widths for " + modelVectors + " weight tensors");
        }
        List<Integer> widths = new ArrayList<>();
        for (int w : ws) {
            if (w < 1 || w > CircuitCompiler.MAX_WEIGHT_BITS) {
                throw r.error("weight widths", "a width is 1 to " + CircuitCompiler.MAX_WEIGHT_BITS + " bits, got " + w);
            }
            widths.add(w);
        }
        return new WeightsProof(widths, r.bytes("weights proof"));
    }
}
