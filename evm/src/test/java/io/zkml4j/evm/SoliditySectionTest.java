package io.zkml4j.evm;

import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.ClaimDigest;
import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.InferenceProtocol;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.relation.PublicTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated Solidity verifier of an inference proof's first part (statement, sumcheck, lookups)
 * for the bundled Fashion-MNIST MLP in the EVM profile reaches the Java verifier's claims, claim for
 * claim: on the honest proof, on single-element mutations of the part it reads (Java rejects ⇒ the
 * contract reverts; otherwise both reach the same other claims), and for another statement.
 */
class SoliditySectionTest {
    static final String CHECK = "check(bytes,bytes,bytes,uint256[],uint256[])";

    static VerifyingKey vk;
    static Circuit circuit;
    static InferenceProof proof;
    static String protocol;

    @BeforeAll
    static void prove() throws Exception {
        MlpFixture mlp = MlpFixture.get();
        vk = mlp.key.verifyingKey();
        proof = mlp.proof;
        circuit = CircuitCompiler.compile(vk.architecture(), 1, Circuit.Options.DEFAULT);
        protocol = InferenceProtocol.domainSeparator(vk.commitment(), vk.proofParameters());
    }

    /** The Java verifier's section claims for proof bytes and a statement, or null when it rejects. */
    static List<LinearClaim> javaClaims(byte[] transcript, List<long[]> inputs, List<long[]> outputs) {
        try {
            FiatShamirVerifier ch = new FiatShamirVerifier(vk.hash(), protocol, transcript);
            return InferenceProtocol.sectionClaims(circuit, vk.proofParameters(), vk.digest(), inputs, outputs, ch);
        } catch (InvalidProofException e) {
            return null;
        }
    }

    /** The proof up to the end of its first {@code records} records. */
    static byte[] prefix(byte[] transcript, int records) {
        List<ProofMutator.Record> all = ProofMutator.records(transcript);
        if (records >= all.size()) {
            return transcript;
        }
        return Arrays.copyOf(transcript, all.get(records).payloadOffset() - 5);
    }

    /** The fewest records the Java section reads (it fails on anything shorter). */
    static int sectionRecords(byte[] transcript) {
        return sectionRecords(transcript, section -> javaClaims(section, proof.inputs(), proof.outputs()) != null);
    }

    /** The fewest records of {@code transcript} on which {@code javaReads} holds (it fails on anything shorter). */
    static int sectionRecords(byte[] transcript, java.util.function.Predicate<byte[]> javaReads) {
        int lo = 1, hi = ProofMutator.records(transcript).size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (javaReads.test(prefix(transcript, mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static BigInteger[] placed(List<long[]> inputs, List<long[]> outputs, boolean input) {
        PublicTensors pub = InferenceProtocol.publicTensors(circuit, inputs, outputs);
        long[] v = pub.get((input ? circuit.input() : circuit.output()).publicRoot());
        return Arrays.stream(v).mapToObj(x -> new BigInteger(Long.toUnsignedString(x))).toArray(BigInteger[]::new);
    }

    static byte[] call(byte[] transcript, List<long[]> inputs, List<long[]> outputs) {
        return Abi.call(CHECK, transcript, protocol.getBytes(StandardCharsets.UTF_8), vk.digest(), placed(inputs, outputs, true),
                placed(inputs, outputs, false));
    }

    static Map<String, String> sources() {
        Map<String, String> more = new HashMap<>();
        more.put("MlpSection.sol", SectionVerifierWriter.library("MlpSection", circuit));
        more.put("SectionProbe.sol", Evm.testResource("SectionProbe.sol"));
        return SolidityKit.sourcesWith(more);
    }

    @Test
    void solidityReachesJavasClaimsOnHonestAndMutatedProofs() throws Exception {
        byte[] transcript = proof.transcript();
        int records = sectionRecords(transcript);
        byte[] section = prefix(transcript, records);
        List<LinearClaim> honest = javaClaims(section, proof.inputs(), proof.outputs());
        assertTrue(honest != null && !honest.isEmpty());
        // The corpus: the honest section, then single-element mutations (every element of the first
        // records: the sumcheck's rounds; every 23rd after: the revealed values and the lookups' layers,
        // long runs read the same way; each call runs the whole section, about 0.7 s on the local EVM).
        List<byte[]> corpus = ProofMutator.corpus(section, 48, 23);
        List<byte[]> calls = new ArrayList<>(corpus.stream().map(p -> call(p, proof.inputs(), proof.outputs())).toList());
        // Another statement: the same proof for another output (class scores shifted by one).
        List<long[]> otherOutputs = List.of(proof.outputs().get(0).clone());
        otherOutputs.get(0)[0] += 1;
        calls.add(call(section, proof.inputs(), otherOutputs));
        LocalChain.Run run = Evm.chain().run(sources(), "SectionProbe.sol:SectionProbe", calls);
        byte[] expected = ClaimDigest.of(honest);
        LocalChain.Call first = run.calls().get(0);
        assertTrue(first.success(), first::revertReason);
        assertArrayEquals(expected, first.returnData(), "the honest proof's claims");
        int rejected = 0, changed = 0;
        for (int i = 1; i < corpus.size(); i++) {
            List<LinearClaim> java = javaClaims(corpus.get(i), proof.inputs(), proof.outputs());
            LocalChain.Call c = run.calls().get(i);
            if (java == null) {
                rejected++;
                assertFalse(SolidityOpeningTest.accepted(c), "proof " + i + ": Java rejects, Solidity accepted");
            } else {
                assertTrue(c.success(), "proof " + i + ": Java accepts, Solidity reverted: " + c.revertReason());
                byte[] digest = ClaimDigest.of(java);
                assertArrayEquals(digest, c.returnData(), "proof " + i + ": other claims than Java's");
                if (!Arrays.equals(digest, expected)) {
                    changed++;
                }
            }
        }
        assertEquals(corpus.size() - 1, rejected + changed, "every mutation is rejected or changes the claims");
        LocalChain.Call other = run.calls().get(corpus.size());
        List<LinearClaim> javaOther = javaClaims(section, proof.inputs(), otherOutputs);
        assertTrue(other.success(), other::revertReason);
        assertArrayEquals(ClaimDigest.of(javaOther), other.returnData(), "another statement's claims");
        assertNotEquals(new BigInteger(1, expected), new BigInteger(1, other.returnData()), "another statement draws other claims");
        System.out.printf("section differential (MLP, %d of %d records, %,d bytes): %d proofs agree (%d rejected, %d with other claims); "
                        + "honest %,d gas (calldata %,d, execution %,d); contract %,d bytes%n", records, ProofMutator.records(transcript).size(),
                section.length, corpus.size(), rejected, changed, first.gasUsed(), first.calldataGas(), first.executionGas(), run.bytecodeBytes());
    }
}
