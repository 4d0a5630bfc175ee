/**
 * Quantised models: {@link io.zkml4j.model.quant.QuantizedModel} is a model in exact 16-bit
 * integer arithmetic, the statement a proof is about; {@link io.zkml4j.model.quant.QuantizedExecutor}
 * runs it and records the witness; {@link io.zkml4j.model.quant.Quantizer} derives one from an
 * imported float graph and calibration samples (its documentation states the rules).
 */
package io.zkml4j.model.quant;
