package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Independent review (attacker's view) of chunked accuracy proofs. Every test here is expected to
 * PASS on the reviewed code: each either shows an attack is caught or checks a soundness argument
 * of the class comments against the code.
 *
 * <ul>
 * <li>{@link #mergedClaimsAreTrueExactlyWhenEveryChunkClaimIs}: {@link ChunkClaims#merge} checked in
 *     isolation against real tables, for chunk counts 1 to 9 (powers of two and not), short and
 *     single-row chunks: honest per-chunk claims (dataset terms at the chunk's rows, weight terms,
 *     per-chunk witness terms, explicit weights) merge into claims that hold on the whole tables
 *     (so the lift p ‖ z ‖ group bits is the right point), and any single false chunk claim makes
 *     some merged claim false.</li>
 * <li>Full proofs in shapes the existing tests do not cover: four chunks in one merged group whose
 *     last chunk is short (30 rows in chunks of 8: the short circuit's claims merged with full
 *     ones), three full chunks (24 rows: a non-power-of-two count with no padding in any chunk),
 *     and chunks of one row (9 chunks, batch 1).</li>
 * </ul>
 */
class ChunkedAccuracyReviewTest {
    static final QuantizedModel MODEL = AccuracyProofTest.MODEL;

    // ---------------------------------------------------------------- ChunkClaims in isolation

    /** Synthetic chunk claims over real tables: what the merge outputs must hold exactly when all inputs hold. */
    @Test
    void mergedClaimsAreTrueExactlyWhenEveryChunkClaimIs() {
        int[][] shapes = { // rows, rows per chunk
            {37, 8}, {30, 8}, {24, 8}, {32, 8}, {9, 1}, {7, 1}, {5, 4}, {3, 4}, {17, 16}, {33, 4}, {6, 2}};
        for (int[] shape : shapes) {
            checkMerge(shape[0], shape[1], 1000L * shape[0] + shape[1]);
        }
    }

    private static AccuracyProtocol.Chunks chunks(int rows, int chunkRows) {
        AccuracySpec spec = new AccuracySpec(rows, 20, 10, 16, InputRescale.of(MODEL.inputSpec().scale(), 8), Prediction.of(MODEL));
        return new AccuracyProtocol.Chunks(MODEL, spec, chunkRows);
    }

    private static final int PER_ROW_VARS = 2; // a dataset table with 4 values per row

    private static void checkMerge(int rows, int chunkRows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        AccuracyProtocol.Chunks chunks = chunks(rows, chunkRows);
        int m = chunks.count();
        int lift = chunks.liftVars();
        int rowVars = Integer.numberOfTrailingZeros(TensorLayout.ceilPow2(rows));
        int batchVars = Integer.numberOfTrailingZeros(TensorLayout.ceilPow2(chunks.batch()));
        assertEquals(rowVars - batchVars, lift, "lift");
        assertTrue(m <= 1 << lift, "chunks fit the lifted variables");
        int chunkVars = PER_ROW_VARS + batchVars;
        long[] dataset = randomTable(PER_ROW_VARS + rowVars, r);
        long[] model = randomTable(5, r);
        Map<Integer, long[][]> tables = new HashMap<>();
        tables.put(VectorRef.MODEL, new long[][] {model});
        tables.put(VectorRef.DATASET, new long[][] {dataset});
        Ext2[] sharedP = randomPoint(chunkVars, r);
        Ext2[] modelPoint = randomPoint(5, r);
        Ext2 c1 = randomExt(r), c2 = randomExt(r), c3 = randomExt(r);
        List<List<LinearClaim>> perChunk = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            long[] w0 = randomTable(3, r), w1 = randomTable(2, r);
            long[] inv = randomTable(2, r);
            tables.put(AccuracyProtocol.Chunks.witnessIndex(j), new long[][] {w0, w1});
            tables.put(AccuracyProtocol.Chunks.inverseIndex(j), new long[][] {inv});
            // chunk j's own part of the dataset table: its rows (the chunk's variables are the low ones)
            long[] slice = java.util.Arrays.copyOfRange(dataset, j << chunkVars, (j + 1) << chunkVars);
            Ext2[] q = randomPoint(3, r);
            Ext2[] ownP = randomPoint(chunkVars, r);
            long[] explicit = randomTable(3, r); // 4 interleaved extension weights, one per entry of w1
            List<LinearClaim> claims = new ArrayList<>();
            // 0: mergeable — shared dataset point, one weight term, a witness term at a chunk-own point
            claims.add(claim(List.of(
                    new LinearClaim.Term(VectorRef.DATASET, 0, new Weights.Eq(sharedP), c1),
                    new LinearClaim.Term(VectorRef.MODEL, 0, new Weights.Eq(modelPoint), c2),
                    new LinearClaim.Term(VectorRef.WITNESS, 0, new Weights.Eq(q), c3)),
                    Map.of(VectorRef.DATASET, new long[][] {slice}, VectorRef.MODEL, new long[][] {model},
                            VectorRef.WITNESS, new long[][] {w0, w1})));
            // 1: not mergeable — a dataset point of the chunk's own
            claims.add(claim(List.of(
                    new LinearClaim.Term(VectorRef.DATASET, 0, new Weights.Eq(ownP), Ext2.ONE),
                    new LinearClaim.Term(VectorRef.INVERSES, 0, new Weights.Eq(randomPoint(2, r)), c1)),
                    Map.of(VectorRef.DATASET, new long[][] {slice}, VectorRef.INVERSES, new long[][] {inv})));
            // 2: witness only, explicit weights (like the sumcheck masks)
            claims.add(claim(List.of(new LinearClaim.Term(VectorRef.WITNESS, 1, new Weights.Explicit(explicit), Ext2.ONE)),
                    Map.of(VectorRef.WITNESS, new long[][] {w0, w1})));
            // 3: shared dataset point, but the coefficient differs per chunk: not mergeable
            claims.add(claim(List.of(new LinearClaim.Term(VectorRef.DATASET, 0, new Weights.Eq(sharedP), Ext2.fromBase(j + 2))),
                    Map.of(VectorRef.DATASET, new long[][] {slice})));
            perChunk.add(claims);
        }
        List<LinearClaim> merged = ChunkClaims.merge(perChunk, chunks, new Challenges(seed));
        for (LinearClaim c : merged) {
            assertEquals(c.value(), valueOf(c, tables), "rows " + rows + " by " + chunkRows + ": an honest merged claim is false");
        }
        // any one false chunk claim makes some merged claim false
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < perChunk.get(j).size(); i++) {
                List<List<LinearClaim>> tampered = new ArrayList<>();
                for (List<LinearClaim> l : perChunk) {
                    tampered.add(new ArrayList<>(l));
                }
                LinearClaim c = tampered.get(j).get(i);
                tampered.get(j).set(i, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
                List<LinearClaim> out = ChunkClaims.merge(tampered, chunks, new Challenges(seed + 1));
                boolean someFalse = false;
                for (LinearClaim x : out) {
                    someFalse |= !x.value().equals(valueOf(x, tables));
                }
                assertTrue(someFalse, "rows " + rows + " by " + chunkRows + ": chunk " + j + "'s false claim " + i + " merged into true ones");
            }
        }
    }

    private static LinearClaim claim(List<LinearClaim.Term> terms, Map<Integer, long[][]> tables) {
        return new LinearClaim(terms, valueOf(new LinearClaim(terms, Ext2.ZERO), tables));
    }

    private static Ext2 valueOf(LinearClaim c, Map<Integer, long[][]> tables) {
        Ext2 v = Ext2.ZERO;
        for (LinearClaim.Term t : c.terms()) {
            long[][] commitment = tables.get(t.commitment());
            if (commitment == null) {
                throw new AssertionError("a merged claim names commitment " + t.commitment() + ", which no chunk has");
            }
            long[] table = commitment[t.polynomial()];
            if (t.weights() instanceof Weights.Eq e) {
                assertEquals(Integer.numberOfTrailingZeros(table.length), e.point().length, "an evaluation point's length is its table's variables");
            }
            v = v.add(t.coefficient().mul(Weights.apply(t.weights(), table)));
        }
        return v;
    }

    private static long[] randomTable(int vars, SplittableRandom r) {
        long[] t = new long[1 << vars];
        for (int i = 0; i < t.length; i++) {
            t[i] = Goldilocks.canonical(r.nextLong());
        }
        return t;
    }

    private static Ext2 randomExt(SplittableRandom r) {
        return Ext2.of(Goldilocks.canonical(r.nextLong()), Goldilocks.canonical(r.nextLong()));
    }

    private static Ext2[] randomPoint(int n, SplittableRandom r) {
        Ext2[] p = new Ext2[n];
        for (int i = 0; i < n; i++) {
            p[i] = randomExt(r);
        }
        return p;
    }

    /** Random challenges, as a Fiat–Shamir verifier would draw them after the claims. */
    private static final class Challenges implements ChallengeSource {
        private final SplittableRandom r;

        Challenges(long seed) {
            r = new SplittableRandom(seed * 31 + 7);
        }

        public void absorbPublic(String label, byte[] data) { }

        public void absorbPublic(String label, long[] elements) { }

        public Ext2 challengeExt(String label) {
            return randomExt(r);
        }

        public int[] challengeIndices(String label, int count, int bound) {
            throw new UnsupportedOperationException();
        }

        public boolean isFiatShamir() {
            return true;
        }
    }

    // ---------------------------------------------------------------- full proofs in further shapes

    private record Setup(ProvingKey pk, Prover prover, DatasetKey data, int plain) {
        VerifiedAccuracy verify(AccuracyProof proof) throws InvalidProofException {
            return new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), proof);
        }

        AccuracyProof prove(int chunkRows, Witness.Deviation deviation, int countOffset) throws FileFormatException {
            return new AccuracyProver(prover).prove(data, data, chunkRows, Progress.NONE, deviation, countOffset).proof();
        }
    }

    private static Setup setup(int rows, long seed) throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, io.zkml4j.model.quant.Postprocess.NONE, CommitOptions.DEFAULT);
        DatasetKey data = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(rows, 20, 10, seed), 2),
                DatasetKey.Options.DEFAULT);
        return new Setup(pk, new Prover(pk), data, AccuracySoundnessTest.plainCount(MODEL, data));
    }

    /** A Rewrite that puts the label at the prediction (a zero row's) on every padding row (label −1): padding rows "correct". */
    private static AccuracyReviewSupport.Rewrite paddingCounted(Setup s) {
        long[] zeroRow = QuantizedExecutor.run(MODEL, AccuracyProver.input(new long[20],
                AccuracyStatement.spec(MODEL, s.data().description()).rescale())).value(MODEL.output());
        int predicted = AccuracyReviewSoundnessChecksTest.ARGMAX.apply(0, zeroRow)[0];
        BiFunction<Integer, Integer, int[]> cheatL = (b, l) -> l < 0 ? new int[] {predicted} : new int[] {l};
        return new AccuracyReviewSupport.Rewrite(AccuracyReviewSoundnessChecksTest.ARGMAX, cheatL, (b, m) -> m);
    }

    /**
     * 30 rows in chunks of 8: four chunks form one merged group, the last has 6 real rows and 2
     * padding rows (a different circuit, merged with the full chunks' claims). Honest proofs verify;
     * off-by-one counts and counting the 2 padding rows are rejected.
     */
    @Test
    void fourChunksInOneGroupWithAShortLastChunk() throws Exception {
        Setup s = setup(30, 31);
        AccuracyProtocol.Chunks chunks = chunks(30, 8);
        assertEquals(4, chunks.count());
        assertEquals(6, chunks.realRows(3));
        AccuracyProof honest = s.prove(8, Witness.Deviation.HONEST, 0);
        assertEquals(s.plain(), s.verify(AccuracyProof.decode(honest.encode(), "r.proof")).correct());
        for (int off : new int[] {1, -1}) {
            if (s.plain() + off >= 0 && s.plain() + off <= 30) {
                AccuracyProof lie = s.prove(8, Witness.Deviation.HONEST, off);
                assertThrows(InvalidProofException.class, () -> s.verify(lie), "offset " + off);
            }
        }
        AccuracyProof padding = s.prove(8, paddingCounted(s), 2);
        assertThrows(InvalidProofException.class, () -> s.verify(padding), "the short last chunk's padding rows counted");
    }

    /** 24 rows in chunks of 8: three full chunks (groups of 2 and 1), no chunk reaches the dataset's padding rows 24–31. */
    @Test
    void threeFullChunks() throws Exception {
        Setup s = setup(24, 24);
        assertEquals(3, chunks(24, 8).count());
        assertEquals(2, chunks(24, 8).liftVars());
        AccuracyProof honest = s.prove(8, Witness.Deviation.HONEST, 0);
        assertEquals(s.plain(), s.verify(honest).correct());
        AccuracyProof lie = s.prove(8, Witness.Deviation.HONEST, s.plain() < 24 ? 1 : -1);
        assertThrows(InvalidProofException.class, () -> s.verify(lie));
    }

    /** Chunks of one row (batch 1, nine chunks: groups of 8 and 1): honest verifies, the count +1 and padding-rows attack rejected. */
    @Test
    void chunksOfOneRow() throws Exception {
        Setup s = setup(9, 9);
        assertEquals(9, chunks(9, 1).count());
        assertEquals(4, chunks(9, 1).liftVars());
        long start = System.nanoTime();
        AccuracyProof honest = s.prove(1, Witness.Deviation.HONEST, 0);
        long proved = System.nanoTime();
        assertEquals(s.plain(), s.verify(honest).correct());
        long verified = System.nanoTime();
        System.out.printf("9 rows in 9 chunks: prove %.2f s, verify %.2f s, proof %d bytes%n", (proved - start) / 1e9, (verified - proved) / 1e9,
                honest.encode().length);
        AccuracyProof lie = s.prove(1, Witness.Deviation.HONEST, s.plain() < 9 ? 1 : -1);
        assertThrows(InvalidProofException.class, () -> s.verify(lie));
        // the same rows as one chunk, for the verifier's cost per chunk
        AccuracyProof one = s.prove(16, Witness.Deviation.HONEST, 0);
        long t0 = System.nanoTime();
        assertEquals(s.plain(), s.verify(one).correct());
        System.out.printf("9 rows in 1 chunk: verify %.2f s, proof %d bytes%n", (System.nanoTime() - t0) / 1e9, one.encode().length);
        assertFalse(java.util.Arrays.equals(one.transcript(), honest.transcript()));

        // From the review (fixed): a proof built through the public record constructor (not decode)
        // with rows per chunk that are not a power of two is invalid, not an IllegalArgumentException.
        AccuracyProof odd = new AccuracyProof(one.modelDigest(), one.datasetDigest(), one.rows(), one.correct(), 12, one.transcript());
        assertThrows(InvalidProofException.class, () -> s.verify(odd));
        // a power of two beyond MAX_CHUNK_ROWS (decode would refuse it) is invalid too
        AccuracyProof huge = new AccuracyProof(one.modelDigest(), one.datasetDigest(), one.rows(), one.correct(), 1 << 30, one.transcript());
        assertThrows(InvalidProofException.class, () -> s.verify(huge));
    }
}
