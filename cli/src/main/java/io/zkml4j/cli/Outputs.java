package io.zkml4j.cli;

import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizationReport;
import io.zkml4j.model.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.List;

/** Proven integer outputs turned into what the user reads: real values, probabilities, the predicted class. */
final class Outputs {
    private Outputs() {}

    /**
     * The outputs' JSON (outputs null when only their commitments are known), with the inputs' and
     * outputs' commitments when they are hashed (digests null otherwise).
     */
    static String json(QuantizedModel model, Postprocess postprocess, List<long[]> outputs, List<long[]> inputDigests,
                       List<long[]> outputDigests) {
        String json = outputs != null ? json(model, postprocess, outputs) : "{\n  \"outputs\": \"hashed\"\n}";
        if (inputDigests != null) {
            json = OutputJson.withDigests(json, "input_digests", inputDigests.stream().map(io.zkml4j.proof.HashedValues::hex).toList());
        }
        if (outputDigests != null) {
            json = OutputJson.withDigests(json, "output_digests", outputDigests.stream().map(io.zkml4j.proof.HashedValues::hex).toList());
        }
        return json;
    }

    static String json(QuantizedModel model, Postprocess postprocess, List<long[]> outputs) {
        List<double[]> values = new ArrayList<>();
        List<double[]> probabilities = postprocess.kind() == Postprocess.Kind.SOFTMAX ? new ArrayList<>() : null;
        List<Integer> predicted = new ArrayList<>();
        for (long[] y : outputs) {
            double[] v = model.dequantizeOutput(y);
            values.add(v);
            if (probabilities != null) {
                probabilities.add(postprocess.apply(v, model.outputSpec().shape()));
            }
            predicted.add(QuantizationReport.argmax(v));
        }
        return OutputJson.of(values, outputs, model.outputSpec().scale(), probabilities, predicted);
    }
}
