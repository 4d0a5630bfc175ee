package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.basefold.BasefoldParameters;
import io.zkml4j.core.pcs.basefold.BasefoldPcs;
import io.zkml4j.core.pcs.basefold.ReviewWords;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: the Java and Solidity Basefold verifiers agree on dishonest proofs that pass, not only on
 * the honest proof and its rejected mutations. The commitment is to a word whose first half of
 * leaves is table a's codeword and the rest table b's (ListDecodingBindingReviewTest); at each
 * point the provers of a and of b open it, and with two queries each passes a quarter of the time.
 * Every proof must get the same verdict from both sides, and at some point both sides must accept
 * a(z) and b(z) ≠ a(z) for the one commitment (the list-decoding regime does not bind evaluations).
 */
class SolidityListDecodingReviewTest {
    static long[] table(Random rnd, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) {
            t[i] = Goldilocks.uniform(rnd);
        }
        return t;
    }

    static byte[] prove(BasefoldPcs.Committed c, long[] table, int logBlowup, Ext2[] z) {
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, SolidityBasefoldTest.PROTOCOL);
        ReviewWords.openAsCodeword(c, table, logBlowup, z, p, "pcs");
        return p.proof();
    }

    @Test
    void javaAndSolidityAgreeOnDishonestProofsThatPass() throws Exception {
        // 2^6 values at rate 1/4, leaves of 4 (64 of them), two queries, one bit of grinding.
        BasefoldParameters params = new BasefoldParameters(2, 2, 2, 1);
        int n = 6;
        Random rnd = new Random(15710);
        long[] a = table(rnd, n), b = table(rnd, n);
        long[] word = ReviewWords.spliced(params, a, b, 32);
        BasefoldPcs.Committed ca = ReviewWords.commitWord(params, a, word, Keccak256.INSTANCE);
        BasefoldPcs.Committed cb = ReviewWords.commitWord(params, b, word, Keccak256.INSTANCE);
        assertTrue(Arrays.equals(ca.commitment().root(), cb.commitment().root()));
        List<SolidityBasefoldTest.Opening> openings = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            Ext2[] z = new Ext2[n];
            for (int i = 0; i < n; i++) {
                z[i] = Ext2.of(Goldilocks.uniform(rnd), Goldilocks.uniform(rnd));
            }
            openings.add(new SolidityBasefoldTest.Opening(ca.commitment(), z, ca.evaluate(z), prove(ca, a, params.logBlowup(), z)));
            openings.add(new SolidityBasefoldTest.Opening(cb.commitment(), z, cb.evaluate(z), prove(cb, b, params.logBlowup(), z)));
        }
        List<byte[]> calls = openings.stream().map(o -> o.call(o.proof(), o.value())).toList();
        LocalChain.Run run = Evm.run("BasefoldProbe.sol", "BasefoldVerifier", calls);
        int accepted = 0, bothAtOnePoint = 0;
        for (int i = 0; i < openings.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(c.success(), c::revertReason);
            SolidityBasefoldTest.Opening o = openings.get(i);
            boolean java = o.acceptedByJava(o.proof(), o.value());
            assertEquals(java, Abi.decodeBool(c.returnData()), "opening " + i);
            accepted += java ? 1 : 0;
            if (i % 2 == 1 && java && o.acceptedByJava(openings.get(i - 1).proof(), openings.get(i - 1).value())) {
                bothAtOnePoint++;
            }
        }
        System.out.printf("%d of %d dishonest openings accepted by both verifiers; both values at %d of %d points%n", accepted,
                openings.size(), bothAtOnePoint, openings.size() / 2);
        assertTrue(accepted > 0 && accepted < openings.size(), accepted + " accepted");
        assertTrue(bothAtOnePoint > 0, "no point where both values were accepted");
    }
}
