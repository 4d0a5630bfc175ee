package io.zkml4j.cli;

import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizationReport;
import io.zkml4j.model.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.List;

/** Proven integer outputs turned into what the user reads: real values, probabilities, the predicted class. */
final class Outputs {
    private Outputs() {}

    /** The outputs' JSON, with the inputs' commitments when they are hashed (digests null otherwise). */
    static String json(QuantizedModel model, Postprocess postprocess, List<long[]> outputs, List<long[]> inputDigests) {
        String json = json(model, postprocess, outputs);
        return inputDigests == null ? json
                : OutputJson.withInputDigests(json, inputDigests.stream().map(io.zkml4j.proof.HashedValues::hex).toList());
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
