package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one-time proof, made at commit and checked whenever the verifying key is read, that every
 * committed weight is an integer of its declared width: each model vector lies in
 * [−2^(w−1), 2^(w−1)) (each weight + 2^(w−1) looked up whole in a table of 2^w rows when w is 9 to 16 bits and
 * the vector has at least 2^w positions, else in 8-bit limbs, as range checks in a proof are) and is zero
 * wherever the layout holds no weight (so padding rows and columns cannot carry extra neurons).
 *
 * <p>It is made in parts ({@link CircuitCompiler.WeightParts}): each part's circuit range-checks a
 * few consecutive model vectors and nothing else, and is proven on its own against the same sealed
 * commitment (each part one more zero-knowledge opening of it, as every proof is), so committing a
 * large model needs memory for one part at a time. A part's statement binds the key's contents, all
 * widths, its index and the number of parts, so parts cannot be dropped, reordered or moved between
 * keys. The widths are public (how many bits the largest weight of each tensor takes); the proof
 * shows nothing else.
 *
 * @param widths      per model vector, in the circuit's order
 * @param transcripts the Fiat–Shamir proof of each part, in order
 */
record WeightsProof(List<Integer> widths, List<byte[]> transcripts) {
    WeightsProof {
        widths = List.copyOf(widths);
        transcripts = transcripts.stream().map(byte[]::clone).toList();
    }

    static String domainSeparator(Commitment model, LigeroParameters proof) {
        return InferenceProtocol.domainSeparator(model, proof) + "|weights";
    }

    /** Proves the widths of the given model vectors (their exact widths), bound to {@code statement}. */
    static WeightsProof prove(QuantizedModel model, SealedCommitment sealed, LigeroParameters proof, long[][] vectors, byte[] statement) {
        return prove(model, sealed, proof, vectors, statement, Progress.NONE, Witness.Deviation.HONEST);
    }

    static WeightsProof prove(QuantizedModel model, SealedCommitment sealed, LigeroParameters proof, long[][] vectors, byte[] statement,
                              Progress progress, Witness.Deviation deviation) {
        return prove(CircuitCompiler.weightParts(model), ModelCommitter.widths(vectors), sealed, proof, vectors, statement, progress, deviation);
    }

    /** Proves the given widths in the given parts (tests declare other widths, split other ways, deviate). */
    static WeightsProof prove(CircuitCompiler.WeightParts parts, List<Integer> widths, SealedCommitment sealed, LigeroParameters proof,
                              long[][] vectors, byte[] statement, Progress progress, Witness.Deviation deviation) {
        List<byte[]> transcripts = new ArrayList<>();
        for (int k = 0; k < parts.count(); k++) {
            progress.step("proving the weights' widths", k, parts.count());
            transcripts.add(provePart(parts, k, widths, sealed, proof, vectors, statement, new ChaChaRandom(), deviation));
        }
        progress.step("proving the weights' widths", parts.count(), parts.count());
        return new WeightsProof(widths, transcripts);
    }

    /** Part k's proof: its range checks, then the claims they leave on the sealed weights, opened without showing them. */
    static byte[] provePart(CircuitCompiler.WeightParts parts, int k, List<Integer> widths, SealedCommitment sealed, LigeroParameters proof,
                            long[][] vectors, byte[] statement, Random random, Witness.Deviation deviation) {
        FiatShamirProver ch = new FiatShamirProver(proof.hash(), domainSeparator(sealed.commitment(), proof));
        provePart(parts, k, widths, sealed, proof, vectors, statement, ch, random, deviation);
        return ch.proof();
    }

    /** The same on any channel (tests fix the challenges). */
    static void provePart(CircuitCompiler.WeightParts parts, int k, List<Integer> widths, SealedCommitment sealed, LigeroParameters proof,
                          long[][] vectors, byte[] statement, ProverChannel ch, Random random, Witness.Deviation deviation) {
        Circuit circuit = parts.circuit(k, widths);
        ch.absorbPublic("statement.weights", bindings(statement, widths, k, parts.count()));
        Witness w = Witness.buildWeights(circuit, vectors, random, deviation);
        LigeroPcs pcs = new LigeroPcs(random);
        CircuitSection.Proven section = CircuitSection.prove(circuit, w, new PublicTensors(), proof, pcs, ch, true, Progress.NONE);
        InferenceProtocol.open(sealed, section, List.of(), section.claims(), proof, pcs, ch, random, Progress.NONE);
    }

    /** Checks every part against the key's architecture and commitments. */
    void verify(QuantizedModel architecture, Commitment sealed, LigeroParameters proof, byte[] statement) throws InvalidProofException {
        InvalidProofException.check(Math.min(sealed.parameters().security().bits(), proof.security().bits()) >= CommitOptions.MIN_SECURITY_BITS,
                "weights proof: the key's parameters give fewer than %d bits", CommitOptions.MIN_SECURITY_BITS);
        CircuitCompiler.WeightParts parts;
        try {
            parts = CircuitCompiler.weightParts(architecture);
        } catch (RuntimeException e) { // an architecture no circuit compiles: the key is not valid
            throw new InvalidProofException("weights proof: " + e.getMessage());
        }
        verifyParts(parts, sealed, proof, statement);
    }

    /** Checks every part, whatever the parameters' security (tests use fast, insecure ones, and other splits). */
    void verifyParts(CircuitCompiler.WeightParts parts, Commitment sealed, LigeroParameters proof, byte[] statement) throws InvalidProofException {
        InvalidProofException.check(transcripts.size() == parts.count(), "weights proof: %d parts for a model whose weights are proven in %d",
                transcripts.size(), parts.count());
        InvalidProofException.check(widths.size() == parts.vectors(), "weights proof: %d widths for %d weight tensors", widths.size(),
                parts.vectors());
        for (int k = 0; k < parts.count(); k++) {
            Circuit circuit;
            try {
                circuit = parts.circuit(k, widths);
            } catch (RuntimeException e) { // a width out of range, a name the weights circuit also uses: the key is not valid
                throw new InvalidProofException("weights proof: " + e.getMessage());
            }
            try {
                FiatShamirVerifier ch = new FiatShamirVerifier(proof.hash(), domainSeparator(sealed, proof), transcripts.get(k));
                ch.absorbPublic("statement.weights", bindings(statement, widths, k, parts.count()));
                CircuitSection.Checked section = CircuitSection.verify(circuit, new PublicTensors(), proof, ch, true);
                InferenceProtocol.checkOpenings(sealed, section, List.of(), section.claims(), proof, ch, 0);
                ch.finish();
            } catch (InvalidProofException e) { // a malformed transcript too
                throw new InvalidProofException("weights proof, part " + (k + 1) + " of " + parts.count() + ": " + e.getMessage());
            }
        }
    }

    /** What part k of n binds before its first challenge: the key's statement, every width, k and n. */
    private static byte[] bindings(byte[] statement, List<Integer> widths, int k, int parts) {
        BinaryWriter w = new BinaryWriter().raw(statement);
        w.ints(widths.stream().mapToInt(Integer::intValue).toArray());
        w.ints(new int[] {k, parts});
        return Sha256.INSTANCE.hash(w.toByteArray());
    }

    /** The statement the proof binds: the key's contents before the proof. */
    static byte[] statement(byte[] keyBody) {
        return Sha256.INSTANCE.hash(keyBody);
    }

    void write(BinaryWriter w) {
        w.ints(widths.stream().mapToInt(Integer::intValue).toArray());
        w.i32(transcripts.size());
        for (byte[] t : transcripts) {
            w.bytes(t);
        }
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
        int parts = r.i32("weights proof parts");
        if (parts < 1 || parts > modelVectors) { // a part holds at least one weight tensor
            throw r.error("weights proof parts", parts + " parts for " + modelVectors + " weight tensors");
        }
        List<byte[]> transcripts = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            transcripts.add(r.bytes("weights proof, part " + (k + 1)));
        }
        return new WeightsProof(widths, transcripts);
    }
}
