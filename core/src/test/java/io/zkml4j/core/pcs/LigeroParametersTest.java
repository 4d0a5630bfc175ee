package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LigeroParametersTest {
    @ParameterizedTest
    @ValueSource(ints = {8, 10, 12, 13, 14})
    void defaultsReachOneHundredBitsFromProvenBounds(int logRowWidth) {
        LigeroParameters p = LigeroParameters.defaults(logRowWidth);
        LigeroParameters.Security s = p.security();
        assertTrue(s.bits() >= 100, s.toString());
        assertTrue(s.fieldBits() > 100, s.toString());
        // δ is strictly below the unique-decoding radius (1 − ρ)/2.
        double rate = p.messageLength() / (double) p.codeLength();
        assertTrue(p.proximity() < (1 - rate) / 2);
        // The query term is recomputed here from its definition: 2·(1 − δ)^t.
        double queryError = 2 * Math.pow(1 - p.proximity(), p.queries());
        assertEquals(-Math.log(queryError) / Math.log(2), s.queryBits(), 1e-9);
        // One query fewer would miss the target: the parameters are tight.
        LigeroParameters fewer = new LigeroParameters(p.logRowWidth(), p.logCodeLength(), p.randomColumns(), p.queries() - 1, 0, Sha256.INSTANCE);
        assertTrue(fewer.security().queryBits() < 100);
        // Hiding covers every column one opening reveals.
        assertTrue(p.hidingColumns() >= p.queries());
    }

    @Test
    void moreSecurityOrOpeningsCostMore() {
        LigeroParameters a = LigeroParameters.forSecurity(80, 12, 2, 1, 0, Sha256.INSTANCE);
        LigeroParameters b = LigeroParameters.forSecurity(110, 12, 2, 1, 0, Sha256.INSTANCE);
        assertTrue(b.queries() > a.queries());
        // The quadratic extension caps the field terms near 114 bits; more is refused, not faked.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LigeroParameters.forSecurity(120, 12, 2, 1, 0, Sha256.INSTANCE));
        assertTrue(e.getMessage().contains("field terms"), e.getMessage());
        LigeroParameters four = LigeroParameters.forSecurity(100, 12, 3, 4, 0, Sha256.INSTANCE);
        assertTrue(four.hidingColumns() >= 4 * four.queries());
        LigeroParameters grind = LigeroParameters.forSecurity(100, 12, 2, 1, 16, Sha256.INSTANCE);
        assertTrue(grind.queries() < LigeroParameters.defaults(12).queries());
        assertTrue(grind.security().bits() >= 100 && grind.security().interactiveBits() < 100);
        assertThrows(IllegalArgumentException.class, () -> LigeroParameters.forSecurity(100, 4, 1, 1, 0, Sha256.INSTANCE));
    }

    @Test
    void recommendedWidthGrowsWithSize() {
        int small = LigeroParameters.recommendedLogRowWidth(1 << 10, 100);
        int large = LigeroParameters.recommendedLogRowWidth(1 << 24, 100);
        assertTrue(small <= large, small + " vs " + large);
        assertTrue(large >= 12);
    }

    /** The real configuration end to end, at a size the test suite affords. */
    @Test
    void defaultParametersEndToEnd() throws Exception {
        int n = 14;
        LigeroParameters p = LigeroParameters.defaults(LigeroParameters.recommendedLogRowWidth(1 << n, 100));
        SplittableRandom r = new SplittableRandom(1);
        long[] t = Rand.base(1 << n, r);
        LigeroPcs pcs = new LigeroPcs();
        CommittedPolynomials cp = pcs.commit(p, List.of(t));
        Ext2[] z = Rand.point(n, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        FiatShamirProver prover = new FiatShamirProver(Sha256.INSTANCE, "defaults");
        pcs.open(List.of(cp), List.of(claim), prover);
        ProofMutator.assertEveryElementMatters(prover.proof(), 97, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, "defaults", bytes);
            LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), v);
            v.finish();
        });
    }
}
