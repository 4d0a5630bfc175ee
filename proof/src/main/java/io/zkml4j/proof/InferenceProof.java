package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A proof file: the statement (which model, how many inputs, the quantised inputs unless they
 * are private, for hashed inputs their commitments {@link InputCommitment#digest}, the quantised
 * outputs) and the Fiat–Shamir transcript proving it. The statement travels in the clear so that a
 * verifier can print what was proven; the transcript binds all of it, so changing any part
 * invalidates the proof.
 *
 * @param inputDigests one per input when the inputs are private with "hashed" visibility, else null
 */
public record InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript,
                             List<long[]> inputDigests) {
    static final String MAGIC = "ZKPF";
    /** Version 2: a proof of the sealed weight commitment, with optional input digests. */
    static final int VERSION = 2;
    private static final int MAX_BATCH = 1 << 16;

    public InferenceProof {
        modelDigest = modelDigest.clone();
        inputs = privateInput ? null : List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        transcript = transcript.clone();
        if (!privateInput && inputs.size() != outputs.size()) {
            throw new IllegalArgumentException("one input per output");
        }
        if (inputDigests != null) {
            if (!privateInput || inputDigests.size() != outputs.size()) {
                throw new IllegalArgumentException("hashed inputs are private, one digest per output");
            }
            inputDigests = inputDigests.stream().map(long[]::clone).toList();
        }
    }

    /** A proof whose inputs are public, or private without a commitment. */
    public InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript) {
        this(modelDigest, privateInput, inputs, outputs, transcript, null);
    }

    /** True when the inputs are private and committed by their digests. */
    public boolean hashedInput() {
        return inputDigests != null;
    }

    public int batch() {
        return outputs.size();
    }

    /** Total bytes of the encoded proof file. */
    public int size() {
        return encode().length;
    }

    public byte[] encode() {
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION);
        w.raw(modelDigest).i32(outputs.size()).bool(privateInput).bool(inputDigests != null);
        if (!privateInput) {
            inputs.forEach(w::longs);
        }
        if (inputDigests != null) {
            inputDigests.forEach(w::longs);
        }
        outputs.forEach(w::longs);
        w.bytes(transcript);
        return w.toByteArray();
    }

    /**
     * Parses a proof file. Values must lie in the 16-bit range every proven tensor has; their
     * count is checked against the model by the verifier.
     */
    public static InferenceProof decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        r.magic(MAGIC, "zkml4j proof", VERSION);
        byte[] digest = r.raw("model digest", 32);
        int batch = r.i32("batch size", 1, MAX_BATCH);
        boolean privateInput = r.bool("private input flag");
        boolean hashed = r.bool("hashed input flag");
        if (hashed && !privateInput) {
            throw r.error("hashed input flag", "a hashed input is private");
        }
        List<long[]> inputs = privateInput ? Collections.emptyList() : values(r, "input", batch);
        List<long[]> digests = hashed ? digests(r, batch) : null;
        List<long[]> outputs = values(r, "output", batch);
        byte[] transcript = r.bytes("transcript");
        r.finish();
        return new InferenceProof(digest, privateInput, inputs, outputs, transcript, digests);
    }

    private static List<long[]> digests(BinaryReader r, int batch) throws FileFormatException {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            String field = "input digest " + b;
            long[] d = r.longs(field);
            if (d.length != io.zkml4j.core.hash.Poseidon2Sponge.OUTPUT) {
                throw r.error(field, "a digest has " + io.zkml4j.core.hash.Poseidon2Sponge.OUTPUT + " elements, got " + d.length);
            }
            for (long x : d) {
                if (!io.zkml4j.core.field.Goldilocks.isCanonical(x)) {
                    throw r.error(field, "not a field element");
                }
            }
            out.add(d);
        }
        return out;
    }

    private static List<long[]> values(BinaryReader r, String what, int batch) throws FileFormatException {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            String field = what + " " + b;
            long[] v = r.longs(field);
            for (long x : v) {
                if (x < Activation.MIN || x > Activation.MAX) {
                    throw r.error(field, x + " is outside the 16-bit range of quantised values");
                }
            }
            out.add(v);
        }
        return out;
    }

    public static InferenceProof read(Path file) throws IOException, FileFormatException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encode());
    }
}
