package io.zkml4j.model.quant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requantisation's rounding, its remainder, and the place it names when a value leaves 16 bits. */
class RequantTest {
    private final Requant rq = new Requant(4, Activation.IDENTITY);

    @Test
    void roundsHalfUpAndKeepsTheRemainderInRange() {
        for (long acc = -1000; acc <= 1000; acc++) {
            long t = rq.round(acc, "conv", 0);
            assertEquals(Math.floorDiv(acc + 8, 16), t);
            long r = rq.remainder(acc, t);
            assertTrue(r >= 0 && r < 16, acc + ": remainder " + r);
            assertEquals(t, rq.round(acc, "named"));
        }
    }

    @Test
    void aValueOutside16BitsNamesItsLayerAndOutput() {
        QuantizationRangeException e = assertThrows(QuantizationRangeException.class, () -> rq.round(16L * (Activation.MAX + 1), "/0/Conv", 37));
        assertTrue(e.getMessage().startsWith("layer /0/Conv, output 37: requantised value 32768 is outside the 16-bit range"), e.getMessage());
        assertThrows(QuantizationRangeException.class, () -> rq.round(16L * (Activation.MIN - 1), "/0/Conv", 0));
    }
}
