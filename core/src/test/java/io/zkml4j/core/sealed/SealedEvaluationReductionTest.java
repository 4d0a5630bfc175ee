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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Many evaluation claims on a sealed commitment reduced to one point per polynomial, then opened
 * by the sealed opening: commitment 0 is the sealed one (its fresh row combinations take its place),
 * 1 a one-time witness, 2 the sealed opening's hash proof, 3 the reduction's mask.
 */
class SealedEvaluationReductionTest {
    static final String DS = "sealed-reduction-test/v1";
    static final LigeroParameters SEALED = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);
    static final LigeroParameters FRESH = LigeroParameters.forSecurity(40, 9, 2, 1, 0, Sha256.INSTANCE);
    /** The dataset-like polynomial: 2^5 features per row, 2^7 rows. */
    static final int SAMPLE_VARS = 5;
    static final int ROW_VARS = 7;

    record Statement(SealedCommitment sealed, List<long[]> tables, long[] witness, List<LinearClaim> claims) {}

    /**
     * Claims like a training's: each "batch" states witness(y) = Σ_b c_b·D(u, row_b) for rows
     * picked among D's (points whose high coordinates are bits); plus plain evaluations of every
     * polynomial and a claim that names only the witness.
     */
    static Statement statement(long seed, List<long[]> tables, int batches) {
        return statement(seed, tables, batches, true);
    }

    /** With {@code everyPolynomialAtAPoint} false, the dataset-like polynomial is named only at batch rows, as one training step names it. */
    static Statement statement(long seed, List<long[]> tables, int batches, boolean everyPolynomialAtAPoint) {
        SplittableRandom r = new SplittableRandom(seed);
        SealedCommitment sealed = SealedCommitment.commit(SEALED, tables, new java.util.Random(seed + 1));
        long[] witness = Rand.base(1 << 9, r);
        List<LinearClaim> claims = new ArrayList<>();
        for (int batch = 0; batch < batches; batch++) {
            Ext2[] u = Rand.point(SAMPLE_VARS, r);
            Ext2[] y = Rand.point(9, r);
            List<LinearClaim.Term> terms = new ArrayList<>();
            terms.add(new LinearClaim.Term(1, 0, new Weights.Eq(y), Ext2.ONE));
            Ext2 sum = Ext2.ZERO;
            for (int b = 0; b < 4; b++) {
                Ext2[] point = Arrays.copyOf(u, SAMPLE_VARS + ROW_VARS);
                int row = r.nextInt(1 << ROW_VARS);
                for (int v = 0; v < ROW_VARS; v++) {
                    point[SAMPLE_VARS + v] = ((row >>> v) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
                }
                Ext2 c = Rand.ext(r);
                terms.add(new LinearClaim.Term(0, 0, new Weights.Eq(point), c.neg()));
                sum = sum.add(c.mul(Multilinear.evaluateBase(tables.get(0), point)));
            }
            claims.add(new LinearClaim(terms, Multilinear.evaluateBase(witness, y).sub(sum)));
        }
        for (int p = everyPolynomialAtAPoint ? 0 : 1; p < tables.size(); p++) {
            Ext2[] z = Rand.point(Integer.numberOfTrailingZeros(tables.get(p).length), r);
            claims.add(LinearClaim.evaluation(0, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        Ext2[] y = Rand.point(9, r);
        claims.add(LinearClaim.evaluation(1, 0, y, Multilinear.evaluateBase(witness, y)));
        return new Statement(sealed, tables, witness, claims);
    }

    static Statement statement(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return statement(seed, List.of(Rand.base(1 << (SAMPLE_VARS + ROW_VARS), r), Rand.base(1 << 7, r), Rand.base(1 << 4, r)), 6);
    }

    static byte[] prove(Statement s, List<LinearClaim> claims, long seed) {
        return prove(s.sealed(), s.witness(), claims, FRESH, DS, seed, true);
    }

    static byte[] prove(SealedCommitment sealedCommitment, long[] witnessVector, List<LinearClaim> claims, LigeroParameters fresh, String ds, long seed) {
        return prove(sealedCommitment, witnessVector, claims, fresh, ds, seed, true);
    }

    /** The reduction, the sealed opening and the one-time opening, as a proof proves them, over a sealed commitment and a witness vector. */
    static byte[] prove(SealedCommitment sealedCommitment, long[] witnessVector, List<LinearClaim> claims, LigeroParameters fresh, String ds, long seed,
                        boolean fewRows) {
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, ds);
        java.util.Random random = new java.util.Random(seed);
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials witness = pcs.commit(fresh, List.of(witnessVector));
        ch.sendDigest("witness.root", witness.commitment().root());
        SealedEvaluationReduction.ProverResult reduced = SealedEvaluationReduction.prove(sealedCommitment, 0, claims, fresh, 3, ch, random, fewRows);
        SealedOpening.ProverResult sealed = SealedOpening.prove(sealedCommitment, 0, reduced.claims(), fresh, 0, 2, ch, random);
        pcs.open(List.of(sealed.fresh().get(0), witness, sealed.fresh().get(1), reduced.mask()), sealed.claims(), ch);
        return ch.proof();
    }

    static void verify(Commitment sealed, List<LinearClaim> claims, byte[] proof) throws Exception {
        verify(sealed, claims, proof, FRESH, DS, 9);
    }

    /** The verifier's side of {@link #prove(SealedCommitment, long[], List, LigeroParameters, String, long)} (a witness vector of 2^witnessVars). */
    static void verify(Commitment sealed, List<LinearClaim> claims, byte[] proof, LigeroParameters fresh, String ds, int witnessVars) throws Exception {
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, ds, proof);
        Commitment witness = new Commitment(fresh, ch.receiveDigest("witness.root"), new int[] {witnessVars});
        SealedEvaluationReduction.VerifierResult reduced = SealedEvaluationReduction.verify(sealed, 0, claims, fresh, 3, ch);
        SealedOpening.VerifierResult v = SealedOpening.verify(sealed, 0, reduced.claims(), fresh, 0, 2, ch);
        LigeroPcs.verify(List.of(v.fresh().get(0), witness, v.fresh().get(1), reduced.mask()), v.claims(), ch);
        ch.finish();
    }

    @Test
    void trueClaimsVerify() throws Exception {
        Statement s = statement(1);
        verify(s.sealed().commitment(), s.claims(), prove(s, s.claims(), 2));
    }

    /** Each polynomial reaches the sealed opening at one point, however many points the claims named. */
    @Test
    void theSealedOpeningSeesOnePointPerPolynomial() {
        Statement s = statement(3);
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        List<LinearClaim> out = SealedEvaluationReduction.prove(s.sealed(), 0, s.claims(), FRESH, 3, ch, new java.util.Random(4)).claims();
        Set<Object> points = new HashSet<>();
        for (LinearClaim c : out) {
            for (LinearClaim.Term t : c.terms()) {
                if (t.commitment() == 0) {
                    points.add(List.of(t.polynomial(), t.weights()));
                }
            }
        }
        assertEquals(3, points.size());
    }

    /**
     * Seventeen thousand selected rows at points of their own: past what the sealed opening alone
     * takes (a row combination each), and proven at once after the reduction.
     */
    @Test
    void seventeenThousandSelectedRowsFitOneOpening() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        Statement s = statement(5, List.of(Rand.base(1 << (SAMPLE_VARS + ROW_VARS), r)), 4300);
        InvalidProofException refused = assertThrows(InvalidProofException.class,
                () -> SealedOpening.verify(s.sealed().commitment(), 0, s.claims(), FRESH, 0, 2, new FiatShamirVerifier(Sha256.INSTANCE, DS,
                        new FiatShamirProver(Sha256.INSTANCE, DS).proof())));
        assertTrue(refused.getMessage().contains("row combinations"), refused.getMessage());
        verify(s.sealed().commitment(), s.claims(), prove(s, s.claims(), 6));
    }

    @Test
    void aFalseClaimIsRejected() throws Exception {
        assertEveryFalseClaimRejected(statement(7), 8);
    }

    /** Each claim in turn off by one, proven and refused. */
    private static void assertEveryFalseClaimRejected(Statement s, long seed) {
        for (int i = 0; i < s.claims().size(); i++) {
            List<LinearClaim> lie = new ArrayList<>(s.claims());
            LinearClaim c = lie.get(i);
            lie.set(i, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            byte[] proof = prove(s, lie, seed);
            assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), lie, proof), "claim " + i);
        }
    }

    /** A batch row named at another row than the one its value came from. */
    @Test
    void aClaimOnAnotherRowIsRejected() {
        Statement s = statement(9);
        List<LinearClaim> moved = withRowBitFlipped(s.claims(), 0, 1, SAMPLE_VARS + ROW_VARS - 1);
        byte[] proof = prove(s, moved, 10);
        assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), moved, proof));
    }

    /** The claims with one term's point moved to another row: coordinate {@code bit} of term {@code term} of claim {@code claim} flipped. */
    private static List<LinearClaim> withRowBitFlipped(List<LinearClaim> claims, int claim, int term, int bit) {
        List<LinearClaim> moved = new ArrayList<>(claims);
        LinearClaim c = moved.get(claim);
        List<LinearClaim.Term> terms = new ArrayList<>(c.terms());
        LinearClaim.Term t = terms.get(term);
        Ext2[] point = ((Weights.Eq) t.weights()).point().clone();
        point[bit] = point[bit].isZero() ? Ext2.ONE : Ext2.ZERO;
        terms.set(term, new LinearClaim.Term(t.commitment(), t.polynomial(), new Weights.Eq(point), t.coefficient()));
        moved.set(claim, new LinearClaim(terms, c.value()));
        return moved;
    }

    @Test
    void aProofForAnotherSealedCommitmentIsRejected() {
        Statement s = statement(11);
        Statement other = statement(12);
        byte[] proof = prove(s, s.claims(), 13);
        assertThrows(InvalidProofException.class, () -> verify(other.sealed().commitment(), s.claims(), proof));
    }

    @Test
    void everyElementOfTheProofMatters() {
        Statement s = statement(14);
        byte[] proof = prove(s, s.claims(), 15);
        ProofMutator.assertEveryElementMatters(proof, 89, bytes -> verify(s.sealed().commitment(), s.claims(), bytes));
    }

    /** The prover's weight table (built block by block for selected rows) is Σ c·eq(point, ·) in full. */
    @Test
    void theWeightTableIsTheSumOfTheTermsEqTables() {
        Statement s = statement(16);
        List<LinearClaim.Term> terms = new ArrayList<>();
        s.claims().forEach(c -> c.terms().stream().filter(t -> t.commitment() == 0 && t.polynomial() == 0).forEach(terms::add));
        int n = SAMPLE_VARS + ROW_VARS;
        long[] direct = new long[2 << n];
        for (LinearClaim.Term t : terms) {
            io.zkml4j.core.poly.ExtVectors.addScaled(direct, t.coefficient(), Multilinear.eqTable(((Weights.Eq) t.weights()).point()));
        }
        long[] built = SealedEvaluationReduction.weightTable(terms, n);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(io.zkml4j.core.field.Goldilocks.canonical(direct[i]), io.zkml4j.core.field.Goldilocks.canonical(built[i]), "entry " + i);
        }
    }

    /**
     * A step's few batch rows of a large table: the sumcheck runs over those rows' blocks (then one
     * fold of the rest), and its proof is the whole-table sumcheck's, byte for byte; false claims and
     * rows moved are rejected on that path too.
     */
    @Test
    void aFewRowsProveAsTheWholeTableWould() throws Exception {
        SplittableRandom r = new SplittableRandom(19);
        Statement s = statement(19, List.of(Rand.base(1 << (SAMPLE_VARS + ROW_VARS), r), Rand.base(1 << 7, r)), 5, false);
        List<LinearClaim.Term> terms = new ArrayList<>();
        s.claims().forEach(c -> c.terms().stream().filter(t -> t.commitment() == 0 && t.polynomial() == 0).forEach(terms::add));
        SealedEvaluationReduction.RowWeights rows = SealedEvaluationReduction.RowWeights.of(terms, SAMPLE_VARS + ROW_VARS);
        assertNotNull(rows, "20 rows of 128 take the block-sparse path");
        assertEquals(SAMPLE_VARS, rows.low());
        byte[] proof = prove(s.sealed(), s.witness(), s.claims(), FRESH, DS, 20, true);
        assertArrayEquals(prove(s.sealed(), s.witness(), s.claims(), FRESH, DS, 20, false), proof);
        verify(s.sealed().commitment(), s.claims(), proof);
        assertEveryFalseClaimRejected(s, 21);
        List<LinearClaim> moved = withRowBitFlipped(s.claims(), 2, 3, SAMPLE_VARS);
        byte[] forged = prove(s, moved, 22);
        assertThrows(InvalidProofException.class, () -> verify(s.sealed().commitment(), moved, forged));
    }

    /**
     * The block weights are the dense table's nonzero blocks, for points whose bit coordinates start
     * at different heights (a row, a pair of rows, a single entry); and too many rows, or a point with
     * no bits, leave the weights dense.
     */
    @Test
    void rowWeightsAreTheDenseTablesNonzeroBlocks() {
        SplittableRandom r = new SplittableRandom(23);
        int n = 12;
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (int bitsFrom : new int[] {4, 4, 6, 5, 0, 3}) {
            Ext2[] point = Rand.point(n, r);
            for (int v = bitsFrom; v < n; v++) {
                point[v] = r.nextBoolean() ? Ext2.ONE : Ext2.ZERO;
            }
            terms.add(new LinearClaim.Term(0, 0, new Weights.Eq(point), Rand.ext(r)));
        }
        SealedEvaluationReduction.RowWeights rows = SealedEvaluationReduction.RowWeights.of(terms, n);
        assertNotNull(rows);
        assertEquals(6, rows.low());
        long[] dense = SealedEvaluationReduction.weightTable(terms, n);
        long[] scattered = new long[2 << n];
        int size = 1 << rows.low();
        for (int b = 0; b < rows.blocks().length; b++) {
            System.arraycopy(rows.weights(), 2 * b * size, scattered, 2 * rows.blocks()[b] * size, 2 * size);
        }
        for (int i = 0; i < dense.length; i++) {
            assertEquals(io.zkml4j.core.field.Goldilocks.canonical(dense[i]), io.zkml4j.core.field.Goldilocks.canonical(scattered[i]), "entry " + i);
        }
        long[] table = Rand.base(1 << n, r);
        assertEquals(io.zkml4j.core.poly.ExtVectors.innerProductBase(dense, table), rows.innerProduct(table));
        List<LinearClaim.Term> withADensePoint = new ArrayList<>(terms);
        withADensePoint.add(new LinearClaim.Term(0, 0, new Weights.Eq(Rand.point(n, r)), Ext2.ONE));
        assertNull(SealedEvaluationReduction.RowWeights.of(withADensePoint, n), "a point with no bits");
        List<LinearClaim.Term> manyRows = new ArrayList<>();
        for (int row = 0; row < 17; row++) { // 17 of 64 blocks: more than a quarter
            Ext2[] point = Rand.point(n, r);
            for (int v = 6; v < n; v++) {
                point[v] = ((row >>> (v - 6)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
            }
            manyRows.add(new LinearClaim.Term(0, 0, new Weights.Eq(point), Ext2.ONE));
        }
        assertNull(SealedEvaluationReduction.RowWeights.of(manyRows, n), "17 of 64 blocks");
        assertNotNull(SealedEvaluationReduction.RowWeights.of(manyRows.subList(0, 16), n), "16 of 64 blocks");
    }

    /**
     * Zero knowledge of the hidden sum: two datasets that satisfy the same public claims but have
     * different sealed parts S (the witness absorbs the difference). What the reduction sends — the
     * masked sum T and the rounds — must not tell them apart: T is never S, never repeats, and its
     * bits are balanced for both; a reduction that sent S (no mask) fails all three.
     */
    @Test
    void theMaskedSumDoesNotDependOnTheDataset() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        List<long[]> a = List.of(Rand.base(1 << (SAMPLE_VARS + ROW_VARS), r));
        List<long[]> b = List.of(Rand.base(1 << (SAMPLE_VARS + ROW_VARS), r));
        int runs = 48;
        for (List<long[]> tables : List.of(a, b)) {
            Statement s = statement(18, tables, 3);
            Set<Ext2> seen = new HashSet<>();
            int[] ones = new int[64];
            for (int run = 0; run < runs; run++) {
                byte[] proof = prove(s, s.claims(), 1000 + run);
                Ext2 masked = maskedSum(proof);
                assertTrue(seen.add(masked), "the masked sum repeated");
                for (int bit = 0; bit < 64; bit++) {
                    ones[bit] += (int) ((masked.c0 >>> bit) & 1);
                }
            }
            for (int bit = 0; bit < 63; bit++) { // Goldilocks' top bit is rarely set
                assertTrue(ones[bit] > runs / 5 && ones[bit] < runs * 4 / 5, "bit " + bit + " of T set in " + ones[bit] + " of " + runs);
            }
        }
    }

    /** The reduction's masked sum: the proof's first extension record (after two digests: the witness's and the mask's). */
    private static Ext2 maskedSum(byte[] proof) {
        for (ProofMutator.Record record : ProofMutator.records(proof)) {
            if (record.kind() == 2) {
                return Ext2.of(ProofMutator.word(proof, record.payloadOffset()), ProofMutator.word(proof, record.payloadOffset() + 8));
            }
        }
        throw new AssertionError("no masked sum in the proof");
    }
}
