package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.SuccinctParameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: {@link BasefoldParameters#uniqueDecodingBits} is the bound of the succinct opening, whose
 * folds draw their challenges from the quadratic extension E (Shape.quartic = false), so its field
 * terms (the folds' 2·|D_0|/|E| and the sumcheck's n/|E|) must be counted over |E| = p² ≈ 2^128.
 * Commit 9681e5e raised the class's one LOG_FIELD to p⁴ for the list-decoding bound of BasefoldPcs,
 * and uniqueDecodingBits went on using it: the folds' term 2·|D_0|/p⁴ vanished from the succinct
 * opening's accounting, which then overstated its bits wherever that term matters (large codes).
 */
class UniqueDecodingFieldReviewTest {
    static final double LOG_P = Math.log(18446744069414584321.0) / Math.log(2);
    static final double LOG_E = 2 * LOG_P;

    @Test
    void theFoldingTermIsCountedOverTheQuadraticExtension() {
        // With 4096 queries and 30 bits of grinding the query term is nothing: what is left is the
        // folds' 2·|D_0|/|E| (and n/|E|). At 2^24 coefficients and rate 1/8, |D_0| = 2^27: 2^−(128 − 28).
        double bits = new BasefoldParameters(3, 4, 4096, 30).uniqueDecodingBits(24);
        double folds = LOG_E - (24 + 3 + 1);
        double sumcheck = LOG_E - Math.log(24) / Math.log(2);
        double expected = -Math.log(Math.pow(2, -folds) + Math.pow(2, -sumcheck)) / Math.log(2);
        assertEquals(expected, bits, 1e-6, "the folds' term over p² caps the bound near 100 bits at 2^24 values");
        assertTrue(bits <= 100.0, "2·2^27/p² is 2^−100: no query count lifts the unique-decoding bound past it, got " + bits);
    }

    /**
     * The same through the succinct opening's own parameters: a code of 2^26, the largest (rows of 2^20
     * values at rate 1/32 of twice the row width), has folds' and field terms of about 2^−101 each;
     * the bound it reports must count both, so it stays under about 100 bits (it said 101).
     */
    @Test
    void theSuccinctOpeningCountsItsFoldsOverTheQuadraticExtension() {
        int logRowWidth = 20, logBlowup = 5;
        LigeroParameters p = new LigeroParameters(logRowWidth, logRowWidth + 1 + logBlowup, 2 * 200, 200, 0, Sha256.INSTANCE,
                new SuccinctParameters(4, 200, 0));
        int logN = p.logCodeLength();
        double foldTerm = LOG_E - (logN + 1); // 2·|D_0|/|E|
        double fieldTerm = p.security().fieldBits();
        double atMost = -Math.log(Math.pow(2, -foldTerm) + Math.pow(2, -fieldTerm)) / Math.log(2);
        assertTrue(p.security().bits() <= atMost + 1e-9, "reported " + p.security() + ", but the folds' 2·2^" + logN
                + "/p² and the field terms alone leave at most " + atMost + " bits");
        assertFalse(Double.isNaN(p.security().bits()));
    }
}
