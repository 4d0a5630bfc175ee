package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Batched instances of different sizes, some masked, in one zero-knowledge sumcheck with a hidden claim. */
class HiddenClaimTest {
    static final String DS = "hidden/v1";
    static final List<ProductSumInstance.Term> PRODUCT = List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1));

    record Setup(long[][][] tables, long[][][] masks, Ext2[] claims, int[] sizes, Ext2[] eqPoints0) {}

    static Setup setup(SplittableRandom r) {
        int[] sizes = {6, 5, 7};
        long[][][] tables = new long[3][][];
        long[][][] masks = new long[3][][];
        Ext2[] claims = new Ext2[3];
        for (int i = 0; i < 3; i++) {
            tables[i] = new long[][] {Rand.base(1 << sizes[i], r), Rand.base(1 << sizes[i], r)};
            masks[i] = new long[][] {Rand.base(2 * MaskedInstance.MASK_SIZE, r), i == 1 ? null : Rand.base(2 * MaskedInstance.MASK_SIZE, r)};
            Ext2 s = Ext2.ZERO;
            for (int x = 0; x < 1 << sizes[i]; x++) {
                s = s.add(Ext2.fromBase(io.zkml4j.core.field.Goldilocks.mul(tables[i][0][x], tables[i][1][x])));
            }
            claims[i] = s;
        }
        return new Setup(tables, masks, claims, sizes, null);
    }

    static List<SumcheckProverInstance> instances(Setup s) {
        List<SumcheckProverInstance> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(new MaskedInstance(MaskedInstance.lift(s.tables()[i]), s.masks()[i], PRODUCT, null));
        }
        return out;
    }

    @Test
    void hiddenClaimRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        Setup s = setup(r);
        Ext2[] coefficients = Rand.point(3, r);
        List<SumcheckProverInstance> inst = instances(s);
        BatchedInstance batch = new BatchedInstance(inst, coefficients, s.claims());
        int[] degrees = new int[7];
        for (int j = 0; j < 7; j++) {
            degrees[j] = batch.degree(j);
        }
        SumcheckMask g = SumcheckMask.random(degrees, Rand.random(2));
        Ext2 claim = BatchedInstance.combinedClaim(coefficients, s.claims(), s.sizes());
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        ZkSumcheck.HiddenRun run = ZkSumcheck.proveHiddenClaim(batch, claim, g, p, "h");
        // The revealed sum is H + β·G, never H itself.
        assertEquals(claim.add(run.beta().mul(g.sum())), run.maskedSum());
        assertNotEquals(claim, run.maskedSum());
        // G is a linear function of the committed mask table.
        assertEquals(g.sum(), ExtVectors.innerProductBase(SumcheckMask.sumWeights(degrees), g.table()));

        ProofMutator.assertEveryElementMatters(p.proof(), 1, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            ZkSumcheck.HiddenVerification hv = ZkSumcheck.verifyHiddenClaim(degrees, v, "h");
            v.finish();
            // What the commitment would check: T = H + β·G, and f(r) + β·g(r) = the final claim.
            InvalidProofException.check(hv.maskedSum().equals(claim.add(hv.beta().mul(g.sum()))), "masked sum");
            Ext2[] pt = hv.point();
            Ext2[] values = new Ext2[3];
            for (int i = 0; i < 3; i++) {
                Ext2[] own = java.util.Arrays.copyOf(pt, s.sizes()[i]);
                Ext2 a = MaskedInstance.maskedValue(Multilinear.evaluateBase(s.tables()[i][0], own), s.masks()[i][0], own);
                Ext2 b = Multilinear.evaluateBase(s.tables()[i][1], own);
                if (s.masks()[i][1] != null) {
                    b = MaskedInstance.maskedValue(b, s.masks()[i][1], own);
                }
                values[i] = a.mul(b);
            }
            Ext2 f = BatchedInstance.combinedFinal(coefficients, values);
            InvalidProofException.check(f.add(hv.beta().mul(g.evaluate(pt))).equals(hv.combinedFinal()), "final");
        });
    }

    @Test
    void maskSumWeightsMatchTheSum() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] d : new int[][] {{}, {3}, {5, 2, 2, 2}}) {
            SumcheckMask g = SumcheckMask.random(d, Rand.random(r.nextLong()));
            assertEquals(g.sum(), ExtVectors.innerProductBase(SumcheckMask.sumWeights(d), g.table()));
        }
    }
}
