package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a relation's sum is tied to at its random point u: a linear combination of committed
 * (or public) vectors at u, which the commitment proves as a hidden claim.
 */
public interface Target {
    int numVars();

    Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub);

    /** Zero: the relation's sum must vanish. */
    static Target zero(int numVars) {
        return new Target() {
            public int numVars() {
                return numVars;
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                return new Relation.HiddenClaim(List.of(), Ext2.ZERO);
            }
        };
    }

    /** Σ coefficient·tensor at u (zero when there are no terms); every tensor has {@code numVars} variables. */
    static Target linear(List<io.zkml4j.proof.circuit.LinearTerm> terms, int numVars) {
        for (io.zkml4j.proof.circuit.LinearTerm t : terms) {
            if (t.tensor().numVars() != numVars) {
                throw new IllegalArgumentException(t.tensor().name() + " has " + t.tensor().numVars() + " variables, the target " + numVars);
            }
        }
        return new Target() {
            public int numVars() {
                return numVars;
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
        };
    }

    /** The tensor's value at u. */
    static Target of(TensorPlan t) {
        return new Target() {
            public int numVars() {
                return t.numVars();
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                if (t.isPublic()) {
                    return new Relation.HiddenClaim(List.of(), pub.evaluate(t, u));
                }
                return new Relation.HiddenClaim(List.of(ClaimTerms.plain(t.vector(), u, Ext2.ONE)), Ext2.ZERO);
            }
        };
    }

    /** y − d at u (max pooling: the window values are the output minus the differences). */
    static Target difference(TensorPlan y, TensorPlan d) {
        return new Target() {
            public int numVars() {
                return d.numVars();
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                Relation.HiddenClaim c = of(y).claimAt(u, pub);
                List<LinearClaim.Term> terms = new ArrayList<>(c.terms());
                terms.add(ClaimTerms.plain(d.vector(), u, Ext2.ONE.neg()));
                return new Relation.HiddenClaim(terms, c.constant());
            }
        };
    }

    /** A requantising layer's accumulator at u, in terms of its witness. */
    static Target accumulator(RequantPlan rq) {
        return new Target() {
            public int numVars() {
                return rq.output().numVars();
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                return RequantLink.accumulator(rq, u, pub);
            }
        };
    }

    /** This target minus a public per-sample vector repeated over the batch (at u). */
    default Target minusPublic(long[] perSample, int samples) {
        Target base = this;
        return new Target() {
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
        };
    }
}
