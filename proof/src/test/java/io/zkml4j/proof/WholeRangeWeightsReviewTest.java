package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Review (attacker's view) of the weights proof's whole-range path: a weight of 9 to 16 bits, in a
 * vector of at least 2^w positions, committed as one part (weight + 2^(w−1)) looked up in a table
 * of 2^w rows. Every test here passes when the path is sound (the forgery is rejected).
 */
class WholeRangeWeightsReviewTest {
    private static final Witness.Deviation SUBSTITUTE_ROW_0 = new Witness.Deviation() {
        public long[] substituteTuple(TablePlan table, long[] tuple) {
            return new long[] {0};
        }
    };

    /** One dense layer x[in] → y[out], weights given (row-major, out × in), small biases. */
    static QuantizedModel dense(int in, int out, long[] weights) {
        return dense(in, out, weights, TestModels.randomInts(out, 100, new SplittableRandom(11)));
    }

    static QuantizedModel dense(int in, int out, long[] weights, long[] bias) {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {in}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {out}, 1.0 / 1024));
        var l = new QLayer.Dense("fc", "x", "y", in, out, weights, bias, new Requant(24, Activation.IDENTITY));
        return new QuantizedModel("whole-range", tensors, "x", "y", List.of(l));
    }

    /** Weights uniform in [−2^(w−1), 2^(w−1)), the lowest one present (so the width is exactly w), then {@code extreme} at position 0. */
    static long[] weights(int n, int w, long extreme, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long half = 1L << (w - 1);
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextLong(-half, half);
        }
        x[1] = -half;
        x[0] = extreme;
        return x;
    }

    static int index(Circuit plain, String name) {
        for (int i = 0; i < plain.modelVectors().size(); i++) {
            if (plain.modelVectors().get(i).ref().name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    static boolean verifies(QuantizedModel m, long[][] vectors, List<Integer> widths, Witness.Deviation deviation) throws Exception {
        return WeightsProofTest.verifies(m, vectors, widths, deviation);
    }

    static Decomposition range(QuantizedModel m, List<Integer> widths, String vector) {
        return CircuitCompiler.weightParts(m).circuit(0, widths).decompositions().stream()
                .filter(d -> d.label().equals(vector + "#range")).findFirst().orElseThrow();
    }

    static void assertWhole(QuantizedModel m, List<Integer> widths, String vector, int w) {
        Decomposition d = range(m, widths, vector);
        assertEquals(1, d.limbs().size(), "looked up whole");
        assertEquals(w, d.limbBits());
        assertEquals(1L << (w - 1), d.offset());
    }

    /**
     * A width-w vector of exactly 2^w positions ({@code vector}, fc.weight or fc.bias, of a dense
     * in → out layer; the other vector small): whole at w, and its tight-edge attacks.
     */
    private static void edgesAt(int w, int in, int out, String vector) throws Exception {
        long half = 1L << (w - 1);
        boolean bias = vector.equals("fc.bias");
        long[] target = weights(bias ? out : in * out, w, half - 1, w);
        // Honest, the highest weight at the top of the range: verifies, looked up whole in exactly 2^w positions.
        QuantizedModel honest = bias ? dense(in, out, TestModels.randomInts(in * out, 100, new SplittableRandom(5)), target)
                : dense(in, out, target);
        Circuit plain = CircuitCompiler.compile(honest, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(plain);
        int fc = index(plain, vector);
        assertEquals(1 << w, vectors[fc].length, "exactly 2^w positions");
        List<Integer> widths = WeightsProofTest.widths(honest);
        assertEquals(w, widths.get(fc));
        assertWhole(honest, widths, vector, w);
        assertTrue(verifies(honest, vectors, widths, Witness.Deviation.HONEST), "honest, width " + w);
        // One above the top (part = 2^w, the first value past the table) and one below the bottom
        // (part = −1, the field's p − 1), each declared at w: the honest prover cannot, a substituting one is rejected.
        for (long beyond : new long[] {half, -half - 1}) {
            long[][] forged = ModelVectors.build(plain);
            forged[fc][0] = Goldilocks.fromSigned(beyond);
            assertEquals(w + 1, ModelCommitter.widths(forged).get(fc));
            assertThrows(RuntimeException.class, () -> verifies(honest, forged, widths, Witness.Deviation.HONEST));
            assertFalse(verifies(honest, forged, widths, SUBSTITUTE_ROW_0), "width " + w + ", weight " + beyond);
            // A prover that commits an in-table part (the value's residue mod 2^w) instead of weight + offset: the recomposition fails.
            long inTable = Math.floorMod(beyond + half, 1L << w);
            assertFalse(verifies(honest, forged, widths, new Witness.Deviation() {
                public void alterWitness(Witness wit) {
                    long[] part = wit.tensor(vector + "#range").clone();
                    part[0] = inTable;
                    wit.replace(vector + "#range", part);
                }
            }), "width " + w + ", weight " + beyond + " with an in-table part");
        }
    }

    @Test
    void atNineBitsInExactlyTwoToTheNinePositionsOutOfRangeWeightsAreRejected() throws Exception {
        edgesAt(9, 32, 512, "fc.bias");
    }

    /** The widest whole table: 2^16 rows, a vector of 2^16 positions. */
    @Test
    void atSixteenBitsInExactlyTwoToTheSixteenPositionsOutOfRangeWeightsAreRejected() throws Exception {
        edgesAt(16, 1 << 11, 16, "fc.weight");
    }

    /** 17 bits never take the whole path (no table of 2^17 rows): limbs, and an out-of-range 17-bit weight is still rejected. */
    @Test
    void seventeenBitsGoBackToLimbs() throws Exception {
        int in = 1 << 13, out = 16; // 2^17 positions: enough for a 2^17 table, which is not allowed
        QuantizedModel m = dense(in, out, weights(in * out, 17, (1L << 16) - 1, 17));
        List<Integer> widths = WeightsProofTest.widths(m);
        assertEquals(17, widths.get(0));
        Decomposition d = range(m, widths, "fc.weight");
        assertEquals(3, d.limbs().size());
        assertEquals(TablePlan.RANGE_BITS, d.limbBits());
    }

    /**
     * The padding check on one whole part: a weight in a padding row (an extra neuron). The honest
     * prover's part there is weight + 2^(w−1), not 2^(w−1); a prover that commits 2^(w−1) there
     * (passing the zero check) breaks the recomposition.
     */
    @Test
    void aWholeWeightInPaddingIsRejectedEvenWhenThePartIsForgedToTheOffset() throws Exception {
        int w = 11;
        // A layer whose layout pads: 40 inputs in 64 columns, 16 outputs in 32 rows (2048 positions).
        QuantizedModel m = WeightsProofTest.wideMlp(5);
        Circuit plain = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        int fc1 = index(plain, "fc1.weight");
        List<Integer> widths = WeightsProofTest.widths(m);
        assertEquals(w, widths.get(fc1));
        long offset = 1L << (w - 1);
        for (long hidden : new long[] {-77, 1, -offset, offset - 1}) {
            long[][] vectors = ModelVectors.build(plain);
            int pad = 20 * 64 + 3; // a padding row (outputs 16..31 of a 16-output layer)
            assertEquals(0, vectors[fc1][pad]);
            vectors[fc1][pad] = Goldilocks.fromSigned(hidden);
            assertEquals(widths, ModelCommitter.widths(vectors), "the hidden weight fits the width");
            QuantizedModel model = m;
            assertFalse(verifies(model, vectors, widths, Witness.Deviation.HONEST), "hidden " + hidden);
            assertFalse(verifies(model, vectors, widths, new Witness.Deviation() {
                public void alterWitness(Witness wit) {
                    long[] part = wit.tensor("fc1.weight#range").clone();
                    part[pad] = offset;
                    wit.replace("fc1.weight#range", part);
                }
            }), "hidden " + hidden + ", part forged to the offset");
        }
    }

    /**
     * At the key level: fc1 holds one weight of 1500 (12 bits), the key declares 11 (looked up
     * whole, 2^11 rows for 2048 positions) and carries a weights proof made by a substituting
     * prover: VerifyingKey.decode refuses it. Declared 12 (back to limbs) it is read.
     */
    @Test
    void aKeyDeclaringAWholeWidthTooNarrowIsUnreadable() throws Exception {
        QuantizedModel m = WeightsProofTest.wideMlp(5);
        long[] fc1 = ((QLayer.Dense) m.layers().get(0)).weight().clone();
        fc1[9] = 1500;
        QLayer.Dense l1 = (QLayer.Dense) m.layers().get(0);
        QuantizedModel wide = new QuantizedModel(m.name(), m.tensors(), m.input(), m.output(), List.of(
                new QLayer.Dense(l1.name(), l1.input(), l1.output(), l1.in(), l1.out(), fc1, l1.bias(), l1.requant()), m.layers().get(1)));
        long[][] vectors = ModelVectors.build(CircuitCompiler.compile(wide, 1, Circuit.Options.DEFAULT));
        int i = WeightsProofTest.vectorIndex(wide, "fc1.weight");
        List<Integer> honest = ModelCommitter.widths(vectors);
        assertEquals(12, honest.get(i));
        List<Integer> narrow = new ArrayList<>(honest);
        narrow.set(i, 11);
        assertEquals(1, range(wide, narrow, "fc1.weight").limbs().size(), "declared 11: whole");
        ModelCommitter.Parameters params = ModelCommitter.parameters(wide, KeysAndProofsTest.OPTIONS);
        SealedCommitment sealed = ModelCommitter.commit(vectors, params.sealed(), new byte[32]);
        byte[] body = VerifyingKey.body(wide, false, null, io.zkml4j.model.quant.Postprocess.NONE, sealed.commitment(), params.proof(),
                wide.parameterCount()).toByteArray();
        for (List<Integer> declared : List.of(narrow, honest)) {
            WeightsProof proof = WeightsProof.prove(CircuitCompiler.weightParts(wide), declared, sealed, params.proof(), vectors,
                    WeightsProof.statement(body), Progress.NONE, SUBSTITUTE_ROW_0);
            VerifyingKey vk = new VerifyingKey(wide, false, null, io.zkml4j.model.quant.Postprocess.NONE, sealed.commitment(), params.proof(),
                    wide.parameterCount(), proof);
            if (declared == narrow) {
                io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                        () -> VerifyingKey.decode(vk.encode(), "narrow.vk"));
                assertTrue(e.getMessage().contains("weights proof"), e.getMessage());
            } else {
                assertEquals(honest, VerifyingKey.decode(vk.encode(), "honest.vk").weightWidths());
            }
        }
    }

    /**
     * Two vectors of one width (10 bits) looked up whole in one 2^10-row table from lookups of two
     * sizes (fc1: 2^10 positions, fc2: 2^11), the table's multiplicities counting both: a weight of
     * 512 in the smaller one (declared 10) is rejected, whichever row the prover counts instead.
     */
    @Test
    void oneTableSharedByVectorsOfTwoSizesStillBoundsEach() throws Exception {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {32}, 1.0 / 1024));
        tensors.put("h", new QuantizedModel.TensorSpec(new int[] {32}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {64}, 1.0 / 1024));
        SplittableRandom r = new SplittableRandom(9);
        var l1 = new QLayer.Dense("fc1", "x", "h", 32, 32, weights(32 * 32, 10, 511, 1), TestModels.randomInts(32, 100, r),
                new Requant(20, Activation.RELU));
        var l2 = new QLayer.Dense("fc2", "h", "y", 32, 64, weights(32 * 64, 10, -3, 2), TestModels.randomInts(64, 100, r),
                new Requant(20, Activation.IDENTITY));
        QuantizedModel m = new QuantizedModel("two-sizes", tensors, "x", "y", List.of(l1, l2));
        Circuit plain = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        int fc1 = index(plain, "fc1.weight"), fc2 = index(plain, "fc2.weight");
        List<Integer> widths = WeightsProofTest.widths(m);
        assertEquals(10, widths.get(fc1));
        assertEquals(10, widths.get(fc2));
        long[][] vectors = ModelVectors.build(plain);
        assertNotEquals(vectors[fc1].length, vectors[fc2].length);
        assertTrue(vectors[fc1].length >= 1024 && vectors[fc2].length >= 1024);
        Circuit c = CircuitCompiler.weightParts(m).circuit(0, widths);
        List<Integer> range10 = new ArrayList<>();
        for (int t = 0; t < c.tables().size(); t++) {
            if (c.tables().get(t).kind() == TablePlan.Kind.RANGE && c.tables().get(t).bits() == 10) {
                range10.add(t);
            }
        }
        assertEquals(1, range10.size(), "one 2^10-row table");
        assertEquals(2, c.lookups().stream().filter(l -> l.table() == range10.get(0)).map(l -> l.numVars()).distinct().count(),
                "looked up from two sizes");
        assertTrue(verifies(m, vectors, widths, Witness.Deviation.HONEST));
        vectors[fc1][0] = Goldilocks.fromSigned(512);
        for (long row : new long[] {0, 1023, 512}) {
            assertFalse(verifies(m, vectors, widths, new Witness.Deviation() {
                public long[] substituteTuple(TablePlan table, long[] tuple) {
                    return new long[] {row};
                }
            }), "counted as row " + row);
        }
    }

    /**
     * The whole path's cost claim and the table's size: one part, and exactly one range table of
     * 2^w rows per width looked up whole, shared by two vectors of one width; the verifier's circuit
     * depends on nothing but the declared widths and the vectors' sizes (two weight sets, one circuit).
     */
    @Test
    void theCircuitDependsOnlyOnTheDeclaredWidths() {
        int in = 64, out = 32; // 2048 positions
        QuantizedModel a = dense(in, out, weights(in * out, 11, 3, 1));
        QuantizedModel b = dense(in, out, weights(in * out, 11, -1, 2));
        List<Integer> widths = WeightsProofTest.widths(a);
        assertEquals(widths, WeightsProofTest.widths(b));
        Circuit ca = CircuitCompiler.weightParts(a).circuit(0, widths), cb = CircuitCompiler.weightParts(b).circuit(0, widths);
        assertEquals(ca.tables().stream().map(t -> t.label() + t.bits()).toList(), cb.tables().stream().map(t -> t.label() + t.bits()).toList());
        assertEquals(ca.witnessVectors().stream().map(v -> v.ref().name() + v.ref().numVars()).toList(),
                cb.witnessVectors().stream().map(v -> v.ref().name() + v.ref().numVars()).toList());
        assertEquals(1, ca.tables().stream().filter(t -> t.kind() == TablePlan.Kind.RANGE && t.bits() == 11).count());
    }

    /**
     * Zero knowledge of the whole path: two models with the same widths (fc1 of 11 bits in 2048
     * positions, looked up whole) but very different weight histograms (uniform, against almost all
     * zeros), so the 2^11-row table's multiplicities differ at nearly every row: the weights proofs'
     * words are distributed alike, challenges fixed and the prover's randomness fresh. (The existing
     * distribution test permutes hidden units, which keeps the histogram and hence the multiplicities.)
     * Checked to have teeth: with the whole part's committed mask set to zeros in the witness, this
     * test fails ("word … is not fresh in every proof").
     */
    @Test
    void theWholeTablesMultiplicitiesDoNotShow() {
        int in = 64, out = 32;
        long[] uniform = weights(in * out, 11, 0, 21);
        long[] sparse = new long[in * out];
        sparse[1] = -1024;
        sparse[5] = 1023;
        QuantizedModel a = dense(in, out, uniform), b = dense(in, out, sparse);
        List<Integer> widths = WeightsProofTest.widths(a);
        assertEquals(widths, WeightsProofTest.widths(b), "the same public widths");
        assertWhole(a, widths, "fc.weight", 11);
        long[][] va = ModelVectors.build(CircuitCompiler.compile(a, 1, Circuit.Options.DEFAULT));
        long[][] vb = ModelVectors.build(CircuitCompiler.compile(b, 1, Circuit.Options.DEFAULT));
        CircuitCompiler.WeightParts pa = CircuitCompiler.weightParts(a), pb = CircuitCompiler.weightParts(b);
        assertEquals(1, pa.count());
        int runs = 40;
        long[][] wa = InferenceZeroKnowledgeTest.words(va, runs, 1, (sealed, ch, prover) -> WeightsProof.provePart(pa, 0, widths, sealed,
                InferenceZeroKnowledgeTest.PARAMS, va, DIGEST, ch, prover, Witness.Deviation.HONEST));
        long[][] wb = InferenceZeroKnowledgeTest.words(vb, runs, 2, (sealed, ch, prover) -> WeightsProof.provePart(pb, 0, widths, sealed,
                InferenceZeroKnowledgeTest.PARAMS, vb, DIGEST, ch, prover, Witness.Deviation.HONEST));
        InferenceZeroKnowledgeTest.assertIndistinguishable(wa, wb);
    }
}
