package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.quant.Activation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class UnaryFunctionTest {
    /** Reference values of erf to 16 digits (Abramowitz and Stegun, table 7.1, and its symmetry). */
    @Test
    void erfMatchesItsTable() {
        double[][] table = {{0, 0}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
            {1.5, 0.9661051464753108}, {2, 0.9953222650189527}, {2.999, 0.9999777698314002}, {3, 0.9999779095030014},
            {3.5, 0.9999992569016276}, {4, 0.9999999845827421}, {5, 0.9999999999984626}, {7, 1}};
        for (double[] row : table) {
            assertEquals(row[1], UnaryFunction.erf(row[0]), 4e-16, "erf(" + row[0] + ")");
            assertEquals(-row[1], UnaryFunction.erf(-row[0]), 4e-16, "erf(-" + row[0] + ")");
        }
        assertTrue(Double.isNaN(UnaryFunction.erf(Double.NaN)));
    }

    @Test
    void functionsFollowTheOnnxDefinitionsAndDefaults() {
        assertEquals(0.8413447460685429, bound("Gelu", Map.of()).apply(1), 1e-15);
        assertEquals(0.8411919906082768, bound("Gelu", Map.of("approximate", new Attribute.Str("tanh"))).apply(1), 1e-15);
        assertEquals(Math.exp(-1) - 1, bound("Elu", Map.of()).apply(-1), 1e-15);
        assertEquals(0.5 * (Math.exp(-1) - 1), bound("Elu", Map.of("alpha", new Attribute.Float(0.5f))).apply(-1), 1e-15);
        assertEquals(-1.1113307412864781, bound("Selu", Map.of()).apply(-1), 1e-12);
        assertEquals(0.7, bound("HardSigmoid", Map.of()).apply(1), 1e-7);
        assertEquals(Math.log1p(Math.exp(2)), bound("Softplus", Map.of()).apply(2), 1e-15);
        assertEquals(100, bound("Softplus", Map.of()).apply(100), 0);
        assertEquals(0, bound("ThresholdedRelu", Map.of()).apply(1), 0);
        assertEquals(2, bound("Round", Map.of()).apply(2.5), 0); // half to even
        assertThrows(IllegalArgumentException.class, () -> bound("Gelu", Map.of("approximate", new Attribute.Str("erf"))));
    }

    /** Key files name functions by tag: tags are distinct, and each reads back as its function. */
    @Test
    void tagsAreDistinctAndStable() {
        Set<Integer> tags = new HashSet<>();
        for (UnaryFunction f : UnaryFunction.values()) {
            assertTrue(tags.add(f.tag()), f + " shares its tag");
            assertSame(f, UnaryFunction.ofTag(f.tag()));
        }
        assertEquals(12, UnaryFunction.GELU.tag());
        assertNull(UnaryFunction.ofTag(0));
    }

    /** Quantised: rounded to the output scale, saturated at the 16-bit ends, 0 where the function is undefined. */
    @Test
    void quantisedFunctionsSaturateAndMapUndefinedToZero() {
        Activation exp = Activation.function(UnaryFunction.EXP, 0, 0, 1.0 / 256, 1.0 / 64);
        assertEquals(64, exp.apply(0));
        assertEquals(Activation.MAX, exp.apply(Activation.MAX));
        assertEquals(0, exp.apply(Activation.MIN));
        Activation sqrt = Activation.function(UnaryFunction.SQRT, 0, 0, 1.0 / 256, 1.0 / 1024);
        assertEquals(0, sqrt.apply(-256)); // √−1: undefined
        assertEquals(1024, sqrt.apply(256));
        Activation log = Activation.function(UnaryFunction.LOG, 0, 0, 1.0 / 256, 1.0 / 1024);
        assertEquals(Activation.MIN, log.apply(0)); // log 0 = −∞ saturates
        Activation reciprocal = Activation.function(UnaryFunction.RECIPROCAL, 0, 0, 1.0 / 256, 1.0 / 1024);
        assertEquals(Activation.MAX, reciprocal.apply(0));
        assertThrows(IllegalArgumentException.class, () -> Activation.function(UnaryFunction.EXP, 0, 0, 1.0 / 256, 0));
        assertThrows(IllegalArgumentException.class, () -> Activation.function(UnaryFunction.EXP, Double.NaN, 0, 1.0 / 256, 1));
    }

    private static UnaryFunction.Bound bound(String op, Map<String, Attribute> attributes) {
        return UnaryFunction.of(new Node("n", op, List.of("x"), List.of("y"), attributes));
    }
}
