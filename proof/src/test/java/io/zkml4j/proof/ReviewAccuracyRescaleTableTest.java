package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of 80a2d8c: the accuracy circuit's rescale remainder r (v = 2^S·q + r − 2^(S−1), pure
 * shift S = 10 here) is one part looked up in the 2^10 table when the features have ≥ 2^10
 * positions. q + 1 with r − 2^S keeps the linear link exact: only that lookup can object.
 */
class ReviewAccuracyRescaleTableTest {
    @Test
    void rescaleRemainderBelowItsRangeIsRejected() throws Exception {
        DatasetKey key = DatasetKey.commit(AccuracyProofTest.dataset(64, 20, 10, 1), DatasetKey.Options.DEFAULT.declared(20, 32, 10));
        InputRescale rescale = InputRescale.of(AccuracyProofTest.MODEL.inputSpec().scale(), key.description().fractionBits());
        assertEquals(1, rescale.multiplier());
        assertEquals(10, rescale.shift());
        AccuracySpec spec = AccuracyStatement.spec(AccuracyProofTest.MODEL, key.description());
        Circuit circuit = AccuracyStatement.circuit(AccuracyProofTest.MODEL, spec);
        assertEquals(1, circuit.accuracy().remainderParts().size(), "one part");
        assertEquals(10, circuit.accuracy().remainderPartBits());
        TablePlan t = ReviewTableRangeTest.tableOf(circuit, "dataset.rescale.r");
        assertEquals(10, t.numVars());

        AccuracyReviewSupport.RawDataset raw = AccuracyReviewSupport.honest(key);
        List<long[]> q = AccuracyProver.inputs(key, rescale);
        // honest sanity
        int honestCount = -1;
        for (int c = 0; c <= 64 && honestCount < 0; c++) {
            if (AccuracyReviewSupport.firstFailure(AccuracyProofTest.MODEL, raw, q, c, Witness.Deviation.HONEST) == null) {
                honestCount = c;
            }
        }
        assertTrue(honestCount >= 0, "the honest witness satisfies the circuit for some count");

        int row = 5, feature = 3;
        List<long[]> shifted = new ArrayList<>();
        for (long[] x : q) {
            shifted.add(x.clone());
        }
        shifted.get(row)[feature] += 1;
        Witness.Deviation d = new Witness.Deviation() {
            public void alterWitness(Witness w) {
                var plan = w.circuit().accuracy().remainderParts().get(0);
                int pos = row * plan.layout().sampleSize() + plan.layout().proofIndex()[feature];
                long[] r = w.tensor(plan.name()).clone();
                r[pos] = Goldilocks.sub(r[pos], 1L << 10);
                w.replace(plan.name(), r);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[tuple.length];
            }
        };
        // whatever count is stated, the first failure must be the remainder's lookup
        String f = AccuracyReviewSupport.firstFailure(AccuracyProofTest.MODEL, raw, shifted, honestCount, d);
        System.out.println("q + 1, r - 2^10: " + f);
        assertNotNull(f);
        assertTrue(f.contains("lookup.dataset.rescale.r"), f);
    }
}
