package io.zkml4j.core.sumcheck;

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

class MaskedInstanceTest {
    static final String DS = "masked/v1";
    // f0·f1 (f0 masked) + 3·f1·f2·f3 (f1, f3 masked)
    static final List<ProductSumInstance.Term> TERMS = List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1),
            new ProductSumInstance.Term(Ext2.fromBase(3), 1, 2, 3));

    static Ext2 sum(long[][] t, Ext2[] eq) {
        int n = t[0].length;
        Ext2 s = Ext2.ZERO;
        long[] eqT = eq == null ? null : Multilinear.eqTable(eq);
        for (int i = 0; i < n; i++) {
            Ext2 v = Ext2.fromBase(t[0][i]).mul(t[1][i]).add(Ext2.fromBase(3).mul(t[1][i]).mul(t[2][i]).mul(t[3][i]));
            s = s.add(eqT == null ? v : v.mul(Ext2.at(eqT, i)));
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sumIsUnchangedAndTheEndRevealsMaskedValues(boolean withEq) throws Exception {
        int n = 6;
        SplittableRandom r = new SplittableRandom(withEq ? 1 : 2);
        long[][] t = new long[4][];
        for (int k = 0; k < 4; k++) {
            t[k] = Rand.base(1 << n, r);
        }
        long[][] masks = {Rand.base(2 * MaskedInstance.MASK_SIZE, r), Rand.base(2 * MaskedInstance.MASK_SIZE, r), null, Rand.base(2 * MaskedInstance.MASK_SIZE, r)};
        Ext2[] eq = withEq ? Rand.point(n, r) : null;
        Ext2 claim = sum(t, eq);
        MaskedInstance inst = new MaskedInstance(MaskedInstance.lift(t), masks, TERMS, eq);
        int[] degrees = inst.roundDegrees();
        assertEquals(withEq ? 6 : 5, degrees[0]); // 3 factors with 2 masked (+ eq)
        assertEquals(withEq ? 4 : 3, degrees[1]);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(inst, claim, p, "m");
        Ext2[] finals = inst.finalTableValues();
        ProofMutator.assertEveryElementMatters(p.proof(), 1, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            Sumcheck.Verification res = Sumcheck.verify(claim, degrees, v, "m");
            v.finish();
            Ext2[] pt = res.point();
            Ext2[] f = new Ext2[4];
            for (int k = 0; k < 4; k++) {
                Ext2 plain = Multilinear.evaluateBase(t[k], pt);
                f[k] = masks[k] == null ? plain : MaskedInstance.maskedValue(plain, masks[k], pt);
            }
            Ext2 expected = f[0].mul(f[1]).add(Ext2.fromBase(3).mul(f[1]).mul(f[2]).mul(f[3]));
            res.check(withEq ? expected.mul(Multilinear.eq(eq, pt)) : expected);
        });
        // The prover's final table values are the masked values.
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof());
        Ext2[] pt = Sumcheck.verify(claim, degrees, v, "m").point();
        assertEquals(MaskedInstance.maskedValue(Multilinear.evaluateBase(t[0], pt), masks[0], pt), finals[0]);
        assertEquals(Multilinear.evaluateBase(t[2], pt), finals[2]);
    }

    @Test
    void zeroKnowledgeWithRoundDegrees() throws Exception {
        int n = 6;
        SplittableRandom r = new SplittableRandom(3);
        long[][] t = new long[4][];
        for (int k = 0; k < 4; k++) {
            t[k] = Rand.base(1 << n, r);
        }
        long[][] masks = {Rand.base(2 * MaskedInstance.MASK_SIZE, r), Rand.base(2 * MaskedInstance.MASK_SIZE, r), null, Rand.base(2 * MaskedInstance.MASK_SIZE, r)};
        Ext2 claim = sum(t, null);
        MaskedInstance inst = new MaskedInstance(MaskedInstance.lift(t), masks, TERMS, null);
        SumcheckMask g = SumcheckMask.random(inst.roundDegrees(), Rand.random(4));
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        ZkSumcheck.prove(inst, claim, g, p, "z");
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof());
        ZkSumcheck.Verification res = ZkSumcheck.verify(claim, inst.roundDegrees(), v, "z");
        v.finish();
        assertEquals(g.evaluate(res.point()), res.maskValue());
    }

    @Test
    void revealedMaskedValuesVaryWithTheMask() {
        // Same table, same challenges, fresh masks: the revealed f'(r) changes; without a mask it would not.
        int n = 5;
        SplittableRandom r = new SplittableRandom(5);
        long[] f = Rand.base(1 << n, r);
        Ext2[] pt = Rand.point(n, r);
        Ext2 plain = Multilinear.evaluateBase(f, pt);
        java.util.Set<Ext2> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(MaskedInstance.maskedValue(plain, Rand.base(2 * MaskedInstance.MASK_SIZE, r), pt));
        }
        assertEquals(50, seen.size());
        assertFalse(seen.contains(plain));
    }

    @Test
    void theCommittedLayoutEvaluatesToTheMaskTerm() {
        SplittableRandom r = new SplittableRandom(6);
        long[] committed = MaskedInstance.randomCommittedMask(Rand.random(7));
        Ext2[] pt = Rand.point(6, r);
        Ext2 direct = MaskedInstance.maskFactor(pt).mul(Multilinear.evaluateExt(MaskedInstance.fromCommitted(committed),
                MaskedInstance.maskPoint(pt)));
        Ext2 viaCommitted = MaskedInstance.committedMaskCoefficient(pt).mul(Multilinear.evaluateBase(committed,
                MaskedInstance.committedMaskPoint(pt)));
        assertEquals(direct, viaCommitted);
    }

    /**
     * A live verifier may choose r_1..r_4 in the base field (the review's attack): the mask's
     * offset must still cover both components of the extension, so that neither component of
     * f'(r)/(r_0(1 − r_0)) is f̃(r)'s alone. With base-field mask values the φ component would be
     * the same in every proof.
     */
    @Test
    void theMaskStaysUniformAtBaseFieldCoordinates() {
        SplittableRandom r = new SplittableRandom(8);
        Ext2[] pt = Rand.point(6, r);
        for (int i = 1; i <= MaskedInstance.MASK_VARS; i++) {
            pt[i] = Ext2.fromBase(Rand.field(r));
        }
        long[] f = Rand.base(1 << 6, r);
        Ext2 plain = Multilinear.evaluateBase(f, pt);
        Ext2 c = MaskedInstance.maskFactor(pt);
        java.util.Random masks = Rand.random(9);
        int runs = 400;
        long[] re = new long[runs], im = new long[runs];
        for (int k = 0; k < runs; k++) {
            Ext2 scaled = MaskedInstance.maskedValue(plain, MaskedInstance.fromCommitted(MaskedInstance.randomCommittedMask(masks)), pt)
                    .mul(c.inverse());
            re[k] = scaled.c0;
            im[k] = scaled.c1;
        }
        assertEquals(runs, java.util.Arrays.stream(re).distinct().count());
        assertEquals(runs, java.util.Arrays.stream(im).distinct().count(), "the φ component is not masked");
        assertTrue(io.zkml4j.core.testing.Statistics.chiSquareUniformLowBits(im, 4) < io.zkml4j.core.testing.Statistics.CHI2_15_P001);
    }

    @Test
    void rejectsMasksOnSmallTables() {
        assertThrows(IllegalArgumentException.class, () -> new MaskedInstance(MaskedInstance.lift(new long[16]),
                new long[][] {new long[2 * MaskedInstance.MASK_SIZE]}, List.of(new ProductSumInstance.Term(Ext2.ONE, 0)), null));
    }
}
