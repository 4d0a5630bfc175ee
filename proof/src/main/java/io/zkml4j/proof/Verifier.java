package io.zkml4j.proof;

import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.core.transcript.InteractiveVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.CircuitBounds;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks inference proofs against a verifying key. Everything it accepts has been checked; every
 * rejection says why. Thread-safe for concurrent {@link #verify} calls.
 */
public final class Verifier {
    /** The default least soundness a verifier accepts, in bits. */
    public static final double DEFAULT_MINIMUM_BITS = 100;
    private static final int MAX_STATEMENT_BYTES = 1 << 28;
    private static final int MAX_CACHED_CIRCUITS = 8;

    private final VerifyingKey key;
    private final double minimumBits;
    private final Map<String, java.util.concurrent.CompletableFuture<Circuit>> circuits = new HashMap<>();

    public Verifier(VerifyingKey key) {
        this(key, DEFAULT_MINIMUM_BITS);
    }

    /** A verifier that refuses keys whose parameters give fewer than {@code minimumBits} of soundness. */
    public Verifier(VerifyingKey key, double minimumBits) {
        this.key = key;
        this.minimumBits = minimumBits;
    }

    public VerifyingKey key() {
        return key;
    }

    /** Verifies a proof as it stands: whatever (public) input it names. */
    public VerifiedInference verify(InferenceProof proof) throws InvalidProofException {
        return verify(proof, null);
    }

    /**
     * Verifies a proof and, when {@code expectedInputs} is given, that it is about exactly those
     * real inputs (quantised with the model's scale): a proof replayed for another input fails. For
     * a proof that shows some of a model's inputs and keeps the others private, each expected sample
     * holds the shown inputs' values, one after another.
     */
    public VerifiedInference verify(InferenceProof proof, List<float[]> expectedInputs) throws InvalidProofException {
        checkStatement(proof, expectedInputs);
        FiatShamirVerifier channel = new FiatShamirVerifier(key.hash(), InferenceProtocol.domainSeparator(key.commitment(), key.proofParameters()),
                proof.transcript());
        run(proof, channel);
        channel.finish();
        return result(proof);
    }

    /**
     * Verifies a live prover on {@code link}: reads its statement, runs the protocol drawing fresh
     * random challenges, and sends back the verdict.
     */
    public VerifiedInference verifyInteractive(InteractiveLink link, List<float[]> expectedInputs)
            throws IOException, InvalidProofException {
        InferenceProof statement;
        try {
            statement = InferenceProof.decode(link.receiveFrame(MAX_STATEMENT_BYTES), "the prover's statement");
        } catch (FileFormatException e) {
            link.sendFrame(("rejected: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
            throw new InvalidProofException(e.getMessage());
        }
        try {
            checkStatement(statement, expectedInputs);
            InteractiveVerifier channel = new InteractiveVerifier(link, InferenceProtocol.domainSeparator(key.commitment(), key.proofParameters()),
                    new SecureRandom());
            run(statement, channel);
        } catch (InvalidProofException e) {
            link.sendFrame(("rejected: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
            throw e;
        }
        link.sendFrame("valid".getBytes(StandardCharsets.UTF_8));
        return result(statement);
    }

    private void checkStatement(InferenceProof proof, List<float[]> expectedInputs) throws InvalidProofException {
        if (!Arrays.equals(proof.modelDigest(), key.digest())) {
            throw new InvalidProofException("the proof is for another model (key digest " + HexFormat.of().formatHex(proof.modelDigest())
                    + "), not for this verifying key (" + key.digestHex() + ")");
        }
        String tooLarge = CircuitBounds.problem(key.architecture(), proof.batch()); // before the transcript is even parsed
        InvalidProofException.check(tooLarge == null, "the proof declares more than this verifier checks: %s", tooLarge);
        QuantizedModel m = key.architecture();
        InvalidProofException.check(!proof.hashedInput() || HashedTensor.fits(m.inputSpec().size()),
                "the proof declares a hashed input of %d values; hashed visibility takes at most %d", m.inputSpec().size(),
                io.zkml4j.core.hashproof.SpongeShape.MAX_MESSAGE_LENGTH - HashedValues.SALT_ELEMENTS);
        InvalidProofException.check(!proof.hashedOutput() || HashedTensor.fits(m.outputSpec().size()),
                "the proof declares a hashed output of %d values; hashed visibility takes at most %d", m.outputSpec().size(),
                io.zkml4j.core.hashproof.SpongeShape.MAX_MESSAGE_LENGTH - HashedValues.SALT_ELEMENTS);
        checkShown(proof.shownInputs(), m.inputPorts(), "inputs");
        checkShown(proof.shownOutputs(), m.outputPorts(), "outputs");
        if (proof.inputs() != null) {
            int size = m.size(m.shown(m.inputPorts(), proof.shownInputs()));
            for (int b = 0; b < proof.batch(); b++) {
                InvalidProofException.check(proof.inputs().get(b).length == size,
                        "input %d has %d values, the model takes %d", b, proof.inputs().get(b).length, size);
                checkRange(proof.inputs().get(b), "input " + b);
            }
        }
        if (proof.outputs() != null) {
            int size = m.size(m.shown(m.outputPorts(), proof.shownOutputs()));
            for (int b = 0; b < proof.batch(); b++) {
                InvalidProofException.check(proof.outputs().get(b).length == size,
                        "output %d has %d values, the model gives %d", b, proof.outputs().get(b).length, size);
                checkRange(proof.outputs().get(b), "output " + b);
            }
        }
        if (expectedInputs != null) {
            if (proof.privateInput() && proof.shownInputs() == null) {
                throw new IllegalArgumentException("this proof keeps its input private: it cannot be checked against a given input");
            }
            InvalidProofException.check(expectedInputs.size() == proof.batch(), "the proof is about %d inputs, %d were given",
                    proof.batch(), expectedInputs.size());
            for (int b = 0; b < proof.batch(); b++) {
                long[] expected;
                try { // a proof that shows some inputs is checked against those: the given values are theirs, one after another
                    expected = proof.shownInputs() == null ? m.quantizeInput(expectedInputs.get(b))
                            : m.quantizeInputs(m.shown(m.inputPorts(), proof.shownInputs()), expectedInputs.get(b));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("input " + b + ": " + e.getMessage(), e);
                }
                InvalidProofException.check(Arrays.equals(expected, proof.inputs().get(b)),
                        "the proof is about another input: input %d differs from the one given", b);
            }
        }
    }

    private static void checkShown(List<Boolean> shown, List<QuantizedModel.Port> ports, String what) throws InvalidProofException {
        InvalidProofException.check(shown == null || shown.size() == ports.size() && ports.size() > 1,
                "the proof shows %d %s one by one; the model has %d", shown == null ? 0 : shown.size(), what, ports.size());
    }

    /** Every proven tensor is 16-bit: a statement outside that range is false whatever the proof. */
    private static void checkRange(long[] values, String what) throws InvalidProofException {
        for (int i = 0; i < values.length; i++) {
            InvalidProofException.check(values[i] >= Activation.MIN && values[i] <= Activation.MAX, "%s value %d (%d) is outside the 16-bit range",
                    what, i, values[i]);
        }
    }

    private void run(InferenceProof proof, VerifierChannel channel) throws InvalidProofException {
        Circuit circuit;
        try {
            circuit = circuit(proof.batch(), proof.options());
        } catch (IllegalArgumentException e) { // a visibility this model cannot be proven under (a shown port that is the private input)
            throw new InvalidProofException("the proof's visibility does not fit this model: " + e.getMessage());
        }
        List<long[]> inputs = proof.inputs() == null ? java.util.Collections.nCopies(proof.batch(), null) : proof.inputs();
        InferenceProtocol.verify(circuit, key.commitment(), key.proofParameters(), key.digest(), inputs, proof.outputs(), proof.inputDigests(),
                proof.outputDigests(), channel, minimumBits);
    }

    /**
     * The circuit for a batch size and visibility, compiled once: concurrent verifications of the
     * same shape wait for one compile (outside the lock, so other shapes are not held up), and
     * the cache is bounded because batch sizes come from proofs.
     */
    private Circuit circuit(int batch, Circuit.Options options) {
        String cacheKey = batch + "/" + options;
        java.util.concurrent.CompletableFuture<Circuit> future;
        boolean compileHere = false;
        synchronized (circuits) {
            future = circuits.get(cacheKey);
            if (future == null) {
                if (circuits.size() >= MAX_CACHED_CIRCUITS) {
                    circuits.clear();
                }
                future = new java.util.concurrent.CompletableFuture<>();
                circuits.put(cacheKey, future);
                compileHere = true;
            }
        }
        if (compileHere) {
            try {
                future.complete(CircuitCompiler.compile(key.architecture(), batch, options));
            } catch (RuntimeException | Error e) {
                synchronized (circuits) {
                    circuits.remove(cacheKey, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private VerifiedInference result(InferenceProof proof) {
        if (proof.outputs() == null) {
            return new VerifiedInference(key.digestHex(), proof.inputs(), null, null, null, key.securityBits(),
                    proof.inputDigests(), proof.outputDigests(), proof.shownInputs(), proof.shownOutputs());
        }
        if (proof.shownOutputs() != null) { // some outputs shown: each on its own scale, one after another
            QuantizedModel m = key.architecture();
            List<QuantizedModel.Port> shown = m.shown(m.outputPorts(), proof.shownOutputs());
            List<double[]> values = new ArrayList<>();
            for (long[] y : proof.outputs()) {
                values.add(m.dequantize(y, shown));
            }
            return new VerifiedInference(key.digestHex(), proof.inputs(), proof.outputs(), values, null, key.securityBits(),
                    proof.inputDigests(), proof.outputDigests(), proof.shownInputs(), proof.shownOutputs());
        }
        QuantizedModel m = key.architecture();
        Postprocess post = key.postprocess();
        List<double[]> values = new ArrayList<>();
        List<double[]> probabilities = post.kind() == Postprocess.Kind.SOFTMAX ? new ArrayList<>() : null;
        for (long[] y : proof.outputs()) {
            double[] v = m.dequantizeOutput(y);
            values.add(v);
            if (probabilities != null) {
                probabilities.add(post.apply(v, m.outputSpec().shape()));
            }
        }
        return new VerifiedInference(key.digestHex(), proof.inputs(), proof.outputs(), values,
                probabilities, key.securityBits(), proof.inputDigests(), null, proof.shownInputs(), null);
    }
}
