package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizationReport;

import java.util.List;

/**
 * What a valid proof established: the model (by its key's digest) maps the inputs (null when
 * private) to these outputs, as exact integers and in real units; {@code probabilities} when
 * the model's output is read through a softmax; {@code inputDigests} when the inputs are private
 * with "hashed" visibility: the proven outputs are those of the inputs with these commitments
 * ({@link HashedValues}), else null; {@code outputDigests} when the outputs are hashed: then
 * {@code outputs}, {@code values} and {@code probabilities} are null and the proof established that
 * the outputs have these commitments.
 *
 * <p>For a model of several inputs or outputs, each sample's values are its inputs (outputs) one
 * after another; when the proof shows only some of them ({@code shownInputs}, {@code shownOutputs}:
 * per port whether it is shown, else null), only theirs.
 */
public record VerifiedInference(String modelDigest, List<long[]> inputs, List<long[]> outputs, List<double[]> values,
                                List<double[]> probabilities, double securityBits, List<long[]> inputDigests, List<long[]> outputDigests,
                                List<Boolean> shownInputs, List<Boolean> shownOutputs) {
    public int batch() {
        return outputs != null ? outputs.size() : outputDigests.size();
    }

    /** The index of the largest output value of sample b (the predicted class of a classifier). */
    public int argmax(int b) {
        return QuantizationReport.argmax(values.get(b));
    }
}
