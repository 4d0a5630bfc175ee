package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Review: an accuracy proof of a CNN in chunks. The model's input is a committed tensor of each
 * chunk's witness, so each chunk's convolution makes a product-weights claim on its own witness,
 * which the chunk claims renumber and merge. Honest proofs verify with the plain count; a prover
 * whose convolution, in every chunk, gathers another input than the one it commits (everything
 * after the input computed from that other input, the committed input still the dataset's rescaled
 * row) is rejected.
 */
class ConvolutionAccuracyReviewTest {
    @Test
    void chunkedAccuracyOfACnn() throws Exception {
        QuantizedModel cnn = TestModels.cnn(90);
        ProvingKey pk = ProvingKey.create(cnn, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        DatasetKey data = DatasetKey.commit(AccuracyProofTest.partlyCorrect(cnn, AccuracyProofTest.dataset(9, 2 * 8 * 8, 10, 91), 2),
                DatasetKey.Options.DEFAULT);
        int plain = AccuracySoundnessTest.plainCount(cnn, data);
        AccuracyVerifier verifier = new AccuracyVerifier(pk.verifyingKey());
        AccuracyProof honest = new AccuracyProver(prover).prove(data, 4, Progress.NONE).proof();
        assertEquals(3, (9 + honest.chunkRows() - 1) / honest.chunkRows(), "three chunks");
        assertEquals(plain, verifier.verify(data.description(), honest).correct());

        int logical = 70; // channel 1, row 0, column 6 of the 2×8×8 input
        io.zkml4j.proof.circuit.TensorLayout layout = CircuitCompiler.compile(cnn, 4, new Circuit.Options(true)).tensor("x").layout();
        int at = layout.sampleSize() + layout.proofIndex()[logical]; // sample 1 of a chunk
        Witness.Deviation otherInput = new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                if (b != 1) {
                    return;
                }
                long[] other = trace.values().get("x").clone();
                other[logical] += 1;
                ConvolutionReviewTest.takeRunExceptInput(QuantizedExecutor.run(cnn, other), trace, "x");
            }

            public long[] convolutionInput(String layer, long[] input) {
                long[] convolved = input.clone();
                convolved[at] = Goldilocks.add(convolved[at], 1);
                return convolved;
            }
        };
        AccuracyProof lie = new AccuracyProver(prover).prove(data, data, 4, Progress.NONE, otherInput, 0).proof();
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verifier.verify(data.description(), lie));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("commitment opening"),
                "the sumcheck holds, the claim tying the im2col value to the committed input objects: " + e.getMessage());
    }
}
