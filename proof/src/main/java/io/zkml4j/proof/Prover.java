package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.core.transcript.InteractiveProver;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Proves inferences of one committed model. Creating a prover re-creates the weight commitment
 * from the proving key (the slow part for large models); each proof then costs roughly a few
 * times the plain inference. The weight commitment is never opened, so any number of proofs, live
 * or not, from any number of provers on copies of the key, keep the weights hidden. Not
 * thread-safe (it reuses compiled circuits); use one prover per thread.
 */
public final class Prover {
    private final ProvingKey key;
    private final VerifyingKey verifyingKey;
    private final SealedCommitment committed;
    private final long[][] modelVectors;
    private final Map<String, Circuit> circuits = new HashMap<>();
    private final Random random = new ChaChaRandom();

    public Prover(ProvingKey key) throws FileFormatException {
        this.key = key;
        this.verifyingKey = key.verifyingKey();
        this.modelVectors = ModelCommitter.vectors(key.model());
        this.committed = key.recommit(modelVectors);
    }

    public QuantizedModel model() {
        return key.model();
    }

    public io.zkml4j.model.quant.Postprocess postprocess() {
        return key.postprocess();
    }

    public VerifyingKey verifyingKey() {
        return verifyingKey;
    }

    /** The re-created weight commitment, for other statements about this model (accuracy). */
    SealedCommitment sealedCommitment() {
        return committed;
    }

    long[][] modelVectors() {
        return modelVectors;
    }

    /** Quantises real inputs with the model's input scale; fails naming the value that is out of range. */
    public List<long[]> quantize(List<float[]> inputs) {
        List<long[]> q = new ArrayList<>();
        for (int b = 0; b < inputs.size(); b++) {
            try {
                q.add(key.model().quantizeInput(inputs.get(b)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input " + b + ": " + e.getMessage(), e);
            }
        }
        return q;
    }

    /** Proves the model's outputs on real-valued inputs, public (one proof for the whole batch). */
    public InferenceProof prove(List<float[]> inputs) {
        return prove(inputs, false, Progress.NONE);
    }

    /** Proves the model's outputs on real-valued inputs (one proof for the whole batch). */
    public InferenceProof prove(List<float[]> inputs, boolean privateInput, Progress progress) {
        return proveQuantized(quantize(inputs), privateInput, progress);
    }

    /** Proves on inputs already quantised (16-bit integers, one array of the model's input size per sample). */
    public InferenceProof proveQuantized(List<long[]> inputs, boolean privateInput, Progress progress) {
        checkInputs(inputs);
        FiatShamirProver channel = new FiatShamirProver(verifyingKey.hash(), domainSeparator());
        List<long[]> outputs = run(inputs, new Circuit.Options(privateInput), null, null, channel, progress);
        return new InferenceProof(verifyingKey.digest(), privateInput, inputs, outputs, channel.proof());
    }

    /**
     * Proves on private quantised inputs of "hashed" visibility: the proof states each input's
     * commitment {@link HashedValues#digest}(input, salt) and nothing else about it. The same
     * salt for the same input gives the same digest in every proof, so a verifier knows several
     * predictions are about one (hidden) input.
     */
    public InferenceProof proveHashed(List<long[]> inputs, List<long[]> salts, Progress progress) {
        return prove(inputs, new Circuit.Options(true), salts, null, progress).proof();
    }

    /** A proof together with what only its prover knows: the outputs and, when they are hashed, their salts. */
    public record Proven(InferenceProof proof, List<long[]> outputs, List<long[]> outputSalts) {}

    /**
     * Proves with any visibility: public or private inputs, hashed inputs (salts given, else
     * null), and outputs in the clear or hashed (with fresh random salts, returned so that the
     * prover can later open the output commitments {@link HashedValues#outputDigest}).
     */
    public Proven prove(List<long[]> inputs, boolean privateInput, List<long[]> inputSalts, boolean hashedOutput, Progress progress) {
        return prove(inputs, Collections.nCopies(key.model().inputPorts().size(), !privateInput), inputSalts, hashedOutput,
                Collections.nCopies(key.model().outputPorts().size(), !hashedOutput), progress);
    }

    /**
     * Proves a model of several inputs or outputs showing some of them and not others.
     *
     * @param shownInputs  per input of the model ({@link QuantizedModel#inputPorts()}), whether the proof shows it; the
     *                     others stay private (salts given: hashed, all of the inputs together)
     * @param hashedOutput whether the proof states the outputs' commitment (all of them together)
     * @param shownOutputs per output, whether the proof shows it in the clear; at least one is shown unless hashed
     */
    public Proven prove(List<long[]> inputs, List<Boolean> shownInputs, List<long[]> inputSalts, boolean hashedOutput,
                        List<Boolean> shownOutputs, Progress progress) {
        QuantizedModel m = key.model();
        if (shownInputs.size() != m.inputPorts().size() || shownOutputs.size() != m.outputPorts().size()) {
            throw new IllegalArgumentException("the model has " + m.inputPorts().size() + " inputs and " + m.outputPorts().size()
                    + " outputs; a visibility was given for " + shownInputs.size() + " and " + shownOutputs.size());
        }
        if (!hashedOutput && !shownOutputs.contains(true)) {
            throw new IllegalArgumentException("a proof shows at least one output, or states the outputs' commitment (hashed)");
        }
        return prove(inputs, Circuit.Options.visibility(shownInputs, hashedOutput, shownOutputs), inputSalts,
                hashedOutput ? freshSalts(inputs.size()) : null, progress);
    }

    private Proven prove(List<long[]> inputs, Circuit.Options options, List<long[]> inputSalts, List<long[]> outputSalts, Progress progress) {
        checkInputs(inputs);
        boolean privateInput = options.privateInput();
        if (inputSalts != null && !HashedTensor.fits(key.model().inputSpec().size())
                || outputSalts != null && !HashedTensor.fits(key.model().outputSpec().size())) {
            throw new IllegalArgumentException("hashed visibility takes at most " + (io.zkml4j.core.hashproof.SpongeShape.MAX_MESSAGE_LENGTH
                    - HashedValues.SALT_ELEMENTS) + " values per input or output");
        }
        if (inputSalts != null && (inputSalts.size() != inputs.size() || !privateInput)) {
            throw new IllegalArgumentException("hashed inputs are private with one salt per input: " + inputs.size() + " inputs, "
                    + inputSalts.size() + " salts");
        }
        FiatShamirProver channel = new FiatShamirProver(verifyingKey.hash(), domainSeparator());
        List<long[]> outputs = run(inputs, options, inputSalts, outputSalts, channel, progress);
        List<long[]> inputDigests = inputSalts == null ? null : digests(inputs, inputSalts, true);
        List<long[]> outputDigests = outputSalts == null ? null : digests(outputs, outputSalts, false);
        QuantizedModel m = key.model();
        List<long[]> statementInputs = InferenceProtocol.shownValues(m.inputPorts(), m, options.shownInputs(), inputs);
        List<long[]> statementOutputs = outputSalts != null && options.shownOutputs() == null ? null
                : InferenceProtocol.shownValues(m.outputPorts(), m, options.shownOutputs(), outputs);
        InferenceProof proof = new InferenceProof(verifyingKey.digest(), privateInput, statementInputs, statementOutputs,
                channel.proof(), inputDigests, outputDigests, options.shownInputs(), options.shownOutputs());
        return new Proven(proof, outputs, outputSalts);
    }

    private static List<long[]> freshSalts(int count) {
        List<long[]> salts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            salts.add(HashedValues.randomSalt());
        }
        return salts;
    }

    private static List<long[]> digests(List<long[]> values, List<long[]> salts, boolean inputs) {
        List<long[]> d = new ArrayList<>();
        for (int b = 0; b < values.size(); b++) {
            d.add(inputs ? HashedValues.inputDigest(values.get(b), salts.get(b)) : HashedValues.outputDigest(values.get(b), salts.get(b)));
        }
        return d;
    }

    /**
     * Proves live to a verifier at the other end of {@code link}: sends the statement, then runs
     * the protocol with the verifier's fresh challenges, then reads its verdict.
     *
     * @return the verifier's verdict message ("valid" or the reason it rejected)
     */
    public String proveInteractive(List<long[]> inputs, boolean privateInput, InteractiveLink link, Progress progress) throws IOException {
        checkInputs(inputs);
        List<long[]> outputs = outputsOf(inputs);
        InferenceProof statement = new InferenceProof(verifyingKey.digest(), privateInput, inputs, outputs, new byte[0]);
        link.sendFrame(statement.encode());
        InteractiveProver channel = new InteractiveProver(link, domainSeparator());
        run(inputs, new Circuit.Options(privateInput), null, null, channel, progress);
        channel.flush();
        return new String(link.receiveFrame(1 << 16), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void checkInputs(List<long[]> inputs) {
        String oneAtATime = CircuitCompiler.sampleAtATime(key.model());
        if (inputs.size() > 1 && oneAtATime != null) {
            throw new IllegalArgumentException(inputs.size() + " samples in one proof: layer " + oneAtATime + " multiplies two computed "
                    + "tensors, which is proved one sample at a time; prove each sample on its own");
        }
        int size = key.model().inputSpec().size();
        for (int b = 0; b < inputs.size(); b++) {
            long[] x = inputs.get(b);
            if (x.length != size) {
                throw new IllegalArgumentException("input " + b + " has " + x.length + " values, the model takes " + size);
            }
            for (int i = 0; i < x.length; i++) {
                if (x[i] < Activation.MIN || x[i] > Activation.MAX) {
                    throw new IllegalArgumentException("input " + b + " value " + i + " (" + x[i] + ") is outside the 16-bit range");
                }
            }
        }
    }

    private List<long[]> outputsOf(List<long[]> inputs) {
        List<long[]> out = new ArrayList<>();
        for (long[] x : inputs) {
            out.add(io.zkml4j.model.quant.QuantizedExecutor.run(key.model(), x).value(key.model().output()));
        }
        return out;
    }

    private List<long[]> run(List<long[]> inputs, Circuit.Options options, List<long[]> inputSalts, List<long[]> outputSalts,
                             ProverChannel channel, Progress progress) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to prove: no inputs");
        }
        Circuit circuit = circuits.computeIfAbsent(inputs.size() + "/" + options,
                k -> CircuitCompiler.compile(key.model(), inputs.size(), options));
        return InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, committed, key.proofParameters(), modelVectors, inputs,
                inputSalts, outputSalts),
                verifyingKey.digest(), channel, random, progress);
    }

    private String domainSeparator() {
        return InferenceProtocol.domainSeparator(committed.commitment(), key.proofParameters());
    }
}
