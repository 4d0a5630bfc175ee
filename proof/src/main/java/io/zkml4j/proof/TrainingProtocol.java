package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.witness.TrainingBatch;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training proof, prover and verifier side by side. Every SGD step is one
 * {@link CircuitSection} (its own witness, inverses and sumcheck) in one transcript; the steps'
 * weights chain through the commitments:
 * <ol>
 * <li>bind the statement: the recipe's digest, the dataset's digest and root, the trained model's
 *     weight commitment, every step's rows (which the verifier derives from the recipe's seed);</li>
 * <li>for each step t: bind t and its rows, commit to its witness, which holds the step's new
 *     weights W_{t+1}; draw the lookup challenges; commit to each step's inverses; draw the points
 *     and coefficients (steps of one batch size share them);</li>
 * <li>each step's sumcheck. Its claims on "the model" are claims on W_t: for t = 0 the initial
 *     weights, public, which the verifier evaluates itself; for t &gt; 0 the new-weight vectors of
 *     step t − 1's witness commitment (the chain). With momentum, its claims on the weights one step
 *     back, W_{t−1} (the velocity is W_{t−1} − W_t), go the same way one step further back;</li>
 * <li>the last step's new weights equal the trained model's committed weights, at a random point per
 *     vector;</li>
 * <li>every claim on the dataset through one sealed opening (the dataset is opened once for the
 *     whole training), every claim on the trained weights through another; one opening of all
 *     one-time commitments.</li>
 * </ol>
 * So one transcript binds everything: a step cannot be skipped, reordered or taken from another run,
 * and no weight, gradient, row or label is revealed.
 */
final class TrainingProtocol {
    /** Steps a proof may have: the verifier's work and memory grow with them. */
    static final int MAX_STEPS = 1 << 14;

    private TrainingProtocol() {}

    /**
     * What the verifier knows: the recipe's digest (architecture, initial weights, format, loss,
     * optimiser, batch size, epochs, seed), the dataset, the rows of every step, the initial weights
     * (the model's vectors in circuit layout), and the trained model's weight commitment.
     */
    record Statement(byte[] recipeDigest, Commitment dataset, byte[] datasetDigest, long[][] steps, Start start, Trained trained, int firstStep) {
        /** A whole training in one proof: from the public initial weights, its first step step 0. */
        Statement(byte[] recipeDigest, Commitment dataset, byte[] datasetDigest, long[][] steps, long[][] initial, Trained trained) {
            this(recipeDigest, dataset, datasetDigest, steps, new Start.Public(initial), trained, 0);
        }

        /** The public initial weights (a statement that starts from them). */
        long[][] initial() {
            return ((Start.Public) start).vectors();
        }
    }

    /**
     * Where the first step's weights come from: the public initial weights (a training's first
     * chunk), or a chunk boundary's sealed commitment (a later chunk): its vectors are W_s and, with
     * {@code withPrevious} (momentum), W_{s−1} after them.
     */
    sealed interface Start {
        record Public(long[][] vectors) implements Start {}

        record Committed(Commitment commitment, boolean withPrevious) implements Start {}
    }

    /**
     * Where the last step's weights must land: the trained model's sealed commitment (they stay
     * hidden), or public weights (a federated participant's update, which its coordinator averages).
     */
    sealed interface Trained {
        /**
         * A sealed commitment to the last step's new weights; with {@code withPrevious} (a chunk
         * boundary of a training with momentum) also to the weights one step before, after them.
         */
        record Committed(Commitment commitment, boolean withPrevious) implements Trained {
            Committed(Commitment commitment) {
                this(commitment, false);
            }
        }

        /** The trained model's vectors in circuit layout, as the statement's initial weights. */
        record Public(long[][] vectors) implements Trained {}
    }

    /** The architecture and the full batch's spec; each step's circuit is compiled once per batch size. */
    record Plan(TrainingStatement.Architecture architecture, TrainingSpec spec, Map<Integer, Circuit> compiled) {
        Plan(TrainingStatement.Architecture architecture, TrainingSpec spec) {
            this(architecture, spec, new HashMap<>());
        }

        Circuit circuit(int rows) {
            return compiled.computeIfAbsent(rows, n -> TrainingStatement.circuit(shape(), spec.withBatch(n)));
        }

        /** The forward model with zero weights: its shape is all a circuit needs. */
        QuantizedModel shape() {
            int n = architecture.layers();
            long[][] w = new long[n][];
            long[][] b = new long[n][];
            for (int l = 0; l < n; l++) {
                w[l] = new long[architecture.widths()[l] * architecture.widths()[l + 1]];
                b[l] = new long[architecture.widths()[l + 1]];
            }
            return TrainingStatement.forwardModel(architecture, w, b, spec.format());
        }

        /** For each model vector p of a step's circuit, the witness vector that holds its next value. */
        int[] nextPolys(Circuit circuit) {
            int[] out = new int[circuit.modelVectors().size()];
            for (TrainingPlan.LayerStep s : circuit.training().layers()) {
                out[s.weight().vector().poly()] = s.nextWeight().vector().poly();
                out[s.bias().vector().poly()] = s.nextBias().vector().poly();
            }
            return out;
        }
    }

    /**
     * The prover's inputs: the weights before every step (and after the last), the dataset's rows
     * and commitment, the trained model's (null when the trained weights are public).
     */
    record ProverInputs(Plan plan, long[][][] weights, long[][] datasetValues, int[] datasetLabels, SealedCommitment dataset,
                        SealedCommitment trained, LigeroParameters parameters, long[][] rowsUsed, long[][] before, SealedCommitment start,
                        int concurrent, ComputedSteps computed) {
        ProverInputs {
            if (computed != null && computed.steps() != weights.length - 1) {
                throw new IllegalArgumentException(computed.steps() + " computed steps for a chunk of " + (weights.length - 1));
            }
        }

        /** Without computed steps: the prover computes each step's witness itself. */
        ProverInputs(Plan plan, long[][][] weights, long[][] datasetValues, int[] datasetLabels, SealedCommitment dataset, SealedCommitment trained,
                     LigeroParameters parameters, long[][] rowsUsed, long[][] before, SealedCommitment start, int concurrent) {
            this(plan, weights, datasetValues, datasetLabels, dataset, trained, parameters, rowsUsed, before, start, concurrent, null);
        }

        ProverInputs(Plan plan, long[][][] weights, long[][] datasetValues, int[] datasetLabels, SealedCommitment dataset, SealedCommitment trained,
                     LigeroParameters parameters) {
            this(plan, weights, datasetValues, datasetLabels, dataset, trained, parameters, null);
        }

        ProverInputs(Plan plan, long[][][] weights, long[][] datasetValues, int[] datasetLabels, SealedCommitment dataset, SealedCommitment trained,
                     LigeroParameters parameters, long[][] rowsUsed) {
            this(plan, weights, datasetValues, datasetLabels, dataset, trained, parameters, rowsUsed, null, null, 1);
        }

        /** The weights one step before step t: W_{t−1}, before the first step the chunk's W_{s−1} (W_0 at the training's start: no velocity yet). */
        long[][] previous(int t) {
            return t > 0 ? weights[t - 1] : before != null ? before : weights[0];
        }

        /** The rows step t's witness is computed on: the statement's, unless a soundness test plays a prover that uses others. */
        long[] rows(int t, long[][] steps) {
            return rowsUsed == null ? steps[t] : rowsUsed[t];
        }
    }

    /** Step t's witness: its batch's rows and labels, rescaled inputs, built with the step's own randomness. */
    /**
     * Step t's witness: its batch's rows and labels, rescaled inputs, built with the step's own
     * randomness; {@code previous} are the weights one step back (the same as {@code weights} at the
     * first step: no velocity yet).
     */
    static Witness stepWitness(Plan plan, long[][] weights, long[][] previous, long[] rows, long[][] values, int[] labels, Random random,
                               Witness.Deviation deviation) {
        long[][] features = new long[rows.length][];
        int[] l = new int[rows.length];
        List<long[]> inputs = new ArrayList<>();
        for (int b = 0; b < rows.length; b++) {
            features[b] = values[(int) rows[b]];
            l[b] = labels[(int) rows[b]];
            long[] q = new long[features[b].length];
            for (int i = 0; i < q.length; i++) {
                q[i] = plan.spec().rescale().apply(features[b][i]);
            }
            inputs.add(q);
        }
        Circuit circuit = plan.circuit(rows.length);
        long[][][] layers = TrainingStatement.fromVectors(circuit, weights);
        QuantizedModel executed = TrainingStatement.forwardModel(plan.architecture(), layers[0], layers[1], plan.spec().format());
        return Witness.buildTraining(circuit, weights, previous, executed, new TrainingBatch(features, l), inputs, random, deviation);
    }

    /** The weights after a step, as the next step's model vectors. */
    static long[][] nextWeights(Plan plan, Witness w) {
        Circuit circuit = w.circuit();
        int[] next = plan.nextPolys(circuit);
        long[][] out = new long[next.length][];
        for (int p = 0; p < next.length; p++) {
            out[p] = w.witnessVectors()[next[p]].clone();
        }
        return out;
    }

    /**
     * Consecutive steps share one witness and one inverse commitment, up to {@link #GROUP_ELEMENTS}
     * values (at least one step each), and each run of steps of one batch size within a group one
     * sumcheck ({@link #runs}): fewer commitments and fewer points make a smaller proof that costs
     * less to open. Step t's vectors sit in its group's commitments after those of the group's
     * earlier steps.
     */
    record Groups(int[] groupOf, int[] witnessOffset, int[] inverseOffset, int count) {
        static Groups of(Plan plan, long[][] steps) {
            int m = steps.length;
            int[] groupOf = new int[m], witnessOffset = new int[m], inverseOffset = new int[m];
            int g = 0;
            long elements = 0;
            int w = 0, i = 0;
            for (int t = 0; t < m; t++) {
                Circuit circuit = plan.circuit(steps[t].length);
                long own = AccuracyStatement.committedElements(circuit);
                if (t > 0 && elements + own > GROUP_ELEMENTS) {
                    g++;
                    elements = 0;
                    w = 0;
                    i = 0;
                }
                groupOf[t] = g;
                witnessOffset[t] = w;
                inverseOffset[t] = i;
                elements += own;
                w += circuit.witnessVectors().size();
                i += circuit.inverseVectors().size();
            }
            return new Groups(groupOf, witnessOffset, inverseOffset, g + 1);
        }

        /** The steps of group g split into runs of one batch size (one circuit): each run is proven in one sumcheck. */
        List<List<Integer>> runs(int g, long[][] steps) {
            List<List<Integer>> out = new ArrayList<>();
            for (int t : steps(g)) {
                if (out.isEmpty() || steps[out.get(out.size() - 1).get(0)].length != steps[t].length) {
                    out.add(new ArrayList<>());
                }
                out.get(out.size() - 1).add(t);
            }
            return out;
        }

        /** The steps of group g, in order. */
        List<Integer> steps(int g) {
            List<Integer> out = new ArrayList<>();
            for (int t = 0; t < groupOf.length; t++) {
                if (groupOf[t] == g) {
                    out.add(t);
                }
            }
            return out;
        }
    }

    /** Bytes a kept step witness takes per committed value: its vectors, its tensors and its inverses. */
    private static final long KEPT_BYTES_PER_VALUE = 32;

    /** Whether a prover of these steps, one of {@code concurrent} chunks proven at once, keeps every step's witness between its uses. */
    static boolean keepsWitnesses(Plan plan, long[][] steps, int concurrent) {
        return KeptWitnesses.fitInHeap(committedElements(plan, steps) * concurrent, KEPT_BYTES_PER_VALUE);
    }

    /** The share of the heap a training proof keeps encoded rows in, from their commitment to their opening (split between concurrent chunks). */
    private static final double KEPT_ENCODING_HEAP = 1.0 / 16;

    /** Values a group of steps commits at most (one step may commit more, alone). */
    static final long GROUP_ELEMENTS = 1L << 23;

    static void prove(ProverInputs in, Statement statement, ProverChannel ch, Random random, Progress progress, Witness.Deviation deviation) {
        Plan plan = in.plan();
        long[][] steps = statement.steps();
        int m = steps.length;
        bind(ch, plan, statement);
        Groups groups = Groups.of(plan, steps);
        LigeroPcs pcs = new LigeroPcs(random).keepingEncodedRows(KEPT_ENCODING_HEAP / in.concurrent());
        // Chunks proven at once share the heap: each keeps its witnesses only if all of them could.
        boolean keep = keepsWitnesses(plan, steps, in.concurrent());
        java.util.function.BiFunction<Integer, Random, Witness> build = (t, seeded) -> stepWitness(plan, in.weights()[t], in.previous(t),
                in.rows(t, steps), in.datasetValues(), in.datasetLabels(), seeded, deviation);
        KeptWitnesses witnesses = in.computed() != null ? new KeptWitnesses(in.computed(), keep, build) : new KeptWitnesses(m, keep, random, build);
        List<CommittedPolynomials> sections = new ArrayList<>(java.util.Collections.nCopies(2 * groups.count(), null));
        int done = 0;
        for (int g = 0; g < groups.count(); g++) {
            List<long[]> vectors = new ArrayList<>();
            for (int t : groups.steps(g)) {
                bindStep(ch, statement.firstStep() + t, steps[t]);
                vectors.addAll(java.util.Arrays.asList(witnesses.get(t).witnessVectors()));
                progress.step("laying out each step's witness", ++done, m);
            }
            CommittedPolynomials witness = pcs.commit(in.parameters(), vectors);
            ch.sendDigest("witness.root", witness.commitment().root());
            sections.set(2 * g, witness);
        }
        Map<Circuit, Challenges> challenges = drawLookupChallenges(ch, plan, steps);
        done = 0;
        for (int g = 0; g < groups.count(); g++) {
            List<long[]> vectors = new ArrayList<>();
            for (int t : groups.steps(g)) {
                Circuit circuit = plan.circuit(steps[t].length);
                Witness w = witnesses.withInverses(t, circuit, challenges.get(circuit));
                vectors.addAll(java.util.Arrays.asList(w.inverseVectors()));
                if (m > 1) { // rebuilt for the sumcheck, so that kept steps do not hold them meanwhile; one step keeps its own
                    w.releaseFractionTrees();
                }
                progress.step("building each step's lookup fraction trees", ++done, m);
            }
            CommittedPolynomials inverses = pcs.commit(in.parameters(), vectors);
            ch.sendDigest("inverses.root", inverses.commitment().root());
            sections.set(2 * g + 1, inverses);
        }
        Map<Circuit, CircuitSection.Points> points = drawPoints(ch, plan, steps, challenges);
        List<LinearClaim> claims = new ArrayList<>();
        done = 0;
        for (int g = 0; g < groups.count(); g++) {
            for (List<Integer> members : groups.runs(g, steps)) {
                Circuit circuit = plan.circuit(steps[members.get(0)].length);
                Challenges c = challenges.get(circuit);
                List<Witness> ws = new ArrayList<>();
                List<PublicTensors> pubs = new ArrayList<>();
                for (int t : members) {
                    ws.add(witnesses.withInverses(t, circuit, c));
                    witnesses.release(t);
                    pubs.add(TrainingStatement.publicTensors(circuit, steps[t]));
                }
                CircuitSection.Together together = CircuitSection.proveTogether(circuit, ws, pubs, points.get(circuit).challenges(), ch, "steps");
                try {
                    claims.addAll(renumber(together, members, plan, steps, statement.start(), groups));
                } catch (InvalidProofException e) {
                    throw new IllegalStateException("the witness does not start from the initial weights: " + e.getMessage());
                }
                done += members.size();
                progress.step("proving each group of steps (sumcheck)", done, m);
            }
        }
        claims.add(trainedClaim(ch, plan, steps, groups, statement));
        DatasetAndWeightsOpening.prove(in.dataset(), in.trained(), in.start(), claims, sections, in.parameters(), pcs, ch, random, progress, true);
    }

    static void verify(Plan plan, LigeroParameters params, Statement statement, VerifierChannel ch, double minimumBits) throws InvalidProofException {
        Commitment trained = statement.trained() instanceof Trained.Committed c ? c.commitment() : null;
        InferenceProtocol.requireSecurity(ch, trained == null ? params : trained.parameters(), params, minimumBits);
        DatasetAndWeightsOpening.requireDatasetSecurity(ch, statement.dataset(), minimumBits);
        long[][] steps = statement.steps();
        int m = steps.length;
        InvalidProofException.check(m >= 1 && m <= MAX_STEPS, "the proof has %d steps; a verifier checks 1 to %d", m, MAX_STEPS);
        bind(ch, plan, statement);
        Groups groups = Groups.of(plan, steps);
        List<Commitment> sections = new ArrayList<>(java.util.Collections.nCopies(2 * groups.count(), null));
        for (int g = 0; g < groups.count(); g++) {
            List<Integer> vars = new ArrayList<>();
            for (int t : groups.steps(g)) {
                bindStep(ch, statement.firstStep() + t, steps[t]);
                plan.circuit(steps[t].length).witnessVectors().forEach(v -> vars.add(v.ref().numVars()));
            }
            sections.set(2 * g, new Commitment(params, ch.receiveDigest("witness.root"), vars.stream().mapToInt(Integer::intValue).toArray()));
        }
        Map<Circuit, Challenges> challenges = drawLookupChallenges(ch, plan, steps);
        for (int g = 0; g < groups.count(); g++) {
            List<Integer> vars = new ArrayList<>();
            for (int t : groups.steps(g)) {
                plan.circuit(steps[t].length).inverseVectors().forEach(v -> vars.add(v.ref().numVars()));
            }
            sections.set(2 * g + 1, new Commitment(params, ch.receiveDigest("inverses.root"), vars.stream().mapToInt(Integer::intValue).toArray()));
        }
        Map<Circuit, CircuitSection.Points> points = drawPoints(ch, plan, steps, challenges);
        List<LinearClaim> claims = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            for (List<Integer> members : groups.runs(g, steps)) {
                Circuit circuit = plan.circuit(steps[members.get(0)].length);
                List<PublicTensors> pubs = new ArrayList<>();
                for (int t : members) {
                    pubs.add(TrainingStatement.publicTensors(circuit, steps[t]));
                }
                claims.addAll(renumber(CircuitSection.verifyTogether(circuit, pubs, points.get(circuit).challenges(), ch, "steps"), members, plan,
                        steps, statement.start(), groups));
            }
        }
        claims.add(trainedClaim(ch, plan, steps, groups, statement));
        Commitment start = statement.start() instanceof Start.Committed c ? c.commitment() : null;
        DatasetAndWeightsOpening.verify(statement.dataset(), trained, start, claims, sections, params, ch, minimumBits, true);
    }

    /** Values committed by all steps together (what sizes the one-time commitments). */
    static long committedElements(Plan plan, long[][] steps) {
        long elements = 0;
        for (long[] rows : steps) {
            elements += AccuracyStatement.committedElements(plan.circuit(rows.length));
        }
        return elements;
    }

    /** α, β per table, once per distinct step circuit (in the order the steps first use them). */
    private static Map<Circuit, Challenges> drawLookupChallenges(ChallengeSource ch, Plan plan, long[][] steps) {
        Map<Circuit, Challenges> out = new LinkedHashMap<>();
        for (long[] rows : steps) {
            Circuit circuit = plan.circuit(rows.length);
            if (!out.containsKey(circuit)) {
                out.put(circuit, CircuitSection.drawLookupChallenges(ch, circuit));
            }
        }
        return out;
    }

    private static Map<Circuit, CircuitSection.Points> drawPoints(ChallengeSource ch, Plan plan, long[][] steps, Map<Circuit, Challenges> challenges) {
        Map<Circuit, CircuitSection.Points> out = new LinkedHashMap<>();
        for (long[] rows : steps) {
            Circuit circuit = plan.circuit(rows.length);
            if (!out.containsKey(circuit)) {
                out.put(circuit, CircuitSection.drawPoints(ch, circuit, challenges.get(circuit)));
            }
        }
        return out;
    }

    /**
     * Step t's claims in the final opening's numbering: its own witness and inverses; the model's
     * vectors are W_t, which for t = 0 are the public initial weights (evaluated here and moved to the
     * claim's value) and later the new-weight vectors of step t − 1's witness.
     */
    static List<LinearClaim> renumber(List<LinearClaim> claims, int t, Plan plan, long[][] steps, Start start, Groups groups)
            throws InvalidProofException {
        List<LinearClaim> out = new ArrayList<>();
        for (LinearClaim claim : claims) {
            Moved moved = renumberTerms(claim.terms(), t, plan, steps, start, groups);
            Ext2 value = claim.value().sub(moved.publicPart());
            if (moved.terms().isEmpty()) {
                InvalidProofException.check(value.isZero(), "step %d: a claim on the initial weights does not hold", t);
            } else {
                out.add(new LinearClaim(moved.terms(), value));
            }
        }
        return out;
    }

    /** A group's claims in the final opening's numbering: each member's own, the shared hidden claim and the mask's claims. */
    static List<LinearClaim> renumber(CircuitSection.Together together, List<Integer> members, Plan plan, long[][] steps, Start start,
                                      Groups groups) throws InvalidProofException {
        List<LinearClaim> out = new ArrayList<>();
        List<LinearClaim.Term> hidden = new ArrayList<>();
        Ext2 hiddenValue = together.hiddenValue();
        for (int i = 0; i < members.size(); i++) {
            int t = members.get(i);
            out.addAll(renumber(together.own().get(i), t, plan, steps, start, groups));
            Moved moved = renumberTerms(together.hiddenTerms().get(i), t, plan, steps, start, groups);
            hidden.addAll(moved.terms());
            hiddenValue = hiddenValue.sub(moved.publicPart());
        }
        int first = members.get(0);
        if (together.maskFinal() != null) {
            hidden.addAll(renumberTerms(together.maskHiddenTerms(), first, plan, steps, start, groups).terms());
            out.add(new LinearClaim(hidden, hiddenValue));
            out.addAll(renumber(List.of(together.maskFinal()), first, plan, steps, start, groups));
        }
        for (io.zkml4j.proof.relation.SharedClaim shared : together.shared()) {
            List<LinearClaim.Term> terms = new ArrayList<>();
            Ext2 value = shared.value();
            for (int i = 0; i < members.size(); i++) {
                Moved moved = renumberTerms(shared.perMember().get(i), members.get(i), plan, steps, start, groups);
                terms.addAll(moved.terms());
                value = value.sub(moved.publicPart());
            }
            out.add(new LinearClaim(terms, value));
        }
        return out;
    }

    /** Terms moved to the final opening's commitments, and the value of those on public weights (which leave the claim). */
    record Moved(List<LinearClaim.Term> terms, Ext2 publicPart) {}

    /**
     * Step t's terms in the final opening's numbering: its own witness and inverses (in its group's
     * commitments, after the group's earlier steps); the model's vectors are W_t, which for t = 0 are
     * the chunk's start (the public initial weights, evaluated here, or the start boundary's vectors)
     * and later the new-weight vectors of step t − 1's witness; the previous weights W_{t−1}
     * likewise, one step further back.
     */
    static Moved renumberTerms(List<LinearClaim.Term> terms, int t, Plan plan, long[][] steps, Start start, Groups groups) {
        int witness = t < steps.length ? witnessIndex(groups.groupOf()[t]) : -1; // t = steps: only the weights after the last step are named
        List<LinearClaim.Term> out = new ArrayList<>();
        Ext2 publicPart = Ext2.ZERO;
        for (LinearClaim.Term term : terms) {
            int back = switch (term.commitment()) {
                case VectorRef.MODEL -> 1;
                case VectorRef.PREVIOUS -> 2;
                default -> 0;
            };
            switch (term.commitment()) {
                case VectorRef.WITNESS -> out.add(move(term, witness, groups.witnessOffset()[t] + term.polynomial()));
                case VectorRef.INVERSES -> out.add(move(term, witness + 1, groups.inverseOffset()[t] + term.polynomial()));
                case VectorRef.DATASET -> out.add(term);
                case VectorRef.MODEL, VectorRef.PREVIOUS -> { // the weights `back` − 1 steps before step t's: the start's before the first step
                    int s = t - back;
                    if (s >= 0) {
                        int[] next = plan.nextPolys(plan.circuit(steps[s].length));
                        out.add(move(term, witnessIndex(groups.groupOf()[s]), groups.witnessOffset()[s] + next[term.polynomial()]));
                    } else {
                        switch (start) {
                            case Start.Public pub -> publicPart = publicPart.add(term.coefficient().mul(Weights.apply(term.weights(),
                                    pub.vectors()[term.polynomial()])));
                            case Start.Committed c -> out.add(move(term, startIndex(groups), s == -1 ? term.polynomial()
                                    : plan.nextPolys(plan.circuit(steps[0].length)).length + term.polynomial()));
                        }
                    }
                }
                default -> throw new IllegalStateException("a step's claim names commitment " + term.commitment());
            }
        }
        return new Moved(out, publicPart);
    }

    /** The chunk's start commitment in the final opening: after every section's and the dataset reduction's. */
    static int startIndex(Groups groups) {
        return DatasetAndWeightsOpening.startIndex(2 * groups.count());
    }

    private static LinearClaim.Term move(LinearClaim.Term term, int commitment, int polynomial) {
        return new LinearClaim.Term(commitment, polynomial, term.weights(), term.coefficient());
    }

    /**
     * The last step's new weights equal the trained model's: Σ_p c^p·(W_T,p − M_p)(ρ_p) = 0 with M
     * the trained model's committed vectors, or Σ_p c^p·W_T,p(ρ_p) = Σ_p c^p·M_p(ρ_p) with M public
     * (evaluated by both sides). A chunk boundary with momentum also commits the weights one step
     * before (W_{T−1}, after W_T's vectors): they are compared the same way.
     */
    private static LinearClaim trainedClaim(ChallengeSource ch, Plan plan, long[][] steps, Groups groups, Statement statement) {
        int last = steps.length - 1;
        Circuit circuit = plan.circuit(steps[last].length);
        int vectors = plan.nextPolys(circuit).length;
        boolean withPrevious = statement.trained() instanceof Trained.Committed c && c.withPrevious();
        Ext2 c = ch.challengeExt("trained.coefficient");
        Ext2 power = Ext2.ONE;
        Ext2 value = Ext2.ZERO;
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (int q = 0; q < (withPrevious ? 2 : 1) * vectors; q++) {
            int p = q % vectors;
            Ext2[] rho = ch.challengeExts("trained.rho." + q, circuit.modelVectors().get(p).ref().numVars());
            // W_T's vector p (q < vectors), else W_{T−1}'s: step last − 1's new weights, or the chunk's start before its first step.
            Moved mine = renumberTerms(List.of(new LinearClaim.Term(VectorRef.MODEL, p, new Weights.Eq(rho), power)), last + (q < vectors ? 1 : 0), plan,
                    steps, statement.start(), groups);
            terms.addAll(mine.terms());
            value = value.sub(mine.publicPart());
            switch (statement.trained()) {
                case Trained.Committed committed -> terms.add(new LinearClaim.Term(VectorRef.MODEL, q, new Weights.Eq(rho), power.neg()));
                case Trained.Public pub -> value = value.add(power.mul(Weights.apply(new Weights.Eq(rho), pub.vectors()[p])));
            }
            power = power.mul(c);
        }
        return new LinearClaim(terms, value);
    }

    /** Group g's witness commitment in the final opening (its inverses follow): group 0 where an inference proof has them, later ones after the dataset's. */
    static int witnessIndex(int g) {
        return DatasetAndWeightsOpening.witnessIndex(g);
    }


    private static void bind(ChallengeSource ch, Plan plan, Statement statement) {
        ch.absorbPublic("statement.recipe", statement.recipeDigest());
        TrainingSpec spec = plan.spec();
        TrainingSpec.Format f = spec.format();
        ch.absorbPublic("statement.spec", new long[] {spec.loss() == TrainingSpec.Loss.CROSS_ENTROPY ? 1 : 2, spec.batch(), spec.datasetRows(),
            spec.features(), spec.labelClasses(), spec.widthBits(), spec.rescale().multiplier(), spec.rescale().shift(), f.activationFraction(),
            f.gradientFraction(), f.weightFraction(), f.rateFraction(), spec.learningRate(), spec.momentum(), spec.weightDecay()});
        TrainingStatement.Architecture arch = plan.architecture();
        long[] shape = new long[2 * arch.layers() + 1];
        for (int l = 0; l <= arch.layers(); l++) {
            shape[l] = arch.widths()[l];
        }
        for (int l = 0; l < arch.layers(); l++) {
            shape[arch.layers() + 1 + l] = TrainingStatement.Architecture.code(arch.activations()[l]);
        }
        ch.absorbPublic("statement.architecture", shape);
        if (!arch.reluOnly()) { // (ReLU-only transcripts stay as the first training proofs wrote them)
            for (int l = 0; l < arch.layers(); l++) {
                ch.absorbPublic("statement.architecture.activation." + l, arch.parameters(l));
            }
        }
        switch (statement.start()) {
            case Start.Public pub -> {
                for (int p = 0; p < pub.vectors().length; p++) {
                    ch.absorbPublic("statement.initial." + p, pub.vectors()[p]);
                }
            }
            case Start.Committed c -> ch.absorbPublic("statement.start.root", c.commitment().root());
        }
        ch.absorbPublic("statement.dataset", statement.datasetDigest());
        ch.absorbPublic("statement.dataset.root", statement.dataset().root());
        switch (statement.trained()) {
            case Trained.Committed c -> ch.absorbPublic("statement.trained.root", c.commitment().root());
            case Trained.Public p -> {
                for (int i = 0; i < p.vectors().length; i++) {
                    ch.absorbPublic("statement.trained.public." + i, p.vectors()[i]);
                }
            }
        }
        ch.absorbPublic("statement.steps", new long[] {statement.steps().length, statement.firstStep()});
    }

    private static void bindStep(ChallengeSource ch, int t, long[] rows) {
        long[] message = new long[rows.length + 2];
        message[0] = t;
        message[1] = rows.length;
        System.arraycopy(rows, 0, message, 2, rows.length);
        ch.absorbPublic("training.step", message);
    }
}
