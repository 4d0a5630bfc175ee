package io.zkml4j.model.quant;

/**
 * A requantised value left the 16-bit range the model was calibrated for: the input drives the
 * model outside what it can prove. The message names the layer and the value.
 */
public final class QuantizationRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuantizationRangeException(String where, long value) {
        super(where + ": requantised value " + value + " is outside the 16-bit range [" + Activation.MIN + ", "
                + Activation.MAX + "] the model was calibrated for; recalibrate with inputs like this one");
    }
}
