package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sealed commitment in a trimmed layout: each polynomial stores only its first rows, the rest
 * being zero by definition (not encoded, not hashed, in no column). Its openings must prove the
 * trimmed rows zero, and nothing else may read the layout.
 */
class TrimmedSealedCommitmentTest {
    static final String DS = "trimmed-sealed-test/v1";
    /** Rows of 2^8. */
    static final LigeroParameters SEALED = LigeroParameters.withoutRandomColumns(40, 8, 2, Sha256.INSTANCE);
    static final LigeroParameters FRESH = LigeroParameters.forSecurity(40, 8, 2, 1, 0, Sha256.INSTANCE);
    /** Polynomial 0: 2^12 values (16 rows), 5 stored; 1: one row; 2: 2^11 values (8 rows), all stored. */
    static final int[] VARS = {12, 7, 11};
    static final int[] STORED = {5, 1, 8};
    static final int K = 1 << 8;

    static List<long[]> tables(SplittableRandom r) {
        long[] t0 = new long[1 << VARS[0]];
        System.arraycopy(Rand.base(STORED[0] * K, r), 0, t0, 0, STORED[0] * K);
        return List.of(t0, Rand.base(1 << VARS[1], r), Rand.base(1 << VARS[2], r));
    }

    /** The point whose low coordinates are {@code low} and whose row coordinates are the bits of {@code row}. */
    static Ext2[] atRow(Ext2[] low, int row, int numVars) {
        Ext2[] p = Arrays.copyOf(low, numVars);
        for (int v = low.length; v < numVars; v++) {
            p[v] = ((row >>> (v - low.length)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
        }
        return p;
    }

    record Statement(SealedCommitment sealed, List<long[]> tables, long[] witness, List<LinearClaim> claims) {}

    /**
     * Claims whose eq points reach the trimmed rows: polynomial 0 at a random point (every row
     * weighted), at trimmed row 9 and at stored row 3; the others at random points; and one that
     * mixes a trimmed row with the one-time witness.
     */
    static Statement statement(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<long[]> tables = tables(r);
        SealedCommitment sealed = SealedCommitment.commit(SEALED, STORED, tables, new java.util.Random(seed + 1));
        long[] witness = Rand.base(1 << 9, r);
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < tables.size(); p++) {
            Ext2[] z = Rand.point(VARS[p], r);
            claims.add(LinearClaim.evaluation(0, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        Ext2[] low = Rand.point(8, r);
        for (int row : new int[] {9, 3, 15}) {
            Ext2[] z = atRow(low, row, VARS[0]);
            claims.add(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(tables.get(0), z)));
        }
        Ext2[] z = atRow(Rand.point(8, r), 12, VARS[0]);
        Ext2[] y = Rand.point(9, r);
        Ext2 c = Rand.ext(r);
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, 0, new Weights.Eq(z), c), new LinearClaim.Term(1, 0, new Weights.Eq(y), Ext2.ONE)),
                Multilinear.evaluateBase(tables.get(0), z).mul(c).add(Multilinear.evaluateBase(witness, y))));
        return new Statement(sealed, tables, witness, claims);
    }

    static byte[] prove(Statement s, List<LinearClaim> claims, long seed, SealedOpening.Deviation deviation) {
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        java.util.Random random = new java.util.Random(seed);
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials witness = pcs.commit(FRESH, List.of(s.witness()));
        ch.sendDigest("witness.root", witness.commitment().root());
        SealedOpening.ProverResult sealed = SealedOpening.prove(s.sealed(), 0, claims, FRESH, 0, 2, ch, random, deviation);
        pcs.open(List.of(sealed.fresh().get(0), witness, sealed.fresh().get(1)), sealed.claims(), ch);
        return ch.proof();
    }

    static void verify(Commitment sealed, List<LinearClaim> claims, byte[] proof) throws Exception {
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        Commitment witness = new Commitment(FRESH, ch.receiveDigest("witness.root"), new int[] {9});
        SealedOpening.VerifierResult v = SealedOpening.verify(sealed, 0, claims, FRESH, 0, 2, ch);
        LigeroPcs.verify(List.of(v.fresh().get(0), witness, v.fresh().get(1)), v.claims(), ch);
        ch.finish();
    }

    @Test
    void theLayoutStoresOnlyTheStoredRows() {
        Statement s = statement(1);
        Commitment c = s.sealed().commitment();
        assertTrue(c.trimmed());
        assertEquals(5 + 1 + 8, c.rows());
        assertEquals(16, c.rowCount(0));
        assertEquals(5, c.storedRows(0));
        assertEquals(0, c.rowStart(0));
        assertEquals(5, c.rowStart(1));
        assertEquals(6, c.rowStart(2));
        assertEquals(c.rows(), s.sealed().column(3).length, "a column holds the stored rows only");
        for (int p = 0; p < VARS.length; p++) {
            assertArrayEquals(s.tables().get(p), s.sealed().table(p), "polynomial " + p + " read back, zero past its stored rows");
        }
        // Every row stored is the untrimmed layout, encoded as before trimming existed (version 1).
        Commitment full = Commitment.unpacked(SEALED, c.root(), VARS, new int[] {16, 1, 8});
        assertFalse(full.trimmed());
        assertArrayEquals(Commitment.unpacked(SEALED, c.root(), VARS).encode(), full.encode());
        assertEquals(1, ByteBuffer.wrap(full.encode()).getShort(4));
        assertEquals(3, ByteBuffer.wrap(c.encode()).getShort(4));
    }

    @Test
    void trueClaimsOnTrimmedRowsVerify() throws Exception {
        for (long seed : new long[] {2, 3}) {
            Statement s = statement(seed);
            verify(s.sealed().commitment(), s.claims(), prove(s, s.claims(), seed + 10, SealedOpening.Deviation.HONEST));
        }
    }

    @Test
    void aFalseClaimIsRejected() throws Exception {
        Statement s = statement(4);
        for (int i = 0; i < s.claims().size(); i++) {
            List<LinearClaim> lie = new ArrayList<>(s.claims());
            LinearClaim c = lie.get(i);
            lie.set(i, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            byte[] proof = prove(s, lie, 5, SealedOpening.Deviation.HONEST);
            assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), lie, proof), "claim " + i);
        }
    }

    /**
     * A prover that claims trimmed row 9 holds δ at column 0 and commits that row combination with
     * δ added to fit: the trimmed row is zero in every column, and the consistency check catches it.
     */
    @Test
    void aNonZeroValueInATrimmedRowCannotBeProven() {
        Statement s = statement(6);
        Ext2 delta = Ext2.of(7, 2);
        int claim = 3; // polynomial 0 at row 9
        Ext2[] z = ((Weights.Eq) s.claims().get(claim).terms().get(0).weights()).point();
        assertEquals(Ext2.ZERO, s.claims().get(claim).value(), "row 9 is trimmed: zero");
        Ext2 shift = delta.mul(Multilinear.eq(Arrays.copyOf(z, 8), new Ext2[] {Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO, Ext2.ZERO,
                Ext2.ZERO, Ext2.ZERO}));
        List<LinearClaim> claims = new ArrayList<>(s.claims());
        claims.set(claim, new LinearClaim(s.claims().get(claim).terms(), shift));
        byte[] proof = prove(s, claims, 7, (combinations, messages) -> {
            if (combinations != null) { // term 3 is the fourth distinct (polynomial, point) pair
                long[] u = combinations.get(claim);
                Ext2.at(u, 0).add(delta).store(u, 0);
            }
        });
        assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), claims, proof));
    }

    /** A queried column hashed with one of its stored entries changed: its leaf no longer matches. */
    @Test
    void aTamperedColumnIsRejected() {
        Statement s = statement(8);
        for (int entry : new int[] {SealedCommitment.SALT_ELEMENTS, SealedCommitment.SALT_ELEMENTS + 4, SealedCommitment.SALT_ELEMENTS + 13}) {
            byte[] proof = prove(s, s.claims(), 9, (combinations, messages) -> {
                if (messages != null) {
                    messages[2][entry] = Goldilocks.addCanonical(messages[2][entry], 1);
                }
            });
            assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), s.claims(), proof), "entry " + entry);
        }
    }

    /** The same root with other stored-row counts is another commitment: an honest proof for the real one does not verify against it. */
    @Test
    void anotherStoredRowCountIsRejected() throws Exception {
        Statement s = statement(10);
        byte[] proof = prove(s, s.claims(), 11, SealedOpening.Deviation.HONEST);
        Commitment c = s.sealed().commitment();
        verify(c, s.claims(), proof);
        for (int[] other : new int[][] {{4, 1, 8}, {6, 1, 8}, {16, 1, 8}, {5, 1, 7}}) {
            Commitment changed = Commitment.unpacked(SEALED, c.root(), VARS, other);
            assertThrows(InvalidProofException.class, () -> verify(changed, s.claims(), proof), Arrays.toString(other));
        }
    }

    /** A trimmed commitment cannot hold a non-zero value past its stored rows: committing one is refused. */
    @Test
    void aTableWithAValueInTheTrimmedRowsIsRefused() {
        SplittableRandom r = new SplittableRandom(12);
        for (int at : new int[] {STORED[0] * K, 9 * K + 17, (1 << VARS[0]) - 1}) {
            List<long[]> tables = new ArrayList<>(tables(r));
            tables.get(0)[at] = 1;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SealedCommitment.commit(SEALED, STORED, tables, new java.util.Random(1)), "value at " + at);
            assertTrue(e.getMessage().contains("non-zero value at " + at), e.getMessage());
        }
        // A field element that is zero mod p (p itself) is zero.
        List<long[]> tables = new ArrayList<>(tables(r));
        tables.get(0)[STORED[0] * K] = Goldilocks.P;
        assertTrue(SealedCommitment.commit(SEALED, STORED, tables, new java.util.Random(1)).commitment().trimmed());
    }

    @Test
    void decodeRoundTripsAndBoundsTheStoredCounts() throws Exception {
        Commitment c = statement(13).sealed().commitment();
        byte[] enc = c.encode();
        assertEquals(c, Commitment.decode(enc));
        assertArrayEquals(enc, Commitment.decode(enc).encode());
        int counts = enc.length - 4 * VARS.length;
        // polynomial 0: 1 to 16 rows; polynomial 1 (one row): exactly 1
        int[][] bad = {{0, 0}, {0, -1}, {0, 17}, {0, Integer.MAX_VALUE}, {1, 2}, {1, 0}, {2, 9}};
        for (int[] b : bad) {
            byte[] e = enc.clone();
            ByteBuffer.wrap(e).putInt(counts + 4 * b[0], b[1]);
            MalformedProofException x = assertThrows(MalformedProofException.class, () -> Commitment.decode(e), Arrays.toString(b));
            assertTrue(x.getMessage().contains("polynomial " + b[0] + " declares " + b[1] + " stored rows"), x.getMessage());
        }
        byte[] untrimmed = enc.clone(); // version 3 must trim something: every row stored is version 1
        ByteBuffer.wrap(untrimmed).putInt(counts, 16);
        MalformedProofException x = assertThrows(MalformedProofException.class, () -> Commitment.decode(untrimmed));
        assertTrue(x.getMessage().contains("version 1"), x.getMessage());
        assertThrows(MalformedProofException.class, () -> Commitment.decode(Arrays.copyOf(enc, enc.length - 1)));
        assertThrows(MalformedProofException.class, () -> Commitment.decode(Arrays.copyOf(enc, counts)));
        assertThrows(MalformedProofException.class, () -> Commitment.decode(Arrays.copyOf(enc, enc.length + 1)));
        // Versions 1 and 2 carry no counts and decode as before.
        Commitment v1 = Commitment.unpacked(SEALED, c.root(), VARS);
        assertEquals(v1, Commitment.decode(v1.encode()));
        assertFalse(Commitment.decode(v1.encode()).trimmed());
        Commitment v2 = new Commitment(FRESH, c.root(), VARS);
        assertEquals(v2, Commitment.decode(v2.encode()));
    }

    @Test
    void theOneTimeOpeningRefusesATrimmedLayout() throws Exception {
        Statement s = statement(14);
        Commitment c = s.sealed().commitment();
        List<LinearClaim> claims = List.of(s.claims().get(0));
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, DS, new FiatShamirProver(Sha256.INSTANCE, DS).proof());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LigeroPcs.verify(List.of(c), claims, ch));
        assertTrue(e.getMessage().contains("sealed opening"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Commitment.unpacked(SEALED, c.root(), VARS, new int[] {5, 1}));
    }

    /** Many claims reduced to one point per polynomial first (as a training proof does), on the trimmed layout. */
    @Test
    void theEvaluationReductionReadsTheTrimmedTable() throws Exception {
        Statement s = statement(15);
        byte[] proof = proveReduced(s, s.claims());
        verifyReduced(s.sealed().commitment(), s.claims(), proof);
        List<LinearClaim> lie = new ArrayList<>(s.claims());
        lie.set(3, new LinearClaim(lie.get(3).terms(), Ext2.ONE)); // trimmed row 9 is not zero
        byte[] bad = proveReduced(s, lie);
        assertThrows(InvalidProofException.class, () -> verifyReduced(s.sealed().commitment(), lie, bad));
    }

    static byte[] proveReduced(Statement s, List<LinearClaim> claims) {
        return SealedEvaluationReductionTest.prove(s.sealed(), s.witness(), claims, FRESH, DS, 16);
    }

    static void verifyReduced(Commitment sealed, List<LinearClaim> claims, byte[] proof) throws Exception {
        SealedEvaluationReductionTest.verify(sealed, claims, proof, FRESH, DS, 9);
    }
}
