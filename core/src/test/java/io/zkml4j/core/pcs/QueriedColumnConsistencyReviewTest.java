package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the Ligero verifier's pruned encoding (5889531): the evaluation and proximity rows are
 * encoded only at the queried columns ({@link Ntt#forwardBitReversedAt}), and the check at query q
 * reads entry q of that, not entry columns[q]. A prover commits to words that are codewords except
 * at exactly one position of one row (Merkle-valid: the words are what is hashed, and the opening
 * reveals them), and opens honestly otherwise. The verifier must reject exactly when that position
 * is queried, whatever its rank among the queried columns (first, middle, last, every one), and
 * accept otherwise; with the position in a row the claims weigh, the evaluation check fires, in a
 * row no claim touches (evaluation weight zero) the proximity check does.
 *
 * <p>Parameters are chosen so that the pruned transform really prunes (few queries for the code
 * length: below 2^−4 of it) and the message fills less than a quarter (the spreading first
 * stages) or more than a quarter (their dense part).
 */
class QueriedColumnConsistencyReviewTest {
    /** rows of 2^6, code 2^10, message 80 (under a quarter), 12 queries (pruned: 12 < 1024/16). */
    static final LigeroParameters SPREAD = new LigeroParameters(6, 10, 16, 12, 0, Sha256.INSTANCE);
    /** rows of 2^8, code 2^10, message 276 (over a quarter, under a half), 12 queries. */
    static final LigeroParameters DENSE = new LigeroParameters(8, 10, 20, 12, 0, Sha256.INSTANCE);
    /** rows of 2^5, code 2^8, message 52, 12 queries (pruned: 12 < 256/16): for the Fiat–Shamir sweep. */
    static final LigeroParameters SWEEP = new LigeroParameters(5, 8, 20, 12, 0, Sha256.INSTANCE);

    /** A commitment to three polynomials (a large one, a small one, one no claim touches), with one corrupted word entry. */
    record Setup(LigeroParameters p, List<long[]> tables, CommittedPolynomials committed, List<LinearClaim> claims) {}

    /** Row indices (within the commitment) of a row the claims weigh and of a row they do not. */
    static int claimedRow(LigeroParameters p) {
        return 1; // the large polynomial's second row
    }

    static int unclaimedRow(LigeroParameters p) {
        Commitment layout = new Commitment(p, new byte[32], numVars(p));
        return layout.rowStart(2);
    }

    static int[] numVars(LigeroParameters p) {
        int a = p.logRowWidth();
        return new int[] {a + 2, a - 2, a + 1};
    }

    /**
     * Commits with the words of the honest encoding (computed by the plain full transform, not the
     * code under review), except entry {@code position} of row {@code row} (none when row &lt; 0).
     */
    static Setup setup(LigeroParameters p, long seed, int row, int position) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] nv = numVars(p);
        List<long[]> tables = new ArrayList<>();
        for (int v : nv) {
            tables.add(Rand.base(1 << v, r));
        }
        long[][] data = CommittedPolynomials.rows(p, tables, nv);
        long[][] messages = new long[data.length][];
        long[][] words = new long[data.length][];
        for (int i = 0; i < data.length; i++) {
            messages[i] = Arrays.copyOf(data[i], p.messageLength());
            for (int c = p.rowWidth(); c < p.messageLength(); c++) {
                messages[i][c] = Rand.field(r);
            }
            words[i] = Arrays.copyOf(messages[i], p.codeLength());
            Ntt.forwardBitReversed(words[i]);
        }
        if (row >= 0) {
            words[row][position] = Goldilocks.add(words[row][position], 1 + r.nextInt(1000));
        }
        CommittedPolynomials cp = CommittedPolynomials.commitWords(p, messages, words, nv, new java.util.Random(seed), true);
        Ext2[] z0 = Rand.point(nv[0], r), z1 = Rand.point(nv[1], r);
        long[] w1 = Rand.extTable(1 << nv[1], r);
        List<LinearClaim> claims = List.of(
                LinearClaim.evaluation(0, 0, z0, Multilinear.evaluateBase(tables.get(0), z0)),
                LinearClaim.evaluation(0, 1, z1, Multilinear.evaluateBase(tables.get(1), z1)),
                LinearClaim.weighted(0, 1, w1, ExtVectors.innerProductBase(w1, tables.get(1))));
        return new Setup(p, tables, cp, claims);
    }

    /** Opens with the query indices given (in this order, repeats allowed) and verifies with the same challenges. */
    static void openAndVerifyScripted(Setup s, int[] queries, long seed) throws InvalidProofException {
        SplittableRandom challenges = new SplittableRandom(seed);
        int[] next = {0};
        ScriptedChannels.Script script = new ScriptedChannels.Script(() -> Rand.ext(challenges), bound -> {
            assertEquals(s.p().codeLength(), bound);
            return queries[next[0]++];
        });
        ScriptedChannels.Tape tape = new ScriptedChannels.Tape();
        FiatShamirProver recorder = ScriptedChannels.recorder();
        ProverChannel ch = ScriptedChannels.prover(recorder, script, tape);
        new LigeroPcs(new java.util.Random(seed)).open(List.of(s.committed()), s.claims(), ch);
        assertEquals(queries.length, next[0], "the opening draws exactly the scripted queries");
        VerifierChannel v;
        try {
            v = ScriptedChannels.verifier(recorder.proof(), tape);
        } catch (io.zkml4j.core.transcript.MalformedProofException e) {
            throw new AssertionError(e);
        }
        LigeroPcs.verify(List.of(s.committed().commitment()), s.claims(), v);
    }

    static int[] distinctSorted(int[] q) {
        return Arrays.stream(q).sorted().distinct().toArray();
    }

    /** Unsorted, with repeats, the code's first and last positions among them, 10 distinct of 12. */
    static int[] edgeQueries(int n) {
        return new int[] {n - 24, 3, n / 2 + 5, 3, n / 4, n / 4 - 1, n - 1, 0, n * 11 / 16, n / 2 + 5, 64, n - 124};
    }

    static int[] randomQueries(int n, int count, SplittableRandom r) {
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            q[i] = r.nextInt(n);
        }
        return q;
    }

    private static void assertRejectedAt(Setup s, int[] queries, int column, String check, long seed) {
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> openAndVerifyScripted(s, queries, seed),
                "a word wrong at queried column " + column + " is accepted");
        assertTrue(e.getMessage().contains("column " + column + " is inconsistent with the " + check),
                "column " + column + ": " + e.getMessage());
    }

    @Test
    void honestWordsAreAcceptedForScriptedQuerySets() throws Exception {
        for (LigeroParameters p : new LigeroParameters[] {SPREAD, DENSE}) {
            SplittableRandom r = new SplittableRandom(1);
            Setup s = setup(p, 2, -1, 0);
            openAndVerifyScripted(s, edgeQueries(p.codeLength()), 3);
            for (int k = 0; k < 4; k++) {
                openAndVerifyScripted(setup(p, 10 + k, -1, 0), randomQueries(p.codeLength(), p.queries(), r), 20 + k);
            }
            // all queries on one column
            int[] same = new int[p.queries()];
            Arrays.fill(same, p.codeLength() / 3);
            openAndVerifyScripted(setup(p, 4, -1, 0), same, 5);
        }
    }

    /** A word wrong at exactly one queried column, at every rank among the queried columns, in a claimed and an unclaimed row. */
    @Test
    void aWordWrongAtOneQueriedColumnIsRejectedAtEveryRank() {
        for (LigeroParameters p : new LigeroParameters[] {SPREAD, DENSE}) {
            SplittableRandom r = new SplittableRandom(7);
            List<int[]> sets = List.of(edgeQueries(p.codeLength()), randomQueries(p.codeLength(), p.queries(), r),
                    randomQueries(p.codeLength(), p.queries(), r));
            for (int[] queries : sets) {
                int[] columns = distinctSorted(queries);
                for (int rank = 0; rank < columns.length; rank++) {
                    int j = columns[rank];
                    long seed = 100 + rank;
                    assertRejectedAt(setup(p, seed, claimedRow(p), j), queries, j, "evaluation row", seed);
                    assertRejectedAt(setup(p, seed, unclaimedRow(p), j), queries, j, "proximity row", seed);
                }
            }
        }
    }

    /** The same wrong word is accepted when its position is not queried (the test above is about the queried column only). */
    @Test
    void aWordWrongAtAnUnqueriedColumnIsAccepted() throws Exception {
        for (LigeroParameters p : new LigeroParameters[] {SPREAD, DENSE}) {
            int[] queries = edgeQueries(p.codeLength());
            TreeSet<Integer> queried = new TreeSet<>();
            for (int q : queries) {
                queried.add(q);
            }
            for (int j : new int[] {1, 2, p.codeLength() / 4 + 1, p.codeLength() / 2, p.codeLength() - 2}) {
                assertFalse(queried.contains(j));
                openAndVerifyScripted(setup(p, 30 + j, claimedRow(p), j), queries, 31);
                openAndVerifyScripted(setup(p, 30 + j, unclaimedRow(p), j), queries, 31);
            }
        }
    }

    /** A verifier channel that records the query indices it draws. */
    static final class Recording implements VerifierChannel {
        final FiatShamirVerifier inner;
        int[] queries;

        Recording(FiatShamirVerifier inner) {
            this.inner = inner;
        }

        @Override public long[] receiveBase(String l, int c) throws InvalidProofException { return inner.receiveBase(l, c); }
        @Override public long[] receiveExt(String l, int c) throws InvalidProofException { return inner.receiveExt(l, c); }
        @Override public byte[] receiveDigest(String l) throws InvalidProofException { return inner.receiveDigest(l); }
        @Override public byte[] receiveBytes(String l, int n) throws InvalidProofException { return inner.receiveBytes(l, n); }
        @Override public void verifyGrind(String l, int bits) throws InvalidProofException { inner.verifyGrind(l, bits); }
        @Override public void absorbPublic(String l, byte[] d) { inner.absorbPublic(l, d); }
        @Override public void absorbPublic(String l, long[] e) { inner.absorbPublic(l, e); }
        @Override public Ext2 challengeExt(String l) { return inner.challengeExt(l); }
        @Override public boolean isFiatShamir() { return inner.isFiatShamir(); }

        @Override
        public int[] challengeIndices(String l, int count, int bound) {
            int[] out = inner.challengeIndices(l, count, bound);
            if (l.equals("pcs.queries")) {
                queries = out.clone();
            }
            return out;
        }
    }

    /**
     * Fiat–Shamir end to end: for every position of a 2^8 code, a commitment whose word is wrong
     * there (in a claimed row, then in an unclaimed one) is rejected if and only if the
     * verifier's queries hit it.
     */
    @Test
    void fiatShamirSweepRejectsExactlyWhenTheWrongColumnIsQueried() throws Exception {
        LigeroParameters p = SWEEP;
        int hits = 0;
        TreeSet<Integer> ranksHit = new TreeSet<>();
        for (int j = 0; j < p.codeLength(); j++) {
            for (int row : new int[] {claimedRow(p), unclaimedRow(p)}) {
                Setup s = setup(p, 1000 + j, row, j);
                FiatShamirProver prover = new FiatShamirProver(p.hash(), "review-columns");
                new LigeroPcs(new java.util.Random(j)).open(List.of(s.committed()), s.claims(), prover);
                Recording v = new Recording(new FiatShamirVerifier(p.hash(), "review-columns", prover.proof()));
                InvalidProofException caught = null;
                try {
                    LigeroPcs.verify(List.of(s.committed().commitment()), s.claims(), v);
                    v.inner.finish();
                } catch (InvalidProofException e) {
                    caught = e;
                }
                assertNotNull(v.queries, "the verifier drew its queries");
                int[] columns = distinctSorted(v.queries);
                int rank = Arrays.binarySearch(columns, j);
                if (rank >= 0) {
                    assertNotNull(caught, "position " + j + " (rank " + rank + " of " + columns.length + ") is queried but accepted");
                    assertTrue(caught.getMessage().contains("column " + j + " is inconsistent"), caught.getMessage());
                    hits++;
                    ranksHit.add(rank == 0 ? 0 : rank == columns.length - 1 ? 2 : 1);
                } else {
                    assertNull(caught, "position " + j + " is not queried but the proof is rejected: " + (caught == null ? "" : caught.getMessage()));
                }
            }
        }
        assertTrue(hits >= 10, "only " + hits + " queried corruptions: the sweep tests too little");
        assertEquals(3, ranksHit.size(), "first, middle and last ranks all hit: " + ranksHit);
    }
}
