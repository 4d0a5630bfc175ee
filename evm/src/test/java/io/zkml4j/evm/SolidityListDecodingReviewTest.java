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
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: the Java and Solidity Basefold verifiers agree on dishonest proofs that pass, not only on
 * the honest proof and its rejected mutations. The commitment is to a word whose first half of
 * leaves is table a's codeword and the rest table b's (ListDecodingBindingReviewTest); at each
 * point the provers of a and of b open it, and with two queries each passes a quarter of the time.
 * Every proof must get the same verdict from both sides. With these toy parameters in the
 * unique-decoding regime (the word is beyond its radius) both sides accept a(z) and b(z) ≠ a(z) at
 * some point; in the list-decoding regime the commitment pins a by its out-of-domain value, and both
 * sides refuse every opening of b's value, its prover stating the commitment's value as its own.
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
        int[] unique = openAndCompare(false);
        assertTrue(unique[0] > 0 && unique[0] < unique[2], unique[0] + " accepted");
        assertTrue(unique[1] > 0, "no point where both values were accepted");
        int[] pinned = openAndCompare(true);
        assertTrue(pinned[0] > 0, "a's openings pass a quarter of the time");
        assertEquals(0, pinned[1], "both values accepted at a point of a pinned commitment");
    }

    /** Accepted openings, points where both values were accepted, openings; every verdict the same on both sides. */
    private static int[] openAndCompare(boolean listDecoding) throws Exception {
        BasefoldParameters params = new BasefoldParameters(2, 2, 2, 1, listDecoding);
        int n = 6;
        Random rnd = new Random(15710);
        long[] a = table(rnd, n), b = table(rnd, n);
        long[] word = ReviewWords.spliced(params, a, b, 32);
        BasefoldPcs.Committed ca = ReviewWords.commitWord(params, a, word, Keccak256.INSTANCE);
        // b's prover holds the same commitment: in list decoding it states a's out-of-domain value as its own
        BasefoldPcs.Committed cb = listDecoding ? ReviewWords.commitWord(params, b, word, Keccak256.INSTANCE, ca.commitment().outOfDomainValue())
                : ReviewWords.commitWord(params, b, word, Keccak256.INSTANCE);
        assertTrue(java.util.Arrays.equals(ca.commitment().root(), cb.commitment().root()));
        assertEquals(ca.commitment().outOfDomainValue(), cb.commitment().outOfDomainValue());
        List<SolidityBasefoldTest.Opening> openings = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            Ext2[] z = new Ext2[n];
            for (int i = 0; i < n; i++) {
                z[i] = Ext2.of(Goldilocks.uniform(rnd), Goldilocks.uniform(rnd));
            }
            openings.add(new SolidityBasefoldTest.Opening(ca.commitment(), z, ca.evaluate(z), prove(ca, a, params.logBlowup(), z)));
            openings.add(new SolidityBasefoldTest.Opening(ca.commitment(), z, cb.evaluate(z), prove(cb, b, params.logBlowup(), z)));
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
        System.out.printf("%s: %d of %d dishonest openings accepted by both verifiers; both values at %d of %d points%n",
                listDecoding ? "list decoding, pinned" : "unique decoding", accepted, openings.size(), bothAtOnePoint, openings.size() / 2);
        return new int[] {accepted, bothAtOnePoint, openings.size()};
    }
}
