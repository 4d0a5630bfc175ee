package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a relation's sum is tied to at its random point u: a linear combination of committed
 * (or public) vectors at u, which the commitment proves as a hidden claim. Each kind is a record,
 * so that a verifier written elsewhere (the EVM's, generated from a key) can read what it is.
 */
public sealed interface Target {
    int numVars();

    Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub);

    /** Zero: the relation's sum must vanish. */
    static Target zero(int numVars) {
        return new Zero(numVars);
    }

    /** Σ coefficient·tensor at u (zero when there are no terms); every tensor has {@code numVars} variables. */
    static Target linear(List<io.zkml4j.proof.circuit.LinearTerm> terms, int numVars) {
        return new Linear(terms, numVars);
    }

    /** The tensor's value at u. */
    static Target of(TensorPlan t) {
        return new Of(t);
    }

    /** y − d at u (max pooling: the window values are the output minus the differences). */
    static Target difference(TensorPlan y, TensorPlan d) {
        return new Difference(y, d);
    }

    /** A requantising layer's accumulator at u, in terms of its witness. */
    static Target accumulator(RequantPlan rq) {
        return new Accumulator(rq);
    }

    /** This target minus a public per-sample vector repeated over the batch (at u). */
    default Target minusPublic(long[] perSample, int samples) {
        return new MinusPublic(this, perSample, samples);
    }

    record Zero(int numVars) implements Target {
        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            return new Relation.HiddenClaim(List.of(), Ext2.ZERO);
        }
    }

    record Linear(List<io.zkml4j.proof.circuit.LinearTerm> terms, int numVars) implements Target {
        public Linear {
            terms = List.copyOf(terms);
            for (io.zkml4j.proof.circuit.LinearTerm t : terms) {
                if (t.tensor().numVars() != numVars) {
                    throw new IllegalArgumentException(t.tensor().name() + " has " + t.tensor().numVars() + " variables, the target " + numVars);
                }
            }
        }

        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            List<LinearClaim.Term> out = new ArrayList<>();
            Ext2 constant = Ext2.ZERO;
            for (io.zkml4j.proof.circuit.LinearTerm t : terms) {
                Ext2 coefficient = Ext2.fromBase(io.zkml4j.core.field.Goldilocks.fromSigned(t.coefficient()));
                if (t.tensor().isPublic()) {
                    constant = constant.add(coefficient.mul(pub.evaluate(t.tensor(), u)));
                } else {
                    out.add(ClaimTerms.plain(t.tensor().vector(), u, coefficient));
                }
            }
            return new Relation.HiddenClaim(out, constant);
        }
    }

    record Of(TensorPlan tensor) implements Target {
        public int numVars() {
            return tensor.numVars();
        }

        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            if (tensor.isPublic()) {
                return new Relation.HiddenClaim(List.of(), pub.evaluate(tensor, u));
            }
            return new Relation.HiddenClaim(List.of(ClaimTerms.plain(tensor.vector(), u, Ext2.ONE)), Ext2.ZERO);
        }
    }

    record Difference(TensorPlan y, TensorPlan d) implements Target {
        public int numVars() {
            return d.numVars();
        }

        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            Relation.HiddenClaim c = of(y).claimAt(u, pub);
            List<LinearClaim.Term> terms = new ArrayList<>(c.terms());
            terms.add(ClaimTerms.plain(d.vector(), u, Ext2.ONE.neg()));
            return new Relation.HiddenClaim(terms, c.constant());
        }
    }

    record Accumulator(RequantPlan requant) implements Target {
        public int numVars() {
            return requant.output().numVars();
        }

        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            return RequantLink.accumulator(requant, u, pub);
        }
    }

    record MinusPublic(Target base, long[] perSample, int samples) implements Target {
        public int numVars() {
            return base.numVars();
        }

        public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
            Relation.HiddenClaim c = base.claimAt(u, pub);
            if ((long) perSample.length * samples != 1L << u.length) {
                throw new IllegalStateException("a per-sample vector must repeat over the whole padded batch");
            }
            return new Relation.HiddenClaim(c.terms(), c.constant().sub(ClaimTerms.repeatedEvaluate(perSample, u)));
        }
    }
}
