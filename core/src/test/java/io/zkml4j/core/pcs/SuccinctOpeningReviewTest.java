package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.basefold.FoldedEvaluation;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Review of the succinct opening (SuccinctOpening, FoldedEvaluation, SuccinctParameters) as an attacker. */
class SuccinctOpeningReviewTest {
    static final String DS = "succinct-review/v1";

    /** Opens commitments made with {@code opening} (their parameters choose it). */
    static byte[] prove(LigeroPcs pcs, List<CommittedPolynomials> cps, List<LinearClaim> claims, SuccinctParameters opening) {
        assertEquals(opening, cps.get(0).commitment().parameters().succinct());
        FiatShamirProver p = new FiatShamirProver(cps.get(0).commitment().parameters().hash(), DS);
        pcs.open(cps, claims, p);
        return p.proof();
    }

    /** Verifies as if the commitments' parameters chose {@code opening} (another opening than they were made with, for hostile tests). */
    static void verify(List<Commitment> coms, List<LinearClaim> claims, SuccinctParameters opening, byte[] proof) throws InvalidProofException {
        List<Commitment> with = coms.stream().map(c -> SuccinctOpeningTest.withParameters(c, c.parameters().withSuccinct(opening))).toList();
        FiatShamirVerifier v = new FiatShamirVerifier(coms.get(0).parameters().hash(), DS, proof);
        LigeroPcs.verify(with, claims, v, 0);
        v.finish();
    }

    /**
     * Honest openings at every small shape the parameters admit: rows of 2^1 to 2^5, codes 2^1 to 2^5
     * times 2^(a+1), every arity, one query and the most the rows hide, random columns from 2t up
     * to the row width (K = 2^(a+1), the whole code the folds test; those with 2 bits of grinding);
     * a wrong value is rejected.
     */
    @Test
    void honestOpeningsVerifyAtEveryShape() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        int runs = 0;
        for (int a = 1; a <= 5; a++) {
            for (int b = 1; a + 1 + b <= a + LigeroParameters.MAX_LOG_BLOWUP; b++) {
                for (int k = 1; k <= 6; k += (a < 3 ? 1 : 2)) {
                    for (int t : new int[] {1, (1 << a) / 2}) {
                        for (int random : new int[] {2 * t, 1 << a}) {
                            SuccinctParameters o = new SuccinctParameters(k, t, random == 2 * t ? 0 : 2);
                            LigeroParameters p = new LigeroParameters(a, a + 1 + b, random, 1, 0, Sha256.INSTANCE).withSuccinct(o);
                            long[] big = Rand.base(1 << (a + 2), r), small = Rand.base(1, r);
                            LigeroPcs pcs = new LigeroPcs(new java.util.Random(runs));
                            CommittedPolynomials cp = pcs.commit(p, List.of(big, small));
                            Ext2[] z = Rand.point(a + 2, r);
                            List<LinearClaim> claims = List.of(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(big, z)),
                                    LinearClaim.evaluation(0, 1, new Ext2[0], Ext2.of(small[0], 0)));
                            byte[] proof = prove(pcs, List.of(cp), claims, o);
                            String what = "a = " + a + ", b = " + b + ", k = " + k + ", t = " + t + ", random = " + random;
                            verify(List.of(cp.commitment()), claims, o, proof);
                            List<LinearClaim> wrong = List.of(claims.get(0), LinearClaim.evaluation(0, 1, new Ext2[0], Ext2.of(small[0] + 1, 0)));
                            assertThrows(InvalidProofException.class, () -> verify(List.of(cp.commitment()), wrong, o, proof), what);
                            runs++;
                        }
                    }
                }
            }
        }
        assertTrue(runs > 100, "" + runs);
    }

    // ---- a cheating prover: the honest reduction, then its own succinct part ----

    static final LigeroParameters SMALL = SuccinctOpeningTest.SMALL;

    /** Where the cheating prover departs from the honest one, after the reduction. */
    interface Cheat {
        /** The proximity value it sends. */
        default Ext2 y(Ext2 honest) {
            return honest;
        }

        /**
         * Changes u's 2^(a+1) coefficients (interleaved) in place before they are folded, knowing β,
         * the point and {@code gap}: the value the verifier expects minus the honest u's value.
         */
        default void u(long[] u, Ext2[] point, Ext2 beta, Ext2 gap) {
        }

        /** The fold prover's deviation; {@code expected} is the value the verifier starts its sumcheck from. */
        default FoldedEvaluation.Deviation folds(Ext2[] point, Ext2 expected) {
            return FoldedEvaluation.Deviation.HONEST;
        }
    }

    /**
     * A prover that runs the honest reduction (with whatever claims it is given, false ones
     * included), learns the verifier's target by replaying the verifier on its proof so far (the
     * transcript is deterministic), and then cheats as {@code cheat} says.
     */
    static byte[] cheat(LigeroPcs pcs, List<CommittedPolynomials> cps, List<LinearClaim> claims, SuccinctParameters o, Cheat cheat) {
        List<Commitment> coms = cps.stream().map(CommittedPolynomials::commitment).toList();
        LigeroParameters p = coms.get(0).parameters();
        int a = p.logRowWidth();
        FiatShamirProver ch = new FiatShamirProver(p.hash(), DS);
        long[] bound = {o.logArity(), o.queries(), o.grindingBits()};
        ch.absorbPublic("pcs.succinct", bound);
        LigeroPcs.Reduction reduction = pcs.reduce(cps, claims, ch);
        Ext2 target;
        try {
            FiatShamirVerifier replay = new FiatShamirVerifier(p.hash(), DS, ch.proof());
            replay.absorbPublic("pcs.succinct", bound);
            target = LigeroPcs.checkReduction(coms, claims, replay).target();
        } catch (InvalidProofException e) {
            throw new AssertionError(e);
        }
        Ext2[] gammas = ch.challengeExts("pcs.gamma", OpeningWeights.proximityChallenges(coms, a));
        long[] v = LigeroPcs.combineRows(reduction.matrices(), reduction.evaluationWeights(), p);
        long[] w = LigeroPcs.combineRows(reduction.matrices(), OpeningWeights.proximity(coms, a, gammas), p);
        long[] eqRho = Multilinear.eqTable(reduction.rho());
        Ext2 vAtRho = ExtVectors.innerProduct(Arrays.copyOf(v, 2 * p.rowWidth()), eqRho);
        Ext2 honestY = ExtVectors.innerProduct(Arrays.copyOf(w, 2 * p.rowWidth()), eqRho);
        Ext2 y = cheat.y(honestY);
        ch.sendExt("pcs.proximityEval", ExtVectors.of(y));
        Ext2 beta = ch.challengeExt("pcs.beta");
        long[] u = new long[2 << (a + 1)];
        for (int i = 0; i < v.length / 2; i++) {
            Ext2.at(v, i).add(beta.mul(Ext2.at(w, i))).store(u, i);
        }
        Ext2[] point = Arrays.copyOf(reduction.rho(), a + 1);
        point[a] = Ext2.ZERO;
        Ext2 expected = target.add(beta.mul(y));
        cheat.u(u, point, beta, expected.sub(vAtRho.add(beta.mul(honestY))));
        FoldedEvaluation.Shape shape = new FoldedEvaluation.Shape(a + 1, p.logCodeLength(), 1, o.logArity(), o.queries(), o.grindingBits(),
                p.hash(), false);
        int[] leaves = FoldedEvaluation.prove(shape, u, point, ch, SuccinctOpening.LABEL, cheat.folds(point, expected));
        int[] columns = new int[2 * leaves.length];
        for (int k = 0; k < leaves.length; k++) {
            columns[2 * k] = 2 * leaves[k];
            columns[2 * k + 1] = 2 * leaves[k] + 1;
        }
        LigeroPcs.sendColumns(reduction.matrices(), columns, ch);
        return ch.proof();
    }

    static FoldedEvaluation.Deviation lyingSumcheck(Ext2[] point, Ext2 expected) {
        return io.zkml4j.core.testing.DishonestFolds.consistentSumcheckFrom(point, expected);
    }

    /** Adds c to coefficient j of u, scaled so that u's value at the point moves by {@code shift}. */
    static void moveValue(long[] u, int j, Ext2[] point, Ext2 shift) {
        Ext2 weight = Ext2.at(Multilinear.eqTable(point), j);
        Ext2.at(u, j).add(shift.mul(weight.inverse())).store(u, j);
    }

    record Setting(LigeroPcs pcs, CommittedPolynomials cp, List<LinearClaim> claims, List<LinearClaim> falseClaims) {
        List<Commitment> commitments() {
            return List.of(cp.commitment());
        }
    }

    static Setting setting(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = Rand.base(1 << 9, r), small = Rand.base(8, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(seed));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t, small));
        Ext2[] z = Rand.point(9, r), z3 = Rand.point(3, r);
        LinearClaim big = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        LinearClaim little = LinearClaim.evaluation(0, 1, z3, Multilinear.evaluateBase(small, z3));
        return new Setting(pcs, cp, List.of(big, little),
                List.of(big, new LinearClaim(little.terms(), little.value().add(Ext2.ONE))));
    }

    /** Runs the cheat on a fresh commitment (each opening spends the hiding budget) and returns why the verifier rejects. */
    static String rejection(long seed, boolean falseClaim, Cheat cheat) {
        Setting s = setting(seed);
        List<LinearClaim> claims = falseClaim ? s.falseClaims() : s.claims();
        byte[] proof = cheat(s.pcs(), List.of(s.cp()), claims, SMALL.succinct(), cheat);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(s.commitments(), claims, SMALL.succinct(), proof));
        return e.getMessage();
    }

    static int lastLayer() {
        int m = SMALL.logRowWidth() + 1, k = SMALL.succinct().logArity();
        return (m - 1 + k - 1) / k;
    }

    /** The cheating prover, run honestly, is accepted: the harness itself is the honest prover. */
    @Test
    void theCheatingHarnessRunHonestlyIsAccepted() throws Exception {
        Setting s = setting(30);
        verify(s.commitments(), s.claims(), SMALL.succinct(), cheat(s.pcs(), List.of(s.cp()), s.claims(), SMALL.succinct(), new Cheat() { }));
    }

    /**
     * A proximity value off by one: the verifier then expects target + β·(y + 1). Folding the honest u
     * with a sumcheck made consistent with that is caught by the last layer's folds; folding a u moved
     * to take that value (coefficient 0, or the last data coefficient) is caught at the first layer,
     * which the verifier computes from the committed columns.
     */
    @Test
    void aWrongProximityValueIsCaughtWhereverTheProverAbsorbsIt() {
        long seed = 31;
        Cheat lie = new Cheat() {
            @Override
            public Ext2 y(Ext2 honest) {
                return honest.add(Ext2.ONE);
            }

            @Override
            public FoldedEvaluation.Deviation folds(Ext2[] point, Ext2 expected) {
                return lyingSumcheck(point, expected);
            }
        };
        String m = rejection(seed, false, lie);
        assertTrue(m.contains("folds of layer " + lastLayer()), m);
        for (int j : new int[] {0, SMALL.rowWidth() - 1}) {
            Cheat moved = new Cheat() {
                @Override
                public Ext2 y(Ext2 honest) {
                    return honest.add(Ext2.ONE);
                }

                @Override
                public void u(long[] u, Ext2[] point, Ext2 beta, Ext2 gap) {
                    assertEquals(beta, gap);
                    moveValue(u, j, point, gap);
                }
            };
            m = rejection(seed, false, moved);
            assertTrue(m.contains("folds of layer 0"), "coefficient " + j + ": " + m);
        }
    }

    /**
     * A false claim carried through the reduction (the honest rows, a claim off by one): the gap the
     * verifier's target then has is absorbed in the sumcheck (caught by the last layer), in a data
     * coefficient of u (caught by the first layer), or in u with the first fold put back to the
     * honest word's and the change re-added one round later (caught by layer 1).
     */
    @Test
    void aFalseClaimIsCaughtWhereverTheProverAbsorbsTheGap() {
        long seed = 32;
        Cheat sumcheck = new Cheat() {
            @Override
            public FoldedEvaluation.Deviation folds(Ext2[] point, Ext2 expected) {
                return lyingSumcheck(point, expected);
            }
        };
        String m = rejection(seed, true, sumcheck);
        assertTrue(m.contains("folds of layer " + lastLayer()), m);
        Cheat coefficient = new Cheat() {
            @Override
            public void u(long[] u, Ext2[] point, Ext2 beta, Ext2 gap) {
                assertFalse(gap.isZero());
                moveValue(u, 3, point, gap);
            }
        };
        m = rejection(seed, true, coefficient);
        assertTrue(m.contains("folds of layer 0"), m);
        // Coefficient 0 moved by c: the first fold is off by (1 − r_0)·c everywhere; taking it off makes
        // layer 1 the honest fold of the columns, and adding (1 − r_0)(1 − r_1)·c after round 1 makes
        // every later word u's. Only round 1's fold, inside layer 1, is then wrong.
        Cheat delayed = new Cheat() {
            Ext2 c;

            @Override
            public void u(long[] u, Ext2[] point, Ext2 beta, Ext2 gap) {
                Ext2 before = Ext2.at(u, 0);
                moveValue(u, 0, point, gap);
                c = Ext2.at(u, 0).sub(before);
            }

            @Override
            public FoldedEvaluation.Deviation folds(Ext2[] point, Ext2 expected) {
                return new FoldedEvaluation.Deviation() {
                    Ext4 product = Ext4.ONE;

                    @Override
                    public void afterFold(long[] word, int round, Ext4 r) {
                        product = product.mul(Ext4.ONE.sub(r));
                        Ext4 off = round == 0 ? product.mul(c).neg() : round == 1 ? product.mul(c) : null;
                        if (off != null) {
                            for (int j = 0; j < word.length / 4; j++) {
                                Ext4.at(word, j).add(off).store(word, j);
                            }
                        }
                    }
                };
            }
        };
        m = rejection(seed, true, delayed);
        assertTrue(m.contains("folds of layer 1"), m);
    }

    /**
     * Changes the evaluation at (ρ, 0) cannot see: u moved in a random coefficient (index 2^a), or
     * past the rows' message length (the zeros up to 2^(a+1)), with the same value. The sumcheck is
     * then honest, and the first layer (the columns' combination) catches the folded word.
     */
    @Test
    void changesOutsideTheDataAreCaughtByTheFirstLayer() {
        long seed = 33;
        int k = SMALL.rowWidth();
        assertTrue(SMALL.messageLength() < 2 * k, "zeros past the message");
        for (int j : new int[] {k, SMALL.messageLength(), 2 * k - 1}) {
            Cheat outside = new Cheat() {
                @Override
                public void u(long[] u, Ext2[] point, Ext2 beta, Ext2 gap) {
                    assertTrue(gap.isZero());
                    Ext2.at(u, j).add(Ext2.of(5, 7)).store(u, j);
                    assertTrue(Ext2.at(Multilinear.eqTable(point), j).isZero());
                }
            };
            String m = rejection(seed, false, outside);
            assertTrue(m.contains("folds of layer 0"), "coefficient " + j + ": " + m);
        }
    }

    // ---- hostile parameters and proofs ----

    /**
     * Commitments and opening parameters from an untrusted key, every combination in a range
     * (including rows with more random values than data, codes of twice the row width, more
     * queries than the rows hide, arities past the number of folds, grinding), checked against a
     * proof made for other parameters and against truncations of a proof for them: the verifier
     * answers InvalidProofException and nothing else.
     */
    @Test
    void hostileParametersGiveInvalidProofExceptionOnly() throws Exception {
        Setting honest = setting(40);
        byte[] other = prove(honest.pcs(), List.of(honest.cp()), honest.claims(), SMALL.succinct());
        int combinations = 0;
        for (int a = 1; a <= 7; a++) {
            for (int logN = a + 1; logN <= a + LigeroParameters.MAX_LOG_BLOWUP; logN++) {
                for (int random : new int[] {0, 1, 2, (1 << a) - 1, 1 << a, (1 << a) + 1}) {
                    if ((1L << a) + random >= 1L << logN) {
                        continue;
                    }
                    LigeroParameters p = new LigeroParameters(a, logN, random, 1, 0, Sha256.INSTANCE);
                    Commitment c = new Commitment(p, new byte[32], new int[] {a + 1, 0});
                    Ext2[] point = new Ext2[a + 1];
                    Arrays.fill(point, Ext2.ONE);
                    List<LinearClaim> claims = List.of(LinearClaim.evaluation(0, 0, point, Ext2.ONE));
                    for (int k = 1; k <= 6; k += 5) {
                        for (int t : new int[] {1, 2, 5, LigeroParameters.MAX_QUERIES}) {
                            for (int g : new int[] {0, 2}) {
                                SuccinctParameters o = new SuccinctParameters(k, t, g);
                                combinations++;
                                // Parameters that do not fit the commitment cannot exist: refused when built, and when read.
                                try {
                                    p.withSuccinct(o);
                                } catch (IllegalArgumentException unfit) {
                                    assertThrows(io.zkml4j.core.transcript.MalformedProofException.class,
                                            () -> LigeroParameters.decode(flagged(p, o)));
                                    continue;
                                }
                                assertThrows(InvalidProofException.class, () -> verify(List.of(c), claims, o, other));
                                for (int cut : new int[] {0, 200, other.length / 2}) {
                                    byte[] truncated = Arrays.copyOf(other, Math.max(10, cut));
                                    assertThrows(InvalidProofException.class, () -> verify(List.of(c), claims, o, truncated));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(combinations > 500, "" + combinations);
    }

    /** p's encoding with o appended behind the succinct flag, whether or not they fit (as a hostile file would carry them). */
    static byte[] flagged(LigeroParameters p, SuccinctParameters o) {
        byte[] plain = p.encode();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(plain.length + 6);
        out.put(plain);
        int nameLength = p.hash().name().length();
        out.put(plain.length - nameLength - 1, (byte) (nameLength | 0x80));
        out.put((byte) o.logArity()).putInt(o.queries()).put((byte) o.grindingBits());
        return out.array();
    }

    // ---- a live verifier choosing its challenges ----

    /**
     * A live verifier whose challenges a test chooses by label (the prover's channel records them,
     * the verifier's replays them), and which keeps every message the prover sends by label.
     */
    static final class Live {
        final FiatShamirProver recorder = new FiatShamirProver(Sha256.INSTANCE, "live");
        final Deque<Ext2> exts = new ArrayDeque<>();
        final Deque<int[]> indices = new ArrayDeque<>();
        final Map<String, List<long[]>> sent = new LinkedHashMap<>();
        final List<String> order = new ArrayList<>();
        final Function<String, Ext2> ext;
        final BiFunction<Integer, Integer, int[]> index;

        Live(Function<String, Ext2> ext, BiFunction<Integer, Integer, int[]> index) {
            this.ext = ext;
            this.index = index;
        }

        ProverChannel prover() {
            return new ProverChannel() {
                void keep(String l, long[] e) {
                    order.add(l);
                    sent.computeIfAbsent(l, x -> new ArrayList<>()).add(e.clone());
                }

                public void sendBase(String l, long[] e) { keep(l, e); recorder.sendBase(l, e); }
                public void sendExt(String l, long[] e) { keep(l, e); recorder.sendExt(l, e); }
                public void sendDigest(String l, byte[] d) { order.add(l); recorder.sendDigest(l, d); }
                public void sendBytes(String l, byte[] b) { order.add(l); recorder.sendBytes(l, b); }
                public void grind(String l, int bits) { }
                public void absorbPublic(String l, byte[] d) { order.add(l); }
                public void absorbPublic(String l, long[] e) { order.add(l); }

                public Ext2 challengeExt(String l) {
                    order.add(l);
                    Ext2 c = ext.apply(l);
                    exts.add(c);
                    return c;
                }

                public int[] challengeIndices(String l, int count, int bound) {
                    order.add(l);
                    int[] out = index.apply(count, bound);
                    indices.add(out.clone());
                    return out;
                }

                public boolean isFiatShamir() { return false; }
            };
        }

        VerifierChannel verifier() throws MalformedProofException {
            FiatShamirVerifier reader = new FiatShamirVerifier(Sha256.INSTANCE, "live", recorder.proof());
            Deque<Ext2> e = new ArrayDeque<>(exts);
            Deque<int[]> i = new ArrayDeque<>(indices);
            return new VerifierChannel() {
                public long[] receiveBase(String l, int c) throws InvalidProofException { return reader.receiveBase(l, c); }
                public long[] receiveExt(String l, int c) throws InvalidProofException { return reader.receiveExt(l, c); }
                public byte[] receiveDigest(String l) throws InvalidProofException { return reader.receiveDigest(l); }
                public byte[] receiveBytes(String l, int n) throws InvalidProofException { return reader.receiveBytes(l, n); }
                public void verifyGrind(String l, int bits) { }
                public void absorbPublic(String l, byte[] d) { }
                public void absorbPublic(String l, long[] x) { }
                public Ext2 challengeExt(String l) { return e.removeFirst(); }
                public int[] challengeIndices(String l, int count, int bound) { return i.removeFirst(); }
                public boolean isFiatShamir() { return false; }
            };
        }
    }

    /**
     * The transcript's order: the opening's parameters, then the commitments and claims, are bound
     * before any challenge; the proximity value is sent after γ (it depends on it) and before β
     * (a prover choosing it after β could move target + β·y anywhere); the fold's messages follow β,
     * and the columns come last, after the queries.
     */
    @Test
    void theTranscriptBindsTheStatementAndSendsYBeforeBeta() throws Exception {
        SplittableRandom r = new SplittableRandom(50);
        Setting s = setting(50);
        Live live = new Live(l -> Rand.ext(r), (count, bound) -> r.ints(count, 0, bound).toArray());
        s.pcs().open(List.of(s.cp()), s.claims(), live.prover());
        LigeroPcs.verify(s.commitments(), s.claims(), live.verifier(), 0);
        List<String> o = live.order;
        assertEquals("pcs.succinct", o.get(0));
        int firstChallenge = o.indexOf("pcs.lambda");
        assertTrue(o.indexOf("pcs.commitment") < firstChallenge && o.lastIndexOf("pcs.claim.point") < firstChallenge, o.toString());
        assertTrue(o.lastIndexOf("pcs.gamma") < o.indexOf("pcs.proximityEval"), o.toString());
        assertTrue(o.indexOf("pcs.proximityEval") < o.indexOf("pcs.beta"), o.toString());
        assertTrue(o.indexOf("pcs.beta") < o.indexOf("pcs.fold.round"), o.toString());
        assertTrue(o.indexOf("pcs.fold.queries") < o.indexOf("pcs.columns"), o.toString());
        assertEquals(1, live.sent.get("pcs.proximityEval").size());
    }

    /**
     * A dishonest live verifier: β = 0 (only the evaluation row is folded), every fold challenge 1
     * (so eq((ρ, 0), r) = 0 and the final check alone says nothing), and every query on the same
     * pair. The honest proof verifies, and the prover reveals exactly that pair's two columns.
     */
    @Test
    void degenerateLiveChallengesRevealOnlyTheirPair() throws Exception {
        SplittableRandom r = new SplittableRandom(51);
        Setting s = setting(51);
        Live live = new Live(l -> l.equals("pcs.beta") ? Ext2.ZERO : l.equals("pcs.fold.r") ? Ext2.ONE : Rand.ext(r),
                (count, bound) -> new int[count]);
        s.pcs().open(List.of(s.cp()), s.claims(), live.prover());
        LigeroPcs.verify(s.commitments(), s.claims(), live.verifier(), 0);
        assertEquals(2, s.cp().openedColumns());
    }
}
