package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
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

/** Add and Mul of tensors that two layers laid out differently: the second is copied into the first's layout by a gather. */
class RelayoutTest {
    private static byte[] prove(Circuit circuit, SealedCommitment sealed, long[][] vectors, long[] x, Witness.Deviation deviation,
                                List<long[]> outputs) {
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        outputs.addAll(InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, List.of(x)), DIGEST, p,
                new Random(2), Progress.NONE, deviation));
        return p.proof();
    }

    private static void verify(Circuit circuit, SealedCommitment sealed, long[] x, List<long[]> outputs, byte[] proof) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), proof);
        InferenceProtocol.verify(circuit, sealed.commitment(), PARAMS, DIGEST, List.of(x), outputs, v, 0);
        v.finish();
    }

    @Test
    void operandsInDifferentLayoutsAreRelaidAndACorruptCopyIsRejected() throws Exception {
        QuantizedModel m = TestModels.residual(17);
        long[] x = TestModels.input(18, 18);
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        List<String> copies = circuit.tensors().keySet().stream().filter(n -> n.endsWith("#relaid")).toList();
        assertEquals(2, copies.size(), "d copied into c's layout for the sum, and s into d's for the product: " + copies);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        List<long[]> outputs = new java.util.ArrayList<>();
        byte[] proof = prove(circuit, sealed, vectors, x, Witness.Deviation.HONEST, outputs);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), outputs.get(0));
        verify(circuit, sealed, x, outputs, proof);

        // The copy of d that the sum reads is off by one at one real position; everything downstream is computed honestly from
        // the trace, so the sum's own relation fails too, but the point is that no layout change lets a prover use other values.
        String copy = copies.stream().filter(n -> n.startsWith("sum.")).findFirst().orElseThrow();
        List<long[]> badOutputs = new java.util.ArrayList<>();
        byte[] bad = prove(circuit, sealed, vectors, x, new Witness.Deviation() {
            @Override
            public void alterWitness(Witness w) {
                long[] values = w.tensor(copy).clone();
                values[2] = Goldilocks.add(values[2], 1);
                w.replace(copy, values);
            }
        }, badOutputs);
        assertThrows(InvalidProofException.class, () -> verify(circuit, sealed, x, badOutputs, bad));
    }

    /**
     * The prover adds a copy of d that is off by 40 at one position and carries that sum honestly
     * through the rest of the model (requantisation, product): every layer's relation holds, only
     * the gather that ties the copy to d does not, and it must reject.
     */
    @Test
    void aSumOverADifferentCopyIsRejectedByTheRelayoutAlone() throws Exception {
        QuantizedModel m = TestModels.residual(19);
        long[] x = TestModels.input(18, 20);
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        io.zkml4j.model.quant.QLayer.Add sum = (io.zkml4j.model.quant.QLayer.Add) m.layers().get(4);
        io.zkml4j.model.quant.QLayer.Mul product = (io.zkml4j.model.quant.QLayer.Mul) m.layers().get(5);
        List<long[]> outputs = new java.util.ArrayList<>();
        byte[] bad = prove(circuit, sealed, vectors, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                // position 0 (channel 0, pixel 0) is position 0 in both layouts
                long c = trace.value("c")[0], d = trace.value("dc")[0];
                QuantizedExecutor.LayerTrace st = trace.layers().get("sum");
                long acc = sum.multA() * c + sum.multB() * (d + 40);
                st.accumulator()[0] = acc;
                st.requantized()[0] = sum.requant().round(acc, "test");
                st.remainder()[0] = sum.requant().remainder(acc, st.requantized()[0]);
                trace.value("s")[0] = st.requantized()[0];
                QuantizedExecutor.LayerTrace pt = trace.layers().get("product");
                long pacc = product.multiplier() * d * trace.value("s")[0];
                pt.accumulator()[0] = pacc;
                pt.requantized()[0] = product.requant().round(pacc, "test");
                pt.remainder()[0] = product.requant().remainder(pacc, pt.requantized()[0]);
                trace.value("y")[0] = pt.requantized()[0];
            }

            @Override
            public void alterWitness(Witness w) {
                String copy = "sum.dc#relaid";
                long[] values = w.tensor(copy).clone();
                values[0] = Goldilocks.add(values[0], 40);
                w.replace(copy, values);
            }
        }, outputs);
        assertNotEquals(QuantizedExecutor.run(m, x).value("y")[0], outputs.get(0)[0], "the stated output differs");
        assertThrows(InvalidProofException.class, () -> verify(circuit, sealed, x, outputs, bad));
    }
}
