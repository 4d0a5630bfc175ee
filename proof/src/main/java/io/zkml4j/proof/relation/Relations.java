package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.ArrayList;
import java.util.List;

/** The relations and linear checks of a circuit, in the one order both sides use. */
public final class Relations {
    private Relations() {}

    /** The relations, checked against the sumcheck degrees the circuit planned. */
    public static List<Relation> of(Circuit circuit) {
        List<Relation> out = build(circuit);
        int n = circuit.libraDegrees().length;
        for (Relation r : out) {
            if (r.numVars() > n) {
                throw new IllegalStateException(r.label() + " has more variables than the circuit planned");
            }
            for (int round = 0; round < r.numVars(); round++) {
                int d = round == 0 ? r.round0Degree() : r.laterDegree();
                if (d > circuit.libraDegrees()[round]) {
                    throw new IllegalStateException(r.label() + " needs degree " + d + " in round " + round + ", the circuit planned "
                            + circuit.libraDegrees()[round]);
                }
            }
        }
        return out;
    }

    /** The relations of a circuit whose sumcheck mask is not planned yet (the compiler sizes it from these). */
    public static List<Relation> build(Circuit circuit) {
        List<Relation> out = new ArrayList<>();
        for (LayerPlan plan : circuit.layers()) {
            switch (plan) {
                case LayerPlan.Dense d -> out.add(new DenseRelation(d));
                case LayerPlan.Conv c -> {
                    out.add(new GatherRelation("im2col." + c.layer().name(), c.im2col(), c.input(), committedTarget(c.columns())));
                    out.add(new ConvRelation(c));
                }
                case LayerPlan.MaxPool p -> {
                    for (int k = 0; k < p.maps().size(); k++) {
                        out.add(new GatherRelation("maxpool." + p.layer().name() + ".window" + k, p.maps().get(k), p.input(),
                                differenceTarget(p.output(), p.differences().get(k))));
                    }
                    out.add(new ProductZeroRelation("maxpool." + p.layer().name(), p.differences()));
                }
                case LayerPlan.AvgPool p -> out.add(new GatherRelation("avgpool." + p.layer().name(), p.sums(), p.input(),
                        new GatherRelation.Target() {
                            public int numVars() {
                                return p.requant().output().numVars();
                            }

                            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                                return RequantLink.accumulator(p.requant(), u, pub);
                            }
                        }));
                case LayerPlan.Mul m -> out.add(new EqProductRelation("mul." + m.layer().name(), List.of(m.a(), m.b()),
                        m.layer().multiplier(), null, null, m.requant()));
                case LayerPlan.Affine a -> out.add(new EqProductRelation("affine." + a.layer().name(), List.of(a.input()), 1,
                        a.scale(), a.shift(), a.requant()));
                case LayerPlan.Concat c -> {
                    for (int k = 0; k < c.maps().size(); k++) {
                        out.add(new GatherRelation("concat." + c.layer().name() + ".part" + k, c.maps().get(k), c.inputs().get(k),
                                committedTarget(c.parts().get(k))));
                    }
                }
                case LayerPlan.Add a -> { } // a linear check
                case LayerPlan.Activate a -> { } // only its lookup
            }
        }
        for (LookupPlan l : circuit.lookups()) {
            out.add(new LookupRelation(l));
        }
        for (int t = 0; t < circuit.tables().size(); t++) {
            out.add(new TableRelation(circuit.tables().get(t), t));
        }
        return out;
    }

    /** Relations that hold position by position and linearly: checked by a commitment claim alone. */
    public static List<LinearCheck> linearChecks(Circuit circuit) {
        List<LinearCheck> out = new ArrayList<>();
        for (LayerPlan plan : circuit.layers()) {
            if (plan instanceof LayerPlan.Add a) {
                out.add(LinearCheck.add("add." + a.layer().name(), a.a(), a.layer().multA(), a.b(), a.layer().multB(), a.requant()));
            } else if (plan instanceof LayerPlan.Concat c) {
                out.add(LinearCheck.sum("concat." + c.layer().name(), c.output(), c.parts()));
            }
        }
        return out;
    }

    /** The gathered values equal a committed vector. */
    private static GatherRelation.Target committedTarget(TensorPlan t) {
        return new GatherRelation.Target() {
            public int numVars() {
                return t.numVars();
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                return new Relation.HiddenClaim(List.of(ClaimTerms.plain(t.vector(), u, Ext2.ONE)), Ext2.ZERO);
            }
        };
    }

    /** The gathered window values equal y − D (y public or committed). */
    private static GatherRelation.Target differenceTarget(TensorPlan y, TensorPlan d) {
        return new GatherRelation.Target() {
            public int numVars() {
                return d.numVars();
            }

            public Relation.HiddenClaim claimAt(Ext2[] u, PublicTensors pub) {
                List<LinearClaim.Term> terms = new ArrayList<>();
                terms.add(ClaimTerms.plain(d.vector(), u, Ext2.ONE.neg()));
                Ext2 constant = Ext2.ZERO;
                if (y.isPublic()) {
                    constant = pub.evaluate(y.name(), u);
                } else {
                    terms.add(ClaimTerms.plain(y.vector(), u, Ext2.ONE));
                }
                return new Relation.HiddenClaim(terms, constant);
            }
        };
    }

    /**
     * The LogUp balance of each table: Σ over its lookups of Σ_x h(x) equals Σ_j g(j). A commitment
     * claim with the value zero: it reveals nothing.
     */
    public static List<LinearClaim> sumClaims(Circuit circuit) {
        List<LinearClaim> claims = new ArrayList<>();
        Ext2 phi = Ext2.of(0, 1);
        for (int t = 0; t < circuit.tables().size(); t++) {
            TablePlan table = circuit.tables().get(t);
            List<LinearClaim.Term> terms = new ArrayList<>();
            for (LookupPlan l : circuit.lookups()) {
                if (l.table() == t) {
                    terms.add(ClaimTerms.sum(l.inverse().c0(), Ext2.ONE));
                    terms.add(ClaimTerms.sum(l.inverse().c1(), phi));
                }
            }
            terms.add(ClaimTerms.sum(table.inverse().c0(), Ext2.ONE.neg()));
            terms.add(ClaimTerms.sum(table.inverse().c1(), phi.neg()));
            claims.add(new LinearClaim(terms, Ext2.ZERO));
        }
        return claims;
    }
}
