package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.sumcheck.BatchedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.LinearCheck;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.witness.Witness;

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
                               List<long[]> inputs, List<long[]> inputSalts, List<long[]> outputSalts, DatasetInput dataset) {
        public ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors, List<long[]> inputs,
                            List<long[]> inputSalts, List<long[]> outputSalts) {
            this(circuit, model, parameters, modelVectors, inputs, inputSalts, outputSalts, null);
        }

        public ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors, List<long[]> inputs) {
            this(circuit, model, parameters, modelVectors, inputs, null, null);
        }

        public ProverInputs(Circuit circuit, SealedCommitment model, LigeroParameters parameters, long[][] modelVectors, List<long[]> inputs,
                            List<long[]> inputSalts) {
            this(circuit, model, parameters, modelVectors, inputs, inputSalts, null);
        }
    }

    /**
     * What an accuracy statement says about its dataset, as the verifier knows it: the dataset's
     * public commitment, its digest (the description the proof is bound to) and the count of
     * correct predictions.
     */
    public record DatasetStatement(Commitment commitment, byte[] digest, long correct) {}

    /** The prover's dataset: the statement, the sealed commitment and its vectors (features, labels). */
    public record DatasetInput(DatasetStatement statement, SealedCommitment sealed, long[][] vectors) {}

    /** Where the dataset's sealed opening puts its two fresh commitments in the final opening (they follow the model's four). */
    private static final int DATASET_COLUMNS = VectorRef.DATASET + 1;

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
        DatasetInput dataset = in.dataset();
        Witness w = Witness.build(circuit, in.modelVectors(), dataset == null ? null : dataset.vectors(), in.inputs(), random, deviation);
        PublicTensors pub = publicTensors(circuit, in.inputs(), circuit.output().isPublic() ? w.outputs() : null);
        putStatement(pub, circuit, dataset == null ? null : dataset.statement());
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
        bindDataset(ch, circuit, dataset == null ? null : dataset.statement());

        progress.stage("committing to the witness");
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials witnessCommitment = pcs.commit(params, Arrays.asList(w.witnessVectors()));
        ch.sendDigest("witness.root", witnessCommitment.commitment().root());
        Challenges c = drawLookupChallenges(ch, circuit);
        w.computeInverses(alphas(c, circuit), betas(c, circuit));
        CommittedPolynomials inverseCommitment = pcs.commit(params, Arrays.asList(w.inverseVectors()));
        ch.sendDigest("inverses.root", inverseCommitment.commitment().root());

        progress.stage("proving the layers (sumcheck)");
        List<Relation> relations = Relations.of(circuit);
        List<LinearCheck> checks = Relations.linearChecks(circuit);
        relations.forEach(r -> r.drawPoints(ch, c));
        checks.forEach(l -> l.drawPoints(ch, c));
        Ext2[] coefficients = ch.challengeExts("batch", relations.size());
        List<SumcheckProverInstance> instances = new ArrayList<>();
        Ext2[] claims = new Ext2[relations.size()];
        for (int i = 0; i < relations.size(); i++) {
            instances.add(relations.get(i).instance(w, c));
            claims[i] = relations.get(i).claimValue(w, c);
        }
        int[] numVars = relations.stream().mapToInt(Relation::numVars).toArray();
        BatchedInstance batched = new BatchedInstance(instances, coefficients, claims);
        ZkSumcheck.HiddenRun run = ZkSumcheck.proveHiddenClaim(batched, BatchedInstance.combinedClaim(coefficients, claims, numVars),
                w.sumcheckMask(), ch, "relations");

        Ext2 r0 = run.point()[0];
        if (r0.mul(Ext2.ONE.sub(r0)).isZero()) { // every revealed value's mask is scaled by r0·(1 − r0)
            throw new IllegalStateException("the sumcheck's first challenge is 0 or 1, which would unmask every revealed value; refusing");
        }
        Ext2[][] revealed = new Ext2[relations.size()][];
        List<Ext2> flat = new ArrayList<>();
        for (int i = 0; i < relations.size(); i++) {
            revealed[i] = relations.get(i).revealed(instances.get(i));
            flat.addAll(Arrays.asList(revealed[i]));
        }
        ch.sendExt("revealed", ExtVectors.of(flat.toArray(new Ext2[0])));

        List<LinearClaim> pcsClaims = collectClaims(circuit, relations, checks, c, pub, coefficients, run.point(), run.beta(),
                run.maskedSum(), run.combinedFinal(), revealed);
        List<CommittedPolynomials> hashTraces = new ArrayList<>();
        pcsClaims = new ArrayList<>(pcsClaims);
        for (int i = 0; i < hashes.size(); i++) {
            progress.stage("proving the hashes of hashed values");
            HashedTensor.Proven proven = hashes.get(i).prove(messages.get(i), params, ch, random);
            hashTraces.add(proven.committed());
            pcsClaims.addAll(proven.claims());
        }
        List<CommittedPolynomials> datasetFresh = List.of();
        if (dataset != null) {
            progress.stage("proving the dataset's claims on hidden columns");
            SealedOpening.ProverResult data = SealedOpening.prove(dataset.sealed(), VectorRef.DATASET, pcsClaims, params, VectorRef.DATASET,
                    DATASET_COLUMNS, ch, random);
            datasetFresh = data.fresh();
            pcsClaims = data.claims();
        }
        progress.stage("proving the weights' claims on hidden columns");
        SealedOpening.ProverResult sealed = SealedOpening.prove(in.model(), VectorRef.MODEL, pcsClaims, params, VectorRef.MODEL,
                SEALED_COLUMNS, ch, random);
        progress.stage("opening the commitments");
        List<CommittedPolynomials> opened = new ArrayList<>(List.of(sealed.fresh().get(0), witnessCommitment, inverseCommitment,
                sealed.fresh().get(1)));
        opened.addAll(hashTraces);
        opened.addAll(datasetFresh);
        pcs.open(opened, sealed.claims(), ch);
        return w.outputs();
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
        verify(circuit, model, params, statementDigest, inputs, outputs, inputDigests, outputDigests, null, ch, minimumBits);
    }

    /** Verifies, for an accuracy circuit also the statement about its dataset (else null). */
    public static void verify(Circuit circuit, Commitment model, LigeroParameters params, byte[] statementDigest, List<long[]> inputs,
                              List<long[]> outputs, List<long[]> inputDigests, List<long[]> outputDigests, DatasetStatement dataset,
                              VerifierChannel ch, double minimumBits) throws InvalidProofException {
        if ((dataset != null) != (circuit.accuracy() != null)) {
            throw new IllegalArgumentException("an accuracy circuit is verified with its dataset statement, and only it");
        }
        if (dataset != null) {
            InvalidProofException.check(dataset.commitment().parameters().security().bits() >= minimumBits,
                    "the dataset commitment's parameters give %.1f bits of security, below the required %.1f",
                    dataset.commitment().parameters().security().bits(), minimumBits);
            if (!ch.isFiatShamir()) {
                InvalidProofException.check(dataset.commitment().parameters().security().interactiveBits() >= minimumBits,
                        "live, the dataset commitment gives %.1f bits of security, below the required %.1f",
                        dataset.commitment().parameters().security().interactiveBits(), minimumBits);
            }
        }
        if (inputDigests != null && (circuit.input().isPublic() || inputDigests.size() != circuit.batch())) {
            throw new IllegalArgumentException("hashed inputs are private and take one digest per input");
        }
        if ((outputDigests != null) != circuit.options().hashedOutput()
                || outputDigests != null && (outputs != null || outputDigests.size() != circuit.batch())) {
            throw new IllegalArgumentException("hashed outputs take one digest per output and no outputs, in a circuit compiled for them");
        }
        if (!ch.isFiatShamir()) { // a live verifier's challenges cannot be ground: only the interactive soundness counts
            double live = Math.min(model.parameters().security().interactiveBits(), params.security().interactiveBits());
            InvalidProofException.check(live >= minimumBits, "live, these parameters give %.1f bits of security, below the required %.1f",
                    live, minimumBits);
        }
        InvalidProofException.check(model.parameters().security().bits() >= minimumBits,
                "the weight commitment's parameters give %.1f bits of security, below the required %.1f", model.parameters().security().bits(),
                minimumBits);
        PublicTensors pub = publicTensors(circuit, inputs, outputs);
        putStatement(pub, circuit, dataset);
        bindStatement(ch, statementDigest, circuit, pub, inputDigests, outputDigests);
        bindDataset(ch, circuit, dataset);
        Commitment witnessCommitment = new Commitment(params, ch.receiveDigest("witness.root"), numVars(circuit.witnessVectors()));
        Challenges c = drawLookupChallenges(ch, circuit);
        Commitment inverseCommitment = new Commitment(params, ch.receiveDigest("inverses.root"), numVars(circuit.inverseVectors()));

        List<Relation> relations = Relations.of(circuit);
        List<LinearCheck> checks = Relations.linearChecks(circuit);
        relations.forEach(r -> r.drawPoints(ch, c));
        checks.forEach(l -> l.drawPoints(ch, c));
        Ext2[] coefficients = ch.challengeExts("batch", relations.size());
        ZkSumcheck.HiddenVerification run = ZkSumcheck.verifyHiddenClaim(circuit.libraDegrees(), ch, "relations");

        int total = relations.stream().mapToInt(Relation::revealedCount).sum();
        Ext2[] flat = ExtVectors.toArray(ch.receiveExt("revealed", total));
        Ext2[][] revealed = new Ext2[relations.size()][];
        int at = 0;
        for (int i = 0; i < relations.size(); i++) {
            revealed[i] = Arrays.copyOfRange(flat, at, at + relations.get(i).revealedCount());
            at += relations.get(i).revealedCount();
        }
        List<LinearClaim> pcsClaims = collectClaims(circuit, relations, checks, c, pub, coefficients, run.point(), run.beta(),
                run.maskedSum(), run.combinedFinal(), revealed);
        List<HashedTensor> hashes = hashedTensors(circuit, inputDigests != null);
        List<Commitment> hashTraces = new ArrayList<>();
        pcsClaims = new ArrayList<>(pcsClaims);
        for (int i = 0; i < hashes.size(); i++) {
            boolean input = i == 0 && inputDigests != null;
            HashedTensor.Verified v = hashes.get(i).verify(input ? inputDigests : outputDigests, params, ch);
            hashTraces.add(v.committed());
            pcsClaims.addAll(v.claims());
        }
        List<Commitment> datasetFresh = List.of();
        if (dataset != null) {
            SealedOpening.VerifierResult data = SealedOpening.verify(dataset.commitment(), VectorRef.DATASET, pcsClaims, params, VectorRef.DATASET,
                    DATASET_COLUMNS, ch);
            datasetFresh = data.fresh();
            pcsClaims = data.claims();
        }
        SealedOpening.VerifierResult sealed = SealedOpening.verify(model, VectorRef.MODEL, pcsClaims, params, VectorRef.MODEL, SEALED_COLUMNS, ch);
        List<Commitment> opened = new ArrayList<>(List.of(sealed.fresh().get(0), witnessCommitment, inverseCommitment, sealed.fresh().get(1)));
        opened.addAll(hashTraces);
        opened.addAll(datasetFresh);
        LigeroPcs.verify(opened, sealed.claims(), ch, minimumBits);
    }

    /**
     * Every claim the commitments must prove: each revealed value; the hidden claim (the masked
     * sum T equals Σ_i a_i·2^(n−n_i)·claim_i + β·Σ g); the sumcheck's last step (the relations'
     * values at the point plus β·g(r) equal the final claim, stated as a claim on g); and the
     * LogUp balances; and the linear checks.
     */
    private static List<LinearClaim> collectClaims(Circuit circuit, List<Relation> relations, List<LinearCheck> checks, Challenges c, PublicTensors pub,
                                                   Ext2[] coefficients, Ext2[] point, Ext2 beta, Ext2 maskedSum, Ext2 combinedFinal,
                                                   Ext2[][] revealed) {
        int n = point.length;
        List<LinearClaim> claims = new ArrayList<>();
        List<LinearClaim.Term> hidden = new ArrayList<>();
        Ext2 hiddenValue = maskedSum;
        Ext2 relationsAtPoint = Ext2.ZERO;
        for (int i = 0; i < relations.size(); i++) {
            Relation r = relations.get(i);
            Ext2[] own = Arrays.copyOf(point, r.numVars());
            claims.addAll(r.revealedClaims(own, revealed[i], c));
            relationsAtPoint = relationsAtPoint.add(coefficients[i].mul(r.finalValue(own, revealed[i], c, pub)));
            Relation.HiddenClaim h = r.claim(c, pub);
            if (h != null) {
                Ext2 scale = coefficients[i].mul(Goldilocks.pow(2, n - r.numVars()));
                for (LinearClaim.Term t : h.terms()) {
                    hidden.add(new LinearClaim.Term(t.commitment(), t.polynomial(), t.weights(), t.coefficient().mul(scale)));
                }
                hiddenValue = hiddenValue.sub(h.constant().mul(scale));
            }
        }
        int[] degrees = circuit.libraDegrees();
        hidden.addAll(maskTerms(circuit, SumcheckMask.sumWeights(degrees), beta));
        claims.add(new LinearClaim(hidden, hiddenValue));
        claims.add(new LinearClaim(maskTerms(circuit, SumcheckMask.weights(point, degrees), Ext2.ONE),
                combinedFinal.sub(relationsAtPoint).mul(beta.inverse())));
        claims.addAll(Relations.sumClaims(circuit));
        claims.addAll(Relations.statementSums(circuit, pub));
        checks.forEach(l -> claims.add(l.claim(c, pub)));
        return claims;
    }

    /** coefficient·Σ weights·g over the sumcheck mask g, split along its committed chunks. */
    private static List<LinearClaim.Term> maskTerms(Circuit circuit, long[] interleavedWeights, Ext2 coefficient) {
        List<VectorRef> chunks = circuit.libraMasks();
        int width = interleavedWeights.length / chunks.size();
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            VectorRef chunk = chunks.get(c);
            terms.add(new LinearClaim.Term(chunk.commitment(), chunk.poly(),
                    new Weights.Explicit(Arrays.copyOfRange(interleavedWeights, c * width, (c + 1) * width)), coefficient));
        }
        return terms;
    }

    static Challenges drawLookupChallenges(ChallengeSource ch, Circuit circuit) {
        int tables = circuit.tables().size();
        Ext2[] alphas = new Ext2[tables];
        Ext2[] betas = new Ext2[tables];
        for (int t = 0; t < tables; t++) {
            TablePlan table = circuit.tables().get(t);
            alphas[t] = ch.challengeExt("lookup.alpha." + t);
            betas[t] = table.table().columns() > 1 ? ch.challengeExt("lookup.beta." + t) : Ext2.ZERO;
        }
        return new Challenges(alphas, betas);
    }

    static Ext2[] alphas(Challenges c, Circuit circuit) {
        Ext2[] a = new Ext2[circuit.tables().size()];
        for (int t = 0; t < a.length; t++) {
            a[t] = c.alpha(t);
        }
        return a;
    }

    static Ext2[] betas(Challenges c, Circuit circuit) {
        Ext2[] b = new Ext2[circuit.tables().size()];
        for (int t = 0; t < b.length; t++) {
            b[t] = c.beta(t);
        }
        return b;
    }

    /** Public tensors in proof layout: the input (unless private) and the output. */
    static PublicTensors publicTensors(Circuit circuit, List<long[]> inputs, List<long[]> outputs) {
        if ((circuit.input().isPublic() && inputs.size() != circuit.batch()) || (outputs == null) != !circuit.output().isPublic()
                || outputs != null && outputs.size() != circuit.batch()) {
            throw new IllegalArgumentException("the proof is for " + circuit.batch() + " inputs and " + (circuit.output().isPublic() ? "" : "hashed ")
                    + "outputs, got " + inputs.size() + " and " + (outputs == null ? "none" : outputs.size()));
        }
        PublicTensors pub = new PublicTensors();
        TensorPlan in = circuit.input();
        if (in.isPublic()) {
            pub.put(in.name(), field(in.layout().place(inputs.toArray(new long[0][]), in.padValue())));
        }
        TensorPlan out = circuit.output();
        if (out.isPublic()) {
            pub.put(out.name(), field(out.layout().place(outputs.toArray(new long[0][]), out.padValue())));
        }
        return pub;
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

    /** An accuracy statement's public values: the indicator of real rows, and the count of correct predictions. */
    static void putStatement(PublicTensors pub, Circuit circuit, DatasetStatement dataset) {
        if (dataset == null) {
            return;
        }
        int rows = circuit.accuracy().spec().rows();
        if (dataset.correct() < 0 || dataset.correct() > rows) {
            throw new IllegalArgumentException("a count of correct predictions is 0 to " + rows + ", got " + dataset.correct());
        }
        long[] real = new long[circuit.batchPadded()];
        java.util.Arrays.fill(real, 0, rows, 1);
        pub.put(circuit.accuracy().realRows().name(), real);
        pub.put(io.zkml4j.proof.circuit.AccuracyPlan.CORRECT, new long[] {dataset.correct()});
    }

    /** The dataset part of a statement: the dataset's digest and commitment root, its row count and the count of correct predictions. */
    private static void bindDataset(ChallengeSource ch, Circuit circuit, DatasetStatement dataset) {
        if (dataset == null) {
            return;
        }
        ch.absorbPublic("statement.dataset", dataset.digest());
        ch.absorbPublic("statement.dataset.root", dataset.commitment().root());
        ch.absorbPublic("statement.accuracy", new long[] {circuit.accuracy().spec().rows(), dataset.correct()});
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
            ch.absorbPublic("statement.input", pub.get(circuit.input().name()));
        }
        if (circuit.output().isPublic()) {
            ch.absorbPublic("statement.output", pub.get(circuit.output().name()));
        }
    }

    private static int[] numVars(List<Circuit.VectorSpec> specs) {
        return specs.stream().mapToInt(s -> s.ref().numVars()).toArray();
    }
}
