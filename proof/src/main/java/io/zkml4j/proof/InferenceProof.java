package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A proof file: the statement (which model, how many inputs, the quantised inputs unless they
 * are private, for hashed inputs their commitments {@link HashedValues#digest}, the quantised
 * outputs) and the Fiat–Shamir transcript proving it. The statement travels in the clear so that a
 * verifier can print what was proven; the transcript binds all of it, so changing any part
 * invalidates the proof.
 *
 * <p>A model of several inputs or outputs packs each sample's inputs (outputs) one after another.
 * A proof may show some of them and not others: {@code shownInputs} (for a private input) and
 * {@code shownOutputs} then say which, and {@code inputs} and {@code outputs} hold only the shown
 * ones' values, one after another.
 *
 * @param inputs       the quantised inputs when public, the shown inputs' values when some are shown, else null
 * @param outputs      the quantised outputs, the shown outputs' values when some are shown, or null when they are hashed
 *                     and none is shown
 * @param inputDigests one per input when the inputs are private with "hashed" visibility, else null
 * @param outputDigests one per output when the outputs are hashed, else null
 * @param shownInputs  null, or per input of the model whether the proof shows it (some do, some do not)
 * @param shownOutputs null, or per output whether the proof shows it
 */
public record InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript,
                             List<long[]> inputDigests, List<long[]> outputDigests, List<Boolean> shownInputs, List<Boolean> shownOutputs) {
    static final String MAGIC = "ZKPF";
    /** Version 3: which inputs and outputs a proof shows, for models of several. */
    static final int VERSION = 4;
    private static final int MAX_BATCH = 1 << 16;
    private static final int MAX_PORTS = 1 << 10;

    public InferenceProof {
        modelDigest = modelDigest.clone();
        shownInputs = shownInputs == null ? null : List.copyOf(shownInputs);
        shownOutputs = shownOutputs == null ? null : List.copyOf(shownOutputs);
        new io.zkml4j.proof.circuit.Circuit.Options(privateInput, outputDigests != null, null, null, shownInputs, shownOutputs);
        inputs = privateInput && shownInputs == null ? null : List.copyOf(inputs);
        if ((outputs == null) != (outputDigests != null && shownOutputs == null)) {
            throw new IllegalArgumentException("a proof states its outputs, or their digests and the shown ones");
        }
        outputs = outputs == null ? null : List.copyOf(outputs);
        outputDigests = outputDigests == null ? null : outputDigests.stream().map(long[]::clone).toList();
        int batch = outputs != null ? outputs.size() : outputDigests.size();
        transcript = transcript.clone();
        if (inputs != null && inputs.size() != batch || outputDigests != null && outputDigests.size() != batch) {
            throw new IllegalArgumentException("one input per output");
        }
        if (inputDigests != null) {
            if (!privateInput || inputDigests.size() != batch) {
                throw new IllegalArgumentException("hashed inputs are private, one digest per output");
            }
            inputDigests = inputDigests.stream().map(long[]::clone).toList();
        }
    }

    /** A proof whose inputs are public, or private without a commitment. */
    public InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript) {
        this(modelDigest, privateInput, inputs, outputs, transcript, null, null);
    }

    /** A proof that shows all of its inputs, or none, and all of its outputs, or none. */
    public InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript,
                          List<long[]> inputDigests, List<long[]> outputDigests) {
        this(modelDigest, privateInput, inputs, outputs, transcript, inputDigests, outputDigests, null, null);
    }

    /** A proof with hashed inputs and outputs in the clear. */
    public InferenceProof(byte[] modelDigest, boolean privateInput, List<long[]> inputs, List<long[]> outputs, byte[] transcript,
                          List<long[]> inputDigests) {
        this(modelDigest, privateInput, inputs, outputs, transcript, inputDigests, null);
    }

    /** True when the outputs are shown only as their digests. */
    public boolean hashedOutput() {
        return outputDigests != null;
    }

    /** True when the inputs are private and committed by their digests. */
    public boolean hashedInput() {
        return inputDigests != null;
    }

    public int batch() {
        return outputDigests != null ? outputDigests.size() : outputs.size();
    }

    /** The circuit options this statement is proven under. */
    io.zkml4j.proof.circuit.Circuit.Options options() {
        return new io.zkml4j.proof.circuit.Circuit.Options(privateInput, hashedOutput(), null, null, shownInputs, shownOutputs);
    }

    /** Total bytes of the encoded proof file. */
    public int size() {
        return encode().length;
    }

    public byte[] encode() {
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION);
        w.raw(modelDigest).i32(batch()).bool(privateInput).bool(inputDigests != null).bool(outputDigests != null);
        w.bytes(mask(shownInputs)).bytes(mask(shownOutputs));
        if (inputs != null) {
            inputs.forEach(w::longs);
        }
        if (inputDigests != null) {
            inputDigests.forEach(w::longs);
        }
        if (outputs != null) {
            outputs.forEach(w::longs);
        }
        if (outputDigests != null) {
            outputDigests.forEach(w::longs);
        }
        w.bytes(transcript);
        return w.toByteArray();
    }

    /**
     * Parses a proof file. Values must lie in the 16-bit range every proven tensor has; their
     * count is checked against the model by the verifier.
     */
    public static InferenceProof decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j proof", VERSION);
        if (version < VERSION) {
            throw r.error("version", "a version " + version + " proof was made with a key from an older zkml4j; prove again with a key from this build");
        }
        byte[] digest = r.raw("model digest", 32);
        int batch = r.i32("batch size", 1, MAX_BATCH);
        boolean privateInput = r.bool("private input flag");
        boolean hashed = r.bool("hashed input flag");
        boolean hashedOutput = r.bool("hashed output flag");
        if (hashed && !privateInput) {
            throw r.error("hashed input flag", "a hashed input is private");
        }
        List<Boolean> shownInputs = mask(r, "shown inputs");
        List<Boolean> shownOutputs = mask(r, "shown outputs");
        try {
            new io.zkml4j.proof.circuit.Circuit.Options(privateInput, hashedOutput, null, null, shownInputs, shownOutputs);
        } catch (IllegalArgumentException e) {
            throw r.error("shown inputs and outputs", e.getMessage());
        }
        List<long[]> inputs = privateInput && shownInputs == null ? Collections.emptyList() : values(r, "input", batch);
        List<long[]> digests = hashed ? digests(r, batch, "input digest ") : null;
        List<long[]> outputs = hashedOutput && shownOutputs == null ? null : values(r, "output", batch);
        List<long[]> outputDigests = hashedOutput ? digests(r, batch, "output digest ") : null;
        byte[] transcript = r.bytes("transcript");
        r.finish();
        return new InferenceProof(digest, privateInput, inputs, outputs, transcript, digests, outputDigests, shownInputs, shownOutputs);
    }

    private static byte[] mask(List<Boolean> shown) {
        byte[] m = new byte[shown == null ? 0 : shown.size()];
        for (int k = 0; k < m.length; k++) {
            m[k] = (byte) (shown.get(k) ? 1 : 0);
        }
        return m;
    }

    /** Null for an empty mask (every port alike). */
    private static List<Boolean> mask(BinaryReader r, String field) throws FileFormatException {
        byte[] m = r.bytes(field);
        if (m.length == 0) {
            return null;
        }
        if (m.length > MAX_PORTS) {
            throw r.error(field, m.length + " ports, more than " + MAX_PORTS);
        }
        List<Boolean> shown = new ArrayList<>();
        for (byte b : m) {
            if (b != 0 && b != 1) {
                throw r.error(field, "a port is shown (1) or not (0), got " + b);
            }
            shown.add(b == 1);
        }
        return shown;
    }

    private static List<long[]> digests(BinaryReader r, int batch, String what) throws FileFormatException {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            String field = what + b;
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
        return KeyFiles.read(file, InferenceProof::decode);
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encode());
    }
}
