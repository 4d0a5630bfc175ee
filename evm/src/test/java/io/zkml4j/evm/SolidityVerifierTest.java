package io.zkml4j.evm;

import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.Zkml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier contracts written for two EVM keys of the bundled MLP (VerifierContractWriter),
 * driven through the ModelRegistry on the local chain: the honest proof is recorded; a tampered
 * proof, the proof submitted for the other key and the proof with another output are rejected, as
 * the Java verifier rejects them, and nothing more is recorded. The parts' agreement with Java claim
 * by claim, over mutation corpora, is SoliditySectionTest's and SoliditySealedOpeningTest's; a whole
 * check costs a third of a billion gas (about 20 s of the local EVM), so this test runs two.
 */
class SolidityVerifierTest {
    static VerifyingKey vk;
    static VerifyingKey otherVk;
    static InferenceProof proof;

    @BeforeAll
    static void prove() throws Exception {
        MlpFixture mlp = MlpFixture.get();
        vk = mlp.key.verifyingKey();
        proof = mlp.proof;
        otherVk = ProvingKey.create(Zkml.quantize(MlpFixture.EXAMPLES.resolve("mlp.onnx"), MlpFixture.EXAMPLES.resolve("calibration.json")),
                CommitOptions.DEFAULT.forEvm()).verifyingKey();
    }

    static boolean javaAccepts(VerifyingKey key, byte[] transcript, List<long[]> outputs) {
        try {
            new Verifier(key).verify(new InferenceProof(key.digest(), false, proof.inputs(), outputs, transcript));
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    static long word(byte[] returnData) {
        return new BigInteger(1, returnData).longValueExact();
    }

    @Test
    void theRegistryRecordsOnlyProofsItsModelsVerifiersAccept() throws Exception {
        byte[] honest = proof.transcript();
        BigInteger[] statement = VerifierContractWriter.publicInputs(proof.inputs().get(0), proof.outputs().get(0));
        List<long[]> otherOutputs = List.of(proof.outputs().get(0).clone());
        otherOutputs.get(0)[3] += 1;
        // One field element of the opening's last folds: every earlier check passes, so it runs to the end.
        List<int[]> elements = ProofMutator.elements(honest);
        byte[] tampered = ProofMutator.mutate(honest, elements.get(elements.size() - 40));
        assertTrue(javaAccepts(vk, honest, proof.outputs()));
        assertFalse(javaAccepts(vk, tampered, proof.outputs()));
        assertFalse(javaAccepts(vk, honest, otherOutputs));
        assertFalse(javaAccepts(otherVk, honest, proof.outputs()));
        BigInteger key = new BigInteger(1, vk.digest());
        BigInteger otherKey = new BigInteger(1, otherVk.digest());
        String submit = "submit(bytes32,bytes,uint256[])";
        Map<String, String> sources = new HashMap<>(SolidityKit.registry());
        sources.putAll(VerifierContractWriter.sources(vk, "MlpVerifier"));
        sources.putAll(VerifierContractWriter.sources(otherVk, "OtherVerifier"));
        sources.put("RegistryScenario.sol", Evm.testResource("RegistryScenario.sol"));
        LocalChain.Run run = Evm.chain().run(SolidityKit.sourcesWith(sources), "RegistryScenario.sol:RegistryScenario", List.of(
                Abi.call(submit, key, honest, statement),
                Abi.call("recorded(bytes32)", key),
                Abi.call("check(bytes,uint256[])", tampered, statement),
                Abi.call(submit, otherKey, honest, statement),
                Abi.call(submit, key, honest, VerifierContractWriter.publicInputs(proof.inputs().get(0), otherOutputs.get(0))),
                Abi.call("recorded(bytes32)", key),
                Abi.call("recorded(bytes32)", otherKey)));
        LocalChain.Call accepted = run.calls().get(0);
        assertTrue(accepted.success(), () -> "the honest proof: " + accepted.revertReason());
        assertEquals(0, word(accepted.returnData()), "the first prediction's index");
        assertEquals(1, word(run.calls().get(1).returnData()));
        LocalChain.Call tamperedCall = run.calls().get(2);
        assertFalse(SolidityOpeningTest.accepted(tamperedCall), "a tampered proof accepted on-chain");
        for (int i : new int[] {3, 4}) {
            LocalChain.Call c = run.calls().get(i);
            assertFalse(SolidityOpeningTest.accepted(c), "call " + i + " recorded");
            assertEquals("registry: the proof does not verify for this model", c.revertReason());
        }
        assertEquals(1, word(run.calls().get(5).returnData()), "nothing more recorded for the model");
        assertEquals(0, word(run.calls().get(6).returnData()), "nothing recorded for the other model");
        System.out.printf("MLP verifier contract (%,d bytes; the scenario compiled in %,d ms): a %,d-byte proof recorded by the registry with "
                        + "%,d gas (calldata %,d); tampered: %s (%,d gas); for the other key: %,d gas; another output: %,d gas%n",
                run.bytecodeBytes(), run.compileMillis(), honest.length, accepted.gasUsed(), accepted.calldataGas(), tamperedCall.revertReason(),
                tamperedCall.gasUsed(), run.calls().get(3).gasUsed(), run.calls().get(4).gasUsed());
    }
}
