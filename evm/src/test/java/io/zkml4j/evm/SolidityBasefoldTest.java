package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.basefold.BasefoldParameters;
import io.zkml4j.core.pcs.basefold.BasefoldPcs;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Basefold openings made in Java verified on-chain: the Solidity and Java verifiers agree on the
 * honest proof, every single-element mutation, a wrong value and a proof-of-work nonce; the gas of
 * the default parameters is measured.
 */
class SolidityBasefoldTest {
    static final String PROTOCOL = "zkml4j/test/basefold/v1";
    static final String VERIFY = "verify(bytes,uint256[],bytes32,uint256,uint256[],uint256)";

    record Opening(BasefoldPcs.Commitment commitment, Ext2[] point, Ext2 value, byte[] proof) {
        byte[] call(byte[] proof, Ext2 value) {
            return call(commitment, proof, value);
        }

        /** The probe's verify of this opening's point against another commitment (another out-of-domain value). */
        byte[] call(BasefoldPcs.Commitment commitment, byte[] proof, Ext2 value) {
            BasefoldParameters p = commitment.parameters();
            long[] params = {commitment.numVars(), p.logBlowup(), p.logArity(), p.queries(), p.grindingBits(), p.listDecoding() ? 1 : 0};
            return Abi.call(VERIFY, proof, params, new BigInteger(1, commitment.root()), outOfDomain(commitment), SolidityFieldTest.packedAll(point),
                    SolidityFieldTest.packed(value));
        }

        boolean acceptedByJava(byte[] proof, Ext2 value) {
            return acceptedByJava(commitment, proof, value);
        }

        boolean acceptedByJava(BasefoldPcs.Commitment commitment, byte[] proof, Ext2 value) {
            try {
                FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
                BasefoldPcs.verify(commitment, point, value, Keccak256.INSTANCE, v, "pcs");
                v.finish();
                return true;
            } catch (InvalidProofException e) {
                return false;
            }
        }
    }

    /** The commitment's out-of-domain value as the contract takes it: packed, or 0 in unique decoding. */
    static BigInteger outOfDomain(BasefoldPcs.Commitment commitment) {
        return commitment.outOfDomainValue() == null ? BigInteger.ZERO : SolidityFieldTest.packed(commitment.outOfDomainValue());
    }

    static Opening open(Random rnd, int n, BasefoldParameters params) {
        long[] table = new long[1 << n];
        for (int i = 0; i < table.length; i++) {
            table[i] = Goldilocks.uniform(rnd);
        }
        Ext2[] z = new Ext2[n];
        for (int i = 0; i < n; i++) {
            z[i] = Ext2.of(Goldilocks.uniform(rnd), Goldilocks.uniform(rnd));
        }
        BasefoldPcs.Committed c = BasefoldPcs.commit(params, table, Keccak256.INSTANCE);
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        BasefoldPcs.open(c, z, p, "pcs");
        return new Opening(c.commitment(), z, c.evaluate(z), p.proof());
    }

    @Test
    void javaAndSolidityAgreeOnEveryMutation() throws Exception {
        for (boolean listDecoding : new boolean[] {false, true}) {
            agreeOnEveryMutation(listDecoding);
        }
    }

    /** In either regime (quadratic or quartic challenges). */
    private static void agreeOnEveryMutation(boolean listDecoding) throws Exception {
        // Small parameters keep the corpus quick: 2^7 values, leaves of 8, a last layer of one fold, 6 queries, 4 bits of grinding.
        Opening o = open(new Random(51), 7, new BasefoldParameters(2, 3, 6, 4, listDecoding));
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(o.proof());
        for (int[] element : ProofMutator.elements(o.proof())) {
            corpus.add(ProofMutator.mutate(o.proof(), element));
        }
        List<byte[]> calls = new ArrayList<>(corpus.stream().map(p -> o.call(p, o.value())).toList());
        calls.add(o.call(o.proof(), o.value().add(Ext2.ONE)));
        // List decoding: the same proof against the commitment stating another out-of-domain value
        BasefoldPcs.Commitment otherPin = listDecoding ? new BasefoldPcs.Commitment(o.commitment().parameters(), o.commitment().numVars(),
                o.commitment().root(), o.commitment().outOfDomainValue().add(Ext2.ONE)) : null;
        if (listDecoding) {
            calls.add(o.call(otherPin, o.proof(), o.value()));
        }
        LocalChain.Run run = Evm.run("BasefoldProbe.sol", "BasefoldVerifier", calls);
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(c.success(), c::revertReason);
            boolean java = o.acceptedByJava(corpus.get(i), o.value());
            assertEquals(i == 0, java, "only the honest proof is accepted by Java (proof " + i + ")");
            assertEquals(java, Abi.decodeBool(c.returnData()), "proof " + i + " of " + corpus.size());
        }
        LocalChain.Call wrongValue = run.calls().get(corpus.size());
        assertEquals(false, Abi.decodeBool(wrongValue.returnData()), "a wrong value");
        assertEquals(false, o.acceptedByJava(o.proof(), o.value().add(Ext2.ONE)));
        if (listDecoding) {
            LocalChain.Call pinned = run.calls().get(corpus.size() + 1);
            assertTrue(pinned.success(), pinned::revertReason);
            assertEquals(false, Abi.decodeBool(pinned.returnData()), "another out-of-domain value");
            assertEquals(false, o.acceptedByJava(otherPin, o.proof(), o.value()));
        }
    }

    /**
     * Parameters outside the Java bounds (blowup 2^7, arity 2^7, 4,097 queries, 31 bits of grinding)
     * are refused by the contract's own bounds check, before the proof is read (its reason says so).
     */
    @Test
    void parametersOutsideJavasBoundsAreRefused() throws Exception {
        Opening o = open(new Random(53), 5, new BasefoldParameters(2, 2, 4, 0));
        BasefoldParameters p = o.commitment().parameters();
        long[] honest = {o.commitment().numVars(), p.logBlowup(), p.logArity(), p.queries(), p.grindingBits(), 0};
        List<byte[]> calls = new ArrayList<>();
        calls.add(call(o, honest));
        for (int[] change : new int[][] {{1, 7}, {2, 7}, {3, 4097}, {4, 31}}) {
            long[] params = honest.clone();
            params[change[0]] = change[1];
            calls.add(call(o, params));
        }
        LocalChain.Run run = Evm.run("BasefoldProbe.sol", "BasefoldVerifier", calls);
        assertTrue(run.calls().get(0).success(), run.calls().get(0)::revertReason);
        for (int i = 1; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(!c.success() && String.valueOf(c.revertReason()).contains("basefold: parameters"), "change " + i + ": "
                    + c.revertReason());
        }
    }

    /** A call of the probe's check, which reverts with the reason of the first failed check. */
    private static byte[] call(Opening o, long[] params) {
        return Abi.call("check(bytes,uint256[],bytes32,uint256,uint256[],uint256)", o.proof(), params, new BigInteger(1, o.commitment().root()),
                outOfDomain(o.commitment()), SolidityFieldTest.packedAll(o.point()), SolidityFieldTest.packed(o.value()));
    }

    @Test
    void gasOfTheDefaultParameters() throws Exception {
        Random rnd = new Random(52);
        List<Opening> openings = List.of(open(rnd, 10, BasefoldParameters.defaults()), open(rnd, 14, BasefoldParameters.defaults()),
                open(rnd, 10, BasefoldParameters.listDecodingDefaults()), open(rnd, 14, BasefoldParameters.listDecodingDefaults()));
        List<byte[]> calls = openings.stream().map(o -> o.call(o.proof(), o.value())).toList();
        LocalChain.Run run = Evm.run("BasefoldProbe.sol", "BasefoldVerifier", calls);
        for (int i = 0; i < openings.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            assertTrue(c.success() && Abi.decodeBool(c.returnData()), c::revertReason);
            BasefoldParameters p = openings.get(i).commitment().parameters();
            System.out.printf("basefold opening of 2^%d values (%s, %d queries): %,d-byte proof, %,d gas (calldata %,d, execution %,d)%n",
                    openings.get(i).commitment().numVars(), p.listDecoding() ? "list decoding" : "unique decoding", p.queries(),
                    openings.get(i).proof().length,
                    c.gasUsed(), c.calldataGas(), c.executionGas());
        }
    }
}
