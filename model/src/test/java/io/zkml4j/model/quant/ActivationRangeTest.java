package io.zkml4j.model.quant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Activation tables stay in the 16-bit range for every output width a key may declare (up to 15 bits). */
class ActivationRangeTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 8, 14, 15})
    void sigmoidAndTanhStayInRange(int outputBits) {
        for (Activation a : new Activation[] {Activation.sigmoid(1.0 / 256, outputBits), Activation.tanh(1.0 / 256, outputBits)}) {
            long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
            for (long t = Activation.MIN; t <= Activation.MAX; t++) {
                long v = a.apply(t);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertTrue(lo >= Activation.MIN && hi <= Activation.MAX, a.describe() + " takes values in [" + lo + ", " + hi + "]");
            if (outputBits == 15) { // saturates at the range's end instead of wrapping past it
                assertEquals(Activation.MAX, hi, a.describe());
            }
        }
    }
}
