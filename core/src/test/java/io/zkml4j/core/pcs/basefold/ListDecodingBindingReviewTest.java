package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of what Haböck's Theorem 1 (eprint 2024/1571) gives BasefoldPcs: its relation is
 * existential, "some polynomial within θ of the committed word takes v at ω", and θ close to the
 * Johnson bound 1 − √ρ admits words within θ of several codewords. Before the commitment pinned
 * one of them, such a word opened to a different value at the same point for each, each opening
 * passing a query with that codeword's share of the leaves (binding was 55 bits at the defaults).
 *
 * <p>Now the commitment holds the value y at an out-of-domain point drawn from the root, and an
 * opening goes through the line from the claimed point to that one: the same word committed as
 * one codeword's is a commitment to that codeword alone. These tests replay the attack: the word
 * half a's codeword, half b's, committed with a's out-of-domain value; a's openings pass as before
 * (a query into b's half fails), b's never do, whether its prover sends b's own line (which misses
 * y) or a line bent to reach y (whose value at t* is then neither a's nor b's on the line).
 */
class ListDecodingBindingReviewTest {
    static final String PROTOCOL = BasefoldPcsTest.PROTOCOL;
    static final HashFunction HASH = Sha256.INSTANCE;

    static boolean accepted(BasefoldPcs.Commitment c, Ext2[] z, Ext2 value, byte[] proof) {
        try {
            FiatShamirVerifier v = new FiatShamirVerifier(HASH, PROTOCOL, proof);
            BasefoldPcs.verify(c, z, value, HASH, v, "pcs");
            v.finish();
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    /**
     * 2^6 values at rate 1/4 in 64 leaves of 4: leaves 0..31 hold table a's codeword, 32..63 table
     * b's. The word is 1/2-far from both codewords (beyond the unique-decoding radius 3/8, within the
     * list-decoding radius), so both are in its list. With two queries an opening passes when both
     * queries land in its table's half: a's value passes at about a quarter of the points; b's value
     * passed there too before the pinning, and now never does.
     */
    @Test
    void aWordBetweenTwoCodewordsOpensOnlyToThePinnedOne() {
        BasefoldParameters params = new BasefoldParameters(2, 2, 2, 0, true);
        int n = 6;
        Random rnd = new Random(2024_1571);
        long[] a = BasefoldPcsTest.table(rnd, n), b = BasefoldPcsTest.table(rnd, n);
        long[] word = ReviewWords.spliced(params, a, b, 32);
        BasefoldPcs.Committed ca = ReviewWords.commitWord(params, a, word, HASH);
        BasefoldPcs.Committed cb = ReviewWords.commitWord(params, b, word, HASH);
        assertArrayEquals(ca.commitment().root(), cb.commitment().root(), "one word");
        assertNotEquals(ca.commitment().outOfDomainValue(), cb.commitment().outOfDomainValue(), "two commitments: one pins a, one b");
        BasefoldPcs.Commitment commitment = ca.commitment();
        // b's prover holding a's commitment: it binds the commitment's value (a's) as the verifier does
        BasefoldPcs.Committed bStatingA = ReviewWords.commitWord(params, b, word, HASH, commitment.outOfDomainValue());
        int tries = 200, aAccepted = 0, bOwnLine = 0, bBentLine = 0;
        for (int t = 0; t < tries; t++) {
            Ext2[] z = BasefoldPcsTest.point(rnd, n);
            Ext2 va = ca.evaluate(z), vb = cb.evaluate(z);
            assertNotEquals(va, vb);
            aAccepted += accepted(commitment, z, va, proveAsCodeword(ca, a, params, z)) ? 1 : 0;
            bOwnLine += accepted(commitment, z, vb, proveAsCodeword(bStatingA, b, params, z)) ? 1 : 0;
            bBentLine += accepted(commitment, z, vb, proveWithBentLine(bStatingA, b, params, z, commitment.outOfDomainValue())) ? 1 : 0;
        }
        System.out.printf("one commitment pinning a, %d points: a(z) accepted at %d, b(z) with b's line at %d, with a bent line at %d%n",
                tries, aAccepted, bOwnLine, bBentLine);
        // a's openings pass with (1/2)^2 = 1/4: about 50 of 200.
        assertTrue(aAccepted > tries / 8, aAccepted + " of " + tries);
        assertEquals(0, bOwnLine, "b's line misses the pinned out-of-domain value");
        assertEquals(0, bBentLine, "a line bent to the pinned value leaves a claim no codeword of the list meets");
    }

    /** The honest prover of the committed table, its first fold replaced by that of the table's own codeword (ReviewWords). */
    static byte[] proveAsCodeword(BasefoldPcs.Committed c, long[] table, BasefoldParameters params, Ext2[] z) {
        FiatShamirProver p = new FiatShamirProver(HASH, PROTOCOL);
        ReviewWords.openAsCodeword(c, table, params.logBlowup(), z, p, "pcs");
        return p.proof();
    }

    /**
     * b's prover, but the line it sends is b's restricted to the line plus (y − b(z_ood))·t, which
     * starts at b(z) and reaches the pinned y at t = 1; everything after is b's as before. (A channel
     * that rewrites the one message: the rest of the proof follows the transcript the verifier sees.)
     */
    static byte[] proveWithBentLine(BasefoldPcs.Committed cb, long[] b, BasefoldParameters params, Ext2[] z, Ext2 pinned) {
        FiatShamirProver inner = new FiatShamirProver(HASH, PROTOCOL);
        Ext2 missing = pinned.sub(cb.evaluate(BasefoldPcs.outOfDomainPoint(cb.commitment().root(), z.length, HASH))); // y − b(z_ood)
        ProverChannel bending = new io.zkml4j.core.testing.LineRewritingChannel(inner, (line, t) -> {
            Ext2[] bent = line.clone();
            for (int x = 0; x < bent.length; x++) {
                bent[x] = bent[x].add(missing.mul(Ext2.fromBase(x)));
            }
            return bent;
        });
        ReviewWords.openAsCodeword(cb, b, params.logBlowup(), z, bending, "pcs");
        return inner.proof();
    }

    /**
     * The figures: at the list-decoding defaults binding is the pinned opening's own bound (101.73
     * bits at 2^26 values), where without the pinning it was ((1 + 1/16)/2)^43·2^−16 = 2^−55.2.
     */
    @Test
    void theDefaultsBindEvaluationsAtTheirSecurity() {
        BasefoldParameters d = BasefoldParameters.listDecodingDefaults();
        assertEquals(101.73, d.securityBits(26), 0.01);
        assertEquals(d.securityBits(26), d.bindingBits(26));
        double unpinned = -d.queries() * Math.log((1 + Math.pow(2, -d.logBlowup())) / 2) / Math.log(2) + d.grindingBits();
        assertEquals(55.2, unpinned, 0.1);
        // The unique-decoding defaults' binding (102 queries at rate 1/8 and 16 bits of grinding).
        assertEquals(100.7, BasefoldParameters.defaults().bindingBits(22), 0.1);
    }
}
