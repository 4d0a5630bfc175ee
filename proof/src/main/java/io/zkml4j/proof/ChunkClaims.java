package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.VectorRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The claims of an accuracy proof's chunks, in the whole proof's numbering, merged across chunks
 * where they can be. Chunk j's claims name its own witness and inverses (renumbered to the chunk's
 * indices), the weights, and the dataset's tables at chunk j's rows: a point p on the chunk's
 * variables, the row variables above them fixed to j's bits.
 *
 * <p>Chunks of one shape that share their challenges make the same claims in the same order,
 * many at the same points. The chunks are split into aligned groups of 2^s (the binary digits of
 * their count); after every chunk's sumcheck a point z is drawn, and within a group claim i of all
 * chunks becomes one claim: Σ_j eq(z_s, j)·claim_{i,j}. Where the chunks' terms on the dataset have
 * the same point p and coefficient, the multilinear identity Σ_j eq(z_s, j)·D(p, j, g) = D(p, z_s, g)
 * (g the group's index above) makes them one term; terms on the weights at one point with one
 * coefficient stay one term (the eq weights sum to one). If any claim of the group is false, the
 * merged one is false except with probability s/|F| (its error is the multilinear extension of the
 * errors at z). Claims whose dataset or weight terms differ between chunks stay one per chunk. A
 * sealed opening then handles a few dataset points instead of one per chunk.
 */
final class ChunkClaims {
    private ChunkClaims() {}

    /** An aligned group of 2^vars chunks starting at {@code first}. */
    private record Group(int first, int vars) {
        int size() {
            return 1 << vars;
        }
    }

    static List<LinearClaim> merge(List<List<LinearClaim>> perChunk, AccuracyProtocol.Chunks chunks, ChallengeSource ch) {
        int lift = chunks.liftVars();
        Ext2[] z = ch.challengeExts("accuracy.chunks.z", lift);
        List<LinearClaim> out = new ArrayList<>();
        for (Group g : groups(perChunk.size())) {
            Ext2[] low = Arrays.copyOf(z, g.vars());
            long[] eq = Multilinear.eqTable(low);
            Ext2[] zeta = new Ext2[g.size()];
            for (int i = 0; i < zeta.length; i++) {
                zeta[i] = Ext2.at(eq, i);
            }
            Ext2[] groupPoint = concat(low, Multilinear.bits(g.first() >>> g.vars(), lift - g.vars()));
            int claims = perChunk.get(g.first()).size();
            for (int i = 0; i < claims; i++) {
                List<LinearClaim> same = new ArrayList<>();
                for (int j = g.first(); j < g.first() + g.size(); j++) {
                    same.add(perChunk.get(j).get(i));
                }
                if (mergeable(same)) {
                    out.add(merged(same, g, zeta, groupPoint));
                } else {
                    for (int j = 0; j < same.size(); j++) {
                        out.add(renumber(same.get(j), g.first() + j, lift));
                    }
                }
            }
        }
        return out;
    }

    /** The binary digits of {@code count}, largest first: aligned groups covering 0 .. count − 1. */
    private static List<Group> groups(int count) {
        List<Group> out = new ArrayList<>();
        int first = 0;
        for (int vars = 31 - Integer.numberOfLeadingZeros(count); vars >= 0; vars--) {
            if ((count & (1 << vars)) != 0) {
                out.add(new Group(first, vars));
                first += 1 << vars;
            }
        }
        return out;
    }

    /** The same terms in every chunk, and on the weights and the dataset the same weights and coefficients. */
    private static boolean mergeable(List<LinearClaim> same) {
        LinearClaim first = same.get(0);
        for (LinearClaim c : same) {
            if (c.terms().size() != first.terms().size()) {
                return false;
            }
            for (int t = 0; t < c.terms().size(); t++) {
                LinearClaim.Term a = first.terms().get(t), b = c.terms().get(t);
                if (a.commitment() != b.commitment() || a.polynomial() != b.polynomial()) {
                    return false;
                }
                boolean shared = a.commitment() == VectorRef.MODEL || a.commitment() == VectorRef.DATASET;
                if (shared && (!a.weights().equals(b.weights()) || !a.coefficient().equals(b.coefficient()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static LinearClaim merged(List<LinearClaim> same, Group g, Ext2[] zeta, Ext2[] groupPoint) {
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (LinearClaim.Term t : same.get(0).terms()) {
            switch (t.commitment()) {
                case VectorRef.MODEL -> terms.add(t);
                case VectorRef.DATASET -> terms.add(new LinearClaim.Term(t.commitment(), t.polynomial(), lift(t.weights(), groupPoint), t.coefficient()));
                default -> { } // per chunk, below
            }
        }
        Ext2 value = Ext2.ZERO;
        for (int j = 0; j < same.size(); j++) {
            int chunk = g.first() + j;
            for (LinearClaim.Term t : same.get(j).terms()) {
                if (t.commitment() != VectorRef.MODEL && t.commitment() != VectorRef.DATASET) {
                    terms.add(new LinearClaim.Term(index(t.commitment(), chunk), t.polynomial(), t.weights(), t.coefficient().mul(zeta[j])));
                }
            }
            value = value.add(zeta[j].mul(same.get(j).value()));
        }
        return new LinearClaim(terms, value);
    }

    /** Chunk j's claim alone, in the whole proof's numbering. */
    private static LinearClaim renumber(LinearClaim c, int chunk, int lift) {
        Ext2[] chunkBits = Multilinear.bits(chunk, lift);
        List<LinearClaim.Term> terms = new ArrayList<>(c.terms().size());
        for (LinearClaim.Term t : c.terms()) {
            terms.add(switch (t.commitment()) {
                case VectorRef.MODEL -> t;
                case VectorRef.DATASET -> new LinearClaim.Term(t.commitment(), t.polynomial(), lift(t.weights(), chunkBits), t.coefficient());
                default -> new LinearClaim.Term(index(t.commitment(), chunk), t.polynomial(), t.weights(), t.coefficient());
            });
        }
        return new LinearClaim(terms, c.value());
    }

    /** A chunk's witness or inverses in the whole proof. */
    private static int index(int commitment, int chunk) {
        return switch (commitment) {
            case VectorRef.WITNESS -> AccuracyProtocol.Chunks.witnessIndex(chunk);
            case VectorRef.INVERSES -> AccuracyProtocol.Chunks.inverseIndex(chunk);
            default -> throw new IllegalStateException("an accuracy circuit's claim names commitment " + commitment);
        };
    }

    /** A dataset evaluation at a chunk's point, with the row variables above it fixed. */
    private static Weights lift(Weights w, Ext2[] above) {
        if (!(w instanceof Weights.Eq eq)) {
            throw new IllegalStateException("claims on the dataset are evaluations");
        }
        return new Weights.Eq(concat(eq.point(), above));
    }

    private static Ext2[] concat(Ext2[] a, Ext2[] b) {
        Ext2[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
