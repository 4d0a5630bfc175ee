/**
 * The float reference executor: {@link io.zkml4j.model.exec.FloatExecutor} runs an imported graph
 * with one {@link io.zkml4j.model.exec.OpKernel} per ONNX operator ({@link io.zkml4j.model.exec.Kernels}).
 * Each kernel also infers its output shapes, which the importer uses for static shape inference
 * and constant folding, so shape inference and execution cannot drift apart.
 */
package io.zkml4j.model.exec;
