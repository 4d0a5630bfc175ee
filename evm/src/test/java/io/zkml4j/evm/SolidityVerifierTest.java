package io.zkml4j.evm;

import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
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
 * The verifier contracts written for two EVM keys (VerifierContractWriter), the bundled MLP's and the
 * bundled CNN's (convolutions of the public input and of committed activations, max pooling), driven
 * through the ModelRegistry on the local chain: each honest proof is recorded; a tampered proof of
 * each, the MLP's proof submitted for the other key and the proof with another output are rejected,
 * as the Java verifier rejects them, and nothing more is recorded. The parts' agreement with Java
 * claim by claim, over mutation corpora, is SoliditySectionTest's, SectionPathsReviewTest's and
 * SoliditySealedOpeningTest's; a whole check costs a third (the MLP) to two thirds (the CNN) of a
 * billion gas, 20 to 40 s of the local EVM, so this test runs these.
 */
class SolidityVerifierTest {
    static VerifyingKey vk;
    static VerifyingKey otherVk;
    static InferenceProof proof;
    static InferenceProof cnnProof;

    @BeforeAll
    static void prove() throws Exception {
        MlpFixture mlp = MlpFixture.get();
        vk = mlp.key.verifyingKey();
        proof = mlp.proof;
        ProvingKey cnn = ProvingKey.create(Zkml.quantize(MlpFixture.EXAMPLES.resolve("cnn.onnx"), MlpFixture.EXAMPLES.resolve("calibration.json")),
                CommitOptions.DEFAULT.forEvm());
        otherVk = cnn.verifyingKey();
        Prover prover = new Prover(cnn);
        cnnProof = prover.prove(Zkml.readInputs(MlpFixture.EXAMPLES.resolve("input-cnn.json"), prover.model()));
    }

    static boolean javaAccepts(VerifyingKey key, byte[] transcript, List<long[]> outputs) {
        return javaAccepts(key, transcript, proof.inputs(), outputs);
    }

    static boolean javaAccepts(VerifyingKey key, byte[] transcript, List<long[]> inputs, List<long[]> outputs) {
        try {
            new Verifier(key).verify(new InferenceProof(key.digest(), false, inputs, outputs, transcript));
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
        byte[] cnnHonest = cnnProof.transcript();
        List<int[]> cnnElements = ProofMutator.elements(cnnHonest);
        byte[] cnnTampered = ProofMutator.mutate(cnnHonest, cnnElements.get(cnnElements.size() / 3)); // a field element a third of the way in
        BigInteger[] cnnStatement = VerifierContractWriter.publicInputs(cnnProof.inputs().get(0), cnnProof.outputs().get(0));
        assertTrue(javaAccepts(otherVk, cnnHonest, cnnProof.inputs(), cnnProof.outputs()));
        assertFalse(javaAccepts(otherVk, cnnTampered, cnnProof.inputs(), cnnProof.outputs()));
        BigInteger key = new BigInteger(1, vk.digest());
        BigInteger otherKey = new BigInteger(1, otherVk.digest());
        String submit = "submit(bytes32,bytes,uint256[])";
        Map<String, String> sources = new HashMap<>(SolidityKit.registry());
        sources.putAll(VerifierContractWriter.sources(vk, "MlpVerifier"));
        sources.putAll(VerifierContractWriter.sources(otherVk, "CnnVerifier"));
        sources.put("RegistryScenario.sol", Evm.testResource("RegistryScenario.sol"));
        LocalChain.Run run = Evm.chain().run(SolidityKit.sourcesWith(sources), "RegistryScenario.sol:RegistryScenario", List.of(
                Abi.call(submit, key, honest, statement),
                Abi.call("recorded(bytes32)", key),
                Abi.call("check(bytes,uint256[])", tampered, statement),
                Abi.call(submit, otherKey, honest, statement),
                Abi.call(submit, key, honest, VerifierContractWriter.publicInputs(proof.inputs().get(0), otherOutputs.get(0))),
                Abi.call("recorded(bytes32)", key),
                Abi.call("recorded(bytes32)", otherKey),
                Abi.call(submit, otherKey, cnnHonest, cnnStatement),
                Abi.call("checkCnn(bytes,uint256[])", cnnTampered, cnnStatement),
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
        LocalChain.Call cnnAccepted = run.calls().get(7);
        assertTrue(cnnAccepted.success(), () -> "the CNN's honest proof: " + cnnAccepted.revertReason());
        LocalChain.Call cnnTamperedCall = run.calls().get(8);
        assertFalse(SolidityOpeningTest.accepted(cnnTamperedCall), "a tampered proof of the CNN accepted on-chain");
        assertEquals(1, word(run.calls().get(9).returnData()), "the CNN's proof recorded");
        System.out.printf("MLP verifier contract (%,d bytes; the scenario compiled in %,d ms): a %,d-byte proof recorded by the registry with "
                        + "%,d gas (calldata %,d); tampered: %s (%,d gas); for the other key: %,d gas; another output: %,d gas%n",
                run.bytecodeBytes(), run.compileMillis(), honest.length, accepted.gasUsed(), accepted.calldataGas(), tamperedCall.revertReason(),
                tamperedCall.gasUsed(), run.calls().get(3).gasUsed(), run.calls().get(4).gasUsed());
        System.out.printf("CNN verifier contract: a %,d-byte proof recorded with %,d gas; tampered: %s (%,d gas)%n", cnnHonest.length,
                cnnAccepted.gasUsed(), cnnTamperedCall.revertReason(), cnnTamperedCall.gasUsed());
    }
}
