package io.zkml4j.model.quant;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.UnsupportedModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantises an imported float model into an exact-integer {@link QuantizedModel}: the statement
 * a proof is about.
 *
 * <p><b>Scales.</b> Every tensor holds 16-bit integers with one real scale (real ≈ integer ×
 * scale). The float model runs on the calibration samples; a tensor whose values reach magnitude
 * m gets the scale m / 2^(15 − h) with h headroom bits ({@link QuantizerOptions}, default 2, so
 * calibrated values land at 2^13 and inputs four times larger still fit). For a layer with a fused
 * activation this is the scale of the pre-activation value t, which must fit too; the output of
 * Sigmoid and Tanh is 2^−14, of ReLU, LeakyRelu and Clip the scale of t, of the other elementwise
 * functions ({@link io.zkml4j.model.exec.UnaryFunction}: Exp, Gelu, Erf, ...) calibrated. Layers that only move or
 * select values (MaxPool, Reshape, Transpose, Concat) and average pooling keep their input's scale.
 *
 * <p><b>Layers.</b> Gemm and MatMul with constant weights become Dense layers (or, over several
 * rows, a 1×1 convolution that applies the weights to each row; batched weights become groups);
 * Conv becomes Conv. Their real multipliers (weight × s_in / s_out, bias / s_out) are folded
 * exactly into integer weights round(m·2^k), divided out again by the requantisation: k is 16
 * unless the largest integer parameter would then have fewer than 11 significant bits (k grows,
 * up to 47) or an in-range input could push the accumulator past 2^62 (k shrinks; refused if
 * even k = 0 cannot avoid it). The same applies to every requantising layer. Add, Sub and Mul with a
 * constant and BatchNormalization fold into a preceding Dense or Conv layer when that layer's
 * output has no other reader and the step is the same across each output channel, and otherwise
 * become one Affine layer (consecutive steps combined). Relu, LeakyRelu, Sigmoid, Tanh, Clip and
 * the elementwise functions fuse into the requantisation of a preceding Dense, Conv, Add, Mul, Affine or AvgPool layer whose
 * output has no other reader; elsewhere they become Activate layers. Add, Sub and Mul of two
 * runtime tensors of one shape become Add and Mul layers; MaxPool, AveragePool and
 * GlobalAveragePool become pooling layers; Flatten, Reshape and Identity become Reshape layers;
 * Transpose and Concat keep their names (Concat inputs on smaller scales are rescaled to the
 * largest first). A Softmax that ends the model is left to the verifier ({@link Postprocess});
 * anything else is refused, naming the node.
 *
 * <p><b>Batch axis.</b> When the graph input has rank ≥ 2 and a leading dimension of 1 (PyTorch
 * exports, whose batch the importer fixes to 1), that dimension is every tensor's batch axis and
 * quantised shapes leave it out; an operator that joins or reduces along it is refused. A graph
 * that moves it (a Transpose of its axis 0, as PyTorch's attention does to go sequence-first)
 * keeps every 1 in its shapes instead: the axis is then an ordinary one of size 1. Otherwise the
 * whole input is one sample, and a convolution over a leading dimension N > 1 treats the N images
 * alike with shared weights.
 *
 * <p><b>Check.</b> Finally the quantised model runs on every calibration sample; the report
 * compares its dequantised output with the float model's.
 */
public final class Quantizer {
    private Quantizer() {}

    /**
     * Quantises a model.
     *
     * @param graph       an imported float model (see {@link io.zkml4j.model.onnx.OnnxImporter})
     * @param calibration sample inputs, each the model input's values flattened in row-major order (for a model of several
     *                    inputs, each input's values one after another, in the graph's order)
     * @throws UnsupportedModelException naming the node when the model has no quantised form
     * @throws IllegalArgumentException  naming the sample when there is none, or one has the wrong length, holds NaN or
     *                                   ±∞, or makes the float model compute NaN or ±∞
     */
    public static Quantization quantize(Graph graph, List<float[]> calibration, QuantizerOptions options)
            throws UnsupportedModelException {
        GraphQuantizer translator = new GraphQuantizer(graph, options);
        Calibration stats = Calibration.run(graph, calibration, translator.outputs());
        QuantizedModel model = translator.build(stats);
        List<double[]> dequantized = new ArrayList<>();
        for (int s = 0; s < calibration.size(); s++) {
            try {
                long[] out = QuantizedExecutor.run(model, model.quantizeInput(calibration.get(s))).value(model.output());
                dequantized.add(model.dequantizeOutput(out));
            } catch (QuantizationRangeException | IllegalArgumentException e) {
                // The scales come from these very samples, with headroom: leaving the range is a quantiser bug.
                throw new IllegalStateException("the quantised model leaves its range on calibration sample " + s
                        + ", whose float values chose its scales: " + e.getMessage(), e);
            }
        }
        QuantizationReport.Comparison comparison = QuantizationReport.Comparison.of(stats.outputs(), dequantized);
        Postprocess postprocess = translator.postprocess();
        QuantizationReport report = new QuantizationReport(QuantizationReport.summarize(model), postprocess, comparison);
        return new Quantization(model, postprocess, report);
    }

    /** Quantises with the default options. */
    public static Quantization quantize(Graph graph, List<float[]> calibration) throws UnsupportedModelException {
        return quantize(graph, calibration, QuantizerOptions.DEFAULTS);
    }
}
