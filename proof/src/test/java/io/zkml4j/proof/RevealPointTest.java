package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.core.hash.Sha256;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every committed vector is revealed at one point only. A revealed value carries its vector's mask
 * term r_0(1 − r_0)·R(r_1..r_4), which is the same for all points sharing the sumcheck's first five
 * coordinates: two reveals of one vector at different points would leave their difference
 * unmasked. Checked structurally for every layer type, with batches and private inputs.
 */
class RevealPointTest {
    @Test
    void eachVectorIsRevealedAtASinglePoint() {
        List<QuantizedModel> models = List.of(TestModels.mlp(40, 20, 10, Activation.RELU, 1),
                TestModels.mlp(40, 20, 10, Activation.sigmoid(1.0 / 1024, 14), 2), TestModels.cnn(3), TestModels.groupedConvAvgPool(4),
                TestModels.elementwise(5), TestModels.poolOutput(6), ConvolutionReviewTest.wideConvs(9));
        SplittableRandom random = new SplittableRandom(7);
        for (QuantizedModel m : models) {
            for (int batch : new int[] {1, 3}) {
                for (boolean hidden : new boolean[] {false, true}) {
                    Circuit circuit = CircuitCompiler.compile(m, batch, new Circuit.Options(hidden));
                    check(circuit, random, m.name() + " batch " + batch + (hidden ? " private" : ""));
                }
            }
        }
    }

    /**
     * The same for the layers added for ONNX and transformer coverage: Broadcast and Select (gathers
     * whose source is revealed), relayouts, a product of two computed matrices (A revealed in the
     * contraction, B folded with a mask of its own), and function tables.
     */
    @Test
    void newLayersRevealEachVectorAtASinglePoint() {
        io.zkml4j.model.quant.Activation exp = io.zkml4j.model.quant.Activation.function(io.zkml4j.model.exec.UnaryFunction.EXP, 0, 0,
                1.0 / 1024, 1.0 / 64);
        List<QuantizedModel> models = List.of(TestModels.broadcastAdd(1), TestModels.broadcastOutput(2), TestModels.selectOutput(3),
                TestModels.residual(4), TestModels.mlp(40, 20, 10, exp, 5));
        SplittableRandom random = new SplittableRandom(8);
        for (QuantizedModel m : models) {
            for (int batch : new int[] {1, 3}) {
                for (boolean hidden : new boolean[] {false, true}) {
                    check(CircuitCompiler.compile(m, batch, new Circuit.Options(hidden)), random, m.name() + " batch " + batch + (hidden ? " private" : ""));
                }
            }
        }
        for (QuantizedModel m : List.of(TestModels.matMul(6), NewLayersReviewTest.oddInner(7, null))) { // one sample per proof
            for (boolean hidden : new boolean[] {false, true}) {
                check(CircuitCompiler.compile(m, 1, new Circuit.Options(hidden)), random, m.name() + (hidden ? " private" : ""));
            }
        }
    }

    private static void check(Circuit circuit, SplittableRandom random, String what) {
        int tables = circuit.tables().size();
        Ext2[] alphas = new Ext2[tables], betas = new Ext2[tables];
        for (int t = 0; t < tables; t++) {
            alphas[t] = Rand.ext(random);
            betas[t] = Rand.ext(random);
        }
        Challenges c = new Challenges(alphas, betas);
        List<Relation> relations = Relations.of(circuit);
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, "reveal-point-test");
        relations.forEach(r -> r.drawPoints(ch, c));
        Ext2[] point = new Ext2[circuit.libraDegrees().length];
        for (int i = 0; i < point.length; i++) {
            point[i] = Rand.ext(random);
        }
        Map<String, Ext2[]> seen = new HashMap<>();
        Map<Integer, List<LinearClaim.Term>> foldMaskClaims = new HashMap<>();
        for (Relation r : relations) {
            Ext2[] revealed = new Ext2[r.revealedCount()];
            Arrays.fill(revealed, Ext2.ZERO);
            for (LinearClaim claim : r.revealedClaims(Arrays.copyOf(point, r.numVars()), revealed, c)) {
                for (LinearClaim.Term t : claim.terms()) {
                    Circuit.VectorSpec spec = t.commitment() == io.zkml4j.proof.circuit.VectorRef.WITNESS ? circuit.witnessVectors().get(t.polynomial())
                            : null;
                    if (spec != null && spec.kind() == Circuit.VectorSpec.Kind.MASK) {
                        // A vector's own mask masks only that vector's reveals; a fold mask (of no vector) masks one reveal.
                        if (spec.maskOf() != null) {
                            assertTrue(claim.terms().stream().anyMatch(o -> o.commitment() == spec.maskOf().commitment() && o.polynomial() == spec.maskOf().poly()),
                                    what + ": relation " + r.label() + " uses " + spec.ref().name() + " without its vector " + spec.maskOf().name());
                        } else {
                            List<LinearClaim.Term> before = foldMaskClaims.putIfAbsent(t.polynomial(), claim.terms());
                            assertTrue(before == null || before.equals(claim.terms()),
                                    what + ": relation " + r.label() + " shares the fold mask " + spec.ref().name() + " with another reveal");
                        }
                    }
                    if (t.weights() instanceof Weights.Product) {
                        // A convolution's im2col value as a linear function of its input: it never carries the
                        // input's own mask, and the claim's other term, the convolution's own mask, is checked below.
                        assertTrue(claim.terms().stream().anyMatch(o -> o != t && o.weights() instanceof Weights.Eq),
                                what + ": relation " + r.label() + " states a linear function of a vector without a mask");
                        continue;
                    }
                    Ext2[] at = ((Weights.Eq) t.weights()).point();
                    String key = t.commitment() + ":" + t.polynomial();
                    Ext2[] before = seen.putIfAbsent(key, at);
                    assertTrue(before == null || Arrays.equals(before, at),
                            what + ": relation " + r.label() + " reveals vector " + key + " at a second point");
                }
            }
        }
    }
}
