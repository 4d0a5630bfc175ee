package io.zkml4j.proof;

import io.zkml4j.model.io.InputData;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.ModelImportException;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shortest way from an ONNX file to keys, for the model owner:
 * {@code ProvingKey.create(Zkml.quantize(model, calibration), CommitOptions.DEFAULT)}. The rest of
 * the API is {@link Prover}, {@link Verifier} and the key and proof files.
 */
public final class Zkml {
    private Zkml() {}

    /**
     * Imports an ONNX model and quantises it with the samples of an EZKL-style JSON file
     * ({@code {"input_data": [[...]]}}, one or several samples).
     *
     * @throws ModelImportException when the model is malformed or uses something zkml4j cannot prove (the message names it)
     * @throws IOException          when a file cannot be read or the JSON is malformed
     */
    public static Quantization quantize(Path onnxModel, Path calibrationJson) throws IOException, ModelImportException {
        Graph graph = OnnxImporter.load(onnxModel);
        return Quantizer.quantize(graph, readInputs(calibrationJson, inputSizes(graph),
                graph.inputs().stream().map(Graph.ValueInfo::name).toList()));
    }

    /** Values per sample of each of an imported model's inputs (the batch dimension, fixed to 1, included), in order. */
    public static int[] inputSizes(Graph graph) {
        int[] sizes = new int[graph.inputs().size()];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = 1;
            for (int d : graph.inputs().get(k).shape()) {
                sizes[k] *= d;
            }
        }
        return sizes;
    }

    /** The samples of an EZKL-style JSON file, for a model of one input taking {@code sampleSize} values. */
    public static List<float[]> readInputs(Path json, int sampleSize) throws IOException {
        return readInputs(json, new int[] {sampleSize}, List.of("input"));
    }

    /**
     * The samples of an EZKL-style JSON file, each the model's inputs packed one after another. Its
     * "input_data" lists the model's inputs in order, each list holding one or several samples of
     * that input concatenated; more samples may also come as more such groups of lists. For a model
     * of one input, [[x1 x2 ...]] and [[x1], [x2], ...] both work.
     *
     * @param sizes values per sample of each input
     * @param names the inputs' names, for messages
     */
    public static List<float[]> readInputs(Path json, int[] sizes, List<String> names) throws IOException {
        InputData data = InputData.read(json);
        int k = sizes.length;
        if (data.inputs().size() % k != 0) {
            throw new IOException(json + ": \"input_data\" holds " + data.inputs().size() + " lists; the model has " + k
                    + " inputs (" + String.join(", ", names) + "), so it takes a multiple of " + k + " lists, each input's in turn");
        }
        int packed = java.util.Arrays.stream(sizes).sum();
        List<float[]> samples = new ArrayList<>();
        for (int group = 0; group < data.inputs().size(); group += k) {
            int count = -1;
            for (int i = 0; i < k; i++) {
                float[] list = data.inputs().get(group + i);
                if (list.length == 0 || list.length % sizes[i] != 0) {
                    throw new IOException(json + ": \"input_data\"[" + (group + i) + "] holds " + list.length + " values, which is not a "
                            + "whole number of samples of " + sizes[i] + (k == 1 ? "" : " (input '" + names.get(i) + "')"));
                }
                if (count >= 0 && list.length / sizes[i] != count) {
                    throw new IOException(json + ": \"input_data\"[" + (group + i) + "] holds " + list.length / sizes[i]
                            + " samples of input '" + names.get(i) + "', \"input_data\"[" + group + "] " + count
                            + "; every input needs the same number of samples");
                }
                count = list.length / sizes[i];
            }
            for (int s = 0; s < count; s++) {
                float[] sample = new float[packed];
                int at = 0;
                for (int i = 0; i < k; i++) {
                    System.arraycopy(data.inputs().get(group + i), s * sizes[i], sample, at, sizes[i]);
                    at += sizes[i];
                }
                samples.add(sample);
            }
        }
        return samples;
    }

    /** The samples of an EZKL-style JSON file, for this model. */
    public static List<float[]> readInputs(Path json, QuantizedModel model) throws IOException {
        List<QuantizedModel.Port> ports = model.inputPorts();
        return readInputs(json, ports.stream().mapToInt(p -> model.spec(p).size()).toArray(),
                ports.stream().map(QuantizedModel.Port::name).toList());
    }
}
