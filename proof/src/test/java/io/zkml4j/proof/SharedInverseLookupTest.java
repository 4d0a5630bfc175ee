package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Looked-up vectors of one table and size share one inverse vector h = Σ_i 1/(α − v_i): the
 * circuit plans them so, and a prover whose h leaves out one operand's share at one position, or
 * counts one share twice, is rejected whichever operand it is.
 */
class SharedInverseLookupTest {

    static QuantizedModel model() {
        return TestModels.mlp(40, 20, 10, Activation.RELU, 3);
    }

    @Test
    void twoLookedUpVectorsOfOneTableAndSizeShareOneInverseVector() {
        Circuit c = CircuitCompiler.compile(model(), 1, Circuit.Options.DEFAULT);
        Map<List<Integer>, Integer> operandsPerKey = new HashMap<>();
        Map<List<Integer>, Integer> lookupsPerKey = new HashMap<>();
        Set<String> labels = new HashSet<>();
        for (LookupPlan l : c.lookups()) {
            List<Integer> key = List.of(l.table(), l.numVars());
            operandsPerKey.merge(key, l.operands().size(), Integer::sum);
            lookupsPerKey.merge(key, 1, Integer::sum);
            for (LookupPlan.Operand o : l.operands()) {
                assertTrue(labels.add(o.label()), o.label() + " is looked up twice");
            }
        }
        assertTrue(c.lookups().stream().anyMatch(l -> l.operands().size() == 2), "some lookup shares its inverses");
        operandsPerKey.forEach((key, operands) -> assertEquals((operands + 1) / 2, lookupsPerKey.get(key), "lookups of " + key));
        assertEquals(2 * (c.lookups().size() + c.tables().size()), c.inverseVectors().size(), "c0 and c1 per lookup and per table");
    }

    @Test
    void anHonestProofWithSharedInversesVerifies() {
        assertTrue(verifies(Witness.Deviation.HONEST));
    }

    /** h at one position of the first shared lookup, changed by −1/(α − v_operand) (left out) or +1/(α − v_operand) (twice). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void anInverseWithoutOneOperandsShareOrWithItTwiceIsRejected(int variant) {
        int operand = variant % 2;
        boolean twice = variant >= 2;
        assertFalse(verifies(new Witness.Deviation() {
            @Override
            public void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {
                LookupPlan l = w.circuit().lookups().stream().filter(p -> p.operands().size() == 2).findFirst().orElseThrow();
                long[][] cols = w.columns(l.operands().get(operand));
                int x = 3;
                Ext2 v = Ext2.ZERO;
                for (int col = cols.length - 1; col >= 0; col--) {
                    v = v.mul(betas[l.table()]).add(Ext2.fromBase(cols[col][x]));
                }
                Ext2 share = alphas[l.table()].sub(v).inverse();
                Ext2 h = Ext2.of(inverses[l.inverse().c0().poly()][x], inverses[l.inverse().c1().poly()][x]);
                Ext2 changed = twice ? h.add(share) : h.sub(share);
                inverses[l.inverse().c0().poly()][x] = changed.c0;
                inverses[l.inverse().c1().poly()][x] = changed.c1;
            }
        }));
    }

    private static boolean verifies(Witness.Deviation deviation) {
        return DishonestProverTest.verifies(model(), TestModels.input(40, 4), deviation);
    }
}
