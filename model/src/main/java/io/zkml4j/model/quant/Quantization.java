package io.zkml4j.model.quant;

/**
 * The result of {@link Quantizer#quantize}: the integer model that proofs are about, what the
 * verifier applies to its dequantised output, and the report on the choices and their accuracy.
 */
public record Quantization(QuantizedModel model, Postprocess postprocess, QuantizationReport report) {}
