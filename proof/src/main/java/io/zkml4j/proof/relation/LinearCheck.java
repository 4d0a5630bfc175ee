package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.LinearPlan;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * A relation that is linear position by position between vectors in the same layout, checked at
 * one random point as a commitment claim whose value is public (so it reveals nothing): no
 * sumcheck needed. Each kind is a record, so that a verifier written elsewhere (the EVM's,
 * generated from a key) can read what it checks.
 */
public sealed interface LinearCheck {
    /** Names the check in messages (the debug checker's) and its point in the transcript. */
    String label();

    /** The variables of the check's point. */
    int numVars();

    default void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label(), ch.challengeExts(label() + ".u", numVars()));
    }

    LinearClaim claim(Challenges c, PublicTensors pub);

    /** Element-wise addition: acc = multA·a + multB·b, then requantised. */
    static LinearCheck add(String label, TensorPlan a, long multA, TensorPlan b, long multB, RequantPlan rq) {
        return new Addition(label, a, multA, b, multB, rq);
    }

    /** output = Σ parts at every position (Concat: each part is one input placed in the output). */
    static LinearCheck sum(String label, TensorPlan output, List<TensorPlan> parts) {
        return new PartsSum(label, output, parts);
    }

    /** value + offset = Σ_i 2^(8i)·limb_i. */
    static LinearCheck decomposition(Decomposition d) {
        return new Limbs(d);
    }

    /** Σ coefficient·tensor + constant = 0 at every position, the constant per sample (the kit's {@link LinearPlan}). */
    static LinearCheck of(LinearPlan plan) {
        return new Planned(plan);
    }

    /**
     * Selected rows equal the dataset's: target(u) = Σ_b eq(u_b, b)·source(u_x, rows[b]), a claim with
     * one term per distinct selected row (each an evaluation of the dataset's table at a point whose
     * row coordinates are that row's bits) and the value zero.
     */
    static LinearCheck selection(io.zkml4j.proof.circuit.SelectionPlan plan) {
        return new Selection(plan);
    }

    record Addition(String label, TensorPlan a, long multA, TensorPlan b, long multB, RequantPlan requant) implements LinearCheck {
        public int numVars() {
            return requant.output().numVars();
        }

        public LinearClaim claim(Challenges c, PublicTensors pub) {
            Ext2[] u = c.point(label);
            Relation.HiddenClaim acc = RequantLink.accumulator(requant, u, pub);
            Accumulated sum = new Accumulated(acc.terms(), acc.constant());
            sum.subtract(a, Ext2.fromBase(io.zkml4j.core.field.Goldilocks.fromSigned(multA)), u, pub);
            sum.subtract(b, Ext2.fromBase(io.zkml4j.core.field.Goldilocks.fromSigned(multB)), u, pub);
            return sum.equalsZero();
        }
    }

    record PartsSum(String label, TensorPlan output, List<TensorPlan> parts) implements LinearCheck {
        public PartsSum {
            parts = List.copyOf(parts);
        }

        public int numVars() {
            return output.numVars();
        }

        public LinearClaim claim(Challenges c, PublicTensors pub) {
            Ext2[] u = c.point(label);
            Accumulated sum = new Accumulated(new ArrayList<>(), Ext2.ZERO);
            sum.subtract(output, Ext2.ONE.neg(), u, pub);
            for (TensorPlan part : parts) {
                sum.subtract(part, Ext2.ONE, u, pub);
            }
            return sum.equalsZero();
        }
    }

    record Limbs(Decomposition decomposition) implements LinearCheck {
        public String label() {
            return decomposition.label();
        }

        public int numVars() {
            return decomposition.limbs().get(0).numVars();
        }

        public LinearClaim claim(Challenges c, PublicTensors pub) {
            Decomposition d = decomposition;
            Ext2[] u = c.point(d.label());
            Accumulated sum = new Accumulated(new ArrayList<>(), Ext2.fromBase(io.zkml4j.core.field.Goldilocks.fromSigned(d.offset())));
            sum.subtract(d.value(), Ext2.ONE.neg(), u, pub);
            for (int i = 0; i < d.limbs().size(); i++) {
                sum.subtract(d.limbs().get(i), Ext2.fromBase(1L << (d.limbBits() * i)), u, pub);
            }
            return sum.equalsZero();
        }
    }

    record Planned(LinearPlan plan) implements LinearCheck {
        public String label() {
            return plan.label();
        }

        public int numVars() {
            return plan.terms().get(0).tensor().numVars();
        }

        public LinearClaim claim(Challenges c, PublicTensors pub) {
            long[] constant = new long[plan.constantPerSample().length];
            for (int i = 0; i < constant.length; i++) {
                constant[i] = io.zkml4j.core.field.Goldilocks.fromSigned(plan.constantPerSample()[i]);
            }
            Ext2[] u = c.point(plan.label());
            Accumulated sum = new Accumulated(new ArrayList<>(), ClaimTerms.repeatedEvaluate(constant, u));
            for (io.zkml4j.proof.circuit.LinearTerm t : plan.terms()) {
                sum.subtract(t.tensor(), Ext2.fromBase(io.zkml4j.core.field.Goldilocks.fromSigned(t.coefficient())).neg(), u, pub);
            }
            return sum.equalsZero();
        }
    }

    record Selection(io.zkml4j.proof.circuit.SelectionPlan plan) implements LinearCheck {
        public String label() {
            return plan.label();
        }

        public int numVars() {
            return plan.target().numVars();
        }

        public LinearClaim claim(Challenges c, PublicTensors pub) {
            TensorPlan target = plan.target();
            int sampleVars = target.layout().sampleVars();
            int sourceRowVars = plan.source().numVars() - plan.source().layout().sampleVars();
            Ext2[] u = c.point(plan.label());
            long[] rows = pub.get(plan.rowsName());
            int padded = target.layout().batchPadded();
            if (rows.length < 1 || rows.length > padded) {
                throw new IllegalStateException(plan.label() + ": " + rows.length + " rows for a batch of " + padded);
            }
            long[] eq = io.zkml4j.core.poly.Multilinear.eqTable(java.util.Arrays.copyOfRange(u, sampleVars, u.length));
            java.util.Map<Long, Ext2> weights = new java.util.LinkedHashMap<>();
            for (int b = 0; b < padded; b++) {
                if (b >= rows.length && !plan.padWithFirst()) {
                    continue;
                }
                long row = b < rows.length ? rows[b] : rows[0];
                weights.merge(row, Ext2.at(eq, b), Ext2::add);
            }
            List<LinearClaim.Term> terms = new ArrayList<>();
            terms.add(ClaimTerms.plain(target.vector(), u, Ext2.ONE));
            Ext2[] low = java.util.Arrays.copyOf(u, sampleVars);
            for (java.util.Map.Entry<Long, Ext2> e : weights.entrySet()) {
                long row = e.getKey();
                if (row < 0 || row >= 1L << sourceRowVars) {
                    throw new IllegalStateException(plan.label() + ": row " + row + " is outside the dataset");
                }
                Ext2[] point = java.util.Arrays.copyOf(low, sampleVars + sourceRowVars);
                for (int v = 0; v < sourceRowVars; v++) {
                    point[sampleVars + v] = ((row >>> v) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
                }
                terms.add(ClaimTerms.plain(plan.source().vector(), point, e.getValue().neg()));
            }
            return new LinearClaim(terms, Ext2.ZERO);
        }
    }

    /** Σ terms + constant, built term by term; public tensors fold into the constant. */
    final class Accumulated {
        private final List<LinearClaim.Term> terms;
        private Ext2 constant;

        Accumulated(List<LinearClaim.Term> terms, Ext2 constant) {
            this.terms = new ArrayList<>(terms);
            this.constant = constant;
        }

        void subtract(TensorPlan t, Ext2 coefficient, Ext2[] u, PublicTensors pub) {
            if (t.isPublic()) {
                constant = constant.sub(coefficient.mul(pub.evaluate(t, u)));
            } else if (t.numVars() < u.length) { // a smaller vector, zero-extended: its MLE times Π (1 − u_i) over the extra variables
                Ext2 extension = Ext2.ONE;
                for (int i = t.numVars(); i < u.length; i++) {
                    extension = extension.mul(Ext2.ONE.sub(u[i]));
                }
                terms.add(ClaimTerms.plain(t.vector(), java.util.Arrays.copyOf(u, t.numVars()), coefficient.neg().mul(extension)));
            } else {
                terms.add(ClaimTerms.plain(t.vector(), u, coefficient.neg()));
            }
        }

        /** The claim Σ terms + constant = 0, i.e. Σ terms = −constant. */
        LinearClaim equalsZero() {
            if (terms.isEmpty()) {
                throw new IllegalStateException("a linear check needs a committed term");
            }
            return new LinearClaim(terms, constant.neg());
        }
    }
}
