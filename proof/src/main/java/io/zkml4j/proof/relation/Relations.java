package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.GatherPlan;
import io.zkml4j.proof.circuit.LinearPlan;
import io.zkml4j.proof.circuit.ProductPlan;
import io.zkml4j.proof.circuit.SumPlan;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.ReluPlan;
import io.zkml4j.proof.circuit.ZeroCheck;

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
            String name = plan.layer().name();
            switch (plan) {
                case LayerPlan.Dense d -> out.add(new ContractionRelation(io.zkml4j.proof.circuit.ContractionPlan.dense(d)));
                case LayerPlan.Conv c -> out.add(new ConvRelation(c));
                case LayerPlan.MaxPool p -> {
                    for (int k = 0; k < p.maps().size(); k++) {
                        out.add(new GatherRelation("maxpool." + name + ".window" + k, p.maps().get(k), p.input(),
                                Target.difference(p.output(), p.differences().get(k))));
                    }
                    out.add(new ProductZeroRelation("maxpool." + name, p.differences()));
                }
                case LayerPlan.AvgPool p -> out.add(new GatherRelation("avgpool." + name, p.sums(), p.input(), Target.accumulator(p.requant())));
                case LayerPlan.Mul m -> out.add(new EqProductRelation("mul." + name, List.of(m.a(), m.b()), m.layer().multiplier(), null,
                        Target.accumulator(m.requant())));
                case LayerPlan.Affine a -> out.add(new EqProductRelation("affine." + name, List.of(a.input()), 1, a.scale(),
                        Target.accumulator(a.requant()).minusPublic(a.shift(), a.input().layout().batchPadded())));
                case LayerPlan.Concat c -> {
                    for (int k = 0; k < c.maps().size(); k++) {
                        out.add(new GatherRelation("concat." + name + ".part" + k, c.maps().get(k), c.inputs().get(k), Target.of(c.parts().get(k))));
                    }
                }
                case LayerPlan.MatMul m -> {
                    out.add(new GatherRelation("matmul." + name + ".a", m.aMap(), m.a(), Target.of(m.aMatrix())));
                    out.add(new GatherRelation("matmul." + name + ".b", m.bMap(), m.b(), Target.of(m.bMatrix())));
                } // the contraction is a kit constraint (below)
                case LayerPlan.Add a -> { } // a linear check
                case LayerPlan.Activate a -> { } // its activation's checks below
            }
        }
        for (ZeroCheck z : circuit.zeroChecks()) {
            Target target = Target.zero(z.tensor().numVars());
            if (z.value() != 0) { // value·selector at u, written as zero minus (−value·selector)
                long[] scaled = new long[z.selector().length];
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] = io.zkml4j.core.field.Goldilocks.neg(io.zkml4j.core.field.Goldilocks.mul(z.selector()[i],
                            io.zkml4j.core.field.Goldilocks.fromSigned(z.value())));
                }
                target = target.minusPublic(scaled, z.tensor().layout().batchPadded());
            }
            out.add(new EqProductRelation(z.label(), List.of(z.tensor()), 1, z.selector(), target));
        }
        for (ReluPlan r : circuit.relus()) {
            out.add(new EqProductRelation(r.label(), List.of(r.sign(), r.t()), 1, null, Target.of(r.output())));
        }
        Circuit.Constraints kit = circuit.constraints();
        for (GatherPlan g : kit.gathers()) {
            int targetVars = Integer.numberOfTrailingZeros(g.map().targetSize()) + g.source().layout().batchVars();
            out.add(new GatherRelation(g.label(), g.map(), g.source(), Target.linear(g.target(), targetVars)));
        }
        for (ProductPlan p : kit.products()) {
            out.add(new EqProductRelation(p.label(), p.factors(), 1, null, Target.linear(p.target(), p.factors().get(0).numVars())));
        }
        for (io.zkml4j.proof.circuit.ContractionPlan p : kit.contractions()) {
            out.add(new ContractionRelation(p));
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
        for (Decomposition d : circuit.decompositions()) {
            out.add(LinearCheck.decomposition(d));
        }
        for (LinearPlan l : circuit.constraints().linears()) {
            out.add(LinearCheck.of(l));
        }
        for (io.zkml4j.proof.circuit.SelectionPlan s : circuit.constraints().selections()) {
            out.add(LinearCheck.selection(s));
        }
        return out;
    }

    /** Each public sum of the statement: Σ_x tensor(x) = its stated value (a claim whose value is public). */
    public static List<LinearClaim> statementSums(Circuit circuit, PublicTensors pub) {
        List<LinearClaim> claims = new ArrayList<>();
        for (SumPlan s : circuit.constraints().sums()) {
            claims.add(new LinearClaim(List.of(ClaimTerms.sum(s.tensor().vector(), Ext2.ONE)), Ext2.fromBase(pub.get(s.statementValue())[0])));
        }
        return claims;
    }
}
