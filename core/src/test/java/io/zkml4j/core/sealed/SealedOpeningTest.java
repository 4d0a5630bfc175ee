package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Claims on a sealed commitment, proven without ever opening it. */
class SealedOpeningTest {
    static final String DS = "sealed-test/v1";
    static final LigeroParameters SEALED = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);

    /** A statement: sealed tables, a one-time witness table, and claims on both. */
    record Statement(SealedCommitment sealed, List<long[]> tables, long[] witness, List<LinearClaim> claims) {}

    static Statement statement(long seed, LigeroParameters fresh) {
        SplittableRandom r = new SplittableRandom(seed);
        List<long[]> tables = List.of(Rand.base(1 << 10, r), Rand.base(1 << 7, r), Rand.base(1 << 12, r));
        SealedCommitment sealed = SealedCommitment.commit(SEALED, tables, new java.util.Random(seed + 1));
        long[] witness = Rand.base(1 << 9, r);
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < tables.size(); p++) {
            Ext2[] z = Rand.point(Integer.numberOfTrailingZeros(tables.get(p).length), r);
            claims.add(LinearClaim.evaluation(0, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        // A claim that mixes the sealed model with the one-time witness, as the inference claims do.
        Ext2[] z = Rand.point(10, r);
        Ext2[] y = Rand.point(9, r);
        Ext2 c = Rand.ext(r);
        Ext2 value = Multilinear.evaluateBase(tables.get(0), z).mul(c).add(Multilinear.evaluateBase(witness, y));
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, 0, new Weights.Eq(z), c),
                new LinearClaim.Term(1, 0, new Weights.Eq(y), Ext2.ONE)), value));
        // The same evaluation twice: one row combination serves both.
        claims.add(claims.get(0));
        return new Statement(sealed, tables, witness, claims);
    }

    static byte[] prove(Statement s, LigeroParameters fresh, List<LinearClaim> claims, long seed) {
        return prove(s, fresh, claims, seed, SealedOpening.Deviation.HONEST);
    }

    static byte[] prove(Statement s, LigeroParameters fresh, List<LinearClaim> claims, long seed, SealedOpening.Deviation deviation) {
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        java.util.Random random = new java.util.Random(seed);
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials witness = pcs.commit(fresh, List.of(s.witness()));
        ch.sendDigest("witness.root", witness.commitment().root());
        SealedOpening.ProverResult sealed = SealedOpening.prove(s.sealed(), 0, claims, fresh, 0, 2, ch, random, deviation);
        pcs.open(List.of(sealed.fresh().get(0), witness, sealed.fresh().get(1)), sealed.claims(), ch);
        return ch.proof();
    }

    static void verify(Commitment sealed, LigeroParameters fresh, List<LinearClaim> claims, byte[] proof) throws Exception {
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        Commitment witness = new Commitment(fresh, ch.receiveDigest("witness.root"), new int[] {9});
        SealedOpening.VerifierResult v = SealedOpening.verify(sealed, 0, claims, fresh, 0, 2, ch);
        LigeroPcs.verify(List.of(v.fresh().get(0), witness, v.fresh().get(1)), v.claims(), ch);
        ch.finish();
    }

    static LigeroParameters fresh(int logRowWidth) {
        return LigeroParameters.forSecurity(40, logRowWidth, 2, 1, 0, Sha256.INSTANCE);
    }

    @Test
    void trueClaimsVerifyWithFreshRowsNarrowerOrWiderThanTheSealedOnes() throws Exception {
        for (int a : new int[] {8, 10, 11}) {
            Statement s = statement(a, fresh(a));
            verify(s.sealed().commitment(), fresh(a), s.claims(), prove(s, fresh(a), s.claims(), 3));
        }
    }

    /** The consistency weights rest on where the code evaluates: checked against the encoding itself. */
    @Test
    void evaluationPointsAreWhereTheCodeEvaluates() {
        for (int logN : new int[] {3, 6, 12}) {
            LigeroParameters p = new LigeroParameters(logN - 2, logN, 0, 1, 0, Sha256.INSTANCE);
            long[] unit = new long[1 << logN];
            unit[1] = 1;
            io.zkml4j.core.ntt.Ntt.forwardBitReversed(unit, 0, logN);
            int[] all = java.util.stream.IntStream.range(0, 1 << logN).toArray();
            assertArrayEquals(unit, SealedOpening.evaluationPoints(p, all), "code length 2^" + logN);
        }
    }

    /**
     * The consistency weights, cut into pieces, are the direct sums Σ_s w_s·x_s^j: a prover's written
     * out by the transform, a verifier's (not written out) by their powers, in every piece and at a
     * point (their extension, as the opening's verifier evaluates it).
     */
    @Test
    void consistencyWeightsAreTheSumsOfPowers() {
        SplittableRandom r = new SplittableRandom(21);
        LigeroParameters p = new LigeroParameters(6, 9, 0, 1, 0, Sha256.INSTANCE);
        int[] columns = {0, 3, 17, 200, 511};
        long[] w = Rand.extTable(columns.length, r);
        long[] x = SealedOpening.evaluationPoints(p, columns);
        long[] g = new long[2 * p.rowWidth()];
        for (int j = 0; j < p.rowWidth(); j++) {
            Ext2 direct = Ext2.ZERO;
            for (int s = 0; s < columns.length; s++) {
                direct = direct.add(Ext2.at(w, s).mul(io.zkml4j.core.field.Goldilocks.pow(x[s], j)));
            }
            direct.store(g, j);
        }
        assertArrayEquals(g, SealedOpening.writtenOut(p, columns, w));
        for (int pieceVars = 2; pieceVars <= 6; pieceVars += 2) {
            int pieces = p.rowWidth() >> pieceVars, width = 1 << pieceVars;
            Weights[] prover = SealedOpening.consistencyWeights(p, columns, w, pieces, pieceVars, true);
            Weights[] verifier = SealedOpening.consistencyWeights(p, columns, w, pieces, pieceVars, false);
            for (int i = 0; i < pieces; i++) {
                long[] piece = java.util.Arrays.copyOfRange(g, 2 * i * width, 2 * (i + 1) * width);
                Weights.Powers v = (Weights.Powers) verifier[i];
                assertEquals(prover[i], v, "piece " + i + ": the same weights, written out or not");
                assertNull(v.written());
                assertArrayEquals(piece, ((Weights.Powers) prover[i]).written(), "piece " + i);
                assertArrayEquals(piece, v.table(pieceVars), "piece " + i + " from its powers");
                Ext2[] at = Rand.point(pieceVars, r);
                assertEquals(io.zkml4j.core.poly.Multilinear.evaluateExt(piece, at), v.at(at), "piece " + i + " at a point");
            }
        }
    }

    @Test
    void aFalseClaimIsRejected() throws Exception {
        Statement s = statement(4, fresh(8));
        for (int i = 0; i < s.claims().size(); i++) {
            List<LinearClaim> lie = new ArrayList<>(s.claims());
            LinearClaim c = lie.get(i);
            lie.set(i, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            byte[] proof = prove(s, fresh(8), lie, 5);
            assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), fresh(8), lie, proof), "claim " + i);
        }
    }

    /**
     * A prover that lies about the first polynomial's evaluation and commits a row combination
     * made to agree with the lie: the consistency check at the queried columns catches it.
     */
    @Test
    void aRowCombinationMadeToFitAFalseValueIsRejected() {
        Statement s = statement(12, fresh(8));
        Ext2 delta = Ext2.of(5, 3);
        Ext2[] z = ((Weights.Eq) s.claims().get(0).terms().get(0).weights()).point();
        Ext2 shift = delta.mul(Multilinear.eq(z, new Ext2[] {Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO,
                Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO}));
        LinearClaim lie = new LinearClaim(s.claims().get(0).terms(), s.claims().get(0).value().add(shift));
        List<LinearClaim> claims = new ArrayList<>(s.claims());
        claims.set(0, lie);
        claims.set(claims.size() - 1, lie);
        byte[] proof = prove(s, fresh(8), claims, 13, (combinations, messages) -> {
            if (combinations != null) {
                long[] u = combinations.get(0);
                Ext2.at(u, 0).add(delta).store(u, 0);
            }
        });
        assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), fresh(8), claims, proof));
    }

    /** A prover that hashes another value in place of one queried column's entry: the leaf no longer matches. */
    @Test
    void aColumnOtherThanTheCommittedOneIsRejected() {
        Statement s = statement(14, fresh(8));
        for (int entry : new int[] {0, 3, SealedCommitment.SALT_ELEMENTS + 2}) {
            byte[] proof = prove(s, fresh(8), s.claims(), 15, (combinations, messages) -> {
                if (messages != null) {
                    messages[1][entry] = io.zkml4j.core.field.Goldilocks.addCanonical(messages[1][entry], 1);
                }
            });
            assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), fresh(8), s.claims(), proof), "entry " + entry);
        }
    }

    @Test
    void aProofForAnotherSealedCommitmentIsRejected() {
        Statement s = statement(6, fresh(8));
        Statement other = statement(7, fresh(8));
        byte[] proof = prove(s, fresh(8), s.claims(), 8);
        assertThrows(InvalidProofException.class, () -> verify(other.sealed().commitment(), fresh(8), s.claims(), proof));
    }

    @Test
    void everyElementOfTheProofMatters() {
        Statement s = statement(9, fresh(8));
        byte[] proof = prove(s, fresh(8), s.claims(), 10);
        ProofMutator.assertEveryElementMatters(proof, 97, bytes -> verify(s.sealed().commitment(), fresh(8), s.claims(), bytes));
    }

    /**
     * The attacker's view across many proofs: no value of the sealed matrix (any row of any
     * column, encoded or not) appears anywhere in any proof, at any byte offset, whereas the
     * plain Ligero opening sends its queried columns verbatim.
     */
    @Test
    void noCommittedValueEverAppearsInAProof() {
        Statement s = statement(11, fresh(8));
        Set<Long> secret = new HashSet<>();
        for (int c = 0; c < SEALED.codeLength(); c++) {
            for (long v : s.sealed().column(c)) {
                secret.add(v);
            }
        }
        for (long[] t : s.tables()) {
            for (long v : t) {
                secret.add(io.zkml4j.core.field.Goldilocks.canonical(v));
            }
        }
        secret.remove(0L);
        for (int run = 0; run < 12; run++) {
            byte[] proof = prove(s, fresh(8), s.claims(), 100 + run);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(proof).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + 8 <= proof.length; at++) {
                long word = b.getLong(at);
                assertFalse(secret.contains(word), "proof " + run + " contains a committed value at byte " + at);
            }
        }
        // The control, that the scan sees what a proof does carry: the queried columns' leaf digests.
        long[] leafWords = new long[SEALED.codeLength()];
        for (int c = 0; c < leafWords.length; c++) {
            leafWords[c] = s.sealed().leaf(c)[0];
        }
        assertTrue(containsValue(prove(s, fresh(8), s.claims(), 99), leafWords), "the scan must find the revealed leaf digests");
    }

    private static boolean containsValue(byte[] proof, long[] table) {
        Set<Long> values = new HashSet<>();
        for (long v : table) {
            values.add(io.zkml4j.core.field.Goldilocks.canonical(v));
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(proof).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 8 <= proof.length; at++) {
            if (values.contains(b.getLong(at))) {
                return true;
            }
        }
        return false;
    }
}
