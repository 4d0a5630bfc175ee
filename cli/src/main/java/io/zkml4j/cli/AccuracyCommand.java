package io.zkml4j.cli;

import io.zkml4j.model.io.InputData;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizationReport;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.QuantizerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "accuracy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reports the accuracy of the float model (ONNX Runtime) and of its quantised version (what zkml4j",
                "proves) on a labelled dataset, and how often their predictions agree."})
final class AccuracyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "the ONNX model")
    Path model;

    @Option(names = "--calibration", required = true, paramLabel = "FILE", description = "calibration samples (as for zkml commit)")
    Path calibration;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "labelled samples: {\"input_data\": [[...]], \"labels\": [...]}")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "use only the first N samples")
    Integer limit;

    @Option(names = "--reference", defaultValue = "onnxruntime", paramLabel = "NAME",
            description = "float reference: onnxruntime or builtin (default: ${DEFAULT-VALUE})")
    String reference;

    @Option(names = "--headroom-bits", defaultValue = "2", paramLabel = "BITS", description = "as for zkml commit (default: ${DEFAULT-VALUE})")
    int headroomBits;

    @Override
    public Integer call() {
        Graph graph = ModelFiles.onnx(model);
        int size = Tensors.inputSize(graph);
        Quantization q = ModelFiles.quantize(graph, Inputs.samples(calibration, size), new QuantizerOptions(headroomBits));
        List<float[]> samples = Inputs.samples(data, size);
        int[] labels = Inputs.read(data).labels();
        if (labels.length != samples.size()) {
            throw new Main.UserError(data + ": " + labels.length + " labels for " + samples.size() + " samples");
        }
        int n = limit == null ? samples.size() : Math.min(limit, samples.size());
        try (FloatReference ref = reference(graph)) {
            Report r = Report.measure(ref, q, samples.subList(0, n), labels);
            System.out.println(r.format(ref.name()));
        }
        return Main.OK;
    }

    private FloatReference reference(Graph graph) {
        return switch (reference) {
            case "onnxruntime" -> FloatReference.onnxRuntime(model, graph);
            case "builtin" -> FloatReference.builtin(graph);
            default -> throw new Main.UserError("--reference must be onnxruntime or builtin, got '" + reference + "'");
        };
    }

    /** Accuracy of the float and quantised models, and their agreement, on labelled samples. */
    record Report(int samples, int floatCorrect, int quantizedCorrect, int agree, double maxLogitError) {
        /**
         * Outputs are compared after the model's post-processing (a final softmax), which the float model
         * includes. Predictions follow {@link io.zkml4j.model.quant.Prediction}, the rule accuracy proofs
         * prove: the first maximum, or for one output the threshold (0.5 after a sigmoid, else 0).
         */
        static Report measure(FloatReference ref, Quantization q, List<float[]> samples, int[] labels) {
            QuantizedModel model = q.model();
            io.zkml4j.model.quant.Prediction rule = io.zkml4j.model.quant.Prediction.of(model);
            int fc = 0, qc = 0, agree = 0;
            double maxError = 0;
            for (int i = 0; i < samples.size(); i++) {
                float[] f = ref.run(samples.get(i));
                long[] integers = QuantizedExecutor.run(model, model.quantizeInput(samples.get(i))).value(model.output());
                double[] qv = q.postprocess().apply(model.dequantizeOutput(integers), model.outputSpec().shape());
                double[] fv = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    fv[j] = f[j];
                    maxError = Math.max(maxError, Math.abs(f[j] - qv[j]));
                }
                int fa = rule.binary() ? (fv[0] >= (rule.threshold() > 0 ? 0.5 : 0) ? 1 : 0) : QuantizationReport.argmax(fv);
                int qa = rule.predict(integers);
                fc += fa == labels[i] ? 1 : 0;
                qc += qa == labels[i] ? 1 : 0;
                agree += fa == qa ? 1 : 0;
            }
            return new Report(samples.size(), fc, qc, agree, maxError);
        }

        String format(String referenceName) {
            return String.format(Locale.ROOT, """
                    accuracy on %d labelled samples
                      float (%s): %.2f%%
                      quantised (proven by zkml4j):  %.2f%%
                      same prediction:               %.2f%%
                      largest output difference:     %.4f""", samples, referenceName, 100.0 * floatCorrect / samples,
                    100.0 * quantizedCorrect / samples, 100.0 * agree / samples, maxLogitError);
        }
    }
}
