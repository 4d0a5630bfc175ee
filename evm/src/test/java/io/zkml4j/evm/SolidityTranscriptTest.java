package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Solidity transcript draws exactly the challenges of the Java one (Keccak-256) over a script
 * of every operation, and refuses what the Java reader refuses: another protocol, a wrong kind or
 * count, a non-canonical element, truncation and trailing bytes.
 */
class SolidityTranscriptTest {
    static final String PROTOCOL = "zkml4j/evm-test/transcript/v1";
    static final long P = 0xffffffff00000001L;

    /** The script of KitProbe.transcript on the Java side, with the given messages. */
    record Script(byte[] proof, Ext2 c1, Ext2 c2, int[] queries) {}

    static Script prove(String protocol, long[] base, long[] ext, byte[] digest) {
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, protocol);
        p.absorbPublic("public bytes", new byte[] {0, (byte) 0xff, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70});
        p.absorbPublic("public field", new long[] {0, P - 1, 0x0123456789abcdefL});
        p.sendBase("base", base);
        Ext2 c1 = p.challengeExt("c1");
        p.sendExt("ext", ext);
        int[] q = p.challengeIndices("queries", 7, 1000);
        p.sendDigest("digest", digest);
        Ext2 c2 = p.challengeExt("c2");
        return new Script(p.proof(), c1, c2, q);
    }

    static Script honest() {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) {
            digest[i] = (byte) (3 * i + 1);
        }
        return prove(PROTOCOL, new long[] {5, P - 1, 1L << 40}, new long[] {1, 2, P - 3, 0xfedcba9876543210L % P}, digest);
    }

    @Test
    void challengesAreTheJavaTranscriptsByteForByte() throws Exception {
        Script s = honest();
        LocalChain.Call call = Evm.run("KitProbe.sol", "KitProbe", List.of(Abi.call("transcript(bytes)", s.proof()))).calls().get(0);
        assertTrue(call.success(), call::revertReason);
        BigInteger[] out = Abi.decodeUintArray(call.returnData());
        assertEquals(SolidityFieldTest.packed(s.c1()), out[0], "first challenge");
        assertEquals(SolidityFieldTest.packed(s.c2()), out[1], "challenge after the digest");
        assertEquals(BigInteger.valueOf(1L << 40), out[2], "base element read back");
        assertEquals(SolidityFieldTest.packed(Ext2.of(P - 3, 0xfedcba9876543210L % P)), out[3], "extension element read back");
        assertEquals(7, out[5].intValue());
        int[] queries = new int[7];
        for (int i = 0; i < 7; i++) {
            queries[i] = out[6 + i].intValueExact();
        }
        assertArrayEquals(s.queries(), queries, "query indices");
        assertEquals(BigInteger.valueOf(s.proof().length), out[14], "the whole proof was read");
    }

    @Test
    void refusesWhatTheJavaReaderRefuses() throws Exception {
        Script s = honest();
        byte[] proof = s.proof();
        int headerEnd = 10 + PROTOCOL.length();
        List<byte[]> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        bad.add(prove("zkml4j/evm-test/transcript/v2", new long[] {5, P - 1, 1L << 40}, new long[] {1, 2, 3, 4}, new byte[32]).proof());
        reasons.add("another protocol");
        byte[] kind = proof.clone();
        kind[headerEnd] = 2; // the base record claims to be an extension record
        bad.add(kind);
        reasons.add("unexpected record kind");
        byte[] count = proof.clone();
        count[headerEnd + 1] = 4;
        bad.add(count);
        reasons.add("unexpected element count");
        byte[] nonCanonical = proof.clone();
        Arrays.fill(nonCanonical, headerEnd + 5 + 8, headerEnd + 5 + 16, (byte) 0xff); // 2^64 - 1 >= p
        bad.add(nonCanonical);
        reasons.add("non-canonical field element");
        bad.add(Arrays.copyOf(proof, proof.length - 1));
        reasons.add("truncated record");
        bad.add(Arrays.copyOf(proof, proof.length + 1));
        reasons.add("trailing bytes");
        byte[] magic = proof.clone();
        magic[0] = 'Y';
        bad.add(magic);
        reasons.add("not a zkml4j proof");
        List<byte[]> calls = bad.stream().map(b -> Abi.call("transcript(bytes)", b)).toList();
        List<LocalChain.Call> results = Evm.run("KitProbe.sol", "KitProbe", calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = results.get(i);
            assertFalse(c.success(), reasons.get(i) + " was accepted");
            assertTrue(c.revertReason().contains(reasons.get(i)), "expected '" + reasons.get(i) + "', got '" + c.revertReason() + "'");
        }
    }
}
