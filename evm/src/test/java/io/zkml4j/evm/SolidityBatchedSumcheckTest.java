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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batched sumcheck of instances over different numbers of variables (the form every layer of
 * an inference proof takes), verified in Solidity and in Java: both accept the honest proof and
 * agree on every single-element mutation; a proof whose one instance lies is rejected by both.
 */
class SolidityBatchedSumcheckTest {
    static final String PROTOCOL = "zkml4j/evm-test/batched-sumcheck/v1";
    static final String VERIFY = "verify(bytes,uint256[],uint256[])";
    static final int[] LOG_SIZES = {3, 5, 4};

    static byte[] prove(long[][] f, long[][] g, int liar) {
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        List<ProductSumInstance> instances = new ArrayList<>();
        List<Ext2> claims = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            p.absorbPublic("f" + i, f[i]);
            p.absorbPublic("g" + i, g[i]);
            ProductSumInstance inst = new ProductSumInstance(new long[][] {f[i], g[i]}, true,
                    List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)));
            instances.add(inst);
            claims.add(i == liar ? inst.sum().add(Ext2.ONE) : inst.sum());
        }
        p.sendExt("claims", ExtVectors.of(claims.toArray(new Ext2[0])));
        Sumcheck.proveBatched(instances, claims, p, "bs");
        return p.proof();
    }

    static boolean acceptedByJava(byte[] proof, long[][] f, long[][] g) {
        try {
            FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
            for (int i = 0; i < f.length; i++) {
                v.absorbPublic("f" + i, f[i]);
                v.absorbPublic("g" + i, g[i]);
            }
            List<Ext2> claims = Arrays.asList(ExtVectors.toArray(v.receiveExt("claims", f.length)));
            Sumcheck.Verification s = Sumcheck.verifyBatched(claims, LOG_SIZES, 2, v, "bs");
            Ext2[] values = new Ext2[f.length];
            for (int i = 0; i < f.length; i++) {
                Ext2[] r = s.point(i);
                values[i] = Multilinear.evaluateBase(f[i], r).mul(Multilinear.evaluateBase(g[i], r));
            }
            s.check(values);
            v.finish();
            return true;
        } catch (InvalidProofException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long[] concatenated(long[][] f, long[][] g) {
        LongStream all = LongStream.empty();
        for (int i = 0; i < f.length; i++) {
            all = LongStream.concat(all, LongStream.concat(Arrays.stream(f[i]), Arrays.stream(g[i])));
        }
        return all.toArray();
    }

    /** Random tables f_i and g_i of 2^LOG_SIZES[i] entries each. */
    static long[][][] randomTables(Random rnd) {
        long[][][] fg = new long[2][LOG_SIZES.length][];
        for (int i = 0; i < LOG_SIZES.length; i++) {
            fg[0][i] = SoliditySumcheckTest.table(rnd, LOG_SIZES[i]);
            fg[1][i] = SoliditySumcheckTest.table(rnd, LOG_SIZES[i]);
        }
        return fg;
    }

    @Test
    void javaAndSolidityAgreeOnTheHonestProofEveryMutationAndALiar() throws Exception {
        long[][][] fg = randomTables(new Random(31));
        long[][] f = fg[0];
        long[][] g = fg[1];
        long[] sizes = Arrays.stream(LOG_SIZES).asLongStream().toArray();
        long[] tables = concatenated(f, g);
        byte[] proof = prove(f, g, -1);
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(proof);
        for (int[] element : ProofMutator.elements(proof)) {
            corpus.add(ProofMutator.mutate(proof, element));
        }
        for (int liar = 0; liar < LOG_SIZES.length; liar++) {
            corpus.add(prove(f, g, liar));
        }
        List<byte[]> calls = corpus.stream().map(p -> Abi.call(VERIFY, p, tables, sizes)).toList();
        LocalChain.Run run = Evm.run("KitProbe.sol", "BatchedProductVerifier", calls);
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(c.success(), c::revertReason);
            boolean java = acceptedByJava(corpus.get(i), f, g);
            assertEquals(i == 0, java, "only the honest proof is accepted by Java (proof " + i + ")");
            assertEquals(java, Abi.decodeBool(c.returnData()), "proof " + i + " of " + corpus.size());
        }
        LocalChain.Call honest = run.calls().get(0);
        System.out.printf("batched sumcheck (2^3, 2^5, 2^4): %d-byte proof, %,d gas (calldata %,d, execution %,d)%n",
                proof.length, honest.gasUsed(), honest.calldataGas(), honest.executionGas());
    }

    @Test
    void theLiarsReasonNamesTheSumcheck() throws Exception {
        long[][][] fg = randomTables(new Random(32));
        long[][] f = fg[0];
        long[][] g = fg[1];
        byte[] lying = prove(f, g, 1);
        LocalChain.Call c = Evm.run("KitProbe.sol", "BatchedProductVerifier", List.of(Abi.call("check(bytes,uint256[],uint256[])",
                lying, concatenated(f, g), Arrays.stream(LOG_SIZES).asLongStream().toArray()))).calls().get(0);
        assertFalse(c.success());
        assertTrue(c.revertReason().contains("sumcheck 'bs': the final evaluation does not match"), c.revertReason());
    }
}
