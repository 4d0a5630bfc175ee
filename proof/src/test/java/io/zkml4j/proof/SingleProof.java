package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;

import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;

/**
 * One inference proof of one sample with the test parameters, by an honest prover or one that
 * deviates ({@link Witness.Deviation}), and its verification: what the layer tests share.
 */
record SingleProof(Circuit circuit, SealedCommitment model, List<long[]> outputs, byte[] proof) {
    static SingleProof prove(QuantizedModel m, long[] x, Witness.Deviation deviation) {
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, List.of(x)),
                DIGEST, p, new Random(2), Progress.NONE, deviation);
        return new SingleProof(circuit, sealed, outputs, p.proof());
    }

    /** An honest proof, checked to state the quantised executor's output and to verify. */
    static SingleProof provedAndVerified(QuantizedModel m, long[] x) throws Exception {
        SingleProof honest = prove(m, x, Witness.Deviation.HONEST);
        org.junit.jupiter.api.Assertions.assertArrayEquals(io.zkml4j.model.quant.QuantizedExecutor.run(m, x).value(m.output()),
                honest.outputs().get(0));
        honest.verify(x, honest.outputs());
        return honest;
    }

    /** Inputs of {@code size} values uniform in [−1, 1), for calibrating imported models. */
    static List<float[]> uniformSamples(int count, int size, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<float[]> samples = new java.util.ArrayList<>();
        for (int s = 0; s < count; s++) {
            float[] x = new float[size];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
            }
            samples.add(x);
        }
        return samples;
    }

    /** Checks the proof against the input and the stated outputs; InvalidProofException when it fails. */
    void verify(long[] x, List<long[]> stated) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), proof);
        InferenceProtocol.verify(circuit, model.commitment(), PARAMS, DIGEST, List.of(x), stated, v, 0);
        v.finish();
    }
}
