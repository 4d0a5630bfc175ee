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
 * are private, the quantised outputs) and the Fiat–Shamir transcript proving it. The statement
 * travels in the clear so that a verifier can print what was proven; the transcript binds all
 * of it, so changing any part invalidates the proof.
 */
public record InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript) {
    static final String MAGIC = "ZKPF";
    static final int VERSION = 1;
    private static final int MAX_BATCH = 1 << 16;

    public InferenceProof {
        modelDigest = modelDigest.clone();
        inputs = privateInput ? null : List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        transcript = transcript.clone();
        if (!privateInput && inputs.size() != outputs.size()) {
            throw new IllegalArgumentException("one input per output");
        }
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
        w.raw(modelDigest).i32(outputs.size()).bool(privateInput);
        if (!privateInput) {
            inputs.forEach(w::longs);
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
        List<long[]> inputs = privateInput ? Collections.emptyList() : values(r, "input", batch);
        List<long[]> outputs = values(r, "output", batch);
        byte[] transcript = r.bytes("transcript");
        r.finish();
        return new InferenceProof(digest, privateInput, inputs, outputs, transcript);
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
