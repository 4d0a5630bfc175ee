package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the evaluation weights' memo (2d748fd): {@link OpeningWeights#evaluation} takes a term's
 * column weight at ρ once per (weights object by identity, numVars, columnOffset). One weights
 * object is shared here by terms that differ in everything else that could matter: the column
 * offset in a packed row, the commitment, the row, the coefficient, the claim, and (for eq weights
 * of polynomials of at least a row) the row weights. The memoised weights must equal (a) those of
 * the same claims with every weights object a distinct copy (the memo never hits) and (b) an
 * independent recomputation from each term's full row-wide column table
 * ({@link OpeningWeights.TermShape#columnWeights}, evaluated at ρ by the generic multilinear
 * evaluation, not {@code columnWeightAt}); and openings of such claims verify, and reject a claim
 * off by one in a term that shares its weights.
 */
class SharedWeightsMemoReviewTest {
    /** Rows of 2^4: polynomials of 2^2 share rows at offsets 0, 4, 8, 12; of 2^3 at 0, 8. */
    static final LigeroParameters P = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    /** Commitment 0: four of 2^2 (one row), two of 2^3 (one row), two of 2^6, one of 2^1 and one of 2^2 (at offset 4 of a row). Commitment 1: one of 2^2, 2^3, 2^6, 2^4. */
    static final int[][] LAYOUT = {{2, 2, 2, 2, 3, 3, 6, 6, 1, 2}, {2, 3, 6, 4}};

    record Fixture(List<CommittedPolynomials> committed, List<List<long[]>> tables, List<LinearClaim> claims) {
        List<Commitment> commitments() {
            return committed.stream().map(CommittedPolynomials::commitment).toList();
        }
    }

    static Fixture fixture(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<long[]>> tables = new ArrayList<>();
        List<CommittedPolynomials> committed = new ArrayList<>();
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(seed));
        for (int[] nv : LAYOUT) {
            List<long[]> t = new ArrayList<>();
            for (int v : nv) {
                t.add(Rand.base(1 << v, r));
            }
            tables.add(t);
            committed.add(pcs.commit(P, t));
        }
        // One object of each kind and size, shared by many terms.
        Weights eq2 = new Weights.Eq(Rand.point(2, r));
        Weights eq3 = new Weights.Eq(Rand.point(3, r));
        Weights eq6 = new Weights.Eq(Rand.point(6, r));
        Weights eq4 = new Weights.Eq(Rand.point(4, r));
        Weights x2 = new Weights.Explicit(Rand.extTable(4, r));
        Weights x3 = new Weights.Explicit(Rand.extTable(8, r));
        Weights x4 = new Weights.Explicit(Rand.extTable(16, r));
        List<LinearClaim> claims = new ArrayList<>();
        // every 2^2 polynomial (offsets 0, 4, 8, 12 of one row, offset 0 of another row, commitment 1) with eq2 and x2
        int[][] size2 = {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 9}, {1, 0}};
        int[][] size3 = {{0, 4}, {0, 5}, {1, 1}};
        int[][] size6 = {{0, 6}, {0, 7}, {1, 2}};
        for (Weights w : new Weights[] {eq2, x2}) {
            claims.add(sum(tables, w, size2, r));
            for (int[] t : size2) {
                claims.add(sum(tables, w, new int[][] {t}, r));
            }
        }
        for (Weights w : new Weights[] {eq3, x3}) {
            claims.add(sum(tables, w, size3, r));
            for (int[] t : size3) {
                claims.add(sum(tables, w, new int[][] {t}, r));
            }
        }
        claims.add(sum(tables, eq6, size6, r));
        claims.add(sum(tables, eq6, new int[][] {{1, 2}}, r));
        claims.add(sum(tables, eq4, new int[][] {{1, 3}}, r));
        claims.add(sum(tables, x4, new int[][] {{1, 3}}, r));
        // the same weights object twice in one claim, on one polynomial, with two coefficients
        claims.add(sum(tables, x2, new int[][] {{0, 2}, {0, 2}}, r));
        return new Fixture(committed, tables, claims);
    }

    /** Σ_t c_t·⟨w, poly_t⟩ over these (commitment, polynomial) pairs, random coefficients, the true value. */
    static LinearClaim sum(List<List<long[]>> tables, Weights w, int[][] polys, SplittableRandom r) {
        List<LinearClaim.Term> terms = new ArrayList<>();
        Ext2 value = Ext2.ZERO;
        for (int[] cp : polys) {
            Ext2 c = Rand.ext(r);
            terms.add(new LinearClaim.Term(cp[0], cp[1], w, c));
            value = value.add(c.mul(Weights.apply(w, tables.get(cp[0]).get(cp[1]))));
        }
        return new LinearClaim(terms, value);
    }

    /** The same claims with every term's weights a distinct (equal) object. */
    static List<LinearClaim> unshared(List<LinearClaim> claims) {
        List<LinearClaim> out = new ArrayList<>();
        for (LinearClaim c : claims) {
            List<LinearClaim.Term> terms = new ArrayList<>();
            for (LinearClaim.Term t : c.terms()) {
                Weights copy = switch (t.weights()) {
                    case Weights.Eq e -> new Weights.Eq(e.point());
                    case Weights.Explicit x -> new Weights.Explicit(x.interleaved());
                    case Weights.Powers x -> new Weights.Powers(x.points(), x.coefficients());
                    case Weights.Product w -> new Weights.Product(w.low(), w.high());
                };
                assertNotSame(t.weights(), copy);
                terms.add(new LinearClaim.Term(t.commitment(), t.polynomial(), copy, t.coefficient()));
            }
            out.add(new LinearClaim(terms, c.value()));
        }
        return out;
    }

    /** The data matrices' evaluation weights from each term's full column table, without columnWeightAt or any memo. */
    static long[][] reference(List<Commitment> commitments, List<LinearClaim> claims, Ext2[] lambda, Ext2[] rho) {
        long[][] w = new long[commitments.size()][];
        for (int m = 0; m < commitments.size(); m++) {
            w[m] = new long[2 * commitments.get(m).rows()];
        }
        for (int j = 0; j < claims.size(); j++) {
            for (LinearClaim.Term term : claims.get(j).terms()) {
                OpeningWeights.TermShape s = OpeningWeights.shape(commitments, term);
                Ext2 column = Multilinear.evaluateExt(s.columnWeights(), rho);
                Ext2 scale = lambda[j].mul(term.coefficient()).mul(column);
                long[] rowW = s.rowWeights();
                for (int r = 0; r < rowW.length / 2; r++) {
                    Ext2 cur = Ext2.at(w[s.matrix()], s.row(r));
                    cur.add(scale.mul(Ext2.at(rowW, r))).store(w[s.matrix()], s.row(r));
                }
            }
        }
        return w;
    }

    @Test
    void theLayoutPutsSharedWeightsAtDifferentOffsets() {
        Fixture f = fixture(1);
        Commitment c0 = f.commitments().get(0);
        assertEquals(c0.rowStart(0), c0.rowStart(3));
        assertArrayEquals(new int[] {0, 4, 8, 12}, new int[] {c0.columnOffset(0), c0.columnOffset(1), c0.columnOffset(2), c0.columnOffset(3)});
        assertEquals(c0.rowStart(4), c0.rowStart(5));
        assertArrayEquals(new int[] {0, 8}, new int[] {c0.columnOffset(4), c0.columnOffset(5)});
        assertNotEquals(c0.rowStart(0), c0.rowStart(9)); // polynomial 9 is at offset 4 of another row (after one of 2^1)
        assertEquals(4, c0.columnOffset(9));
        assertEquals(0, f.commitments().get(1).columnOffset(0));
    }

    @Test
    void memoisedEvaluationWeightsEqualTheUnsharedAndAnIndependentRecomputation() {
        for (long seed = 1; seed <= 5; seed++) {
            Fixture f = fixture(seed);
            SplittableRandom r = new SplittableRandom(100 + seed);
            Ext2[] lambda = Rand.point(f.claims().size(), r);
            Ext2[] rho = Rand.point(P.logRowWidth(), r);
            Ext2 beta = Rand.ext(r), lambdaS = Rand.ext(r);
            List<Commitment> coms = f.commitments();
            long[][] shared = OpeningWeights.evaluation(coms, f.claims(), lambda, rho, beta, lambdaS);
            long[][] distinct = OpeningWeights.evaluation(coms, unshared(f.claims()), lambda, rho, beta, lambdaS);
            long[][] ref = reference(coms, f.claims(), lambda, rho);
            assertEquals(coms.size() + 1, shared.length);
            for (int m = 0; m <= coms.size(); m++) {
                assertArrayEquals(distinct[m], shared[m], "matrix " + m + ", seed " + seed + ": shared weights objects change the weights");
            }
            for (int m = 0; m < coms.size(); m++) {
                assertArrayEquals(ref[m], shared[m], "matrix " + m + ", seed " + seed + ": the weights differ from the full column tables'");
            }
        }
    }

    /**
     * The memo's own premise: for one weights object and one (numVars, columnOffset), columnWeightAt
     * is the same whatever the commitment, the row, the coefficient; and it differs between offsets.
     */
    @Test
    void columnWeightDependsOnTheOffsetButNotOnRowCommitmentOrCoefficient() {
        Fixture f = fixture(7);
        List<Commitment> coms = f.commitments();
        Ext2[] rho = Rand.point(P.logRowWidth(), new SplittableRandom(8));
        Weights w = new Weights.Eq(Rand.point(2, new SplittableRandom(9)));
        Ext2 offset0 = OpeningWeights.shape(coms, new LinearClaim.Term(0, 0, w, Ext2.ONE)).columnWeightAt(rho);
        Ext2 offset0Com = OpeningWeights.shape(coms, new LinearClaim.Term(1, 0, w, Ext2.fromBase(7))).columnWeightAt(rho);
        Ext2 offset4 = OpeningWeights.shape(coms, new LinearClaim.Term(0, 1, w, Ext2.ONE)).columnWeightAt(rho);
        Ext2 offset4Row = OpeningWeights.shape(coms, new LinearClaim.Term(0, 9, w, Ext2.fromBase(5))).columnWeightAt(rho);
        assertEquals(offset0, offset0Com);
        assertEquals(offset4, offset4Row);
        assertNotEquals(offset0, offset4);
    }

    @Test
    void openingsOfSharedWeightsClaimsVerifyAndAFalseSharedTermIsRejected() throws Exception {
        Fixture f = fixture(11);
        FiatShamirProver p = new FiatShamirProver(P.hash(), "review-memo");
        new LigeroPcs(new java.util.Random(12)).open(f.committed(), f.claims(), p);
        byte[] proof = p.proof();
        FiatShamirVerifier v = new FiatShamirVerifier(P.hash(), "review-memo", proof);
        LigeroPcs.verify(f.commitments(), f.claims(), v);
        v.finish();
        // each claim in turn off by one: the same proof is rejected
        for (int k = 0; k < f.claims().size(); k++) {
            LinearClaim c = f.claims().get(k);
            List<LinearClaim> wrong = new ArrayList<>(f.claims());
            wrong.set(k, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> {
                FiatShamirVerifier v2 = new FiatShamirVerifier(P.hash(), "review-memo", proof);
                LigeroPcs.verify(f.commitments(), wrong, v2);
                v2.finish();
            }, "claim " + k + " off by one is accepted");
        }
    }

    @Test
    void unsharedCopiesReallyAreDistinctObjectsOfEqualContent() {
        Fixture f = fixture(13);
        List<LinearClaim> u = unshared(f.claims());
        for (int k = 0; k < u.size(); k++) {
            for (int t = 0; t < u.get(k).terms().size(); t++) {
                assertEquals(f.claims().get(k).terms().get(t).weights(), u.get(k).terms().get(t).weights());
            }
        }
    }
}
