package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.testing.Statistics;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The succinct opening of Ligero commitments: the claims the full opening proves, with a proof that
 * grows with log² of the row width instead of the row width; soundness against false claims, far or
 * too-high-degree rows and every altered proof element; zero-knowledge by a simulator and a
 * distribution test; and the parameters' accounting.
 */
class SuccinctOpeningTest {
    static final String DS = "succinct-test/v1";
    /** Rows of 2^6, a code of 2^10 (rate 1/8 for 2^7 coefficients), arity 4, 24 bits. */
    static final LigeroParameters SMALL = SuccinctParameters.forSecurity(24, 6, 3, 2, 0, Sha256.INSTANCE);

    static byte[] prove(LigeroPcs pcs, List<CommittedPolynomials> cps, List<LinearClaim> claims) {
        FiatShamirProver p = new FiatShamirProver(cps.get(0).commitment().parameters().hash(), DS);
        pcs.open(cps, claims, p);
        return p.proof();
    }

    static void verify(List<Commitment> coms, List<LinearClaim> claims, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(coms.get(0).parameters().hash(), DS, proof);
        LigeroPcs.verify(coms, claims, v);
        v.finish();
    }

    /** The same commitment (root and layout) with other parameters. */
    static Commitment withParameters(Commitment c, LigeroParameters p) {
        int[] numVars = new int[c.polynomials()];
        for (int i = 0; i < numVars.length; i++) {
            numVars[i] = c.numVars(i);
        }
        return new Commitment(p, c.root(), numVars);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 7, 10})
    void singleEvaluationAtEverySize(int n) throws Exception {
        SplittableRandom r = new SplittableRandom(n);
        long[] t = Rand.base(1 << n, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(n));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(n, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        byte[] proof = prove(pcs, List.of(cp), List.of(claim));
        verify(List.of(cp.commitment()), List.of(claim), proof);
        LinearClaim wrong = LinearClaim.evaluation(0, 0, z, claim.value().add(Ext2.ONE));
        assertThrows(InvalidProofException.class, () -> verify(List.of(cp.commitment()), List.of(wrong), proof));
    }

    @Test
    void batchedOpeningOfManyClaimsWhereEveryElementMatters() throws Exception {
        LigeroPcsTest.Fixture f = new LigeroPcsTest.Fixture(1, 1, SMALL);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(2)), f.committed(), f.claims);
        ProofMutator.assertEveryElementMatters(proof, 5, bytes -> verify(f.commitments(), f.claims, bytes));
        for (int cut = 0; cut < proof.length; cut += proof.length / 25) {
            byte[] truncated = Arrays.copyOf(proof, cut);
            assertThrows(InvalidProofException.class, () -> verify(f.commitments(), f.claims, truncated));
        }
    }

    @Test
    void falseStatementsAreRejected() throws Exception {
        LigeroPcsTest.Fixture f = new LigeroPcsTest.Fixture(3, 3, SMALL);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(4)), f.committed(), f.claims);
        verify(f.commitments(), f.claims, proof);
        for (int j = 0; j < f.claims.size(); j++) {
            List<LinearClaim> wrong = new ArrayList<>(f.claims);
            wrong.set(j, new LinearClaim(f.claims.get(j).terms(), f.claims.get(j).value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(f.commitments(), wrong, proof), "claim " + j);
        }
        assertThrows(Exception.class, () -> verify(List.of(f.b.commitment(), f.a.commitment()), f.claims, proof));
        LigeroPcsTest.Fixture other = new LigeroPcsTest.Fixture(3, 99, SMALL);
        assertThrows(InvalidProofException.class,
                () -> verify(List.of(other.a.commitment(), f.b.commitment()), f.claims, proof));
        List<LinearClaim> reordered = new ArrayList<>(f.claims);
        java.util.Collections.swap(reordered, 0, 3);
        assertThrows(InvalidProofException.class, () -> verify(f.commitments(), reordered, proof));
        // The same commitments with other succinct parameters, or opened in full, are another statement.
        LigeroParameters fewer = SMALL.withSuccinct(new SuccinctParameters(SMALL.succinct().logArity(), SMALL.succinct().queries() - 1, 0));
        LigeroParameters full = SMALL.withSuccinct(null);
        for (LigeroParameters q : List.of(fewer, full)) {
            assertThrows(InvalidProofException.class, () -> verify(List.of(withParameters(f.a.commitment(), q), withParameters(f.b.commitment(), q)),
                    f.claims, proof), q.describe());
        }
    }

    @Test
    void aCommitmentToOtherDataCannotProveTheClaim() {
        SplittableRandom r = new SplittableRandom(8);
        long[] t = Rand.base(1 << 8, r), t2 = Rand.base(1 << 8, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(9));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(8, r);
        LinearClaim claimOfOther = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t2, z));
        byte[] proof = prove(pcs, List.of(cp), List.of(claimOfOther));
        assertThrows(InvalidProofException.class, () -> verify(List.of(cp.commitment()), List.of(claimOfOther), proof));
    }

    /**
     * Committed words that are not the rows' codewords, opened as they are (the prover reveals the
     * committed columns, so the Merkle checks pass): one row's word with an eighth of its pairs
     * changed, and one row's word with coefficients past 2^(a+1) (too high a degree for the code the
     * folds test). Both are caught where the first word's folds are checked.
     */
    @Test
    void rowsThatAreNotCodewordsAreRejected() {
        SplittableRandom r = new SplittableRandom(10);
        LigeroParameters p = SMALL;
        for (int variant = 0; variant < 2; variant++) {
            long[] t = Rand.base(1 << 9, r);
            long[][] rows = CommittedPolynomials.rows(p, List.of(t), new int[] {9});
            long[][] messages = new long[rows.length][];
            long[][] words = new long[rows.length][];
            java.util.Random random = new java.util.Random(11);
            for (int row = 0; row < rows.length; row++) {
                messages[row] = Arrays.copyOf(rows[row], p.messageLength());
                for (int c = p.rowWidth(); c < p.messageLength(); c++) {
                    messages[row][c] = Rand.field(r);
                }
                words[row] = Arrays.copyOf(messages[row], p.codeLength());
                if (row == 3 && variant == 1) {
                    words[row][2 * p.rowWidth() + 5] = Rand.field(r); // a coefficient past 2^(a+1)
                }
                Ntt.forwardBitReversed(words[row]);
                if (row == 3 && variant == 0) {
                    for (int pair = 0; pair < p.codeLength() / 2; pair += 8) {
                        words[row][2 * pair] = Rand.field(r);
                    }
                }
            }
            CommittedPolynomials cp = CommittedPolynomials.commitWords(p, messages, words, new int[] {9}, random, true);
            Ext2[] z = Rand.point(9, r);
            LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
            byte[] proof = prove(new LigeroPcs(random), List.of(cp), List.of(claim));
            InvalidProofException e = assertThrows(InvalidProofException.class,
                    () -> verify(List.of(cp.commitment()), List.of(claim), proof), "variant " + variant);
            assertTrue(e.getMessage().contains("folds of layer 0"), e.getMessage());
        }
    }

    @Test
    void openingsRevealAtMostTheColumnsTheRandomnessHides() {
        SplittableRandom r = new SplittableRandom(12);
        long[] t = Rand.base(1 << 8, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(13));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(8, r);
        prove(pcs, List.of(cp), List.of(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z))));
        assertTrue(cp.openedColumns() > 0 && cp.openedColumns() <= 2 * SMALL.succinct().queries());
        assertTrue(2 * SMALL.succinct().queries() <= SMALL.hidingColumns());
        assertThrows(HidingBudgetExhaustedException.class, () -> {
            for (int i = 0; i < 10; i++) {
                Ext2[] z2 = Rand.point(8, r);
                prove(pcs, List.of(cp), List.of(LinearClaim.evaluation(0, 0, z2, Multilinear.evaluateBase(t, z2))));
            }
        });
    }

    @Test
    void keccakProofsVerify() throws Exception {
        LigeroParameters keccak = SuccinctParameters.forSecurity(24, 6, 3, 4, 0, Keccak256.INSTANCE);
        LigeroPcsTest.Fixture f = new LigeroPcsTest.Fixture(14, 14, keccak);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(15)), f.committed(), f.claims);
        verify(f.commitments(), f.claims, proof);
    }

    /**
     * The accounting: 100 bits for rows of 2^16 at rate 1/8 with 16 bits of grinding, and where the
     * bound comes from; a verifier demanding more refuses; a live verifier does not count grinding.
     */
    @Test
    void parametersReachTheirBitsAndVerifiersCanDemandMore() throws Exception {
        LigeroParameters evm = SuccinctParameters.forSecurity(100, 16, 3, 4, 16, Keccak256.INSTANCE);
        SuccinctParameters o = evm.succinct();
        assertTrue(evm.security().bits() >= 100, evm.security().toString());
        LigeroParameters fewer = evm.withSuccinct(new SuccinctParameters(o.logArity(), o.queries() - 1, o.grindingBits()));
        assertTrue(fewer.security().bits() < 100, "the fewest queries");
        assertEquals(2 * o.queries(), evm.hidingColumns());
        assertTrue(evm.security().interactiveBits() < evm.security().bits() - 15);
        System.out.printf("succinct opening at 100 bits, rows of 2^16, rate 1/8, 2^16 grinding: %d queries, %s (live %.1f)%n",
                o.queries(), evm.security(), evm.security().interactiveBits());

        LigeroPcsTest.Fixture f = new LigeroPcsTest.Fixture(16, 16, SMALL);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(17)), f.committed(), f.claims);
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> LigeroPcs.verify(f.commitments(), f.claims, v, 100));
        assertTrue(e.getMessage().contains("below the required 100.0"), e.getMessage());
    }

    @Test
    void parametersThatDoNotFitTheCommitmentAreRefusedAndEncodingsRoundTrip() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SMALL.withSuccinct(new SuccinctParameters(2, SMALL.hidingColumns() / 2 + 1, 0)));
        assertTrue(e.getMessage().contains("hide only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LigeroPcsTest.SMALL.withSuccinct(new SuccinctParameters(2, 1, 0)));
        assertThrows(IllegalArgumentException.class, () -> new SuccinctParameters(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SuccinctParameters.forSecurity(100, 4, 3, 2, 0, Sha256.INSTANCE));
        IllegalArgumentException blowup = assertThrows(IllegalArgumentException.class,
                () -> SuccinctParameters.forSecurity(24, 6, 6, 2, 0, Sha256.INSTANCE));
        assertTrue(blowup.getMessage().contains("twice the row width"), blowup.getMessage());
        assertEquals(SMALL, LigeroParameters.decode(SMALL.encode()));
        assertEquals(LigeroPcsTest.SMALL, LigeroParameters.decode(LigeroPcsTest.SMALL.encode()));
        assertNotEquals(SMALL.describe(), SMALL.withSuccinct(null).describe());
        // Hostile encodings: the flag with nothing after it, or with parameters that do not fit.
        byte[] enc = SMALL.encode();
        assertThrows(io.zkml4j.core.transcript.MalformedProofException.class,
                () -> LigeroParameters.decode(Arrays.copyOf(enc, enc.length - 1)));
        byte[] tooMany = enc.clone();
        java.nio.ByteBuffer.wrap(tooMany, enc.length - 5, 4).putInt(1 << 20);
        assertThrows(io.zkml4j.core.transcript.MalformedProofException.class, () -> LigeroParameters.decode(tooMany));
        Commitment c = new LigeroPcs(new java.util.Random(1)).commit(SMALL, List.of(new long[8])).commitment();
        assertEquals(c, Commitment.decode(c.encode()));
    }

    // ---- zero knowledge ----

    /** A simulator that knows only the claim (a fake table with the same value, its own challenges) is accepted. */
    @Test
    void simulatorKnowingOnlyTheClaimIsAccepted() throws Exception {
        SplittableRandom r = new SplittableRandom(20);
        int n = 9;
        long[] secret = Rand.base(1 << n, r);
        Ext2[] z = Rand.point(n, r);
        Ext2 value = Multilinear.evaluateBase(secret, z);
        long[] fake = LigeroZeroKnowledgeTest.tableWithValue(z, value, new SplittableRandom(21));
        assertNotEquals(secret[5], fake[5]);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(22));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(fake));
        SplittableRandom challenges = new SplittableRandom(23);
        ScriptedChannels.Tape tape = new ScriptedChannels.Tape();
        FiatShamirProver recorder = ScriptedChannels.recorder();
        ProverChannel ch = ScriptedChannels.prover(recorder, new ScriptedChannels.Script(() -> Rand.ext(challenges), challenges::nextInt), tape);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, value);
        pcs.open(List.of(cp), List.of(claim), ch);
        LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), ScriptedChannels.verifier(recorder.proof(), tape));
    }

    static final int N = 9;

    /**
     * What one opening reveals, with fixed challenges and fresh prover randomness: the proximity
     * row's value at ρ, the first folding round, a committed folded value, the final constant and an
     * opened column.
     */
    static long[][] revealed(long[] table, Ext2[] z, int runs, long seed) {
        Ext2 value = Multilinear.evaluateBase(table, z);
        int a = SMALL.logRowWidth();
        long[][] out = new long[5][runs];
        java.util.Random proverRandomness = new java.util.Random(seed);
        for (int i = 0; i < runs; i++) {
            LigeroPcs pcs = new LigeroPcs(proverRandomness);
            CommittedPolynomials cp = pcs.commit(SMALL, List.of(table));
            SplittableRandom challenges = new SplittableRandom(77);
            FiatShamirProver recorder = ScriptedChannels.recorder();
            ProverChannel ch = ScriptedChannels.prover(recorder,
                    new ScriptedChannels.Script(() -> Rand.ext(challenges), challenges::nextInt), new ScriptedChannels.Tape());
            pcs.open(List.of(cp), List.of(LinearClaim.evaluation(0, 0, z, value)), ch);
            byte[] proof = recorder.proof();
            List<ProofMutator.Record> rec = ProofMutator.records(proof);
            // maskRoot, the reduction's mask sum and a rounds, maskEval, then proximityEval, fold round 0, layer 1's root, ...
            ProofMutator.Record proximityEval = rec.get(3 + a), firstFold = rec.get(4 + a);
            // ... the final constant, then per committed layer (opened, paths), then per matrix (salts, columns, merkle).
            int layers = 1 + (a + 1 - 1 + SMALL.succinct().logArity() - 1) / SMALL.succinct().logArity();
            int finalIndex = rec.size() - 6 - 2 * (layers - 1) - 1;
            ProofMutator.Record last = rec.get(finalIndex), opened = rec.get(finalIndex + 1), columns = rec.get(rec.size() - 5);
            assertEquals(1, last.count(), "the final constant's record");
            out[0][i] = ProofMutator.word(proof, proximityEval.payloadOffset());
            out[1][i] = ProofMutator.word(proof, firstFold.payloadOffset() + 8);
            out[2][i] = ProofMutator.word(proof, opened.payloadOffset());
            out[3][i] = ProofMutator.word(proof, last.payloadOffset());
            out[4][i] = ProofMutator.word(proof, columns.payloadOffset());
        }
        return out;
    }

    @Test
    void openingsRevealNothingBeyondTheClaim() {
        SplittableRandom r = new SplittableRandom(24);
        long[] t1 = Rand.base(1 << N, r);
        Ext2[] z = Rand.point(N, r);
        long[] t2 = LigeroZeroKnowledgeTest.tableWithValue(z, Multilinear.evaluateBase(t1, z), r);
        int runs = 320;
        long[][] a = revealed(t1, z, runs, 25);
        long[][] b = revealed(t2, z, runs, 26);
        String[] names = {"proximity value", "first folding round", "folded value", "final constant", "opened column"};
        for (int k = 0; k < names.length; k++) {
            double same = Statistics.chiSquareHomogeneityLowBits(a[k], b[k], 4);
            assertTrue(same < Statistics.CHI2_15_P001, names[k] + " differs between witnesses: chi2 = " + same);
            double uniform = Statistics.chiSquareUniformLowBits(a[k], 4);
            assertTrue(uniform < Statistics.CHI2_15_P001, names[k] + " is not uniform: chi2 = " + uniform);
            assertTrue(Arrays.stream(a[k]).distinct().count() > runs - 5, names[k] + " repeats across runs");
        }
    }
}
