package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.LinearCheck;
import io.zkml4j.proof.relation.LookupTrees;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.relation.SharedClaim;
import io.zkml4j.proof.witness.Witness;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Evaluates every relation, linear check and lookup balance of a circuit directly on a witness,
 * with random challenges, and names the first one that does not hold: what a proof would reject
 * without saying where. The fastest way to find a wrong lowering or a wrong trace (after
 * Plonky3's check_constraints). It proves nothing and is for development and tests only.
 */
public final class CircuitChecker {
    private CircuitChecker() {}

    /** Null when the honest witness of {@code inputs} satisfies the circuit, else the first failure. */
    public static String firstFailure(Circuit circuit, long[][] modelVectors, List<long[]> inputs) {
        return firstFailure(circuit, modelVectors, inputs, Witness.Deviation.HONEST, 1);
    }

    /** The same for a deviating witness, with challenges drawn from {@code seed}. */
    public static String firstFailure(Circuit circuit, long[][] modelVectors, List<long[]> inputs, Witness.Deviation deviation, long seed) {
        return firstFailure(circuit, modelVectors, null, inputs, deviation, seed);
    }

    /** The same for one of the weights proof's circuits (range checks of model vectors, no input). */
    public static String firstFailureOfWeights(Circuit circuit, long[][] modelVectors, Witness.Deviation deviation, long seed) {
        Witness w = Witness.buildWeights(circuit, modelVectors, new Random(seed), deviation);
        return check(circuit, w, new PublicTensors(), modelVectors, null, seed);
    }

    /** An accuracy circuit's dataset: its commitment's tables (the circuit's rows only) and the stated count of correct predictions. */
    public record DatasetValues(long[][] tables, long correct) {}

    /** The same for an accuracy circuit over a dataset's values (null for other circuits). */
    public static String firstFailure(Circuit circuit, long[][] modelVectors, DatasetValues dataset, List<long[]> inputs,
                                      Witness.Deviation deviation, long seed) {
        // An accuracy circuit runs the model at every slot of its padded batch, padding rows on a zero row's input, as its prover does.
        List<long[]> executed = dataset == null ? inputs : AccuracyProtocol.paddedInputs(circuit, inputs);
        Witness w = Witness.build(circuit, modelVectors, dataset == null ? null : dataset.tables(), executed, new Random(seed), deviation);
        PublicTensors pub = InferenceProtocol.proverTensors(circuit, inputs, w.outputs());
        if (dataset != null) {
            pub.put(circuit.accuracy().realRows().name(), AccuracyProtocol.realRows(circuit));
            pub.put(io.zkml4j.proof.circuit.AccuracyPlan.CORRECT, new long[] {dataset.correct()});
        }
        return check(circuit, w, pub, modelVectors, dataset == null ? null : dataset.tables(), seed);
    }

    /** The same for a training step's circuit over its batch (the rows' committed values and labels) and the dataset's tables. */
    public static String firstFailure(Circuit circuit, long[][] modelVectors, long[][] datasetTables, io.zkml4j.proof.witness.TrainingBatch batch,
                                      long[] rows, List<long[]> inputs, Witness.Deviation deviation, long seed) {
        Witness w = Witness.buildTraining(circuit, modelVectors, modelVectors, circuit.model(), batch, inputs, new Random(seed), deviation);
        return check(circuit, w, TrainingStatement.publicTensors(circuit, rows), modelVectors, datasetTables, seed);
    }

    private static String check(Circuit circuit, Witness w, PublicTensors pub, long[][] modelVectors, long[][] datasetTables, long seed) {
        ChallengeSource ch = randomChallenges(seed);
        Challenges c = CircuitSection.drawLookupChallenges(ch, circuit);
        w.computeInverses(CircuitSection.alphas(c, circuit), CircuitSection.betas(c, circuit));
        long[][][] tables = {modelVectors, w.witnessVectors(), w.inverseVectors(), null, datasetTables, modelVectors}; // the velocity is 0
        List<Relation> relations = Relations.of(circuit);
        List<LinearCheck> checks = Relations.linearChecks(circuit);
        relations.forEach(r -> r.drawPoints(ch, c));
        checks.forEach(l -> l.drawPoints(ch, c));
        for (Relation r : relations) {
            Relation.HiddenClaim h = r.claim(c, pub);
            Ext2 needed = h == null ? Ext2.ZERO : evaluate(h.terms(), tables).add(h.constant());
            // (A sum over the cube other than the statement's shows at the sumcheck's end: the rounds take s(1) from the claim.)
            Ext2 claimed = r.claimValue(w, c);
            if (!claimed.equals(needed)) {
                return "relation '" + r.label() + "': the prover would claim " + claimed + ", the statement needs " + needed;
            }
            String revealed = revealedFailure(r, w, c, pub, needed, tables);
            if (revealed != null) {
                return revealed;
            }
        }
        for (LinearCheck l : checks) {
            String failure = failure(l.claim(c, pub), tables, "linear check '" + l.label() + "'");
            if (failure != null) {
                return failure;
            }
        }
        for (LinearClaim claim : Relations.statementSums(circuit, pub)) {
            String failure = failure(claim, tables, "the statement's sum");
            if (failure != null) {
                return failure;
            }
        }
        return lookupFailure(circuit, w, pub, c, tables);
    }

    /**
     * The relation's sumcheck run to its end: its value there, as the verifier computes it from what
     * it reveals and the public values, must be the sumcheck's final claim, and the values it reveals
     * must satisfy its claims on the committed vectors. Tables the prover derives rather than commits
     * (a convolution's im2col values, gathered from its input) are tied to the commitments only by
     * these claims, or, for a public input, to the statement only by the verifier's own value.
     */
    private static String revealedFailure(Relation r, Witness w, Challenges c, PublicTensors pub, Ext2 sum, long[][][] tables) {
        SumcheckProverInstance instance = r.instance(w, c);
        io.zkml4j.core.sumcheck.Sumcheck.ProverResult run = io.zkml4j.core.sumcheck.Sumcheck.prove(instance, sum,
                new io.zkml4j.core.transcript.FiatShamirProver(io.zkml4j.core.hash.Sha256.INSTANCE, "zkml4j/circuit-checker"), r.label());
        Ext2[] point = run.point();
        Ext2[] revealed = r.revealed(instance);
        Ext2 value = r.finalValue(point, revealed, c, pub);
        if (!value.equals(run.finalClaims()[0])) {
            return "relation '" + r.label() + "': its value at the sumcheck's end, from what it reveals and the public values, is " + value
                    + ", the sumcheck's " + run.finalClaims()[0];
        }
        for (LinearClaim claim : r.revealedClaims(point, revealed, c)) {
            String failure = failure(claim, tables, "relation '" + r.label() + "': a value it reveals");
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /**
     * The lookups' GKR run by the prover, replayed by the verifier (every round and every layer's
     * value from what it reveals), and each claim it leaves on the commitments held against them.
     */
    private static String lookupFailure(Circuit circuit, Witness w, PublicTensors pub, Challenges c, long[][][] tables) {
        String leaves = leafFailure(circuit, w, c);
        if (leaves != null) {
            return leaves;
        }
        io.zkml4j.core.transcript.FiatShamirProver prover = new io.zkml4j.core.transcript.FiatShamirProver(io.zkml4j.core.hash.Sha256.INSTANCE,
                "zkml4j/circuit-checker");
        LookupTrees.prove(circuit, List.of(w), c, prover, "logup");
        LookupTrees.Claims claims;
        try {
            claims = LookupTrees.verify(circuit, List.of(pub), c, new io.zkml4j.core.transcript.FiatShamirVerifier(io.zkml4j.core.hash.Sha256.INSTANCE,
                    "zkml4j/circuit-checker", prover.proof()), "logup");
        } catch (io.zkml4j.core.transcript.InvalidProofException e) {
            return "lookups: " + e.getMessage();
        }
        for (LinearClaim claim : claims.own().get(0)) {
            String failure = failure(claim, tables, "lookups: a revealed value or a table's balance");
            if (failure != null) {
                return failure;
            }
        }
        for (SharedClaim claim : claims.shared()) {
            String failure = failure(claim.alone(), tables, "lookups: a layer's sumcheck");
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /**
     * Each lookup tree's leaves against the looked-up columns (α − tuple at every position), and
     * each table tree's numerators against its multiplicities: names the lookup whose values are
     * not what its tree sums (a value missing from the table, counted as another).
     */
    private static String leafFailure(Circuit circuit, Witness w, Challenges c) {
        List<io.zkml4j.proof.circuit.FractionTreePlan> trees = circuit.logUp().trees();
        for (int t = 0; t < trees.size(); t++) {
            io.zkml4j.proof.circuit.FractionTreePlan plan = trees.get(t);
            io.zkml4j.core.logup.FractionTree tree = w.fractionTree(t);
            if (plan.isTable()) {
                long[] m = w.vector(plan.tablePlan().multiplicities());
                long[] p = tree.numerators(plan.numVars());
                for (int x = 0; x < m.length; x++) {
                    if (!Ext2.at(p, x).equals(Ext2.fromBase(m[x]))) {
                        return "lookups: " + plan.label() + ": leaf " + x + " is not the table row's multiplicity";
                    }
                }
                continue;
            }
            long[] q = tree.denominators(plan.numVars());
            int size = 1 << plan.lookup().numVars();
            for (int o = 0; o < plan.lookup().operands().size(); o++) {
                long[][] cols = w.columns(plan.lookup().operands().get(o));
                for (int x = 0; x < size; x++) {
                    Ext2 v = Ext2.ZERO;
                    for (int col = cols.length - 1; col >= 0; col--) {
                        v = v.mul(c.beta(plan.table())).add(Ext2.fromBase(cols[col][x]));
                    }
                    if (!Ext2.at(q, o * size + x).equals(c.alpha(plan.table()).sub(v))) {
                        return "lookups: " + plan.label() + ": operand " + plan.lookup().operands().get(o).label() + " at position " + x
                                + " is not the value its tree looks up";
                    }
                }
            }
        }
        return null;
    }

    private static String failure(LinearClaim claim, long[][][] tables, String what) {
        Ext2 value = evaluate(claim.terms(), tables);
        return value.equals(claim.value()) ? null : what + " does not hold: " + value + " instead of " + claim.value();
    }

    private static Ext2 evaluate(List<LinearClaim.Term> terms, long[][][] tables) {
        Ext2 acc = Ext2.ZERO;
        for (LinearClaim.Term t : terms) {
            acc = acc.add(t.coefficient().mul(Weights.apply(t.weights(), tables[commitmentIndex(t.commitment())][t.polynomial()])));
        }
        return acc;
    }

    private static int commitmentIndex(int commitment) {
        return switch (commitment) {
            case VectorRef.MODEL -> 0;
            case VectorRef.WITNESS -> 1;
            case VectorRef.INVERSES -> 2;
            case VectorRef.DATASET -> 4;
            case VectorRef.PREVIOUS -> 5;
            default -> throw new IllegalArgumentException("no commitment " + commitment);
        };
    }

    /** Challenges from a seeded generator: the checker is not a proof, so nothing needs binding. */
    private static ChallengeSource randomChallenges(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ChallengeSource() {
            public void absorbPublic(String label, byte[] data) { }
            public void absorbPublic(String label, long[] elements) { }
            public Ext2 challengeExt(String label) {
                return Ext2.of(Goldilocks.canonical(r.nextLong()), Goldilocks.canonical(r.nextLong()));
            }
            public int[] challengeIndices(String label, int count, int bound) {
                int[] out = new int[count];
                for (int i = 0; i < count; i++) {
                    out[i] = r.nextInt(bound);
                }
                return out;
            }
            public boolean isFiatShamir() { return false; }
        };
    }
}
