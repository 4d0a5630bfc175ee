package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.LookupRelation;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of shared lookup inverses (h = 1/(α − a) + 1/(α − b), checked by h·A·B = A + B, over
 * compressed tables A = α − Σβ^c·col whose masks are the columns' masks combined), for every shape
 * of operand pair the compiler makes: two single columns, one tensor at two scales (a limb and its
 * scaled copy), two two-column operands (ReLU signs), and two two-column operands one of which has a
 * public column (an activation whose output is the model's output).
 *
 * <p>Pinned: each lookup instance has exactly the round degrees its relation states (so the Libra
 * mask's degrees cover it), its zero-check sum is zero, and it reveals exactly h'(r) and each
 * committed column's masked value v'(r) = v̂(r) + r_0(1 − r_0)·R_v(r_1..r_4) (nothing else, and the
 * same as the verifier's claims bind); the verifier's final value equals the prover's. A prover that
 * puts a value off the table in either operand (in a single column, in the scaled copy of a limb, in
 * a sign, or in a public output) is rejected by the shared zero-check. The zero-check leaves h free
 * only where both compressed tuples equal α. Transcripts do not depend on the weights for models
 * whose lookups share inverses in each of these shapes.
 */
class SharedLookupReviewTest {
    /** x[40] → fc1 Dense 32 + ReLU → fc2 Dense 32 + ReLU → fc3 + sigmoid → fc4 + sigmoid → y: every pair shape. */
    static QuantizedModel pairs() {
        TestModels.Builder b = new TestModels.Builder("x", new int[] {40}, 7);
        b.layer(new QLayer.Dense("fc1", "x", "h1", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc2", "h1", "h2", 32, 32, b.ints(32 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc3", "h2", "z", 32, 32, b.ints(32 * 32, 100), b.ints(32, 3000),
                new Requant(12, Activation.sigmoid(1.0 / 64, 14))), 32);
        b.layer(new QLayer.Dense("fc4", "z", "y", 32, 32, b.ints(32 * 32, 20), b.ints(32, 3000),
                new Requant(14, Activation.sigmoid(1.0 / 64, 14))), 32);
        return b.build("pairs", "y");
    }

    /** x[40] → Dense 32 + ReLU → Dense 32 + ReLU → y: the two sign lookups share an inverse, the second's output is public. */
    static QuantizedModel twoRelu(long seed) {
        TestModels.Builder b = new TestModels.Builder("x", new int[] {40}, seed);
        b.layer(new QLayer.Dense("fc1", "x", "h", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc2", "h", "y", 32, 32, b.ints(32 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        return b.build("two-relu", "y");
    }

    /** x[40] → Dense 32 + sigmoid → Dense 32 + sigmoid → y: the activation lookups share an inverse, the second's f(t) column is public. */
    static QuantizedModel twoSigmoid(long seed) {
        TestModels.Builder b = new TestModels.Builder("x", new int[] {40}, seed);
        b.layer(new QLayer.Dense("fc1", "x", "z", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000),
                new Requant(12, Activation.sigmoid(1.0 / 64, 14))), 32);
        b.layer(new QLayer.Dense("fc2", "z", "y", 32, 32, b.ints(32 * 32, 20), b.ints(32, 3000),
                new Requant(14, Activation.sigmoid(1.0 / 64, 14))), 32);
        return b.build("two-sigmoid", "y");
    }

    /** x[40] → Dense 32, shift 6 → y: the remainder is one 6-bit limb, looked up as itself and as 4·itself in one lookup. */
    static QuantizedModel sameTensor() {
        TestModels.Builder b = new TestModels.Builder("x", new int[] {40}, 8);
        b.layer(new QLayer.Dense("fc", "x", "y", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(6, Activation.IDENTITY)), 32);
        return b.build("same-tensor", "y");
    }

    private static LookupPlan lookup(Circuit c, String label) {
        return c.lookups().stream().filter(l -> l.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no lookup " + label + " in " + c.lookups().stream().map(LookupPlan::label).toList()));
    }

    @Test
    void theCompilerMakesEveryPairShape() {
        Circuit c = CircuitCompiler.compile(pairs(), 1, Circuit.Options.DEFAULT);
        LookupPlan signs = lookup(c, "fc1.sign+fc2.sign");
        assertTrue(signs.operands().stream().allMatch(o -> o.columns().size() == 2 && o.columns().stream().noneMatch(col -> col.tensor().isPublic())));
        LookupPlan activations = lookup(c, "fc3.activation+fc4.activation");
        assertTrue(activations.operands().get(1).columns().get(1).tensor().isPublic(), "fc4's f(t) column is the public output");
        assertFalse(activations.operands().get(1).columns().get(0).tensor().isPublic());
        LookupPlan limb = lookup(c, "fc4.r1+fc4.r1.top");
        assertEquals(limb.operands().get(0).columns().get(0).tensor(), limb.operands().get(1).columns().get(0).tensor(), "one tensor, two scales");
        assertEquals(4, limb.operands().get(1).columns().get(0).scale());
        assertTrue(verifies(pairs(), TestModels.input(40, 4), Witness.Deviation.HONEST) == null);
        assertTrue(verifies(sameTensor(), TestModels.input(40, 4), Witness.Deviation.HONEST) == null);
    }

    // ---- the prover's lookup instances, run round by round ----

    private static Ext2 randomExt(SplittableRandom r) {
        return Ext2.of(r.nextLong(), r.nextLong());
    }

    /** v'(r) = ṽ(r) + r_0(1 − r_0)·R_v(r_1..r_4) of a committed vector (its mask as the witness holds it). */
    private static Ext2 masked(Witness w, VectorRef ref, Ext2[] point) {
        return MaskedInstance.maskedValue(Multilinear.evaluateBase(w.vector(ref), point), w.mask(ref), point);
    }

    @Test
    void everyLookupInstanceHasItsStatedDegreesAndRevealsExactlyTheMaskedValues() {
        for (QuantizedModel m : List.of(pairs(), sameTensor(), TestModels.mlp(40, 20, 10, Activation.RELU, 3))) {
            Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
            long[] x = TestModels.input(40, 4);
            Witness w = Witness.build(circuit, ModelVectors.build(circuit), List.of(x), new Random(5));
            SplittableRandom r = new SplittableRandom(m.name().hashCode());
            Ext2[] alphas = new Ext2[circuit.tables().size()], betas = new Ext2[alphas.length];
            for (int t = 0; t < alphas.length; t++) {
                alphas[t] = randomExt(r);
                betas[t] = circuit.tables().get(t).table().columns() > 1 ? randomExt(r) : Ext2.ZERO;
            }
            Challenges c = new Challenges(alphas, betas);
            w.computeInverses(alphas, betas);
            PublicTensors pub = InferenceProtocol.publicTensors(circuit, List.of(x), w.outputs());
            List<Relation> lookups = Relations.of(circuit).stream().filter(rel -> rel instanceof LookupRelation).toList();
            assertEquals(circuit.lookups().size(), lookups.size());
            int checked = 0;
            for (Relation rel : lookups) {
                LookupPlan plan = circuit.lookups().get(checked); // the relations follow the plans' order
                assertEquals(new LookupRelation(plan).label(), rel.label());
                int n = rel.numVars();
                Ext2[] tau = new Ext2[n];
                for (int i = 0; i < n; i++) {
                    tau[i] = randomExt(r);
                }
                c.putPoint(rel.label(), tau);
                SumcheckProverInstance inst = rel.instance(w, c);
                assertEquals(rel.round0Degree(), inst.degree(0), rel.label() + ": round 0's degree as stated");
                assertEquals(rel.laterDegree(), inst.degree(1), rel.label() + ": later rounds' degree as stated");
                assertTrue(rel.round0Degree() <= circuit.libraDegrees()[0]);
                Ext2 claim = rel.claimValue(w, c);
                assertEquals(Ext2.ZERO, claim);
                Ext2[] point = new Ext2[n];
                for (int round = 0; round < n; round++) {
                    Ext2[] s = inst.roundValues(claim);
                    assertEquals(inst.degree(round) + 1, s.length);
                    assertEquals(claim, s[0].add(s[1]), rel.label() + ": round " + round + " is consistent");
                    point[round] = randomExt(r);
                    claim = io.zkml4j.core.poly.Univariate.evaluate(s, point[round]);
                    inst.bind(point[round]);
                }
                Ext2[] revealed = rel.revealed(inst);
                assertEquals(rel.revealedCount(), revealed.length);
                List<Ext2> expected = new ArrayList<>();
                Ext2 h = Multilinear.evaluateBase(w.vector(plan.inverse().c0()), point)
                        .add(Ext2.of(0, 1).mul(Multilinear.evaluateBase(w.vector(plan.inverse().c1()), point)));
                long[] hMask = w.mask(plan.inverse().c0());
                long[] hMask1 = w.mask(plan.inverse().c1());
                for (int j = 0; j < hMask.length / 2; j++) {
                    Ext2 v = Ext2.at(hMask, j).add(Ext2.of(0, 1).mul(Ext2.at(hMask1, j)));
                    hMask[2 * j] = v.c0;
                    hMask[2 * j + 1] = v.c1;
                }
                expected.add(MaskedInstance.maskedValue(h, hMask, point));
                for (LookupPlan.Operand o : plan.operands()) {
                    for (LookupPlan.Column col : o.columns()) {
                        if (!col.tensor().isPublic()) {
                            expected.add(masked(w, col.tensor().vector(), point));
                        }
                    }
                }
                assertArrayEquals(expected.toArray(new Ext2[0]), revealed, rel.label() + ": the revealed values are the masked values, no more");
                assertEquals(claim, rel.finalValue(point, revealed, c, pub), rel.label() + ": the verifier's final value is the prover's");
                checked++;
            }
            assertEquals(circuit.lookups().size(), checked);
        }
    }

    // ---- the zero-check's algebra at a point of the cube ----

    @Test
    void theZeroCheckLeavesTheInverseFreeOnlyWhereBothCompressedTuplesEqualAlpha() {
        Circuit circuit = CircuitCompiler.compile(pairs(), 1, Circuit.Options.DEFAULT);
        SplittableRandom r = new SplittableRandom(11);
        for (String label : List.of("fc1.r0+fc1.r1", "fc4.r1+fc4.r1.top")) {
            LookupPlan plan = lookup(circuit, label);
            LookupRelation rel = new LookupRelation(plan);
            long s = plan.operands().get(1).columns().get(0).scale(); // 1, or 4 for the scaled copy of one limb
            Ext2 alpha = Ext2.fromBase(20);
            Ext2[] alphas = new Ext2[circuit.tables().size()], betas = new Ext2[alphas.length];
            Arrays.fill(alphas, alpha);
            Arrays.fill(betas, Ext2.ZERO);
            Challenges c = new Challenges(alphas, betas);
            Ext2[] tau = new Ext2[plan.numVars()];
            for (int i = 0; i < tau.length; i++) {
                tau[i] = randomExt(r);
            }
            c.putPoint(rel.label(), tau);
            Ext2[] cube = Multilinear.bits(5, plan.numVars()); // a position of the cube: masks vanish there
            Ext2[] anyH = {Ext2.ZERO, Ext2.ONE, randomExt(r)};
            if (s == 1) {
                for (Ext2 h : anyH) { // a = b = α: any h passes (needs α equal to a value committed before α was drawn)
                    assertEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {h, alpha, alpha}, c, null));
                }
                for (Ext2 h : anyH) { // only a = α: no h passes
                    assertNotEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {h, alpha, Ext2.fromBase(7)}, c, null));
                    assertNotEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {h, Ext2.fromBase(7), alpha}, c, null));
                }
            } else { // one tensor v at scales 1 and s: B = 0 needs s·v = α, then A = α − α/s ≠ 0, and no h passes
                Ext2 v = alpha.mul(Ext2.fromBase(s).inverse());
                for (Ext2 h : anyH) {
                    assertNotEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {h, v, v}, c, null));
                }
            }
            Ext2 a = Ext2.fromBase(3), b = Ext2.fromBase(7);
            Ext2 shareA = alpha.sub(a).inverse(), shareB = alpha.sub(b.mul(Ext2.fromBase(s))).inverse();
            // the revealed values are the columns' own, the relation applies the scales
            assertEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {shareA.add(shareB), a, b}, c, null), "h = 1/A + 1/B passes");
            for (Ext2 wrong : new Ext2[] {shareA, shareB, shareA.add(shareB).add(shareB), shareA.sub(shareB), Ext2.ZERO}) {
                assertNotEquals(Ext2.ZERO, rel.finalValue(cube, new Ext2[] {wrong, a, b}, c, null));
            }
        }
    }

    // ---- dishonest provers, each deviating in one operand of a shared lookup ----

    /** The checker's first failure, or null when the proof verifies (and the checker must agree). */
    private static String verifies(QuantizedModel m, long[] x, Witness.Deviation deviation) {
        return DishonestProverTest.checkerFailure(m, x, Circuit.Options.DEFAULT, deviation);
    }

    private static int positionOf(Witness w, String tensor, int i) {
        return w.circuit().tensor(tensor).layout().proofIndex()[i];
    }

    /** The proof is rejected, and the first check to fail is the zero-check of the lookup that looks up these operands. */
    private static void assertRejectedBy(String failure, QuantizedModel m, String operands) {
        assertNotNull(failure, "the proof verified");
        String relation = new LookupRelation(lookup(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT), operands)).label();
        assertTrue(failure.startsWith("relation '" + relation + "'"), "expected the shared zero-check of " + operands + " to object: " + failure);
    }

    /** Output y − 1 with the remainder r + 64: the 6-bit limb r + 64 is in the 8-bit table, its scaled copy 4r + 256 is not. */
    @Test
    void aLimbInTheTableWhoseScaledCopyIsNotIsRejected() {
        long[] x = TestModels.input(40, 4);
        QuantizedModel m = sameTensor();
        int[] target = {-1};
        String failure = verifies(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] r = trace.layers().get("fc").remainder();
                for (int i = 0; i < r.length && target[0] < 0; i++) {
                    if (r[i] < 64) {
                        target[0] = i;
                    }
                }
                trace.values().get("y")[target[0]] -= 1;
                trace.layers().get("fc").requantized()[target[0]] -= 1;
            }

            @Override
            public void alterWitness(Witness w) {
                int pos = positionOf(w, "y", target[0]);
                long[] r0 = w.tensor("fc.r0").clone();
                assertTrue(Goldilocks.toSigned(r0[pos]) < 64);
                r0[pos] = Goldilocks.add(r0[pos], 64);
                w.replace("fc.r0", r0);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        });
        assertRejectedBy(failure, m, "fc.r0+fc.r0.top");
    }

    /** Limbs r0 + 256 and r1 − 1 recompose the same remainder; r0 + 256 is off the table: the first operand of a pair. */
    @Test
    void aValueOffTheTableInTheFirstOperandIsRejected() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 3);
        long[] x = TestModels.input(40, 4);
        String failure = verifies(m, x, new Witness.Deviation() {
            @Override
            public void alterWitness(Witness w) {
                long[] r0 = w.tensor("fc2.r0").clone();
                long[] r1 = w.tensor("fc2.r1").clone();
                int pos = -1;
                for (int i = 0; i < 10 && pos < 0; i++) {
                    int p = positionOf(w, "y", i);
                    if (Goldilocks.toSigned(r1[p]) >= 1) {
                        pos = p;
                    }
                }
                assertTrue(pos >= 0);
                r0[pos] = Goldilocks.add(r0[pos], 256);
                r1[pos] = Goldilocks.sub(r1[pos], 1);
                w.replace("fc2.r0", r0);
                w.replace("fc2.r1", r1);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        });
        assertRejectedBy(failure, m, "fc2.r0+fc2.r1");
    }

    /** fc2's ReLU lets a negative t through with sign 1: (hi < 0, 1) is off the sign table, in the second of two two-column operands. */
    @Test
    void aForgedSignInTheSecondOfTwoSignOperandsIsRejected() {
        QuantizedModel m = twoRelu(3);
        long[] x = TestModels.input(40, 2);
        int[] cheated = {-1};
        String failure = verifies(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] t = trace.layers().get("fc2").requantized();
                for (int i = 0; i < t.length && cheated[0] < 0; i++) {
                    if (t[i] < 0) {
                        cheated[0] = i;
                    }
                }
                trace.values().get("y")[cheated[0]] = t[cheated[0]];
            }

            @Override
            public void alterWitness(Witness w) {
                long[] sign = w.tensor("fc2.sign").clone();
                sign[positionOf(w, "y", cheated[0])] = 1;
                w.replace("fc2.sign", sign);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {tuple[0], 0};
            }
        });
        assertRejectedBy(failure, m, "fc1.sign+fc2.sign");
    }

    /** The public output y = f(t) + 1 at one position: (t, y) is off the sigmoid table, its y column public, in a shared lookup. */
    @Test
    void aPublicOutputOffTheActivationTableIsRejected() {
        QuantizedModel m = twoSigmoid(5);
        long[] x = TestModels.input(40, 2);
        String failure = verifies(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("y")[3] += 1;
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {tuple[0], tuple[1] - 1}; // counted and inverted as the honest (t, f(t))
            }
        });
        assertRejectedBy(failure, m, "fc1.activation+fc2.activation");
    }

    // ---- zero knowledge for the new shapes ----

    /** Two models computing one function with permuted hidden units: transcripts (challenges fixed) alike, every word fresh. */
    @Test
    void transcriptsWithSharedSignAndActivationLookupsDoNotDependOnTheWeights() {
        int[] perm = new int[32];
        for (int j = 0; j < 32; j++) {
            perm[j] = (j * 7 + 3) % 32;
        }
        for (QuantizedModel a : List.of(twoRelu(21), twoSigmoid(22))) {
            QuantizedModel b = InferenceZeroKnowledgeTest.permuteHidden(a, perm);
            long[] x = TestModels.input(40, 32);
            assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
            Circuit c = CircuitCompiler.compile(a, 1, Circuit.Options.DEFAULT);
            assertTrue(c.lookups().stream().anyMatch(l -> l.operands().size() == 2 && l.operands().get(0).columns().size() == 2));
            int runs = 40;
            InferenceZeroKnowledgeTest.assertIndistinguishable(InferenceZeroKnowledgeTest.transcripts(a, Circuit.Options.DEFAULT, x, runs, 1),
                    InferenceZeroKnowledgeTest.transcripts(b, Circuit.Options.DEFAULT, x, runs, 2));
        }
    }

    // ---- labels ----

    /**
     * A shared lookup's relation was labelled "lookup." + its operands' labels joined by "+", and its
     * point is drawn under that label. Layer names may contain "+": here a layer named "fc.r0+fc"
     * makes a lone lookup of its remainder's scaled copy, "fc.r0+fc.r0.top" (left without a partner
     * in its table and size), and the output layer "fc" a shared one of "fc.r0" and "fc.r0.top": two
     * relations "lookup.fc.r0+fc.r0.top", and the honest prover stops with "point drawn twice". The
     * same model proves and verifies at the parent commit, where lookup labels were operand labels
     * (the compiler's own names, unique).
     */
    static QuantizedModel joinedLabelCollision() {
        TestModels.Builder b = new TestModels.Builder("x", new int[] {40}, 9);
        b.layer(new QLayer.Dense("g", "x", "h", 40, 64, b.ints(40 * 64, 3), b.ints(64, 300), new Requant(9, Activation.IDENTITY)), 64);
        b.layer(new QLayer.Dense("fc.r0+fc", "h", "z", 64, 64, b.ints(64 * 64, 3), b.ints(64, 300),
                new Requant(6, Activation.sigmoid(1.0 / 64, 14))), 64);
        b.layer(new QLayer.Dense("fc", "z", "y", 64, 32, b.ints(64 * 32, 3), b.ints(32, 300), new Requant(6, Activation.IDENTITY)), 32);
        return b.build("joined-label", "y");
    }

    @Test
    void noTwoRelationsShareALabelWhenALayerNameHoldsAPlus() {
        QuantizedModel m = joinedLabelCollision();
        Circuit c = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        assertTrue(c.lookups().stream().anyMatch(l -> l.label().equals("fc.r0+fc.r0.top") && l.operands().size() == 1));
        assertTrue(c.lookups().stream().anyMatch(l -> l.label().equals("fc.r0+fc.r0.top") && l.operands().size() == 2));
        List<String> labels = Relations.of(c).stream().map(Relation::label).toList();
        assertEquals(labels.size(), labels.stream().distinct().count(), "relation labels " + labels);
        assertTrue(verifies(m, TestModels.input(40, 4), Witness.Deviation.HONEST) == null, "an honest proof verifies");
    }
}
