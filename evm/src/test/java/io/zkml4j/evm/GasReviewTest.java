package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.evm.SolidityFieldTest.packedAll;
import static io.zkml4j.evm.SolidityFieldTest.unpack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the memory-growth cuts (45ce457, ea94bd4): public vectors absorbed in scratch memory hash
 * what Java absorbs for any length and label and still refuse non-canonical values, challenge streams
 * that give their memory back free nothing in use, and ClaimWords round-trips shared vectors and
 * refuses malformed words cheaply.
 */
class GasReviewTest {
    static final String PROTOCOL = SolidityKitReviewTest.REVIEW_PROTOCOL;
    static final long P = 0xffffffff00000001L;
    static final BigInteger BIG_P = new BigInteger(Long.toUnsignedString(P));
    static final BigInteger REFERENCE = BigInteger.ONE.shiftLeft(255);

    static LocalChain.Run run(List<byte[]> calls) throws EvmException {
        return Evm.run("GasReviewProbe.sol", "GasReviewProbe", calls);
    }

    static String label(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    static BigInteger[] words(long... w) {
        BigInteger[] out = new BigInteger[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = BigInteger.valueOf(w[i]);
        }
        return out;
    }

    @Test
    void scratchMessagesHashWhatJavaAbsorbsForLongVectorsAndAnyLabel() throws Exception {
        byte[] header = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL).proof();
        Random rnd = new Random(45);
        int[] labels = {0, 1, 5, 26, 31, 32, 33, 63, 64, 65, 200};
        int[] lengths = {0, 1, 2, 3, 4, 5, 31, 32, 33, 4097};
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            String label = label(labels[k]);
            int len = lengths[k % lengths.length];
            long[] f = new long[len];
            for (int i = 0; i < len; i++) {
                f[i] = i % 7 == 0 ? P - 1 - i % 3 : Long.remainderUnsigned(rnd.nextLong(), P);
            }
            calls.add(Abi.call("absorbThenChallenge(bytes,bytes,uint256[],uint256)", header, label.getBytes(StandardCharsets.UTF_8), f, 1L));
            FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
            java.absorbPublic(label, f);
            expected.add(java.challengeExt("c"));
            what.add("field, label " + labels[k] + " bytes, " + len + " elements");
            int extLen = lengths[(k + 3) % lengths.length] / 2 + (k == 0 ? 2100 : 0);
            Ext2[] e = new Ext2[extLen];
            for (int i = 0; i < extLen; i++) {
                e[i] = i % 5 == 0 ? Ext2.of(P - 1, P - 1 - i % 2) : SolidityFieldTest.randomExt(rnd);
            }
            calls.add(Abi.call("absorbThenChallenge(bytes,bytes,uint256[],uint256)", header, label.getBytes(StandardCharsets.UTF_8), packedAll(e), 2L));
            java = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
            java.absorbPublic(label, ExtVectors.of(e));
            expected.add(java.challengeExt("c"));
            what.add("extension, label " + labels[k] + " bytes, " + extLen + " elements");
        }
        List<LocalChain.Call> out = run(calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), () -> what.get(0) + ": " + c.revertReason());
            BigInteger[] r = Abi.decodeUintArray(returnAsArray(c.returnData()));
            assertEquals(expected.get(i), unpack(r[0]), what.get(i));
            assertEquals(BigInteger.ONE, r[1], what.get(i) + ": the elements, label or a sentinel were overwritten");
            assertEquals(BigInteger.ZERO, r[2], what.get(i) + ": the absorb allocated memory");
        }
    }

    /** The canonical checks of the scratch absorbs, at the start, the middle and the end of a long vector. */
    @Test
    void scratchMessagesStillRefuseNonCanonicalValuesAnywhereInALongVector() throws Exception {
        byte[] header = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL).proof();
        BigInteger x = BigInteger.valueOf(0x1234567);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        BigInteger[] badField = {BIG_P, two64.subtract(BigInteger.ONE), x.add(two64), x.add(BigInteger.ONE.shiftLeft(255))};
        BigInteger[] badExt = {BIG_P, BIG_P.shiftLeft(64), x.add(BigInteger.ONE.shiftLeft(128)), x.add(BigInteger.ONE.shiftLeft(255)),
                x.shiftLeft(64).add(two64.subtract(BigInteger.ONE)), two64.subtract(BigInteger.ONE).shiftLeft(64)};
        List<byte[]> calls = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int n = 3000;
        for (int lanes = 1; lanes <= 2; lanes++) {
            for (BigInteger bad : lanes == 1 ? badField : badExt) {
                for (int at : new int[] {0, n / 2, n - 1}) {
                    BigInteger[] v = new BigInteger[n];
                    Arrays.fill(v, x);
                    v[at] = bad;
                    calls.add(Abi.call("absorbThenChallenge(bytes,bytes,uint256[],uint256)", header, "public".getBytes(StandardCharsets.UTF_8), v,
                            (long) lanes));
                    what.add((lanes == 1 ? "field " : "extension ") + bad.toString(16) + " at " + at);
                }
            }
        }
        List<LocalChain.Call> out = run(calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertFalse(c.success(), what.get(i) + " was absorbed");
            assertTrue(c.revertReason().contains("non-canonical public value"), what.get(i) + ": " + c.revertReason());
        }
    }

    /** challengeExt and challengeIndices give their stream back; arrays allocated between them stay as written. */
    @Test
    void releasedStreamsFreeNothingInUseAndDrawJavasChallenges() throws Exception {
        byte[] header = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL).proof();
        int rounds = 6;
        int[][] shapes = {{0, 7}, {1, 1000}, {5, 1 << 20}, {9, 3}};
        List<byte[]> calls = new ArrayList<>();
        for (int[] s : shapes) {
            calls.add(Abi.call("streams(bytes,uint256,uint256,uint256)", header, (long) rounds, (long) s[0], (long) s[1]));
        }
        List<LocalChain.Call> out = run(calls).calls();
        for (int k = 0; k < shapes.length; k++) {
            LocalChain.Call c = out.get(k);
            assertTrue(c.success(), c::revertReason);
            BigInteger[] r = Abi.decodeUintArray(c.returnData());
            FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
            int at = 0;
            for (int round = 0; round < rounds; round++) {
                assertEquals(java.challengeExt("e"), unpack(r[at++]), "round " + round);
                int[] q = java.challengeIndices("q", shapes[k][0], shapes[k][1]);
                for (int i = 0; i < q.length; i++) {
                    assertEquals(q[i], r[at++].intValueExact(), "round " + round + " index " + i);
                }
            }
            assertEquals(BigInteger.ONE, r[at++], "an array allocated between challenges was overwritten");
            assertEquals(BigInteger.ZERO, r[at], "challengeExt kept its stream's memory");
        }
    }

    @Test
    void claimWordsRoundTripSharedVectorsAndWriteEachLongOneOnce() throws Exception {
        int[] lengths = {0, 3, 16, 63, 64, 65, 100}; // ClaimWords shares vectors of 64 words or more
        List<byte[]> calls = new ArrayList<>();
        for (int l : lengths) {
            calls.add(Abi.call("roundTrip(uint256)", (long) l));
        }
        List<LocalChain.Call> out = run(calls).calls();
        for (int k = 0; k < lengths.length; k++) {
            LocalChain.Call c = out.get(k);
            assertTrue(c.success(), c::revertReason);
            byte[] d = c.returnData();
            assertArrayEquals(Arrays.copyOfRange(d, 0, 32), Arrays.copyOfRange(d, 32, 64), "digest after the round trip, length " + lengths[k]);
            int size = new BigInteger(1, Arrays.copyOfRange(d, 64, 96)).intValueExact();
            int l = lengths[k];
            assertEquals(l >= 64 ? 47 + 2 * l : 47 + 5 * l, size, "words, length " + l);
            assertEquals(BigInteger.ONE, new BigInteger(1, Arrays.copyOfRange(d, 96, 128)), "sharing after the round trip, length " + l);
        }
    }

    /**
     * Malformed words revert, with a reason, for little gas: not by reading past the end, not by
     * allocating an array as long as a count the words cannot hold (which ran out of gas).
     */
    @Test
    void malformedClaimWordsRevertCheaply() throws Exception {
        long big = 1L << 40;
        List<BigInteger[]> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        bad.add(new BigInteger[0]);
        reasons.add(null); // an index past the end: a Panic
        bad.add(words(big));
        reasons.add("claim words");
        bad.add(words(3, 1, 0));
        reasons.add("claim words");
        bad.add(words(1, 9, big));
        reasons.add("claim words");
        bad.add(words(1, 9, 2, 0, 0, 0, 1, 0, 0));
        reasons.add("claim words");
        bad.add(words(1, 9, 1, 0, 0, 0, 1, 5, 1, 2));
        reasons.add("claim words: a vector past the end");
        bad.add(words(1, 9, 1, 0, 0, 0, 1, big, 1, 2));
        reasons.add("claim words: a vector past the end");
        BigInteger[] ref = words(1, 9, 1, 0, 0, 0, 1, 0, 0);
        ref[7] = REFERENCE;
        bad.add(ref);
        reasons.add("claim words: a reference to no earlier vector");
        BigInteger[] refHuge = ref.clone();
        refHuge[7] = REFERENCE.add(BigInteger.ONE.shiftLeft(200));
        bad.add(refHuge);
        reasons.add("claim words: a reference to no earlier vector");
        bad.add(words(1, 9, 1, 0, 0, 0, 1, 0, 0, 0));
        reasons.add("claim words: trailing words");
        bad.add(words(1, 9, 1, 0, 0, 0));
        reasons.add(null);
        bad.add(words(1, 9, 1, 0, 0, 256 + 1, 1, 0, 0)); // kind 257 was read as uint8 1 (explicit)
        reasons.add("claim words: a kind past a byte");
        // A long vector then a reference to it: accepted (the control).
        long[] good = new long[9 + 64 + 4 + 2];
        int at = 0;
        good[at++] = 1;
        good[at++] = 9;
        good[at++] = 2;
        at += 3;
        good[at++] = 1;
        good[at++] = 64;
        for (int i = 0; i < 64; i++) {
            good[at++] = i;
        }
        good[at++] = 0;
        at += 4;
        int refAt = at;
        at++;
        good[at++] = 0;
        BigInteger[] goodWords = words(good);
        goodWords[refAt] = REFERENCE;
        List<byte[]> calls = new ArrayList<>();
        calls.add(Abi.call("unpackDigest(uint256[])", (Object) goodWords));
        for (BigInteger[] b : bad) {
            calls.add(Abi.call("unpackDigest(uint256[])", (Object) b));
        }
        List<LocalChain.Call> out = run(calls).calls();
        assertTrue(out.get(0).success(), out.get(0)::revertReason);
        for (int i = 0; i < bad.size(); i++) {
            LocalChain.Call c = out.get(i + 1);
            String what = "words " + Arrays.toString(bad.get(i));
            assertFalse(c.success(), what + " were unpacked");
            assertTrue(c.gasUsed() < 1_000_000, what + ": " + c.gasUsed() + " gas, " + c.revertReason());
            if (reasons.get(i) != null) {
                assertTrue(String.valueOf(c.revertReason()).contains(reasons.get(i)), what + ": " + c.revertReason());
            }
        }
    }

    /** A static tuple of uint256 words as an ABI uint256[] (to reuse Abi.decodeUintArray). */
    static byte[] returnAsArray(byte[] data) {
        int n = data.length / 32;
        byte[] out = new byte[64 + data.length];
        out[31] = 32;
        out[63] = (byte) n;
        System.arraycopy(data, 0, out, 64, data.length);
        return out;
    }
}
