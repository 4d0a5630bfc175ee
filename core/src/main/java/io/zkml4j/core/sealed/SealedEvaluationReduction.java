package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.BatchedInstance;
import io.zkml4j.core.sumcheck.BlockSparseInnerProduct;
import io.zkml4j.core.sumcheck.InnerProductInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Many evaluation claims on a sealed commitment's polynomials become one evaluation per
 * polynomial, before the {@link SealedOpening}: its cost and its verifier's bound grow with the
 * distinct points it opens (a row combination each), and a training proof asks for every batch row
 * of every step at a point of its own — ten thousand points for one epoch over ten thousand rows.
 *
 * <ol>
 * <li>{@code reduction.mask}: the prover commits a Libra mask g ({@link SumcheckMask}) in a fresh
 *     one-time commitment;</li>
 * <li>{@code reduction.lambda}: every claim that names the sealed commitment is merged into one,
 *     claim j scaled by λ^j. Its sealed part is Σ_p ⟨W_p, D_p⟩ for public weight tables
 *     W_p = Σ_j λ^j Σ_{terms on p} c·eq(point, ·), and stays hidden;</li>
 * <li>{@code reduction}: a zero-knowledge sumcheck of Σ_p 2^{n_p − n}·W_p·D_p over n = max n_p
 *     variables with a hidden claim ({@link ZkSumcheck#proveHiddenClaim}): the prover sends only
 *     T = S + β·Σg, uniformly random since Σg is;</li>
 * <li>two claims leave: the merged claim with its sealed part replaced by T − β·Σg, and the
 *     sumcheck's end, Σ_p 2^{n_p − n}·W_p(ρ_p)·D_p(ρ_p) + β·g(ρ) = final, which names each
 *     polynomial at one point ρ_p (the prefix of ρ); the verifier evaluates W_p(ρ_p) itself, one
 *     eq per original term.</li>
 * </ol>
 * Soundness: a false claim survives the merge with probability at most (claims)/|F|, the sumcheck
 * with 2n/|F|, and the mask is committed before β. Nothing about D is revealed beyond what the
 * masked sumcheck reveals (nothing: its rounds are uniform given the hidden sum), and the claims on
 * D and g go to openings that reveal only their combinations' public values.
 */
public final class SealedEvaluationReduction {
    private SealedEvaluationReduction() {}

    public record ProverResult(CommittedPolynomials mask, List<LinearClaim> claims) {}

    public record VerifierResult(Commitment mask, List<LinearClaim> claims) {}

    /** Terms the verifier evaluates one eq each for: bounded so that its work stays bounded. */
    public static final int MAX_TERMS = 1 << 24;

    /** Degree of every round: a product of two multilinear tables. */
    private static final int DEGREE = 2;

    /** Whether any claim names the sealed commitment: without one there is nothing to reduce, and nothing is sent. */
    public static boolean applies(int sealedIndex, List<LinearClaim> claims) {
        return claims.stream().anyMatch(c -> c.terms().stream().anyMatch(t -> t.commitment() == sealedIndex));
    }

    /** The parts both sides derive from the claims and λ: the merged claim's other terms and value, and each polynomial's terms. */
    private static final class Merge {
        final List<LinearClaim> untouched = new ArrayList<>();
        final List<LinearClaim.Term> otherTerms = new ArrayList<>();
        Ext2 value = Ext2.ZERO;
        /** Per sealed polynomial, its terms scaled by λ^j (empty for polynomials no claim names). */
        final List<List<LinearClaim.Term>> sealedTerms = new ArrayList<>();
        final Commitment sealed;
        /** The sumcheck's variables: the most of any named polynomial ({@link #maxNamedVars}, which sized the mask before λ). */
        final int n;

        Merge(Commitment sealed, int sealedIndex, List<LinearClaim> claims, Ext2 lambda, int n) {
            this.sealed = sealed;
            this.n = n;
            for (int p = 0; p < sealed.polynomials(); p++) {
                sealedTerms.add(new ArrayList<>());
            }
            Ext2 power = Ext2.ONE;
            int count = 0;
            for (LinearClaim c : claims) {
                if (c.terms().stream().noneMatch(t -> t.commitment() == sealedIndex)) {
                    untouched.add(c);
                    continue;
                }
                for (LinearClaim.Term t : c.terms()) {
                    LinearClaim.Term scaled = new LinearClaim.Term(t.commitment(), t.polynomial(), t.weights(), t.coefficient().mul(power));
                    if (t.commitment() != sealedIndex) {
                        otherTerms.add(scaled);
                        continue;
                    }
                    if (!(t.weights() instanceof Weights.Eq eq)) {
                        throw new IllegalArgumentException("claims on a sealed commitment must be evaluations (eq weights)");
                    }
                    if (t.polynomial() < 0 || t.polynomial() >= sealed.polynomials()) {
                        throw new IllegalArgumentException("a claim names polynomial " + t.polynomial() + " of " + sealed.polynomials());
                    }
                    if (eq.point().length != sealed.numVars(t.polynomial())) {
                        throw new IllegalArgumentException("a claim's point has " + eq.point().length + " coordinates, polynomial "
                                + t.polynomial() + " has " + sealed.numVars(t.polynomial()) + " variables");
                    }
                    if (++count > MAX_TERMS) {
                        throw new IllegalArgumentException("more than " + MAX_TERMS + " terms on the sealed commitment");
                    }
                    sealedTerms.get(t.polynomial()).add(scaled);
                }
                value = value.add(c.value().mul(power));
                power = power.mul(lambda);
            }
        }

        List<Integer> named() {
            List<Integer> out = new ArrayList<>();
            for (int p = 0; p < sealedTerms.size(); p++) {
                if (!sealedTerms.get(p).isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        }

        /** 2^{n_p − n}: polynomial p's sum counts 2^{n − n_p} times in the batched sumcheck. */
        Ext2 coefficient(int p) {
            return Ext2.fromBase(Goldilocks.pow(2, n - sealed.numVars(p))).inverse();
        }

        int[] degrees() {
            int[] d = new int[n];
            Arrays.fill(d, DEGREE);
            return d;
        }

        /** W_p(ρ_p) = Σ c·eq(point, ρ_p) over p's terms: one eq per term. */
        Ext2 weightAt(int p, Ext2[] rho) {
            Ext2[] own = Arrays.copyOf(rho, sealed.numVars(p));
            Ext2 out = Ext2.ZERO;
            for (LinearClaim.Term t : sealedTerms.get(p)) {
                out = out.add(t.coefficient().mul(Multilinear.eq(((Weights.Eq) t.weights()).point(), own)));
            }
            return out;
        }

        /** The two claims that leave: the merged claim (sealed part = T − β·Σg) and the sumcheck's end. */
        List<LinearClaim> claims(int sealedIndex, int maskIndex, Ext2[] rho, Ext2 beta, Ext2 maskedSum, Ext2 combinedFinal) {
            List<LinearClaim> out = new ArrayList<>(untouched);
            List<LinearClaim.Term> merged = new ArrayList<>(otherTerms);
            merged.add(new LinearClaim.Term(maskIndex, 0, new Weights.Explicit(SumcheckMask.sumWeights(degrees())), beta.neg()));
            out.add(new LinearClaim(merged, value.sub(maskedSum)));
            List<LinearClaim.Term> end = new ArrayList<>();
            for (int p : named()) {
                Weights.Eq at = new Weights.Eq(Arrays.copyOf(rho, sealed.numVars(p)));
                end.add(new LinearClaim.Term(sealedIndex, p, at, coefficient(p).mul(weightAt(p, rho))));
            }
            end.add(new LinearClaim.Term(maskIndex, 0, new Weights.Explicit(SumcheckMask.weights(rho, degrees())), beta));
            out.add(new LinearClaim(end, combinedFinal));
            return out;
        }
    }

    public static ProverResult prove(SealedCommitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters fresh, int maskIndex,
                                     ProverChannel ch, Random random) {
        return prove(sealed, sealedIndex, claims, fresh, maskIndex, ch, random, true);
    }

    /** With {@code fewRows} false, every polynomial's sumcheck runs over its whole table (tests compare the two: the same proof). */
    static ProverResult prove(SealedCommitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters fresh, int maskIndex,
                              ProverChannel ch, Random random, boolean fewRows) {
        Commitment layout = sealed.commitment();
        int n = maxNamedVars(layout, sealedIndex, claims);
        SumcheckMask mask = SumcheckMask.random(n, DEGREE, random);
        CommittedPolynomials maskCommitment = new LigeroPcs(random).commit(fresh, List.of(mask.table()));
        ch.sendDigest("reduction.mask", maskCommitment.commitment().root());
        Merge merge = new Merge(layout, sealedIndex, claims, ch.challengeExt("reduction.lambda"), n);
        List<Integer> named = merge.named();
        List<SumcheckProverInstance> instances = new ArrayList<>();
        Ext2[] coefficients = new Ext2[named.size()];
        Ext2[] sums = new Ext2[named.size()];
        Ext2 total = Ext2.ZERO;
        for (int i = 0; i < named.size(); i++) {
            int p = named.get(i);
            long[] table = sealed.table(p);
            RowWeights rows = fewRows ? RowWeights.of(merge.sealedTerms.get(p), layout.numVars(p)) : null;
            if (rows != null) { // a few rows of a large table (one training step's batch): a sumcheck over those rows
                instances.add(new BlockSparseInnerProduct(table, rows.low(), rows.blocks(), rows.weights()));
                sums[i] = rows.innerProduct(table);
            } else {
                long[] weights = weightTable(merge.sealedTerms.get(p), layout.numVars(p));
                long[] values = lifted(table);
                instances.add(new InnerProductInstance(values, weights, false));
                sums[i] = ExtVectors.innerProduct(values, weights);
            }
            coefficients[i] = merge.coefficient(p);
            total = total.add(sums[i]);
        }
        BatchedInstance batched = new BatchedInstance(instances, coefficients, sums);
        ZkSumcheck.HiddenRun run = ZkSumcheck.proveHiddenClaim(batched, total, mask, ch, "reduction");
        return new ProverResult(maskCommitment, merge.claims(sealedIndex, maskIndex, run.point(), run.beta(), run.maskedSum(), run.combinedFinal()));
    }

    public static VerifierResult verify(Commitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters fresh, int maskIndex,
                                        VerifierChannel ch) throws InvalidProofException {
        int n;
        try {
            n = maxNamedVars(sealed, sealedIndex, claims);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("sealed reduction: " + e.getMessage());
        }
        Commitment mask = new Commitment(fresh, ch.receiveDigest("reduction.mask"),
                new int[] {Multilinear.numVars(SumcheckMask.tableLength(n, DEGREE))});
        Merge merge;
        try {
            merge = new Merge(sealed, sealedIndex, claims, ch.challengeExt("reduction.lambda"), n);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("sealed reduction: " + e.getMessage());
        }
        ZkSumcheck.HiddenVerification run = ZkSumcheck.verifyHiddenClaim(merge.degrees(), ch, "reduction");
        return new VerifierResult(mask, merge.claims(sealedIndex, maskIndex, run.point(), run.beta(), run.maskedSum(), run.combinedFinal()));
    }

    /** The most variables of a polynomial the claims name (the sumcheck's length); at least one claim must name one. */
    private static int maxNamedVars(Commitment sealed, int sealedIndex, List<LinearClaim> claims) {
        int n = -1;
        for (LinearClaim c : claims) {
            for (LinearClaim.Term t : c.terms()) {
                if (t.commitment() == sealedIndex) {
                    if (t.polynomial() < 0 || t.polynomial() >= sealed.polynomials()) {
                        throw new IllegalArgumentException("a claim names polynomial " + t.polynomial() + " of " + sealed.polynomials());
                    }
                    n = Math.max(n, sealed.numVars(t.polynomial()));
                }
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("no claim names a polynomial of at least one variable");
        }
        return n;
    }

    /**
     * Σ c·eq(point, ·) over the terms, as an interleaved extension table. A point whose high
     * coordinates are all 0 or 1 (a selected row) touches only the block those bits name: its eq
     * table is built over the low coordinates alone, so a batch row costs its row's width, not the
     * whole table.
     */
    static long[] weightTable(List<LinearClaim.Term> terms, int numVars) {
        long[] w = new long[2 << numVars];
        for (LinearClaim.Term t : terms) {
            Ext2[] point = ((Weights.Eq) t.weights()).point();
            int low = nonBitPrefix(point, numVars);
            addEq(w, (int) (bits(point, low, numVars) << low), t, low);
        }
        return w;
    }

    /**
     * The weights Σ c·eq(point, ·) when they are zero outside a few aligned blocks: every point's
     * coordinates from {@code low} up are bits (a selected row), and those name at most a quarter
     * of the blocks. Null when they do not, and the weights are better as one dense table.
     *
     * @param low     the blocks' variables: the most low coordinates of any point that are not all bits
     * @param blocks  the blocks the points name, increasing
     * @param weights the weights on those blocks, in that order, 2^low interleaved extension values each
     */
    record RowWeights(int low, int[] blocks, long[] weights) {
        static RowWeights of(List<LinearClaim.Term> terms, int numVars) {
            int low = 0;
            int[] ownLow = new int[terms.size()];
            for (int k = 0; k < terms.size(); k++) {
                ownLow[k] = nonBitPrefix(((Weights.Eq) terms.get(k).weights()).point(), numVars);
                low = Math.max(low, ownLow[k]);
            }
            if (low >= numVars) {
                return null;
            }
            TreeMap<Integer, Integer> index = new TreeMap<>();
            for (LinearClaim.Term t : terms) {
                index.put((int) bits(((Weights.Eq) t.weights()).point(), low, numVars), 0);
            }
            if ((long) index.size() * 4 > 1L << (numVars - low)) {
                return null;
            }
            int[] blocks = new int[index.size()];
            int b = 0;
            for (var e : index.entrySet()) {
                e.setValue(b);
                blocks[b++] = e.getKey();
            }
            int size = 1 << low;
            long[] weights = new long[2 * blocks.length * size];
            for (int k = 0; k < terms.size(); k++) {
                LinearClaim.Term t = terms.get(k);
                Ext2[] point = ((Weights.Eq) t.weights()).point();
                // Within its block, the point's bits between its own low coordinates and the block's name a sub-block.
                addEq(weights, index.get((int) bits(point, low, numVars)) * size + (int) (bits(point, ownLow[k], low) << ownLow[k]), t, ownLow[k]);
            }
            return new RowWeights(low, blocks, weights);
        }

        /** Σ over the blocks of the weights times the table's entries there. */
        Ext2 innerProduct(long[] table) {
            int size = 1 << low;
            Ext2 sum = Ext2.ZERO;
            for (int b = 0; b < blocks.length; b++) {
                sum = sum.add(ExtVectors.innerProductBase(weights, b * size, table, blocks[b] * size, size));
            }
            return sum;
        }
    }

    /**
     * Adds c·eq(point's first {@code low} coordinates, ·) of a term into {@code target} from
     * extension value {@code at} on: the term's point with its bits above {@code low} already placed.
     */
    private static void addEq(long[] target, int at, LinearClaim.Term term, int low) {
        long[] eq = Multilinear.eqTable(Arrays.copyOf(((Weights.Eq) term.weights()).point(), low), term.coefficient());
        for (int i = 0, x = 2 * at; i < eq.length; i++, x++) {
            target[x] = Goldilocks.addCanonical(target[x], eq[i]);
        }
    }

    /** The number of a point's low coordinates before its high ones that are all 0 or 1. */
    private static int nonBitPrefix(Ext2[] point, int numVars) {
        int low = numVars;
        while (low > 0 && isBit(point[low - 1])) {
            low--;
        }
        return low;
    }

    /** The bits of coordinates [from, to) of a point, as a number (coordinate from the lowest bit). */
    private static long bits(Ext2[] point, int from, int to) {
        long out = 0;
        for (int v = to - 1; v >= from; v--) {
            out = (out << 1) | (point[v].isZero() ? 0 : 1);
        }
        return out;
    }

    private static boolean isBit(Ext2 x) {
        return x.isZero() || x.equals(Ext2.ONE);
    }

    private static long[] lifted(long[] base) {
        long[] out = new long[2 * base.length];
        for (int i = 0; i < base.length; i++) {
            out[2 * i] = base[i];
        }
        return out;
    }
}
