package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the widening of a small proof's rows (AccuracyStatement.parameters): wherever the
 * recommended rows already hide the queried columns, the parameters are exactly what they were before
 * the widening existed (the same call), so no proof that could be made before changes; where they do
 * not, the rows are the narrowest of at most six doublings that do, and anything else that refuses
 * the parameters still refuses them.
 */
class ParameterWideningReviewTest {
    static List<LigeroParameters> keys() {
        List<LigeroParameters> keys = new ArrayList<>();
        for (int logRowWidth : new int[] {9, 12}) {
            keys.add(LigeroParameters.defaults(logRowWidth));
            for (int bits : new int[] {80, 90, 110, 115, 120}) {
                for (int logBlowup = 1; logBlowup <= 3; logBlowup++) {
                    try {
                        keys.add(LigeroParameters.forSecurity(bits, logRowWidth, logBlowup, 1, 0, Sha256.INSTANCE));
                    } catch (IllegalArgumentException unreachable) {
                        // a level these rows or this code cannot give: no such key
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void theFirstWidthIsUnchangedAndAWideningIsTheNarrowestThatHides() {
        int widened = 0, unchanged = 0;
        for (LigeroParameters key : keys()) {
            int bits = (int) Math.floor(key.security().bits());
            for (int logElements = 4; logElements <= 30; logElements += 2) {
                long elements = 1L << logElements;
                int base = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK), LigeroParameters.recommendedLogRowWidth(elements, bits));
                for (int logBlowup = 1; logBlowup <= 3; logBlowup++) {
                    String at = key.describe() + ", 2^" + logElements + " values, blowup 2^" + logBlowup;
                    LigeroParameters before;
                    try {
                        before = LigeroParameters.forSecurity(bits, base, logBlowup, 1, 0, key.hash());
                    } catch (IllegalArgumentException e) {
                        before = null;
                        int b = logBlowup;
                        if (!e.getMessage().contains("random columns")) {
                            assertThrows(IllegalArgumentException.class, () -> AccuracyStatement.parameters(elements, key, b), at);
                            continue;
                        }
                    }
                    if (before != null) {
                        assertEquals(before, AccuracyStatement.parameters(elements, key, logBlowup), at);
                        unchanged++;
                        continue;
                    }
                    LigeroParameters after = AccuracyStatement.parameters(elements, key, logBlowup);
                    assertTrue(after.logRowWidth() > base && after.logRowWidth() <= base + 6, at + ": " + after.describe());
                    assertEquals(after.logRowWidth() + logBlowup, after.logCodeLength(), at);
                    assertTrue(after.security().bits() >= bits, at);
                    for (int k = base; k < after.logRowWidth(); k++) {
                        int width = k, b = logBlowup;
                        assertThrows(IllegalArgumentException.class, () -> LigeroParameters.forSecurity(bits, width, b, 1, 0, key.hash()), at);
                    }
                    widened++;
                }
            }
        }
        assertTrue(unchanged > 0 && widened > 0, unchanged + " unchanged, " + widened + " widened");
    }
}
