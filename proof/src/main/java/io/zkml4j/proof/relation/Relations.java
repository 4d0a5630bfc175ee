package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.TablePlan;

import java.util.ArrayList;
import java.util.List;

/** The relations of a circuit, in the one order both sides use. */
public final class Relations {
    private Relations() {}

    public static List<Relation> of(Circuit circuit) {
        List<Relation> out = new ArrayList<>();
        for (LayerPlan plan : circuit.layers()) {
            if (plan instanceof LayerPlan.Dense d) {
                out.add(new DenseRelation(d));
            }
        }
        for (LookupPlan l : circuit.lookups()) {
            out.add(new LookupRelation(l));
        }
        for (int t = 0; t < circuit.tables().size(); t++) {
            out.add(new TableRelation(circuit.tables().get(t), t));
        }
        int n = circuit.libraDegrees().length;
        for (Relation r : out) {
            for (int round = 0; round < r.numVars(); round++) {
                int d = round == 0 ? r.round0Degree() : r.laterDegree();
                if (d > circuit.libraDegrees()[round]) {
                    throw new IllegalStateException(r.label() + " needs degree " + d + " in round " + round + ", the circuit planned "
                            + circuit.libraDegrees()[round]);
                }
            }
            if (r.numVars() > n) {
                throw new IllegalStateException(r.label() + " has more variables than the circuit planned");
            }
        }
        return out;
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
