package io.zkml4j.proof;

import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/** A computed tensor repeated to a larger shape (numpy broadcasting) is proved by one gather: out = map(in). */
class BroadcastLayerTest {
    private record Run(Circuit circuit, SealedCommitment model, List<long[]> outputs, byte[] proof) {}

    private static Run prove(QuantizedModel m, long[] x, Witness.Deviation deviation) {
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, List.of(x)),
                DIGEST, p, new Random(2), Progress.NONE, deviation);
        return new Run(circuit, sealed, outputs, p.proof());
    }

    private static void verify(Run r, long[] x, List<long[]> outputs) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), r.proof());
        InferenceProtocol.verify(r.circuit(), r.model().commitment(), PARAMS, DIGEST, List.of(x), outputs, v, 0);
        v.finish();
    }

    @Test
    void aBroadcastOperandIsProvedAndAChangedOutputRejected() throws Exception {
        QuantizedModel m = TestModels.broadcastAdd(3);
        long[] x = TestModels.input(12, 4);
        Run honest = prove(m, x, Witness.Deviation.HONEST);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), honest.outputs().get(0));
        verify(honest, x, honest.outputs());
        long[] changed = honest.outputs().get(0).clone();
        changed[5] += 1;
        assertThrows(InvalidProofException.class, () -> verify(honest, x, List.of(changed)));
    }

    /**
     * The broadcast is the public output and the prover states one repeated value wrong (the
     * row's other copies and every earlier layer honest): only the gather ties the output to its
     * source, and it must reject.
     */
    @Test
    void oneWrongCopyOfARepeatedValueIsRejected() throws Exception {
        QuantizedModel m = TestModels.broadcastOutput(5);
        long[] x = TestModels.input(12, 6);
        Run honest = prove(m, x, Witness.Deviation.HONEST);
        verify(honest, x, honest.outputs());
        assertTrue(java.util.Arrays.stream(honest.outputs().get(0)).anyMatch(v -> v != 0), "a ReLU output that is not all zeros");
        Run dishonest = prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.value("y")[17] += 1; // the second copy block, row 1, column 1
            }
        });
        assertEquals(honest.outputs().get(0)[17] + 1, dishonest.outputs().get(0)[17]);
        assertThrows(InvalidProofException.class, () -> verify(dishonest, x, dishonest.outputs()));
    }

    /**
     * A Select (Pad, Slice) as the public output: honest proofs verify; a prover stating a wrong
     * fill value, or a wrong copy, in one place is rejected by the gather (nothing else ties them).
     */
    @Test
    void aSelectedOrFilledValueStatedWrongIsRejected() throws Exception {
        QuantizedModel m = TestModels.selectOutput(21);
        long[] x = TestModels.input(12, 22);
        Run honest = prove(m, x, Witness.Deviation.HONEST);
        long[] y = honest.outputs().get(0);
        assertEquals(7, y[0]);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), y);
        verify(honest, x, honest.outputs());
        for (int at : new int[] {0, 15, 7}) { // a fill, a repeated value, a copied value
            Run dishonest = prove(m, x, new Witness.Deviation() {
                @Override
                public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                    trace.value("y")[at] += 1;
                }
            });
            assertThrows(InvalidProofException.class, () -> verify(dishonest, x, dishonest.outputs()), "position " + at);
        }
    }
}
