package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.core.hashproof.PermutationConstraints.SBOX_TABLES;
import static io.zkml4j.core.hashproof.PermutationTrace.LANES;
import static io.zkml4j.core.hashproof.PermutationTrace.OUTPUT_STAGE;
import static io.zkml4j.core.hashproof.PermutationTrace.TABLES;
import static io.zkml4j.core.hashproof.PermutationTrace.table;

/**
 * A zero-knowledge proof that committed messages hash to public digests under
 * {@link Poseidon2Sponge}: the messages stay hidden, the digests are the statement, and a caller
 * ties the messages to its own committed data with claims on {@link #messageTerm}.
 *
 * <p>The prover commits (in a commitment of the caller's, from polynomial {@code first}) every
 * stage of every permutation ({@link PermutationTrace}), a mask per revealed value and the
 * sumcheck's Libra mask. Then, in order:
 * <ol>
 * <li>{@code <label>.tau}, {@code <label>.steps}: a point and a coefficient per permutation step;
 *     one zero-knowledge sumcheck proves Σ_x eq(τ, x)·(L(x) + Σ b_T·T(x)^7) = H, i.e. that every
 *     step holds at every slot ({@link PermutationConstraints});</li>
 * <li>{@code <label>.revealed}: L and the S-box tables at the sumcheck's point, each masked on
 *     its last variable ({@link SeptimicSumInstance}), so they are uniform; the verifier recomputes the
 *     final value from them;</li>
 * <li>claims for the commitment: the revealed values (one random combination), the Libra mask's
 *     value, the capacity chaining between the blocks of a sponge (a shifted copy, checked at a
 *     random point) and the digests.</li>
 * </ol>
 * Every claim's value is public or already revealed, so with a hiding commitment the proof shows
 * nothing of the messages beyond the digests.
 */
public final class SpongeHashProof {
    /** Polynomials this proof adds to the caller's commitment: the trace, the packed masks, the Libra mask. */
    public static final int POLYNOMIALS = TABLES + 2;
    static final int MASKS = TABLES;
    static final int LIBRA = TABLES + 1;
    /** Mask slots: the linear table L, then each S-box table; 32 base values each. */
    private static final int MASK_SLOT_VARS = 7;

    private SpongeHashProof() {}

    /** The prover's state, from committing to the trace to the claims. */
    public static final class Prover {
        private final SpongeShape shape;
        private final PermutationTrace trace;
        private final long[] masks;
        private final SumcheckMask libra;
        private boolean proven;

        private Prover(SpongeShape shape, PermutationTrace trace, long[] masks, SumcheckMask libra) {
            this.shape = shape;
            this.trace = trace;
            this.masks = masks;
            this.libra = libra;
        }

        /** The tables to commit, in polynomial order from the caller's {@code first}. */
        public List<long[]> tables() {
            List<long[]> out = new ArrayList<>(POLYNOMIALS);
            for (int t = 0; t < TABLES; t++) {
                out.add(trace.table(t));
            }
            out.add(masks);
            out.add(libra.table());
            return out;
        }

        /** The digest of each real sponge: the statement. */
        public long[][] digests() {
            return trace.spongeDigests();
        }

        /**
         * Runs the proof after the caller has committed {@link #tables()} and sent the commitment's
         * root (the first challenge is drawn at once); returns the claims its opening must prove.
         */
        public List<LinearClaim> prove(ProverChannel ch, String label, int commitment, int first) {
            if (proven) { // a second run on the same masks would reveal two values of each masked table
                throw new IllegalStateException("a hash proof's masks serve one proof; lay out a new prover");
            }
            proven = true;
            int n = shape.numVars();
            absorbStatement(ch, label, shape, trace.spongeDigests());
            Ext2[] tau = ch.challengeExts(label + ".tau", n);
            PermutationConstraints pc = new PermutationConstraints(ch.challengeExts(label + ".steps", PermutationConstraints.STEPS));
            SeptimicSumInstance instance = instance(pc, tau);
            ZkSumcheck.ProverResult run = ZkSumcheck.prove(instance, pc.constant, libra, ch, label);
            Ext2[] r = run.point();
            if (maskingVariable(r).mul(Ext2.ONE.sub(maskingVariable(r))).isZero()) { // it ∈ {0, 1} would unmask every revealed value
                throw new IllegalStateException("the first challenge of '" + label + "' is 0 or 1, which would unmask the trace; refusing");
            }
            Ext2[] revealed = instance.finalValues();
            ch.sendExt(label + ".revealed", ExtVectors.of(revealed));
            return claims(shape, pc, r, run.maskValue(), revealed, ch, label, commitment, first, trace.digests());
        }

        private SeptimicSumInstance instance(PermutationConstraints pc, Ext2[] tau) {
            int slots = shape.permutations();
            long[] linear = new long[2 * slots];
            for (int t = 0; t < TABLES; t++) {
                if (!pc.linear[t].isZero()) {
                    ExtVectors.addScaledBase(linear, pc.linear[t], trace.table(t));
                }
            }
            long[][] septic = new long[SBOX_TABLES.length][];
            long[][] septicMasks = new long[SBOX_TABLES.length][];
            for (int i = 0; i < SBOX_TABLES.length; i++) {
                septic[i] = trace.table(SBOX_TABLES[i]);
                septicMasks[i] = MaskedInstance.fromCommitted(maskSlot(masks, 1 + i));
            }
            return new SeptimicSumInstance(tau, linear, septic, pc.septic, MaskedInstance.fromCommitted(maskSlot(masks, 0)), septicMasks);
        }
    }

    /** Lays out the trace, draws the masks; the caller commits {@link Prover#tables()} next. */
    public static Prover prover(SpongeShape shape, long[][] messages, Random random) {
        PermutationTrace trace = PermutationTrace.of(shape, messages);
        long[] masks = new long[MaskedInstance.COMMITTED_MASK_SIZE << MASK_SLOT_VARS];
        for (int k = 0; k <= SBOX_TABLES.length; k++) {
            System.arraycopy(MaskedInstance.randomCommittedMask(random), 0, masks, k * MaskedInstance.COMMITTED_MASK_SIZE,
                    MaskedInstance.COMMITTED_MASK_SIZE);
        }
        return new Prover(shape, trace, masks, SumcheckMask.random(roundDegrees(shape), random));
    }

    /** A prover whose trace was altered after it was laid out: only soundness tests use it. */
    static Prover proverWithTrace(SpongeShape shape, PermutationTrace trace, Random random) {
        Prover honest = prover(shape, new long[shape.sponges()][shape.messageLength()], random);
        return new Prover(shape, trace, honest.masks, honest.libra);
    }

    /**
     * Checks the sumcheck and returns the claims the caller's opening must prove; the proof is
     * valid only if that opening verifies too.
     */
    public static List<LinearClaim> verify(SpongeShape shape, long[][] digests, VerifierChannel ch, String label, int commitment, int first)
            throws InvalidProofException {
        if (digests.length != shape.sponges()) {
            throw new IllegalArgumentException("one digest per sponge: " + shape.sponges() + ", got " + digests.length);
        }
        for (long[] d : digests) {
            InvalidProofException.check(d.length == Poseidon2Sponge.OUTPUT && Arrays.stream(d).allMatch(io.zkml4j.core.field.Goldilocks::isCanonical),
                    label + ": a digest is " + Poseidon2Sponge.OUTPUT + " canonical field elements");
        }
        int n = shape.numVars();
        absorbStatement(ch, label, shape, digests);
        Ext2[] tau = ch.challengeExts(label + ".tau", n);
        PermutationConstraints pc = new PermutationConstraints(ch.challengeExts(label + ".steps", PermutationConstraints.STEPS));
        ZkSumcheck.Verification v = ZkSumcheck.verify(pc.constant, roundDegrees(shape), ch, label);
        Ext2[] r = v.point();
        InvalidProofException.check(!maskingVariable(r).mul(Ext2.ONE.sub(maskingVariable(r))).isZero(), label + ": the last challenge is 0 or 1");
        Ext2[] revealed = ExtVectors.toArray(ch.receiveExt(label + ".revealed", 1 + SBOX_TABLES.length));
        Ext2 expected = Multilinear.eq(tau, r).mul(pc.combination(revealed[0], Arrays.copyOfRange(revealed, 1, revealed.length)));
        InvalidProofException.check(expected.equals(v.expectedValue()), label + ": the permutation steps do not hold (sumcheck's final value)");
        long[][] all = Arrays.copyOf(digests, shape.spongeSlots());
        long[] padding = Poseidon2Sponge.hash(shape.domain(), new long[shape.messageLength()]);
        Arrays.fill(all, shape.sponges(), all.length, padding);
        return claims(shape, pc, r, v.maskValue(), revealed, ch, label, commitment, first, all);
    }

    /** Claims of both sides, with the digests of every sponge slot (padding sponges hash the all-zero message). */
    private static List<LinearClaim> claims(SpongeShape shape, PermutationConstraints pc, Ext2[] r, Ext2 libraValue, Ext2[] revealed,
                                            io.zkml4j.core.transcript.ChallengeSource ch, String label, int commitment, int first,
                                            long[][] digests) {
        List<LinearClaim> claims = new ArrayList<>();
        // The revealed values, in one random combination: Σ μ_k·v_k = Σ_T coef_T·T̃(r) + Σ_k μ_k·c·M̃_k(q).
        Ext2[] mu = ch.challengeExts(label + ".combine", revealed.length);
        Ext2[] coefficient = new Ext2[TABLES];
        for (int t = 0; t < TABLES; t++) {
            coefficient[t] = mu[0].mul(pc.linear[t]);
        }
        for (int i = 0; i < SBOX_TABLES.length; i++) {
            coefficient[SBOX_TABLES[i]] = coefficient[SBOX_TABLES[i]].add(mu[1 + i]);
        }
        List<LinearClaim.Term> terms = new ArrayList<>();
        Ext2 value = Ext2.ZERO;
        for (int t = 0; t < TABLES; t++) {
            if (!coefficient[t].isZero()) {
                terms.add(new LinearClaim.Term(commitment, first + t, new Weights.Eq(r), coefficient[t]));
            }
        }
        Ext2[] q = MaskedInstance.committedMaskPointOf(Arrays.copyOf(r, MaskedInstance.MASK_VARS));
        Ext2 scale = MaskedInstance.committedMaskCoefficientOf(maskingVariable(r));
        for (int k = 0; k < revealed.length; k++) {
            terms.add(new LinearClaim.Term(commitment, first + MASKS, new Weights.Eq(concat(q, Multilinear.bits(k, MASK_SLOT_VARS))), mu[k].mul(scale)));
            value = value.add(mu[k].mul(revealed[k]));
        }
        claims.add(new LinearClaim(terms, value));
        claims.add(LinearClaim.weighted(commitment, first + LIBRA, SumcheckMask.weights(r, roundDegrees(shape)), libraValue));

        // Chaining: C_l(p) = IV_l at block 0, O_l(p − 1) for blocks 1..blocks−1, 0 in unused block slots.
        int n = shape.numVars();
        int lb = shape.logBlocks();
        Ext2[] z = ch.challengeExts(label + ".chain", n);
        Ext2[] zBlock = Arrays.copyOf(z, lb);
        Ext2[] zSponge = Arrays.copyOfRange(z, lb, n);
        Ext2 firstBlock = Multilinear.eq(zBlock, Multilinear.bits(0, lb));
        long[] iv = {shape.messageLength(), shape.domain(), 0, 0};
        for (int l = Poseidon2Sponge.RATE; l < LANES; l++) {
            List<LinearClaim.Term> chain = new ArrayList<>();
            chain.add(new LinearClaim.Term(commitment, first + table(0, l), new Weights.Eq(z), Ext2.ONE));
            for (int b = 0; b + 1 < shape.blocks(); b++) {
                chain.add(new LinearClaim.Term(commitment, first + table(OUTPUT_STAGE, l), new Weights.Eq(concat(Multilinear.bits(b, lb), zSponge)),
                        Multilinear.eq(zBlock, Multilinear.bits(b + 1, lb)).neg()));
            }
            claims.add(new LinearClaim(chain, firstBlock.mul(iv[l - Poseidon2Sponge.RATE])));
        }

        // Zero padding: stage-0 lanes past the message in the last block are 0 in every sponge slot.
        int used = shape.messageLength() - (shape.blocks() - 1) * Poseidon2Sponge.RATE;
        if (used < Poseidon2Sponge.RATE) {
            Ext2[] zp = ch.challengeExts(label + ".padding", n - lb);
            Ext2[] last = concat(Multilinear.bits(shape.blocks() - 1, lb), zp);
            List<LinearClaim.Term> pad = new ArrayList<>();
            Ext2[] w = ch.challengeExts(label + ".paddingLanes", Poseidon2Sponge.RATE - used);
            for (int l = used; l < Poseidon2Sponge.RATE; l++) {
                pad.add(new LinearClaim.Term(commitment, first + table(0, l), new Weights.Eq(last), w[l - used]));
            }
            claims.add(new LinearClaim(pad, Ext2.ZERO));
        }

        // Digests: the output's first lanes at each sponge's last block, at a random sponge point.
        Ext2[] zd = ch.challengeExts(label + ".digest", n - lb);
        long[] eqSponges = Multilinear.eqTable(zd);
        Ext2[] at = concat(Multilinear.bits(shape.blocks() - 1, lb), zd);
        for (int l = 0; l < Poseidon2Sponge.OUTPUT; l++) {
            long[] lane = new long[digests.length];
            for (int s = 0; s < lane.length; s++) {
                lane[s] = digests[s][l];
            }
            claims.add(LinearClaim.evaluation(commitment, first + table(OUTPUT_STAGE, l), at, ExtVectors.innerProductBase(eqSponges, lane)));
        }
        return claims;
    }

    /** The number of variables of each polynomial this proof adds to the caller's commitment, in order. */
    public static int[] tableVars(SpongeShape shape) {
        int[] nv = new int[POLYNOMIALS];
        java.util.Arrays.fill(nv, 0, TABLES, shape.numVars());
        nv[MASKS] = Integer.numberOfTrailingZeros(MaskedInstance.COMMITTED_MASK_SIZE << MASK_SLOT_VARS);
        nv[LIBRA] = Integer.numberOfTrailingZeros(SumcheckMask.tableLength(roundDegrees(shape)));
        return nv;
    }

    private static void absorbStatement(io.zkml4j.core.transcript.ChallengeSource ch, String label, SpongeShape shape, long[][] digests) {
        ch.absorbPublic(label + ".shape", new long[] {shape.sponges(), shape.messageLength(), shape.domain()});
        long[] flat = new long[digests.length * Poseidon2Sponge.OUTPUT];
        for (int s = 0; s < digests.length; s++) {
            System.arraycopy(digests[s], 0, flat, s * Poseidon2Sponge.OUTPUT, Poseidon2Sponge.OUTPUT);
        }
        ch.absorbPublic(label + ".digests", flat);
    }

    /** The round degrees of the proof's sumcheck (and its Libra mask): 8, and 15 for the masking variable. */
    static int[] roundDegrees(SpongeShape shape) {
        int[] d = new int[shape.numVars()];
        Arrays.fill(d, SeptimicSumInstance.DEGREE);
        d[d.length - 1] = SeptimicSumInstance.LAST_DEGREE;
        return d;
    }

    /** The variable that carries the masks: the last one bound ({@link SeptimicSumInstance}). */
    private static Ext2 maskingVariable(Ext2[] point) {
        return point[point.length - 1];
    }

    /**
     * The term coefficient·Σ_s eq(spongePoint, s)·message_s[element] over the committed messages:
     * how a caller ties the hashed messages to its own data (with an eq-weighted combination of
     * sponges drawn after both are committed).
     */
    public static LinearClaim.Term messageTerm(SpongeShape shape, int commitment, int first, int element, Ext2[] spongePoint, Ext2 coefficient) {
        if (element < 0 || element >= shape.messageLength()) {
            throw new IllegalArgumentException("element " + element + " is outside messages of " + shape.messageLength());
        }
        if (spongePoint.length != shape.numVars() - shape.logBlocks()) {
            throw new IllegalArgumentException("a sponge point has " + (shape.numVars() - shape.logBlocks()) + " coordinates");
        }
        Ext2[] point = concat(Multilinear.bits(shape.blockOf(element), shape.logBlocks()), spongePoint);
        return new LinearClaim.Term(commitment, first + table(0, element % Poseidon2Sponge.RATE), new Weights.Eq(point), coefficient);
    }

    private static long[] maskSlot(long[] masks, int k) {
        int size = MaskedInstance.COMMITTED_MASK_SIZE;
        return Arrays.copyOfRange(masks, k * size, (k + 1) * size);
    }

    static Ext2[] concat(Ext2[] low, Ext2[] high) {
        Ext2[] out = Arrays.copyOf(low, low.length + high.length);
        System.arraycopy(high, 0, out, low.length, high.length);
        return out;
    }
}
