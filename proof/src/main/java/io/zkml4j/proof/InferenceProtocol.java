package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.witness.Witness;

import io.zkml4j.model.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The inference proof, prover and verifier side by side so their steps cannot drift apart:
 * <ol>
 * <li>bind the statement: model, batch size, public input, claimed output;</li>
 * <li>commit to the witness (activations, remainder limbs, multiplicities, masks);</li>
 * <li>draw α, β per lookup table; commit to the inverses;</li>
 * <li>draw each relation's point and a batching coefficient per relation;</li>
 * <li>one zero-knowledge sumcheck over all relations, with a hidden claim;</li>
 * <li>reveal each relation's masked final values;</li>
 * <li>turn the claims on the sealed weight commitment into claims on two one-time commitments,
 *     without opening it ({@link SealedOpening});</li>
 * <li>open all one-time commitments once, for every claim collected on the way.</li>
 * </ol>
 */
public final class InferenceProtocol {
    /** Where the sealed opening's second commitment (the hidden columns and their hash proof) sits in the final opening. */
    private static final int SEALED_COLUMNS = 3;
    /** The hashed input's trace, then the hashed output's, follow the four commitments above in the final opening. */
    private static final int HASHES = 4;

    private InferenceProtocol() {}

    public static String domainSeparator(Commitment model, LigeroParameters proof) {
        return domainSeparator(model.parameters(), proof);
    }

    /** Binds both parameter sets: the sealed weight commitment's and the proofs' own. */
    public static String domainSeparator(LigeroParameters sealed, LigeroParameters proof) {
        return "zkml4j/inference/v2|" + proof.describe() + "|sealed:" + sealed.describe();
    }

    /**
     * The prover's inputs for one proof: the circuit, the sealed weights, the proofs' commitment
     * parameters, the inputs, for hashed inputs one salt per input and for hashed outputs one salt
     * per output (else null).
     */
    public record ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors,
                               List<long[]> inputs, List<long[]> inputSalts, List<long[]> outputSalts) {

        public ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors, List<long[]> inputs) {
            this(circuit, model, parameters, modelVectors, inputs, null, null);
        }

        public ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors, List<long[]> inputs,
                            List<long[]> inputSalts) {
            this(circuit, model, parameters, modelVectors, inputs, inputSalts, null);
        }
    }

    /** Proves; returns the integer outputs it proved (one per input). */
    public static List<long[]> prove(ProverInputs in, byte[] statementDigest, ProverChannel ch, Random random) {
        return prove(in, statementDigest, ch, random, Progress.NONE);
    }

    public static List<long[]> prove(ProverInputs in, byte[] statementDigest, ProverChannel ch, Random random, Progress progress) {
        return prove(in, statementDigest, ch, random, progress, Witness.Deviation.HONEST);
    }

    /** Proves with a deviating witness: only soundness tests play a dishonest prover. */
    public static List<long[]> prove(ProverInputs in, byte[] statementDigest, ProverChannel ch, Random random, Progress progress,
                                     Witness.Deviation deviation) {
        Circuit circuit = in.circuit();
        LigeroParameters params = in.parameters();
        progress.stage("running the model and laying out the witness");
        Witness w = Witness.build(circuit, in.modelVectors(), in.inputs(), random, deviation);
        PublicTensors pub = proverTensors(circuit, in.inputs(), w.outputs());
        List<HashedTensor> hashes = hashedTensors(circuit, in.inputSalts() != null);
        List<long[][]> messages = new ArrayList<>();
        List<List<long[]>> digests = new ArrayList<>();
        for (HashedTensor h : hashes) {
            boolean input = h == hashes.get(0) && in.inputSalts() != null;
            long[][] m = input ? h.messages(deviation.hashedInputs(in.inputs()), in.inputSalts()) : h.messages(deviation.hashedOutputs(w.outputs()), in.outputSalts());
            messages.add(m);
            digests.add(h.digests(m));
        }
        bindStatement(ch, statementDigest, circuit, pub, in.inputSalts() != null ? digests.get(0) : null,
                in.outputSalts() != null ? digests.get(digests.size() - 1) : null);

        LigeroPcs pcs = new LigeroPcs(random);
        CircuitSection.Proven section = CircuitSection.prove(circuit, w, pub, params, pcs, ch, true, progress);
        List<CommittedPolynomials> hashTraces = new ArrayList<>();
        List<LinearClaim> pcsClaims = new ArrayList<>(section.claims());
        for (int i = 0; i < hashes.size(); i++) {
            progress.stage("proving the hashes of hashed values");
            HashedTensor.Proven proven = hashes.get(i).prove(messages.get(i), params, ch, random);
            hashTraces.add(proven.committed());
            pcsClaims.addAll(proven.claims());
        }
        open(in.model(), section, hashTraces, pcsClaims, params, pcs, ch, random, progress);
        return w.outputs();
    }

    /**
     * Steps 7 and 8: the claims on the sealed weights turned into claims on two one-time
     * commitments, then one opening of every one-time commitment (the section's, then {@code others}).
     */
    static void open(SealedCommitment model, CircuitSection.Proven section, List<CommittedPolynomials> others, List<LinearClaim> claims,
                     LigeroParameters params, LigeroPcs pcs, ProverChannel ch, Random random, Progress progress) {
        progress.stage("proving the weights' claims on hidden columns");
        SealedOpening.ProverResult sealed = SealedOpening.prove(model, VectorRef.MODEL, claims, params, VectorRef.MODEL,
                SEALED_COLUMNS, ch, random);
        progress.stage("opening the commitments");
        List<CommittedPolynomials> opened = new ArrayList<>(List.of(sealed.fresh().get(0), section.witness(), section.inverses(),
                sealed.fresh().get(1)));
        opened.addAll(others);
        pcs.open(opened, sealed.claims(), ch);
    }

    /** The verifier's steps 7 and 8 (see {@link #open}). */
    static void checkOpenings(Commitment model, CircuitSection.Checked section, List<Commitment> others, List<LinearClaim> claims,
                              LigeroParameters params, VerifierChannel ch, double minimumBits) throws InvalidProofException {
        SealedOpening.VerifierResult sealed = SealedOpening.verify(model, VectorRef.MODEL, claims, params, VectorRef.MODEL, SEALED_COLUMNS, ch);
        List<Commitment> opened = new ArrayList<>(List.of(sealed.fresh().get(0), section.witness(), section.inverses(), sealed.fresh().get(1)));
        opened.addAll(others);
        LigeroPcs.verify(opened, sealed.claims(), ch, minimumBits);
    }

    /**
     * Verifies a proof that the model behind {@code model} maps the inputs (null entries when
     * private) to {@code outputs}. Throws with the reason when the proof is invalid.
     */
    public static void verify(Circuit circuit, Commitment model, LigeroParameters params, byte[] statementDigest, List<long[]> inputs,
                              List<long[]> outputs, VerifierChannel ch, double minimumBits) throws InvalidProofException {
        verify(circuit, model, params, statementDigest, inputs, outputs, null, null, ch, minimumBits);
    }

    /**
     * Verifies; {@code inputDigests} (one per input, for a private input of "hashed" visibility,
     * else null) and {@code outputDigests} (for hashed outputs, whose {@code outputs} are then null)
     * are the commitments {@link HashedValues} the proof must match.
     */
    public static void verify(Circuit circuit, Commitment model, LigeroParameters params, byte[] statementDigest, List<long[]> inputs,
                              List<long[]> outputs, List<long[]> inputDigests, List<long[]> outputDigests, VerifierChannel ch,
                              double minimumBits) throws InvalidProofException {
        if (inputDigests != null && (circuit.input().isPublic() || inputDigests.size() != circuit.batch())) {
            throw new IllegalArgumentException("hashed inputs are private and take one digest per input");
        }
        if ((outputDigests != null) != circuit.options().hashedOutput() || outputDigests != null
                && ((outputs != null) != (circuit.options().shownOutputs() != null) || outputDigests.size() != circuit.batch())) {
            throw new IllegalArgumentException("hashed outputs take one digest per output and no outputs, in a circuit compiled for them");
        }
        if (circuit.accuracy() != null) {
            throw new IllegalArgumentException("an accuracy circuit is verified by the accuracy protocol");
        }
        requireSecurity(ch, model.parameters(), params, minimumBits);
        PublicTensors pub;
        try {
            pub = publicTensors(circuit, inputs, outputs);
        } catch (ConflictingStatement e) { // two names for one vector, given other values
            throw new InvalidProofException(e.getMessage());
        }
        bindStatement(ch, statementDigest, circuit, pub, inputDigests, outputDigests);
        CircuitSection.Checked section = CircuitSection.verify(circuit, pub, params, ch, true);
        List<LinearClaim> pcsClaims = new ArrayList<>(section.claims());
        List<HashedTensor> hashes = hashedTensors(circuit, inputDigests != null);
        List<Commitment> hashTraces = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            boolean input = i == 0 && inputDigests != null;
            HashedTensor.Verified v = hashes.get(i).verify(input ? inputDigests : outputDigests, params, ch);
            hashTraces.add(v.committed());
            pcsClaims.addAll(v.claims());
        }
        checkOpenings(model, section, hashTraces, pcsClaims, params, ch, minimumBits);
    }

    /**
     * Steps 1 to 6 of the verifier alone, from the transcript's start: the statement bound (public
     * inputs and outputs; neither hashed nor shown port by port), the circuit's sumcheck and lookups
     * checked, and every claim they leave on the commitments, in order, before the sealed opening
     * rewrites those on the weights. A verifier written elsewhere (the EVM's, generated from a key)
     * must reach exactly these claims from the same proof.
     */
    public static List<LinearClaim> sectionClaims(Circuit circuit, LigeroParameters params, byte[] statementDigest, List<long[]> inputs,
                                                  List<long[]> outputs, VerifierChannel ch) throws InvalidProofException {
        if (circuit.options().hashedOutput() || circuit.options().shownInputs() != null || circuit.options().shownOutputs() != null
                || circuit.accuracy() != null || circuit.training() != null) {
            throw new IllegalArgumentException("the section alone is for inference proofs whose inputs and outputs are public or private");
        }
        PublicTensors pub = publicTensors(circuit, inputs, outputs);
        bindStatement(ch, statementDigest, circuit, pub, null, null);
        return CircuitSection.verify(circuit, pub, params, ch, true).claims();
    }

    /** The weight commitment's and the proof's parameters reach {@code minimumBits}; live, counting only their interactive soundness. */
    static void requireSecurity(VerifierChannel ch, LigeroParameters model, LigeroParameters params, double minimumBits)
            throws InvalidProofException {
        if (!ch.isFiatShamir()) { // a live verifier's challenges cannot be ground: only the interactive soundness counts
            double live = Math.min(model.security().interactiveBits(), params.security().interactiveBits());
            InvalidProofException.check(live >= minimumBits, "live, these parameters give %.1f bits of security, below the required %.1f",
                    live, minimumBits);
        }
        InvalidProofException.check(model.security().bits() >= minimumBits,
                "the weight commitment's parameters give %.1f bits of security, below the required %.1f", model.security().bits(), minimumBits);
    }

    /** Public tensors in proof layout: the input (unless private) and the output. */
    public static PublicTensors publicTensors(Circuit circuit, List<long[]> inputs, List<long[]> outputs) {
        boolean showsOutputs = circuit.output().isPublic() || circuit.options().shownOutputs() != null;
        if ((circuit.input().isPublic() && inputs.size() != circuit.batch()) || (outputs == null) == showsOutputs
                || outputs != null && outputs.size() != circuit.batch()) {
            throw new IllegalArgumentException("the proof is for " + circuit.batch() + " inputs and " + (showsOutputs ? "" : "hashed ")
                    + "outputs, got " + inputs.size() + " and " + (outputs == null ? "none" : outputs.size()));
        }
        PublicTensors pub = new PublicTensors();
        TensorPlan in = circuit.input();
        if (in.isPublic()) {
            putRoot(pub, in, inputs.toArray(new long[0][]), "the input");
        } else if (circuit.options().shownInputs() != null) {
            putShown(pub, circuit, circuit.model().inputPorts(), circuit.options().shownInputs(), inputs);
        }
        TensorPlan out = circuit.output();
        if (out.isPublic()) {
            putRoot(pub, out, outputs.toArray(new long[0][]), "the output");
        } else if (circuit.options().shownOutputs() != null) {
            putShown(pub, circuit, circuit.model().outputPorts(), circuit.options().shownOutputs(), outputs);
        }
        return pub;
    }

    /** The public tensors of a prover holding every sample's whole (packed) input and output. */
    static PublicTensors proverTensors(Circuit circuit, List<long[]> inputs, List<long[]> outputs) {
        QuantizedModel model = circuit.model();
        List<long[]> statementInputs = shownValues(model.inputPorts(), model, circuit.options().shownInputs(), inputs);
        List<long[]> statementOutputs = circuit.output().isPublic() || circuit.options().shownOutputs() != null
                ? shownValues(model.outputPorts(), model, circuit.options().shownOutputs(), outputs) : null;
        return publicTensors(circuit, statementInputs, statementOutputs);
    }

    /** Each shown port's values, cut from the statement's (the shown ports' values one after another, per sample). */
    private static void putShown(PublicTensors pub, Circuit circuit, List<QuantizedModel.Port> ports, List<Boolean> shown,
                                 List<long[]> statement) {
        for (QuantizedModel.Port port : circuit.model().shown(ports, shown)) {
            int at = port.offset();
            int size = circuit.model().spec(port).size();
            long[][] values = new long[statement.size()][];
            for (int b = 0; b < values.length; b++) {
                if (statement.get(b).length < at + size) {
                    throw new IllegalArgumentException("sample " + b + " states " + statement.get(b).length + " values of its shown ports");
                }
                values[b] = Arrays.copyOfRange(statement.get(b), at, at + size);
            }
            putRoot(pub, circuit.tensor(port.tensor()), values, "'" + port.name() + "'");
        }
    }

    /** A statement that gives one vector two different values under two names. */
    private static final class ConflictingStatement extends IllegalArgumentException {
        ConflictingStatement(String message) {
            super(message);
        }
    }

    /**
     * Puts a public tensor's stated values (samples) as its public root's, in proof layout. Tensors
     * that share one vector (a port that is both an input and an output, an output that reshapes
     * another shown output or the input) share one root: the statement must give them the same
     * values, or one's would silently replace the other's and be bound to nothing.
     */
    private static void putRoot(PublicTensors pub, TensorPlan plan, long[][] samples, String what) {
        if (!plan.isPublic() || plan.publicRoot() == null) {
            throw new IllegalStateException(what + " is shown but its tensor '" + plan.name() + "' is not public in the circuit");
        }
        long[] placed = field(plan.layout().place(samples, plan.padValue()));
        long[] before = pub.find(plan.publicRoot());
        if (before != null && !Arrays.equals(before, placed)) {
            throw new ConflictingStatement("the statement gives " + what + " other values than those of the tensor '" + plan.publicRoot()
                    + "' it shares them with");
        }
        pub.put(plan.publicRoot(), placed);
    }

    /**
     * What a statement shows of each sample's packed input or output: all of it, or (shown non-null)
     * the shown ports' values one after another.
     */
    static List<long[]> shownValues(List<QuantizedModel.Port> ports, QuantizedModel model, List<Boolean> shown, List<long[]> packed) {
        if (shown == null) {
            return packed;
        }
        List<QuantizedModel.Port> from = new ArrayList<>();
        for (int k = 0; k < ports.size(); k++) {
            if (shown.get(k)) {
                from.add(ports.get(k));
            }
        }
        List<QuantizedModel.Port> to = model.shown(ports, shown);
        List<long[]> out = new ArrayList<>();
        for (long[] v : packed) {
            long[] s = new long[model.size(to)];
            for (int i = 0; i < to.size(); i++) {
                System.arraycopy(v, from.get(i).offset(), s, to.get(i).offset(), model.spec(to.get(i)).size());
            }
            out.add(s);
        }
        return out;
    }

    private static long[] field(long[] signed) {
        long[] f = new long[signed.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Goldilocks.fromSigned(signed[i]);
        }
        return f;
    }

    /** The hashed tensors of a proof, in opening order: the input when hashed, then the output when hashed. */
    private static List<HashedTensor> hashedTensors(Circuit circuit, boolean hashedInput) {
        List<HashedTensor> out = new ArrayList<>();
        if (hashedInput) {
            out.add(new HashedTensor(circuit.input(), HashedValues.INPUT_DOMAIN, "input.hash", HASHES));
        }
        if (circuit.options().hashedOutput()) {
            out.add(new HashedTensor(circuit.output(), HashedValues.OUTPUT_DOMAIN, "output.hash", HASHES + out.size()));
        }
        return out;
    }

    /** The statement: model digest, batch size, public input, claimed outputs, and hashed values' digests. */
    private static void bindStatement(ChallengeSource ch, byte[] statementDigest, Circuit circuit, PublicTensors pub, List<long[]> inputDigests,
                                      List<long[]> outputDigests) {
        ch.absorbPublic("statement.model", statementDigest);
        ch.absorbPublic("statement.batch", new long[] {circuit.batch(), circuit.options().privateInput() ? 1 : 0, inputDigests != null ? 1 : 0,
            outputDigests != null ? 1 : 0});
        if (inputDigests != null) {
            HashedTensor.absorb(ch, "statement.inputDigests", inputDigests);
        }
        if (outputDigests != null) {
            HashedTensor.absorb(ch, "statement.outputDigests", outputDigests);
        }
        if (circuit.input().isPublic()) {
            ch.absorbPublic("statement.input", pub.get(circuit.input().publicRoot()));
        }
        if (circuit.output().isPublic()) {
            ch.absorbPublic("statement.output", pub.get(circuit.output().publicRoot()));
        }
        // Ports shown one by one: which, and their values (a statement showing another port is another statement).
        bindShown(ch, "statement.shownInputs", circuit, circuit.model().inputPorts(), circuit.options().shownInputs(), pub);
        bindShown(ch, "statement.shownOutputs", circuit, circuit.model().outputPorts(), circuit.options().shownOutputs(), pub);
    }

    private static void bindShown(ChallengeSource ch, String label, Circuit circuit, List<QuantizedModel.Port> ports, List<Boolean> shown,
                                  PublicTensors pub) {
        if (shown == null) {
            return;
        }
        ch.absorbPublic(label, shown.stream().mapToLong(b -> b ? 1 : 0).toArray());
        for (int k = 0; k < ports.size(); k++) {
            if (shown.get(k)) {
                ch.absorbPublic(label + "." + k, pub.get(circuit.tensor(ports.get(k).tensor()).publicRoot()));
            }
        }
    }

}
