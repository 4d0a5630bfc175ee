package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.logup.FractionTree;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LogUp by GKR against provers that break its trees in one place while keeping every sum it
 * states true: two nodes of one layer swapped (the layers above recomputed from them, the committed
 * top with them), or the committed tops of two trees of one table exchanged. Each is rejected by
 * the proof, and the debug checker names the lookups. Without the deviation the same harness
 * verifies, so none of these passes vacuously.
 */
class LookupTreesTest {
    private static final QuantizedModel MODEL = TestModels.mlp(200, 100, 10, Activation.RELU, 3);
    private static final long[] X = TestModels.input(200, 4);

    /** The first lookup tree deeper than the committed layer: the one the deviations below break. */
    private static int deepTree(Circuit circuit) {
        List<FractionTreePlan> trees = circuit.logUp().trees();
        for (int t = 0; t < trees.size(); t++) {
            if (!trees.get(t).isTable() && trees.get(t).numVars() >= FractionTreePlan.TOP_VARS + 3) {
                return t;
            }
        }
        throw new AssertionError("no lookup tree deep enough in the test model");
    }

    @Test
    void theHonestProverVerifies() {
        assertNull(DishonestProverTest.checkerFailure(MODEL, X, Circuit.Options.DEFAULT, Witness.Deviation.HONEST));
    }

    /**
     * Every layer from the committed one down to the leaves: nodes 0 and 1 of that layer swapped,
     * every layer above recomputed, the committed top recomputed, so the tree's sum (and the table's
     * balance) is unchanged and only the link between the layer and its children is false.
     */
    @Test
    void aLayerOutOfStepWithItsChildrenIsRejectedAtEveryDepth() {
        Circuit circuit = CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT);
        int t = deepTree(circuit);
        FractionTreePlan plan = circuit.logUp().trees().get(t);
        for (int layer = FractionTreePlan.TOP_VARS; layer <= plan.numVars(); layer++) {
            int swapped = layer;
            boolean[] changed = {false};
            String failure = DishonestProverTest.checkerFailure(MODEL, X, Circuit.Options.DEFAULT, new Witness.Deviation() {
                @Override
                public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                    FractionTree tree = w.fractionTree(t);
                    long[] q = tree.denominators(swapped);
                    long[] p = tree.unitNumerators(swapped) ? null : tree.numerators(swapped);
                    if (Ext2.at(q, 0).equals(Ext2.at(q, 1)) && (p == null || Ext2.at(p, 0).equals(Ext2.at(p, 1)))) {
                        return; // nothing to swap: the assertion below fails
                    }
                    swap(q);
                    if (p != null) {
                        swap(p);
                    }
                    FractionTree above = new FractionTree(p, q); // its layer i is the tree's layer i for i < swapped
                    for (int i = 0; i < swapped; i++) {
                        System.arraycopy(above.denominators(i), 0, tree.denominators(i), 0, tree.denominators(i).length);
                        System.arraycopy(above.numerators(i), 0, tree.numerators(i), 0, tree.numerators(i).length);
                    }
                    long[] top = top(tree);
                    long[][] parts = ExtVectors.components(top);
                    inverses[plan.top().c0().poly()] = parts[0];
                    inverses[plan.top().c1().poly()] = parts[1];
                    changed[0] = true;
                }
            });
            assertTrue(changed[0], "layer " + layer + " had two equal nodes to swap");
            assertNotNull(failure, "a tree whose layer " + layer + " is out of step with its children was accepted");
            assertTrue(failure.startsWith("lookups"), "layer " + layer + ": " + failure);
        }
    }

    /**
     * Every tree of the model, lookups' and tables' alike, at its leaves: two unequal leaves of one
     * half swapped (the layers above and the top recomputed, so every sum holds), in the lower half
     * and in the upper one. The leaf halves are what the last sumcheck reads as two slices (a lookup's
     * two operands, or one operand's or a table's halves); a tree of the committed layer's 5
     * variables has its leaves checked by the top check itself, and a table's tree reads its
     * multiplicities against rows the verifier computes.
     */
    @Test
    void everyTreeOutOfStepAtItsLeavesInEitherHalfIsRejected() {
        Circuit circuit = CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT);
        List<FractionTreePlan> trees = circuit.logUp().trees();
        assertTrue(trees.stream().anyMatch(t -> !t.isTable() && t.numVars() == FractionTreePlan.TOP_VARS), "no tree of 5 variables");
        int upper = 0;
        for (int t = 0; t < trees.size(); t++) {
            FractionTreePlan plan = trees.get(t);
            int tested = 0;
            for (int half = 0; half < 2; half++) {
                int tree = t, h = half;
                boolean[] changed = {false};
                String failure = DishonestProverTest.checkerFailure(MODEL, X, Circuit.Options.DEFAULT, new Witness.Deviation() {
                    @Override
                    public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                        changed[0] = swapInHalf(w.fractionTree(tree), plan.numVars(), h);
                        long[][] parts = ExtVectors.components(top(w.fractionTree(tree)));
                        inverses[plan.top().c0().poly()] = parts[0];
                        inverses[plan.top().c1().poly()] = parts[1];
                    }
                });
                String what = plan.label() + " (" + plan.numVars() + " variables), leaf half " + half;
                if (!changed[0]) { // a half of padding alone (the upper half of a 10-value vector's 32)
                    assertNull(failure, what);
                    continue;
                }
                tested++;
                upper += half;
                assertNotNull(failure, what + ": swapped leaves were accepted");
                assertTrue(failure.startsWith("lookups"), what + ": " + failure);
            }
            assertTrue(tested > 0, plan.label() + ": no two unequal leaves");
        }
        assertTrue(upper >= trees.size() - 1, "upper halves tested: " + upper);
    }

    /**
     * A lookup of one operand deeper than the committed layer splits its positions into the two
     * leaf slices by their highest variable (the weights proof's range checks of a weight vector):
     * leaves swapped within either half are rejected.
     */
    @Test
    void aLoneOperandOutOfStepInEitherHalfIsRejected() throws Exception {
        QuantizedModel cnn = TestModels.cnn(3);
        List<Integer> widths = WeightsProofTest.widths(cnn);
        List<FractionTreePlan> trees = CircuitCompiler.weightParts(cnn).circuit(0, widths).logUp().trees();
        int[] tested = new int[2];
        for (int t = 0; t < trees.size(); t++) {
            FractionTreePlan plan = trees.get(t);
            if (plan.isTable() || plan.lookup().operands().size() != 1 || plan.numVars() <= FractionTreePlan.TOP_VARS) {
                continue;
            }
            assertEquals(1, plan.slice(1).bits());
            for (int half = 0; half < 2; half++) {
                int tree = t, h = half;
                boolean[] changed = {false};
                boolean verifies = WeightsProofTest.verifies(cnn, widths, new Witness.Deviation() {
                    @Override
                    public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                        List<FractionTreePlan> own = w.circuit().logUp().trees();
                        if (own.size() <= tree || !own.get(tree).label().equals(plan.label())) {
                            return; // another part's circuit
                        }
                        changed[0] = swapInHalf(w.fractionTree(tree), plan.numVars(), h);
                        long[][] parts = ExtVectors.components(top(w.fractionTree(tree)));
                        inverses[plan.top().c0().poly()] = parts[0];
                        inverses[plan.top().c1().poly()] = parts[1];
                    }
                });
                if (changed[0]) {
                    tested[half]++;
                    assertTrue(!verifies, plan.label() + " half " + half + ": swapped leaves were accepted");
                } else {
                    assertTrue(verifies, plan.label() + " half " + half); // a half of padding alone
                }
            }
        }
        assertTrue(tested[0] > 0 && tested[1] > 0, "halves tested: " + Arrays.toString(tested));
    }

    /**
     * A committed top that disagrees with its layer while every balance holds: u_0 + δ and u_1 − δ
     * of one tree (its sum, and so its table's balance, unchanged), for a tree whose top is its
     * leaves and for a deeper one. Only the top check (u·q = p at every node) can object.
     */
    @Test
    void aTopKeepingItsSumButNotItsLayerIsRejected() {
        Circuit circuit = CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT);
        List<FractionTreePlan> trees = circuit.logUp().trees();
        int shallow = -1;
        for (int t = 0; t < trees.size(); t++) {
            if (trees.get(t).numVars() == FractionTreePlan.TOP_VARS) {
                shallow = t;
            }
        }
        assertTrue(shallow >= 0, "no tree of 5 variables");
        for (int t : new int[] {shallow, deepTree(circuit)}) {
            FractionTreePlan plan = trees.get(t);
            String failure = DishonestProverTest.checkerFailure(MODEL, X, Circuit.Options.DEFAULT, new Witness.Deviation() {
                @Override
                public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                    long[] c0 = inverses[plan.top().c0().poly()].clone(), c1 = inverses[plan.top().c1().poly()].clone();
                    c0[0] = io.zkml4j.core.field.Goldilocks.add(c0[0], 5);
                    c0[1] = io.zkml4j.core.field.Goldilocks.sub(c0[1], 5);
                    c1[2] = io.zkml4j.core.field.Goldilocks.add(c1[2], 7);
                    c1[3] = io.zkml4j.core.field.Goldilocks.sub(c1[3], 7);
                    inverses[plan.top().c0().poly()] = c0;
                    inverses[plan.top().c1().poly()] = c1;
                }
            });
            assertNotNull(failure, plan.label() + ": a top out of step with its layer was accepted");
            assertTrue(failure.startsWith("lookups"), plan.label() + ": " + failure);
        }
    }

    /**
     * A live verifier against the trees: in every one of their sumchecks it draws r_1..r_4 in the
     * base field (r_0 in the extension, which the prover needs outside {0, 1}), sets every μ to 0,
     * folds at τ = 0 and 1 in turn, draws the batching coefficients and the top check's point in
     * the base field, and hangs up once the last layer has revealed its values, before any opening.
     * Its view, every word the trees send (each revealed value divided by its sumcheck's r_0(1 − r_0))
     * is fresh in every session and distributed alike for two models of one function whose hidden
     * weights and activations differ.
     */
    @Test
    void aLiveVerifierChoosingTheTreesChallengesLearnsNothing() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 41);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 11 + 5) % 20;
        }
        QuantizedModel b = InferenceZeroKnowledgeTest.permuteHidden(a, perm);
        long[] x = TestModels.input(40, 42);
        assertTrue(Arrays.equals(io.zkml4j.model.quant.QuantizedExecutor.run(a, x).value("y"), io.zkml4j.model.quant.QuantizedExecutor.run(b, x).value("y")),
                "same function");
        InferenceZeroKnowledgeTest.assertIndistinguishable(treeViews(a, x, 40, 1), treeViews(b, x, 40, 2));
    }

    /**
     * Regression (review): an activation of the public input looks up (x, h) with x public and h
     * committed, so h's leaf value was read back from the leaf divided by h's coefficient −β; a live
     * verifier's β = 0 made the honest prover divide by zero. It now evaluates h itself.
     */
    @Test
    void aLiveVerifiersZeroBetaDoesNotStopTheProver() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 5);
        b.layer(new io.zkml4j.model.quant.QLayer.Activate("act", "x", "h", new io.zkml4j.model.quant.Requant(0, Activation.sigmoid(1.0 / 1024, 14))), 32);
        b.layer(new io.zkml4j.model.quant.QLayer.Dense("fc", "h", "y", 32, 10, b.ints(320, 100), b.ints(10, 3000),
                new io.zkml4j.model.quant.Requant(10, Activation.IDENTITY)), 10);
        QuantizedModel m = b.build("activation-of-the-input", "y");
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        List<io.zkml4j.proof.circuit.LookupPlan.Column> columns = circuit.logUp().trees().stream().filter(t -> !t.isTable()
                && t.lookup().operands().get(0).label().equals("act.activation")).findFirst().orElseThrow().lookup().operands().get(0).columns();
        assertTrue(columns.get(0).tensor().isPublic() && !columns.get(1).tensor().isPublic(), "x public, h committed");
        long[][] vectors = ModelVectors.build(circuit);
        java.util.SplittableRandom fixed = new java.util.SplittableRandom(11);
        io.zkml4j.core.transcript.ProverChannel ch = new io.zkml4j.core.testing.ForwardingProverChannel(ScriptedChannels.prover(ScriptedChannels.recorder(),
                new ScriptedChannels.Script(() -> io.zkml4j.core.testing.Rand.ext(fixed), fixed::nextInt), new ScriptedChannels.Tape())) {
            @Override
            public Ext2 challengeExt(String l) {
                Ext2 honest = inner.challengeExt(l);
                return l.startsWith("lookup.beta.") ? Ext2.ZERO : honest;
            }
        };
        java.util.Random prover = new java.util.Random(3);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit,
                TestCommitments.seal(vectors, prover), InferenceZeroKnowledgeTest.PARAMS, vectors, List.of(TestModels.input(32, 6))), new byte[] {1}, ch, prover));
    }

    /**
     * Training proves its steps together: one sumcheck per layer over every step's trees, the steps'
     * claims renumbered to their own commitments. A step other than the first of its group (the
     * second and the third of three) whose tree is out of step with its leaves in their upper half,
     * or whose top keeps its sum but not its layer, is rejected by the verifier.
     */
    @Test
    void aLaterStepOfATrainingGroupWithABrokenTreeIsRejected() throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, TrainingProtocolTest.ROWS, 4, 8,
                io.zkml4j.proof.circuit.TrainingSpec.Loss.CROSS_ENTROPY, 3);
        DatasetKey data = TrainingProtocolTest.dataset(c);
        for (int member = 1; member <= 2; member++) {
            long[] marker = Arrays.stream(data.values()[(int) TrainingProtocolTest.STEPS[member][0]]).map(io.zkml4j.core.field.Goldilocks::fromSigned).toArray();
            boolean leaves = member == 1;
            boolean[] changed = {false};
            Witness.Deviation deviation = new Witness.Deviation() {
                @Override
                public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                    if (!Arrays.equals(Arrays.copyOf(w.tensor("training.features"), marker.length), marker)) {
                        return;
                    }
                    List<FractionTreePlan> trees = w.circuit().logUp().trees();
                    for (int t = 0; t < trees.size(); t++) {
                        FractionTreePlan plan = trees.get(t);
                        if (plan.numVars() > FractionTreePlan.TOP_VARS && (!leaves || swapInHalf(w.fractionTree(t), plan.numVars(), 1))) {
                            long[] c0, c1;
                            if (leaves) {
                                long[][] parts = ExtVectors.components(top(w.fractionTree(t)));
                                c0 = parts[0];
                                c1 = parts[1];
                            } else {
                                c0 = inverses[plan.top().c0().poly()].clone();
                                c1 = inverses[plan.top().c1().poly()].clone();
                                c0[0] = io.zkml4j.core.field.Goldilocks.add(c0[0], 5);
                                c0[1] = io.zkml4j.core.field.Goldilocks.sub(c0[1], 5);
                            }
                            inverses[plan.top().c0().poly()] = c0;
                            inverses[plan.top().c1().poly()] = c1;
                            changed[0] = true;
                            return;
                        }
                    }
                }
            };
            TrainingProtocolTest.Run run = TrainingProtocolTest.run(io.zkml4j.proof.circuit.TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS,
                    TrainingProtocolTest.STEPS, deviation, 6554);
            TrainingProtocolTest.assertRejected(run);
            assertTrue(changed[0], "step " + member + " was not changed");
        }
    }

    /** Raised by the attacker when it hangs up. */
    private static final class HangUp extends RuntimeException {
        HangUp() {
            super("verifier hung up", null, false, false);
        }
    }

    /** The attacking verifier of {@link #aLiveVerifierChoosingTheTreesChallengesLearnsNothing}: its view of the trees. */
    private static final class TreeAttacker extends io.zkml4j.core.testing.ForwardingProverChannel {
        private static final String TREES = "relations.logup.";
        private final java.util.SplittableRandom choices = new java.util.SplittableRandom(12);
        private final String last;
        private final java.util.Map<String, Integer> rounds = new java.util.HashMap<>();
        private final java.util.Map<String, Ext2> maskFactor = new java.util.HashMap<>();
        private int folds;
        final List<Long> view = new java.util.ArrayList<>();

        TreeAttacker(io.zkml4j.core.transcript.ProverChannel inner, int depth) {
            super(inner);
            this.last = TREES + "layer" + (depth - 1) + ".tau";
        }

        @Override
        public Ext2 challengeExt(String l) {
            Ext2 honest = inner.challengeExt(l);
            if (!l.startsWith(TREES)) {
                return honest;
            }
            if (l.equals(last)) {
                throw new HangUp();
            }
            Ext2 base = Ext2.fromBase(io.zkml4j.core.testing.Rand.field(choices));
            if (l.endsWith(".r")) {
                String step = l.substring(0, l.length() - 2);
                int i = rounds.merge(step, 1, Integer::sum) - 1;
                if (i == 0) {
                    maskFactor.put(step, honest.mul(Ext2.ONE.sub(honest)));
                    return honest;
                }
                return i <= io.zkml4j.core.sumcheck.MaskedInstance.MASK_VARS ? base : honest;
            }
            if (l.endsWith(".mu")) {
                return Ext2.ZERO;
            }
            if (l.endsWith(".tau") && !l.endsWith("top.tau")) {
                return Ext2.fromBase(folds++ & 1);
            }
            if (l.endsWith(".batch") || l.endsWith("top.tau")) {
                return base;
            }
            return honest; // each sumcheck's β (the prover refuses 0)
        }

        @Override
        public void sendExt(String l, long[] e) {
            if (l.startsWith(TREES)) {
                Ext2[] values = ExtVectors.toArray(e);
                Ext2 scale = l.endsWith(".revealed") ? maskFactor.get(l.substring(0, l.length() - ".revealed".length())).inverse() : Ext2.ONE;
                for (Ext2 v : values) {
                    Ext2 w = v.mul(scale);
                    view.add(w.c0);
                    view.add(w.c1);
                }
            }
            inner.sendExt(l, e);
        }

        @Override
        public boolean isFiatShamir() {
            return false;
        }
    }

    private static long[][] treeViews(QuantizedModel m, long[] x, int sessions, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        java.util.Random prover = new java.util.Random(seed);
        long[][] out = new long[sessions][];
        for (int s = 0; s < sessions; s++) {
            io.zkml4j.core.sealed.SealedCommitment model = TestCommitments.seal(vectors, prover);
            java.util.SplittableRandom fixed = new java.util.SplittableRandom(11); // the same challenges every session
            TreeAttacker ch = new TreeAttacker(ScriptedChannels.prover(ScriptedChannels.recorder(),
                    new ScriptedChannels.Script(() -> io.zkml4j.core.testing.Rand.ext(fixed), fixed::nextInt), new ScriptedChannels.Tape()),
                    circuit.logUp().depth());
            org.junit.jupiter.api.Assertions.assertThrows(HangUp.class, () -> InferenceProtocol.prove(
                    new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, List.of(x)), new byte[] {1}, ch, prover));
            out[s] = ch.view.stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    /** Swaps the first two unequal leaves (fractions p/q) in half h of the leaf layer, recomputing the layers above; false if all are equal. */
    private static boolean swapInHalf(FractionTree tree, int leaves, int h) {
        long[] q = tree.denominators(leaves);
        long[] p = tree.unitNumerators(leaves) ? null : tree.numerators(leaves);
        int size = q.length / 4, from = h * size;
        for (int y = from + 1; y < from + size; y++) {
            if (!Ext2.at(q, from).equals(Ext2.at(q, y)) || (p != null && !Ext2.at(p, from).equals(Ext2.at(p, y)))) {
                swap(q, from, y);
                if (p != null) {
                    swap(p, from, y);
                }
                FractionTree above = new FractionTree(p, q);
                for (int i = 0; i < leaves; i++) {
                    System.arraycopy(above.denominators(i), 0, tree.denominators(i), 0, tree.denominators(i).length);
                    System.arraycopy(above.numerators(i), 0, tree.numerators(i), 0, tree.numerators(i).length);
                }
                return true;
            }
        }
        return false;
    }

    private static void swap(long[] ext, int x, int y) {
        long a0 = ext[2 * x], a1 = ext[2 * x + 1];
        ext[2 * x] = ext[2 * y];
        ext[2 * x + 1] = ext[2 * y + 1];
        ext[2 * y] = a0;
        ext[2 * y + 1] = a1;
    }

    /** The committed tops of two lookup trees of one table exchanged: the table's balance still holds, the top check does not. */
    @Test
    void exchangedTopsOfOneTableAreRejected() {
        Circuit circuit = CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT);
        List<FractionTreePlan> trees = circuit.logUp().trees();
        int a = -1, b = -1;
        for (int i = 0; i < trees.size() && b < 0; i++) {
            for (int j = i + 1; j < trees.size() && b < 0; j++) {
                if (!trees.get(i).isTable() && !trees.get(j).isTable() && trees.get(i).table() == trees.get(j).table()) {
                    a = i;
                    b = j;
                }
            }
        }
        assertTrue(b >= 0, "the test model needs two lookups of one table");
        FractionTreePlan first = trees.get(a), second = trees.get(b);
        String failure = DishonestProverTest.checkerFailure(MODEL, X, Circuit.Options.DEFAULT, new Witness.Deviation() {
            @Override
            public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                long[] c0 = inverses[first.top().c0().poly()], c1 = inverses[first.top().c1().poly()];
                assertTrue(!Arrays.equals(c0, inverses[second.top().c0().poly()]), "the two tops are equal");
                inverses[first.top().c0().poly()] = inverses[second.top().c0().poly()];
                inverses[first.top().c1().poly()] = inverses[second.top().c1().poly()];
                inverses[second.top().c0().poly()] = c0;
                inverses[second.top().c1().poly()] = c1;
            }
        });
        assertNotNull(failure, "exchanged tops were accepted");
        assertTrue(failure.startsWith("lookups"), failure);
    }

    /** Nothing but the 32 top fractions of each tree is committed after the lookup challenges. */
    @Test
    void onlyTheTopsAreCommittedAfterTheChallenges() {
        Circuit circuit = CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT);
        long committed = circuit.inverseVectors().stream().mapToLong(v -> 1L << v.ref().numVars()).sum();
        assertEquals(2L * circuit.logUp().trees().size() << FractionTreePlan.TOP_VARS, committed);
    }

    /**
     * Regression (review): an activation of the public input as the whole model looks up an operand
     * of public tensors alone (x and the stated output y), which reveals nothing; the prover threw
     * (it read a sole committed column back from the leaf's value). Its tree has the committed
     * layer's 5 variables, so its leaves are checked by the top check itself: an output stated one
     * unit off, counted as the honest pair, is rejected there.
     */
    @Test
    void anOperandOfPublicTensorsAloneProvesAndIsChecked() throws Exception {
        Activation sigmoid = Activation.sigmoid(1.0 / 1024, 14);
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, 1);
        b.layer(new io.zkml4j.model.quant.QLayer.Activate("act", "x", "y", new io.zkml4j.model.quant.Requant(0, sigmoid)), 32);
        QuantizedModel m = b.build("activation-alone", "y");
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        FractionTreePlan tree = circuit.logUp().trees().get(0);
        assertTrue(!tree.isTable() && tree.numVars() == FractionTreePlan.TOP_VARS
                && tree.lookup().operands().get(0).columns().stream().allMatch(c -> c.tensor().isPublic()), "an operand of public tensors alone");
        long[] x = TestModels.input(32, 3);
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int sample, io.zkml4j.model.quant.QuantizedExecutor.Trace trace) {
                trace.value("y")[5] += 1;
            }

            @Override
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) {
                return new long[] {tuple[0], sigmoid.apply(tuple[0])}; // counted and inverted as the honest pair
            }
        });
        assertEquals(honest.outputs().get(0)[5] + 1, dishonest.outputs().get(0)[5]);
        org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.core.transcript.InvalidProofException.class,
                () -> dishonest.verify(x, dishonest.outputs()));
    }

    private static void swap(long[] ext) {
        long a0 = ext[0], a1 = ext[1];
        ext[0] = ext[2];
        ext[1] = ext[3];
        ext[2] = a0;
        ext[3] = a1;
    }

    /** p/q over the committed layer, as the witness computes it. */
    private static long[] top(FractionTree tree) {
        long[] p = tree.numerators(FractionTreePlan.TOP_VARS), q = tree.denominators(FractionTreePlan.TOP_VARS);
        long[] out = new long[q.length];
        for (int x = 0; x < q.length / 2; x++) {
            Ext2.at(p, x).mul(Ext2.at(q, x).inverse()).store(out, x);
        }
        return out;
    }
}
