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

    /** Checks the proof against the input and the stated outputs; InvalidProofException when it fails. */
    void verify(long[] x, List<long[]> stated) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), proof);
        InferenceProtocol.verify(circuit, model.commitment(), PARAMS, DIGEST, List.of(x), stated, v, 0);
        v.finish();
    }
}
