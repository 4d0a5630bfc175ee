package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LigeroPcsTest {
    static final String DS = "pcs-test/v1";
    /** Small parameters for fast tests: rows of 2^4, code length 2^7, a few queries. */
    static final LigeroParameters SMALL = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    static byte[] prove(LigeroPcs pcs, List<CommittedPolynomials> cps, List<LinearClaim> claims) {
        FiatShamirProver p = new FiatShamirProver(SMALL.hash(), DS);
        pcs.open(cps, claims, p);
        return p.proof();
    }

    static void verify(List<Commitment> coms, List<LinearClaim> claims, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(coms.get(0).parameters().hash(), DS, proof);
        LigeroPcs.verify(coms, claims, v);
        v.finish();
    }

    static Ext2 evalAt(long[] t, Ext2[] point) {
        return Multilinear.evaluateBase(t, point);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 7, 10})
    void singleEvaluationAtEverySize(int n) throws Exception {
        SplittableRandom r = new SplittableRandom(n);
        long[] t = Rand.base(1 << n, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(n));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(n, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, evalAt(t, z));
        byte[] proof = prove(pcs, List.of(cp), List.of(claim));
        verify(List.of(cp.commitment()), List.of(claim), proof);
        LinearClaim wrong = LinearClaim.evaluation(0, 0, z, evalAt(t, z).add(Ext2.ONE));
        assertThrows(InvalidProofException.class, () -> verify(List.of(cp.commitment()), List.of(wrong), proof));
    }

    /** Two commitments, polynomials of many sizes, evaluation, explicit and multi-term claims. */
    static final class Fixture {
        final List<long[]> first = new ArrayList<>(), second = new ArrayList<>();
        final CommittedPolynomials a, b;
        final List<LinearClaim> claims = new ArrayList<>();

        Fixture(long seed) {
            this(seed, seed);
        }

        /** Same tables and claims for the same seed; commitment randomness from randomSeed. */
        Fixture(long seed, long randomSeed) {
            this(seed, randomSeed, SMALL);
        }

        Fixture(long seed, long randomSeed, LigeroParameters params) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int nv : new int[] {6, 0, 4, 2}) {
                first.add(Rand.base(1 << nv, r));
            }
            for (int nv : new int[] {3, 8}) {
                second.add(Rand.base(1 << nv, r));
            }
            LigeroPcs pcs = new LigeroPcs(new java.util.Random(randomSeed));
            a = pcs.commit(params, first);
            b = pcs.commit(params, second);
            Ext2[] z6 = Rand.point(6, r), z8 = Rand.point(8, r), z3 = Rand.point(3, r);
            claims.add(LinearClaim.evaluation(0, 0, z6, evalAt(first.get(0), z6)));
            claims.add(LinearClaim.evaluation(1, 1, z8, evalAt(second.get(1), z8)));
            claims.add(LinearClaim.evaluation(0, 1, new Ext2[0], Ext2.fromBase(first.get(1)[0])));
            Ext2[] z6b = Rand.point(6, r);
            claims.add(LinearClaim.evaluation(0, 0, z6b, evalAt(first.get(0), z6b)));
            long[] w = Rand.extTable(1 << 4, r);
            claims.add(LinearClaim.weighted(0, 2, w, ExtVectors.innerProductBase(w, first.get(2))));
            // 3·p3(z3) − 5·⟨w2, p1 of commitment 0⟩, only the combination revealed
            long[] w2 = Rand.extTable(1 << 2, r);
            Ext2 value = evalAt(second.get(0), z3).mul(3).sub(ExtVectors.innerProductBase(w2, first.get(3)).mul(5));
            claims.add(new LinearClaim(List.of(
                    new LinearClaim.Term(1, 0, new Weights.Eq(z3), Ext2.fromBase(3)),
                    new LinearClaim.Term(0, 3, new Weights.Explicit(w2), Ext2.fromBase(5).neg())), value));
        }

        List<CommittedPolynomials> committed() {
            return List.of(a, b);
        }

        List<Commitment> commitments() {
            return List.of(a.commitment(), b.commitment());
        }
    }

    @Test
    void batchedOpeningOfManyClaims() throws Exception {
        Fixture f = new Fixture(1);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(2)), f.committed(), f.claims);
        ProofMutator.assertEveryElementMatters(proof, 7, bytes -> verify(f.commitments(), f.claims, bytes));
    }

    @Test
    void falseStatementsAreRejected() throws Exception {
        Fixture f = new Fixture(3);
        byte[] proof = prove(new LigeroPcs(new java.util.Random(4)), f.committed(), f.claims);
        verify(f.commitments(), f.claims, proof);
        for (int j = 0; j < f.claims.size(); j++) {
            List<LinearClaim> wrong = new ArrayList<>(f.claims);
            wrong.set(j, new LinearClaim(f.claims.get(j).terms(), f.claims.get(j).value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(f.commitments(), wrong, proof), "claim " + j);
        }
        // The commitments swapped, or another commitment with the same layout, are rejected.
        assertThrows(Exception.class, () -> verify(List.of(f.b.commitment(), f.a.commitment()), f.claims, proof));
        Fixture other = new Fixture(3, 99); // same tables, fresh randomness: a different root
        assertThrows(InvalidProofException.class, () -> verify(List.of(other.a.commitment(), f.b.commitment()), f.claims, proof));
        // The claims in another order are another statement.
        List<LinearClaim> reordered = new ArrayList<>(f.claims);
        java.util.Collections.swap(reordered, 0, 3);
        assertThrows(InvalidProofException.class, () -> verify(f.commitments(), reordered, proof));
    }

    @Test
    void aCommitmentToOtherDataCannotProveTheClaim() {
        // The prover commits to t, then tries to prove the evaluation of t' at z: its honest run must fail to verify.
        SplittableRandom r = new SplittableRandom(8);
        long[] t = Rand.base(1 << 6, r), t2 = Rand.base(1 << 6, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(9));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(6, r);
        LinearClaim claimOfOther = LinearClaim.evaluation(0, 0, z, evalAt(t2, z));
        byte[] proof = prove(pcs, List.of(cp), List.of(claimOfOther));
        assertThrows(InvalidProofException.class, () -> verify(List.of(cp.commitment()), List.of(claimOfOther), proof));
    }

    @Test
    void hidingBudgetIsEnforced() {
        SplittableRandom r = new SplittableRandom(10);
        long[] t = Rand.base(1 << 6, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(11));
        CommittedPolynomials cp = pcs.commit(SMALL, List.of(t));
        Ext2[] z = Rand.point(6, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, evalAt(t, z));
        prove(pcs, List.of(cp), List.of(claim));
        assertTrue(cp.openedColumns() > 0 && cp.openedColumns() <= SMALL.hidingColumns());
        // A second opening at other columns exceeds the randomness that hides them.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 20; i++) {
                Ext2[] z2 = Rand.point(6, r);
                prove(pcs, List.of(cp), List.of(LinearClaim.evaluation(0, 0, z2, evalAt(t, z2))));
            }
        });
        assertTrue(e.getMessage().contains("commit again"));
        // Parameters hiding several openings allow them.
        LigeroParameters multi = LigeroParameters.forSecurity(20, 4, 6, 4, 0, Sha256.INSTANCE);
        CommittedPolynomials cp4 = pcs.commit(multi, List.of(t));
        for (int i = 0; i < 4; i++) {
            Ext2[] z2 = Rand.point(6, r);
            FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
            pcs.open(List.of(cp4), List.of(LinearClaim.evaluation(0, 0, z2, evalAt(t, z2))), p);
        }
    }

    @Test
    void keccakTranscriptAndTreesWork() throws Exception {
        LigeroParameters keccak = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Keccak256.INSTANCE);
        SplittableRandom r = new SplittableRandom(12);
        long[] t = Rand.base(1 << 7, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(13));
        CommittedPolynomials cp = pcs.commit(keccak, List.of(t));
        Ext2[] z = Rand.point(7, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, evalAt(t, z));
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, DS);
        pcs.open(List.of(cp), List.of(claim), p);
        verify(List.of(cp.commitment()), List.of(claim), p.proof());
    }

    @Test
    void proofOfWorkIsChecked() throws Exception {
        LigeroParameters pow = LigeroParameters.forSecurity(24, 4, 4, 1, 8, Sha256.INSTANCE);
        assertTrue(pow.queries() < SMALL.queries(), "grinding buys fewer queries");
        SplittableRandom r = new SplittableRandom(14);
        long[] t = Rand.base(1 << 5, r);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(15));
        CommittedPolynomials cp = pcs.commit(pow, List.of(t));
        Ext2[] z = Rand.point(5, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, evalAt(t, z));
        byte[] proof = prove(pcs, List.of(cp), List.of(claim));
        ProofMutator.assertEveryElementMatters(proof, 3, bytes -> verify(List.of(cp.commitment()), List.of(claim), bytes));
    }

    @Test
    void commitmentEncodingRoundTripsAndRejectsGarbage() throws Exception {
        Fixture f = new Fixture(16);
        byte[] enc = f.a.commitment().encode();
        assertEquals(f.a.commitment(), Commitment.decode(enc));
        assertThrows(MalformedProofException.class, () -> Commitment.decode(java.util.Arrays.copyOf(enc, enc.length - 1)));
        assertThrows(MalformedProofException.class, () -> Commitment.decode(java.util.Arrays.copyOf(enc, enc.length + 1)));
        byte[] bad = enc.clone();
        bad[0] = 'X';
        assertThrows(MalformedProofException.class, () -> Commitment.decode(bad));
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 500; i++) {
            byte[] junk = enc.clone();
            junk[r.nextInt(junk.length)] = (byte) r.nextInt();
            try {
                Commitment.decode(junk);
            } catch (MalformedProofException expected) {
                // fine: a clean rejection
            }
        }
    }

    @Test
    void usageErrorsAreReported() {
        Fixture f = new Fixture(18);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(19));
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        assertThrows(IllegalArgumentException.class, () -> pcs.open(f.committed(),
                List.of(LinearClaim.evaluation(0, 0, new Ext2[3], Ext2.ZERO)), p));
        assertThrows(IllegalArgumentException.class, () -> pcs.open(f.committed(),
                List.of(LinearClaim.evaluation(5, 0, new Ext2[0], Ext2.ZERO)), p));
        assertThrows(IllegalArgumentException.class, () -> pcs.commit(SMALL, List.of(new long[3])));
        CommittedPolynomials other = pcs.commit(LigeroParameters.forSecurity(24, 5, 4, 1, 0, Sha256.INSTANCE), List.of(new long[4]));
        assertThrows(IllegalArgumentException.class, () -> pcs.open(List.of(f.a, other),
                List.of(LinearClaim.evaluation(1, 0, Rand.point(2, new SplittableRandom(1)), Ext2.ZERO)), p));
    }
}
