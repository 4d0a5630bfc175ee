package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.MatMulShape;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the layers added for ONNX and transformer coverage (Broadcast, Select, products of
 * computed matrices, function tables), as an attacker: what a dishonest prover may try with the
 * padding of the gathered matrices, and what a verifier choosing its challenges sees.
 */
class NewLayersReviewTest {
    /** x[24] → Dense 9 → a[3, 3]; Dense 15 → b[3, 5]; MatMul → y[3, 5] (public): an inner index of 3, padded to 4. */
    static QuantizedModel oddInner(long seed, int[] innerPermutation) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {24}, seed);
        long[] wa = b.ints(24 * 9, 100), ba = b.ints(9, 3000), wb = b.ints(24 * 15, 100), bb = b.ints(15, 3000);
        if (innerPermutation != null) { // a[i][k] → a[i][p(k)], b[k][j] → b[p(k)][j]: the same product from other operands
            long[] pwa = new long[wa.length], pba = new long[ba.length], pwb = new long[wb.length], pbb = new long[bb.length];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    int from = i * 3 + k, to = i * 3 + innerPermutation[k];
                    System.arraycopy(wa, from * 24, pwa, to * 24, 24);
                    pba[to] = ba[from];
                }
            }
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 5; j++) {
                    int from = k * 5 + j, to = innerPermutation[k] * 5 + j;
                    System.arraycopy(wb, from * 24, pwb, to * 24, 24);
                    pbb[to] = bb[from];
                }
            }
            wa = pwa;
            ba = pba;
            wb = pwb;
            bb = pbb;
        }
        b.layer(new QLayer.Dense("fa", "x", "a", 24, 9, wa, ba, new Requant(9, Activation.IDENTITY)), 3, 3);
        b.layer(new QLayer.Dense("fb", "x", "bm", 24, 15, wb, bb, new Requant(9, Activation.IDENTITY)), 3, 5);
        b.layer(new QLayer.MatMul("ab", "a", "bm", "y", 3, 3, 5, 3, new Requant(14, Activation.IDENTITY)), 3, 5);
        return b.build("review-odd-inner", "y");
    }

    /**
     * The inner index is padded (3 → 4). The prover writes 1 into A's padding column and δ into
     * B's padding row, which adds m·δ to product (0, 0), and states that product requantised
     * correctly: every operand, requantisation and the contraction are consistent; only the
     * gathers' zero constants at padding positions forbid it.
     */
    @Test
    void paddingOfTheGatheredMatricesCannotCarryValues() throws Exception {
        QuantizedModel m = oddInner(31, null);
        long[] x = TestModels.input(24, 32);
        QLayer.MatMul layer = (QLayer.MatMul) m.layers().get(2);
        MatMulShape shape = MatMulShape.of(layer);
        int inner = (int) shape.inner(), columns = (int) shape.columns();
        assertEquals(4, inner, "the inner index is padded");
        long delta = 3000;
        SingleProof.provedAndVerified(m, x);
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                QuantizedExecutor.LayerTrace t = trace.layers().get("ab");
                long acc = t.accumulator()[0] + layer.multiplier() * delta;
                t.accumulator()[0] = acc;
                t.requantized()[0] = layer.requant().round(acc, "test");
                t.remainder()[0] = layer.requant().remainder(acc, t.requantized()[0]);
                trace.value("y")[0] = t.requantized()[0];
            }

            @Override
            public void alterWitness(Witness w) {
                long[] a = w.tensor("ab.a").clone();
                long[] bm = w.tensor("ab.b").clone();
                assertEquals(0, a[3]);
                assertEquals(0, bm[3 * columns]);
                a[3] = 1; // row 0, inner index 3 (padding)
                bm[3 * columns] = Goldilocks.fromSigned(delta); // inner index 3 (padding), column 0
                w.replace("ab.a", a);
                w.replace("ab.b", bm);
            }
        });
        assertNotEquals(QuantizedExecutor.run(m, x).value("y")[0], dishonest.outputs().get(0)[0], "the stated product differs");
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    /**
     * Zero knowledge of a product of computed matrices against the live verifier of
     * {@link BaseFieldChallengeAttackTest} (base-field r_1..r_4, hanging up after the revealed
     * values): permuting the inner index changes both gathered matrices, both operands and the
     * weights, not the product; the revealed values (the gathers' sources, A in the contraction, B
     * folded with its own mask) must be distributed alike.
     */
    @Test
    void productOperandsStayHiddenFromALiveVerifier() {
        QuantizedModel a = oddInner(41, null);
        QuantizedModel b = oddInner(41, new int[] {2, 0, 1});
        long[] x = TestModels.input(24, 42);
        assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
        assertFalse(Arrays.equals(QuantizedExecutor.run(a, x).value("a"), QuantizedExecutor.run(b, x).value("a")), "other operands");
        InferenceZeroKnowledgeTest.assertIndistinguishable(BaseFieldChallengeAttackTest.attackerViews(a, Circuit.Options.DEFAULT, x, 40, 1),
                BaseFieldChallengeAttackTest.attackerViews(b, Circuit.Options.DEFAULT, x, 40, 2));
    }

    /**
     * A function table (Exp) as the public output: the prover states exp one unit off at one
     * position and counts that position as the honest table row, so the multiplicities still add
     * up; only the lookup of (t, y) in the table the verifier builds from its key refuses it.
     */
    @Test
    void aFunctionValueStatedWrongIsRejectedByTheTable() throws Exception {
        Activation exp = Activation.function(io.zkml4j.model.exec.UnaryFunction.EXP, 0, 0, 1.0 / 1024, 1.0 / 64);
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 51);
        b.layer(new QLayer.Dense("fc", "x", "h", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(12, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Activate("exp", "h", "y", new Requant(0, exp)), 32);
        QuantizedModel m = b.build("review-exp-output", "y");
        long[] x = TestModels.input(40, 52);
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        long[] y = honest.outputs().get(0);
        int at = 0;
        while (y[at] >= Activation.MAX) { // a value one unit above which is still 16-bit
            at++;
        }
        int position = at;
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int sample, QuantizedExecutor.Trace trace) {
                trace.value("y")[position] += 1;
            }

            @Override
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) {
                return new long[] {tuple[0], exp.apply(tuple[0])}; // counted and inverted as the honest pair
            }
        });
        assertEquals(y[position] + 1, dishonest.outputs().get(0)[position]);
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    /**
     * A Select (a Slice that drops feature 0, then a Pad with a constant) of a private input, and a
     * Broadcast of a computed tensor, against the live verifier of {@link BaseFieldChallengeAttackTest}:
     * two private inputs that differ only in the dropped feature give the same output, and the
     * revealed values (the gathers' sources among them) must be distributed alike.
     */
    @Test
    void aSelectOfAPrivateInputKeepsItHiddenFromALiveVerifier() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 61);
        int[] index = new int[42];
        index[0] = -1;
        for (int i = 1; i < 40; i++) {
            index[i] = i;
        }
        index[40] = -1;
        index[41] = 5;
        b.layer(new QLayer.Select("slice", "x", "s", index, 9), 42);
        b.layer(new QLayer.Dense("fc", "s", "h", 42, 8, b.ints(42 * 8, 100), b.ints(8, 3000), new Requant(9, Activation.IDENTITY)), 8, 1);
        b.layer(new QLayer.Broadcast("spread", "h", "hb"), 8, 4);
        b.layer(new QLayer.Activate("relu", "hb", "y", new Requant(0, Activation.RELU)), 8, 4);
        QuantizedModel m = b.build("review-private-select", "y");
        long[] x = TestModels.input(40, 62);
        long[] other = x.clone();
        other[0] = -x[0] + 17;
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), QuantizedExecutor.run(m, other).value("y"), "same output");
        Circuit.Options hidden = new Circuit.Options(true);
        InferenceZeroKnowledgeTest.assertIndistinguishable(BaseFieldChallengeAttackTest.attackerViews(m, hidden, x, 40, 3),
                BaseFieldChallengeAttackTest.attackerViews(m, hidden, other, 40, 4));
    }
}
