package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The GKR protocol for sums of fractions (Papini and Haböck, "Improving logarithmic derivative
 * lookups using GKR", 2023): proves Σ over several trees of Σ_i p_i/q_i = 0 with every q_i ≠ 0,
 * without inverting anything.
 *
 * <p>The prover sends each tree's root p/q. The verifier checks that the roots add up to zero with
 * a non-zero common denominator (the product of all leaf denominators, so none is zero). Then, from
 * the root down, one batched sumcheck per layer reduces claims about (p, q) of layer i at a point ρ
 * to claims about the left and right children at a new point r:
 * p_i(ρ) = Σ_x eq(ρ, x)(p_L q_R + p_R q_L)(x) and q_i(ρ) = Σ_x eq(ρ, x)(q_L q_R)(x); a random τ then
 * folds the two children into one claim on layer i + 1 at (r, τ). Trees of different depths run
 * together and drop out when they reach their leaves, leaving a claim on the leaves' p and q.
 *
 * <p>Sound but not zero-knowledge: the roots and layer values are sent in the clear. The caller
 * binds the tree sizes into the transcript (they are part of its statement).
 */
public final class FractionalSum {
    private FractionalSum() {}

    /** Claims on a tree's leaves: p(point) = numerator and q(point) = denominator. */
    public record LeafClaim(Ext2[] point, Ext2 numerator, Ext2 denominator) {}

    /**
     * @param leafNumerators per tree, interleaved extension leaves, or null for all-ones numerators
     * @param leafDenominators per tree, interleaved extension leaves (power-of-two count)
     */
    public static List<LeafClaim> prove(List<long[]> leafNumerators, List<long[]> leafDenominators, ProverChannel ch, String label) {
        int count = leafDenominators.size();
        List<FractionTree> trees = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            trees.add(new FractionTree(leafNumerators.get(t), leafDenominators.get(t)));
        }
        long[] roots = new long[4 * count];
        for (int t = 0; t < count; t++) {
            trees.get(t).rootNumerator().store(roots, 2 * t);
            trees.get(t).rootDenominator().store(roots, 2 * t + 1);
        }
        ch.sendExt(label + ".roots", roots);
        Ext2[] p = new Ext2[count];
        Ext2[] q = new Ext2[count];
        for (int t = 0; t < count; t++) {
            p[t] = Ext2.at(roots, 2 * t);
            q[t] = Ext2.at(roots, 2 * t + 1);
        }
        LeafClaim[] leaves = new LeafClaim[count];
        Ext2[] rho = new Ext2[0];
        int depth = trees.stream().mapToInt(tr -> tr.numVars).max().orElse(0);
        for (int layer = 0; layer < depth; layer++) {
            Ext2 mu = ch.challengeExt(label + ".mu");
            List<Integer> active = activeTrees(trees.stream().mapToInt(tr -> tr.numVars).toArray(), layer);
            List<SumcheckProverInstance> instances = new ArrayList<>();
            List<Ext2> claims = new ArrayList<>();
            for (int t : active) {
                FractionTree tree = trees.get(t);
                long[] p1 = tree.numerators[layer + 1];
                long[] q1 = tree.denominators[layer + 1];
                int half = q1.length / 2;
                instances.add(new FractionLayerInstance(rho, mu,
                        p1 == null ? null : Arrays.copyOf(p1, half), p1 == null ? null : Arrays.copyOfRange(p1, half, p1.length),
                        Arrays.copyOf(q1, half), Arrays.copyOfRange(q1, half, q1.length)));
                claims.add(p[t].add(mu.mul(q[t])));
            }
            Sumcheck.ProverResult r = Sumcheck.proveBatched(instances, claims, ch, label + ".layer");
            long[] children = new long[8 * active.size()];
            for (int k = 0; k < active.size(); k++) {
                Ext2[] v = ((FractionLayerInstance) instances.get(k)).finalValues(); // pL, pR, qL, qR
                for (int c = 0; c < 4; c++) {
                    v[c].store(children, 4 * k + c);
                }
            }
            ch.sendExt(label + ".children", children);
            Ext2 tau = ch.challengeExt(label + ".tau");
            rho = append(r.point(), tau);
            descend(children, active, tau, rho, layer, trees.stream().mapToInt(tr -> tr.numVars).toArray(), p, q, leaves);
        }
        for (int t = 0; t < count; t++) {
            if (trees.get(t).numVars == 0) {
                leaves[t] = new LeafClaim(new Ext2[0], p[t], q[t]);
            }
        }
        return List.of(leaves);
    }

    /** Verifies; returns the claims on each tree's leaves, which the caller must check. */
    public static List<LeafClaim> verify(int[] treeVars, VerifierChannel ch, String label) throws InvalidProofException {
        int count = treeVars.length;
        long[] roots = ch.receiveExt(label + ".roots", 2 * count);
        Ext2[] p = new Ext2[count];
        Ext2[] q = new Ext2[count];
        Ext2 sumP = Ext2.ZERO;
        Ext2 sumQ = Ext2.ONE;
        for (int t = 0; t < count; t++) {
            p[t] = Ext2.at(roots, 2 * t);
            q[t] = Ext2.at(roots, 2 * t + 1);
            sumP = sumP.mul(q[t]).add(p[t].mul(sumQ));
            sumQ = sumQ.mul(q[t]);
        }
        InvalidProofException.check(!sumQ.isZero(), "%s: a denominator is zero (a looked-up value equals the challenge)", label);
        InvalidProofException.check(sumP.isZero(), "%s: the fractions do not sum to zero (a value is not in the table, or a multiplicity is wrong)", label);
        LeafClaim[] leaves = new LeafClaim[count];
        Ext2[] rho = new Ext2[0];
        int depth = Arrays.stream(treeVars).max().orElse(0);
        for (int layer = 0; layer < depth; layer++) {
            Ext2 mu = ch.challengeExt(label + ".mu");
            List<Integer> active = activeTrees(treeVars, layer);
            List<Ext2> claims = new ArrayList<>();
            for (int t : active) {
                claims.add(p[t].add(mu.mul(q[t])));
            }
            int[] vars = new int[active.size()];
            Arrays.fill(vars, layer);
            Sumcheck.Verification v = Sumcheck.verifyBatched(claims, vars, 3, ch, label + ".layer");
            long[] children = ch.receiveExt(label + ".children", 4 * active.size());
            Ext2 eq = Multilinear.eq(rho, v.point());
            Ext2[] finals = new Ext2[active.size()];
            for (int k = 0; k < active.size(); k++) {
                Ext2 pl = Ext2.at(children, 4 * k), pr = Ext2.at(children, 4 * k + 1);
                Ext2 ql = Ext2.at(children, 4 * k + 2), qr = Ext2.at(children, 4 * k + 3);
                finals[k] = eq.mul(pl.mul(qr).add(pr.mul(ql)).add(mu.mul(ql.mul(qr))));
            }
            v.check(finals);
            Ext2 tau = ch.challengeExt(label + ".tau");
            rho = append(v.point(), tau);
            descend(children, active, tau, rho, layer, treeVars, p, q, leaves);
        }
        for (int t = 0; t < count; t++) {
            if (treeVars[t] == 0) {
                leaves[t] = new LeafClaim(new Ext2[0], p[t], q[t]);
            }
        }
        return List.of(leaves);
    }

    private static List<Integer> activeTrees(int[] vars, int layer) {
        List<Integer> active = new ArrayList<>();
        for (int t = 0; t < vars.length; t++) {
            if (vars[t] > layer) {
                active.add(t);
            }
        }
        return active;
    }

    /**
     * After a layer: each active tree's claims move to its child layer at (r, τ), folding the left
     * and right children's values (p_L, p_R, q_L, q_R) with τ; trees that reached their leaves
     * record their final claims.
     */
    private static void descend(long[] children, List<Integer> active, Ext2 tau, Ext2[] rho, int layer, int[] treeVars,
                                Ext2[] p, Ext2[] q, LeafClaim[] leaves) {
        for (int k = 0; k < active.size(); k++) {
            int t = active.get(k);
            p[t] = fold(Ext2.at(children, 4 * k), Ext2.at(children, 4 * k + 1), tau);
            q[t] = fold(Ext2.at(children, 4 * k + 2), Ext2.at(children, 4 * k + 3), tau);
            if (treeVars[t] == layer + 1) {
                leaves[t] = new LeafClaim(rho, p[t], q[t]);
            }
        }
    }

    private static Ext2 fold(Ext2 left, Ext2 right, Ext2 tau) {
        return left.add(tau.mul(right.sub(left)));
    }

    private static Ext2[] append(Ext2[] point, Ext2 last) {
        Ext2[] out = Arrays.copyOf(point, point.length + 1);
        out[point.length] = last;
        return out;
    }

}
