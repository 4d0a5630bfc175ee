/**
 * ONNX import: a protobuf wire-format reader ({@code ProtoReader}), decoders
 * for the ONNX messages ({@link io.zkml4j.model.onnx.OnnxDecoder}), and
 * {@link io.zkml4j.model.onnx.OnnxImporter}, which turns a model file into the IR
 * {@link io.zkml4j.model.ir.Graph}.
 *
 * <p>An imported graph is in canonical form, which is what later stages (quantisation, proving)
 * may rely on: only the compute operators of {@link io.zkml4j.model.onnx.SupportedOps}, each in its
 * latest ONNX definition; every attribute explicit (Conv/pool kernel_shape, strides, dilations
 * and pads; Softmax, Concat and Flatten axes non-negative; Transpose perm; Reshape targets
 * resolved and constant); convolution and pooling 2-D only; Clip bounds as inputs; a static
 * shape for every value; constants for everything that does not depend on the inputs.
 *
 * <p>Errors are checked: {@link io.zkml4j.model.onnx.ModelFormatException} when the bytes are not a
 * valid ONNX model, {@link io.zkml4j.model.onnx.UnsupportedModelException} (and its subclass
 * {@link io.zkml4j.model.onnx.UnsupportedOperatorException}) when a valid model needs something
 * zkml4j does not do. Every message starts with the file name and names the node, tensor or byte.
 */
package io.zkml4j.model.onnx;
