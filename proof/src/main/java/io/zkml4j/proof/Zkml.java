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
        return Quantizer.quantize(graph, readInputs(calibrationJson, inputSize(graph)));
    }

    /** Values per sample of an imported model's single input (the batch dimension, fixed to 1, included). */
    public static int inputSize(Graph graph) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("zkml4j proves models with one input, this one has " + graph.inputs().size());
        }
        int size = 1;
        for (int d : graph.inputs().get(0).shape()) {
            size *= d;
        }
        return size;
    }

    /** The samples of an EZKL-style JSON file, for a model taking {@code sampleSize} values. */
    public static List<float[]> readInputs(Path json, int sampleSize) throws IOException {
        InputData data = InputData.read(json);
        List<float[]> samples = new ArrayList<>();
        for (float[] list : data.inputs()) {
            if (list.length == 0 || list.length % sampleSize != 0) {
                throw new IOException(json + ": a list of " + list.length + " values is not a whole number of samples of " + sampleSize);
            }
            for (int from = 0; from < list.length; from += sampleSize) {
                samples.add(java.util.Arrays.copyOfRange(list, from, from + sampleSize));
            }
        }
        return samples;
    }

    /** The samples of an EZKL-style JSON file, for this model. */
    public static List<float[]> readInputs(Path json, QuantizedModel model) throws IOException {
        return readInputs(json, model.inputSpec().size());
    }
}
