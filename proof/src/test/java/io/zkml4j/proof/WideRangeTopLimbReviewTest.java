package io.zkml4j.proof;

import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review (attacker's view) of rangeCheckWide's top limb of 8 to 15 bits, looked up once in a table of
 * exactly its range: a training step whose 512×128 layer (2^16 weights, so 16-bit limbs) has a
 * 26-bit update remainder (D = 4·2^24 with fr = 20), whose top limb is 10 bits ("range10"). A prover
 * rounding one weight the wrong way shifts r by D (every linear relation still holds: W' + 1 and
 * r + D), so r's top limb is 2^10 + t, one past its range: the range10 lookup must reject it.
 */
class WideRangeTopLimbReviewTest {
    private static final TrainingSpec.Format FORMAT = new TrainingSpec.Format(8, 12, 16, 20); // weight shift 24
    private static final long[][] STEPS = {{1, 4, 7, 2}};

    private static TrainingCircuitTest.Case wideCase() {
        return TrainingCircuitTest.Case.random(11, new int[] {512, 128, 3},
                new io.zkml4j.model.quant.Activation[] {io.zkml4j.model.quant.Activation.RELU, io.zkml4j.model.quant.Activation.IDENTITY},
                TrainingProtocolTest.ROWS, 4, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3, FORMAT);
    }

    /** Weight 0 of dense0 rounded the wrong way: W' + 1 and r + D, the update's equation unchanged. */
    private static Witness.Deviation roundedTheWrongWay(boolean lookupsAnyway) {
        long d = 4L << FORMAT.weightShift();
        return TrainingAttackReviewTest.deviation(w -> {
            TrainingProtocolTest.add(w, "dense0.next.weight", 0, 1);
            TrainingProtocolTest.add(w, "dense0.update.weight.r", 0, d);
        }, lookupsAnyway);
    }

    @Test
    void theRemaindersTopLimbIsLookedUpInItsOwnRangeTable() {
        TrainingCircuitTest.Case c = wideCase();
        assertTrue(c.spec().weightDivisor() == 1L << 26, "D = " + c.spec().weightDivisor());
        Circuit circuit = c.circuit();
        int range10 = -1;
        for (int t = 0; t < circuit.tables().size(); t++) {
            if (circuit.tables().get(t).label().equals("range10")) {
                range10 = t;
            }
        }
        assertTrue(range10 >= 0, "no range10 table");
        boolean found = false;
        for (LookupPlan l : circuit.lookups()) {
            for (LookupPlan.Operand o : l.operands()) {
                if (o.label().equals("dense0.update.weight.r#range.limb1")) {
                    assertTrue(l.table() == range10, "r's top limb is looked up in table " + circuit.tables().get(l.table()).label());
                    found = true;
                }
            }
        }
        assertTrue(found, "r's top limb is not looked up");

        long[] rows = STEPS[0];
        long[][] model = ModelVectors.build(circuit);
        assertNull(CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows, c.inputs(rows), Witness.Deviation.HONEST, 3));
        // The honest prover cannot lay the top limb out; a dishonest one counts a table row in its place, and the lookup fails.
        assertThrows(IllegalStateException.class, () -> CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows,
                c.inputs(rows), roundedTheWrongWay(false), 3));
        String failure = CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows, c.inputs(rows), roundedTheWrongWay(true), 3);
        assertNotNull(failure, "a top limb one past its 10-bit range passed the checker");
        assertTrue(failure.contains("range10") || failure.contains("limb1"), "the update's linear relations must hold, only the limb's lookup fail: " + failure);
        System.out.println("checker: " + failure);
    }

    @Test
    void aTopLimbOnePastItsRangeFailsTheProof() throws Exception {
        TrainingProtocolTest.Run honest = run(Witness.Deviation.HONEST);
        TrainingProtocolTest.verify(honest, TrainingProtocolTest.prove(honest));
        TrainingProtocolTest.assertRejected(run(roundedTheWrongWay(true)));
    }

    /** TrainingProtocolTest.run for the wide case, one step. */
    private static TrainingProtocolTest.Run run(Witness.Deviation deviation) throws Exception {
        TrainingCircuitTest.Case c = wideCase();
        return TrainingProtocolTest.run(c, c.spec(), STEPS, STEPS, deviation);
    }
}
