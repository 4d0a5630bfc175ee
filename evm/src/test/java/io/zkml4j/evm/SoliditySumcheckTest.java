package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sumcheck proof made by the Java prover is verified by the Solidity kit, and the two verifiers
 * agree on every single-element mutation of it (differential test): each is rejected by both.
 * Also a dishonest prover that claims a wrong sum and fakes the first round is rejected on-chain.
 */
class SoliditySumcheckTest {
    static final String PROTOCOL = "zkml4j/evm-test/product-sumcheck/v1";
    static final String VERIFY = "verify(bytes,uint256[],uint256[])";

    static long[] table(Random rnd, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) {
            t[i] = Long.remainderUnsigned(rnd.nextLong(), SolidityFieldTest.P);
        }
        return t;
    }

    static byte[] prove(long[] f, long[] g, Ext2 claimOffset) {
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        p.absorbPublic("f", f);
        p.absorbPublic("g", g);
        ProductSumInstance inst = new ProductSumInstance(new long[][] {f, g}, true,
                List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)));
        Ext2 claim = inst.sum().add(claimOffset);
        p.sendExt("claim", ExtVectors.of(claim));
        Sumcheck.prove(inst, claim, p, "ps");
        return p.proof();
    }

    /** The Java verifier of the same protocol. */
    static void verifyInJava(byte[] proof, long[] f, long[] g) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
        v.absorbPublic("f", f);
        v.absorbPublic("g", g);
        Ext2 claim = ExtVectors.toArray(v.receiveExt("claim", 1))[0];
        Sumcheck.Verification s = Sumcheck.verify(claim, Integer.numberOfTrailingZeros(f.length), 2, v, "ps");
        Ext2[] r = s.point();
        s.check(Multilinear.evaluateBase(f, r).mul(Multilinear.evaluateBase(g, r)));
        v.finish();
    }

    static boolean acceptedByJava(byte[] proof, long[] f, long[] g) {
        try {
            verifyInJava(proof, f, g);
            return true;
        } catch (InvalidProofException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void javaAndSolidityVerifiersAgreeOnTheHonestProofAndEveryMutation() throws Exception {
        Random rnd = new Random(21);
        int n = 5;
        long[] f = table(rnd, n);
        long[] g = table(rnd, n);
        byte[] proof = prove(f, g, Ext2.ZERO);
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(proof);
        for (int[] element : ProofMutator.elements(proof)) {
            corpus.add(ProofMutator.mutate(proof, element));
        }
        long[] otherG = g.clone();
        otherG[3] = (otherG[3] + 1) % SolidityFieldTest.P;
        List<byte[]> calls = new ArrayList<>();
        for (byte[] p : corpus) {
            calls.add(Abi.call(VERIFY, p, f, g));
        }
        calls.add(Abi.call(VERIFY, proof, f, otherG)); // the proof, for other public tables
        LocalChain.Run run = Evm.run("KitProbe.sol", "ProductSumcheckVerifier", calls);
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(c.success(), c::revertReason);
            boolean java = acceptedByJava(corpus.get(i), f, g);
            assertEquals(java, Abi.decodeBool(c.returnData()), "proof " + i + " of " + corpus.size() + ": Java says " + java);
            assertEquals(i == 0, java, "only the honest proof is accepted (proof " + i + ")");
        }
        LocalChain.Call swapped = run.calls().get(corpus.size());
        assertEquals(false, Abi.decodeBool(swapped.returnData()), "a proof for other public tables");
        assertEquals(false, acceptedByJava(proof, f, otherG));
        System.out.printf("sumcheck over 2^%d: %d-byte proof, %,d gas (calldata %,d, execution %,d)%n", n, proof.length,
                run.calls().get(0).gasUsed(), run.calls().get(0).calldataGas(), run.calls().get(0).executionGas());
    }

    @Test
    void aWrongClaimIsRejectedOnChainWithTheReason() throws Exception {
        Random rnd = new Random(22);
        long[] f = table(rnd, 4);
        long[] g = table(rnd, 4);
        byte[] lying = prove(f, g, Ext2.ONE); // an honest-looking run for a sum one too large
        LocalChain.Call c = Evm.run("KitProbe.sol", "ProductSumcheckVerifier",
                List.of(Abi.call("check(bytes,uint256[],uint256[])", lying, f, g))).calls().get(0);
        assertEquals(false, c.success());
        assertTrue(c.revertReason().contains("final evaluation does not match"), c.revertReason());
        assertEquals(false, acceptedByJava(lying, f, g));
    }
}
