package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.CircuitBounds;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The work bounds on untrusted keys follow the products of computed matrices (found by review). */
class NewLayerBoundsTest {
    /** Each MatMul fuses a distinct sigmoid: one 2^16-row table each, which the bounds must count. */
    @Test
    void matMulActivationTablesAreCounted() {
        int n = CircuitBounds.MAX_ACTIVATION_TABLES + 1;
        QuantizedModel m = ResourceBoundsTest.chain(n, i -> new QLayer.MatMul("mm" + i, "t" + (i - 1), "t" + (i - 1), "t" + i, 1, 1, 1, 1,
                new Requant(0, Activation.sigmoid(1.0 / (1000 + i), 14))));
        String p = CircuitBounds.problem(m, 1);
        assertNotNull(p, "a model with " + n + " distinct activation tables passed the bounds");
        assertTrue(p.contains("distinct activation tables"), p);
        assertThrows(IllegalArgumentException.class, () -> CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT));
    }

    /** Committing such a model is refused up front, naming the bound (a user's model, not an internal error). */
    @Test
    void committingAModelBeyondTheBoundsIsRefusedNamingTheBound() {
        QuantizedModel m = ResourceBoundsTest.chain(CircuitBounds.MAX_ACTIVATION_TABLES + 1, i -> new QLayer.Activate("s" + i, "t" + (i - 1),
                "t" + i, new Requant(0, Activation.sigmoid(1.0 / (1000 + i), 14))));
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
                () -> ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS));
        assertTrue(e.getMessage().contains("distinct activation tables"), e.getMessage());
    }

    /** rows = inner = 1: the output is laid out as 32 rows of 2^22 columns, which the bounds must charge, not 2^22. */
    @Test
    void aMatMulOutputIsChargedItsPaddedLayout() {
        int columns = 1 << 22;
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {1, columns}, 1.0 / 1024));
        tensors.put("a", new QuantizedModel.TensorSpec(new int[] {1, 1}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {1, columns}, 1.0 / 1024));
        QuantizedModel m = new QuantizedModel("outer", tensors, "x", "y", List.of(
                new QLayer.Select("first", "x", "a", new int[] {0}, 0),
                new QLayer.MatMul("mm", "a", "x", "y", 1, 1, columns, 1, new Requant(8, Activation.IDENTITY))));
        String p = CircuitBounds.problem(m, 1);
        assertNotNull(p, "a product whose output is laid out as 2^27 values passed the bounds");
        assertTrue(p.contains("layer 'mm'"), p);
    }
}
