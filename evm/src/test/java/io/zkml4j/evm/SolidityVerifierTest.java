package io.zkml4j.evm;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier contract written for the bundled MLP's EVM key (VerifierContractWriter) accepts the
 * honest proof, and rejects a tampered proof and a false statement as the Java verifier does. The
 * parts' agreement with Java claim by claim, over mutation corpora, is SoliditySectionTest's and
 * SoliditySealedOpeningTest's; each whole check here costs over a billion gas (minutes of the local
 * EVM), so this test makes three.
 */
class SolidityVerifierTest {
    static VerifyingKey vk;
    static InferenceProof proof;

    @BeforeAll
    static void prove() throws Exception {
        MlpFixture mlp = MlpFixture.get();
        vk = mlp.key.verifyingKey();
        proof = mlp.proof;
    }

    /** The statement's values as the contract takes them: the input, then the output, signed integers as field elements. */
    static BigInteger[] publicInputs(List<long[]> inputs, List<long[]> outputs) {
        List<BigInteger> out = new ArrayList<>();
        for (long[] v : List.of(inputs.get(0), outputs.get(0))) {
            for (long x : v) {
                out.add(new BigInteger(Long.toUnsignedString(Goldilocks.fromSigned(x))));
            }
        }
        return out.toArray(new BigInteger[0]);
    }

    static boolean javaAccepts(byte[] transcript, List<long[]> outputs) {
        try {
            new Verifier(vk).verify(new InferenceProof(proof.modelDigest(), false, proof.inputs(), outputs, transcript));
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    @Test
    void acceptsTheHonestProofAndRejectsATamperedOneAndAFalseStatement() throws Exception {
        byte[] honest = proof.transcript();
        BigInteger[] statement = publicInputs(proof.inputs(), proof.outputs());
        List<long[]> otherOutputs = List.of(proof.outputs().get(0).clone());
        otherOutputs.get(0)[3] += 1;
        // One field element of the opening's last folds: every earlier check passes, so it runs to the end.
        List<int[]> elements = ProofMutator.elements(honest);
        byte[] tampered = ProofMutator.mutate(honest, elements.get(elements.size() - 40));
        assertTrue(javaAccepts(honest, proof.outputs()));
        assertFalse(javaAccepts(tampered, proof.outputs()));
        assertFalse(javaAccepts(honest, otherOutputs));
        LocalChain.Run run = Evm.chain().run(SolidityKit.sourcesWith(VerifierContractWriter.sources(vk, "MlpVerifier")),
                "MlpVerifier.sol:MlpVerifier", List.of(
                        Abi.call("gasByPart(bytes,uint256[])", honest, statement),
                        Abi.call("check(bytes,uint256[])", tampered, statement),
                        Abi.call("verify(bytes,uint256[])", honest, publicInputs(proof.inputs(), otherOutputs))));
        LocalChain.Call accepted = run.calls().get(0);
        assertTrue(accepted.success(), () -> "the honest proof: " + accepted.revertReason());
        LocalChain.Call tamperedCall = run.calls().get(1);
        assertFalse(SolidityOpeningTest.accepted(tamperedCall), "a tampered proof accepted on-chain");
        assertFalse(Abi.decodeBool(run.calls().get(2).returnData()), "verify() is true for another output");
        long[] parts = new long[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = new BigInteger(1, Arrays.copyOfRange(accepted.returnData(), 32 * i, 32 * i + 32)).longValueExact();
        }
        System.out.printf("MLP verifier contract (%,d bytes, compiled in %,d ms): a %,d-byte proof accepted with %,d gas: calldata %,d, "
                        + "circuit %,d, sealed opening of the weights %,d, opening of the proof's commitments %,d; tampered: %s%n",
                run.bytecodeBytes(), run.compileMillis(), honest.length, accepted.gasUsed(), accepted.calldataGas(), parts[0], parts[1],
                parts[2], tamperedCall.revertReason());
    }
}
