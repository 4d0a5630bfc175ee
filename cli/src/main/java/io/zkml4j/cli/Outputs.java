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
        return json(model, postprocess, outputs, null, inputDigests, outputDigests);
    }

    /** The same, for a proof that shows only some of several outputs ({@code shownOutputs} per output, else null). */
    static String json(QuantizedModel model, Postprocess postprocess, List<long[]> outputs, List<Boolean> shownOutputs,
                       List<long[]> inputDigests, List<long[]> outputDigests) {
        String json = outputs == null ? "{\n  \"outputs\": \"hashed\"\n}"
                : shownOutputs != null ? portsJson(model, outputs, shownOutputs) : json(model, postprocess, outputs);
        if (inputDigests != null) {
            json = OutputJson.withDigests(json, "input_digests", inputDigests.stream().map(io.zkml4j.proof.HashedValues::hex).toList());
        }
        if (outputDigests != null) {
            json = OutputJson.withDigests(json, "output_digests", outputDigests.stream().map(io.zkml4j.proof.HashedValues::hex).toList());
        }
        return json;
    }

    static String json(QuantizedModel model, Postprocess postprocess, List<long[]> outputs) {
        if (model.outputPorts().size() > 1) {
            return portsJson(model, outputs, null);
        }
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

    /**
     * A model of several outputs: each output by name, with its shape, scale, values in model units
     * and proven integers ("hidden" for one the proof does not show).
     *
     * @param outputs per sample, all outputs one after another (shown null), or the shown ones'
     */
    private static String portsJson(QuantizedModel model, List<long[]> outputs, List<Boolean> shown) {
        StringBuilder sb = new StringBuilder("{\n  \"outputs\": {");
        java.util.Map<String, QuantizedModel.Port> laidOut = new java.util.HashMap<>(); // where each shown output's values start
        model.shown(model.outputPorts(), shown).forEach(p -> laidOut.put(p.name(), p));
        List<QuantizedModel.Port> ports = model.outputPorts();
        for (int k = 0; k < ports.size(); k++) {
            QuantizedModel.Port port = ports.get(k);
            QuantizedModel.TensorSpec spec = model.spec(port);
            sb.append(k == 0 ? "" : ",").append("\n    ").append(OutputJson.string(port.name())).append(": ");
            if (!laidOut.containsKey(port.name())) {
                sb.append("\"hidden\"");
                continue;
            }
            int from = laidOut.get(port.name()).offset();
            List<double[]> values = new ArrayList<>();
            List<long[]> integers = new ArrayList<>();
            for (long[] y : outputs) {
                long[] part = java.util.Arrays.copyOfRange(y, from, from + spec.size());
                integers.add(part);
                double[] v = new double[part.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = part[i] * spec.scale();
                }
                values.add(v);
            }
            OutputJson.port(sb, spec.shape(), spec.scale(), values, integers);
        }
        return sb.append("\n  }\n}").toString();
    }
}
