package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of per-port visibility, zero knowledge: a hidden output beside a shown one (the packed
 * output committed, joined from a public part and a hidden part), and a private input beside a
 * shown one. Inputs a [8] (shown) and meta [4] (private); outputs y = Dense(a) (shown) and
 * z = ReLU(Dense(meta)) (hidden). Two samples with the same a and different meta give the same y
 * and different z: the proofs' words must be distributed alike (fixed challenges, fresh prover randomness).
 */
class PortZeroKnowledgeReviewTest {
    @Test
    void proofsDoNotDependOnAHiddenOutputBesideAShownOne() {
        SplittableRandom r = new SplittableRandom(11);
        Map<String, QuantizedModel.TensorSpec> t = PortAliasingReviewTest.specs("in#packed", new int[] {12}, "a", new int[] {8},
                "meta", new int[] {4}, "y", new int[] {4}, "z", new int[] {2, 2}, "z#flat", new int[] {4}, "z#out", new int[] {4}, "out#packed", new int[] {8});
        QuantizedModel m = new QuantizedModel("hidden-z", t, "in#packed", "out#packed", List.of(
                new QLayer.Select("unpack a", "in#packed", "a", PortAliasingReviewTest.range(0, 8), 0),
                new QLayer.Select("unpack meta", "in#packed", "meta", PortAliasingReviewTest.range(8, 4), 0),
                new QLayer.Dense("fa", "a", "y", 8, 4, TestModels.randomInts(32, 100, r), TestModels.randomInts(4, 3000, r),
                        new Requant(8, Activation.IDENTITY)),
                new QLayer.Dense("fm", "meta", "z#flat", 4, 4, TestModels.randomInts(16, 100, r), TestModels.randomInts(4, 3000, r),
                        new Requant(8, Activation.RELU)),
                new QLayer.Reshape("fold z", "z#flat", "z"),
                new QLayer.Reshape("flatten z", "z", "z#out"),
                new QLayer.Concat("pack outputs", List.of("y", "z#out"), "out#packed", 0)),
                List.of(new QuantizedModel.Port("a", "a", 0), new QuantizedModel.Port("meta", "meta", 8)),
                List.of(new QuantizedModel.Port("y", "y", 0), new QuantizedModel.Port("z", "z", 4)));
        long[] x = TestModels.randomInts(12, 900, r);
        long[] x2 = x.clone();
        for (int i = 8; i < 12; i++) {
            x2[i] = -x[i] / 2 + 37;
        }
        long[] out = QuantizedExecutor.run(m, x).value(m.output());
        long[] out2 = QuantizedExecutor.run(m, x2).value(m.output());
        assertArrayEquals(Arrays.copyOfRange(out, 0, 4), Arrays.copyOfRange(out2, 0, 4), "the shown output is the same");
        assertFalse(Arrays.equals(Arrays.copyOfRange(out, 4, 8), Arrays.copyOfRange(out2, 4, 8)), "the hidden output differs");
        Circuit.Options options = Circuit.Options.visibility(List.of(true, false), false, List.of(true, false));
        int runs = 40;
        InferenceZeroKnowledgeTest.assertIndistinguishable(InferenceZeroKnowledgeTest.transcripts(m, options, x, runs, 5),
                InferenceZeroKnowledgeTest.transcripts(m, options, x2, runs, 6));
    }
}
