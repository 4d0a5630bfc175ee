package io.zkml4j.core.hash;

import io.zkml4j.core.util.VectorLanes;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Keccak-f[1600] in the vector lanes and the batched hashing built on it, against the scalar code. */
public class KeccakLanesTest {
    static final int[] LENGTHS = {0, 1, 7, 8, 65, 135, 136, 137, 271, 272, 1000, 4096 + 17};
    static final String EMPTY = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

    /**
     * Waits (at most two minutes) for the background warm-up, so that batches use the lanes from
     * then on. Where the lanes are off, the warm-up gave up (the lane code never beat scalar
     * permutations on this machine) or did not end in time, the caller's test is skipped, saying so:
     * only the scalar path is tested there.
     */
    public static void awaitWarm() throws InterruptedException {
        assumeTrue(KeccakLanes.lanes() > 1, "the vector lanes are off here: only the scalar path is tested");
        KeccakLanes.warmUpInBackground();
        for (int i = 0; i < 1200 && !KeccakLanes.warmUpOver(); i++) {
            Thread.sleep(100);
        }
        assumeTrue(KeccakLanes.warm(), KeccakLanes.warmUpOver()
                ? "the lane code never beat scalar permutations on this machine, so batches stay scalar: the lanes are not tested"
                : "the lanes' warm-up did not end within two minutes on this machine: the lanes are not tested");
    }

    static void assumeLanes() {
        assumeTrue(VectorLanes.longLanes() >= 4, "the vector lanes are off here (fewer than four 64-bit lanes or no jdk.incubator.vector): only the scalar path is tested");
    }

    private static int[] counts() {
        int l = KeccakLanes.lanes();
        return new int[] {0, 1, Math.max(1, l - 1), l, l + 1, 3 * l + 5};
    }

    @Test
    void vectorPermutationMatchesScalarOnRandomAndExtremeStates() {
        assumeLanes();
        int lanes = KeccakVector.LANES;
        assertEquals(KeccakLanes.lanes(), lanes);
        List<long[]> states = new ArrayList<>();
        states.add(new long[25]);
        long[] ones = new long[25];
        Arrays.fill(ones, -1L);
        states.add(ones);
        for (int i = 0; i < 25; i++) {
            for (int bit : new int[] {0, 1, 31, 32, 63}) {
                long[] s = new long[25];
                s[i] = 1L << bit;
                states.add(s);
                long[] t = ones.clone();
                t[i] ^= 1L << bit;
                states.add(t);
            }
        }
        SplittableRandom r = new SplittableRandom(1600);
        for (int k = 0; k < 37; k++) {
            long[] s = new long[25];
            for (int i = 0; i < 25; i++) {
                s[i] = r.nextLong();
            }
            states.add(s);
        }
        for (int from = 0; from < states.size(); from += lanes) {
            long[] block = new long[25 * lanes];
            long[][] expected = new long[lanes][];
            for (int j = 0; j < lanes; j++) {
                long[] s = states.get((from + j) % states.size()).clone();
                for (int i = 0; i < 25; i++) {
                    block[i * lanes + j] = s[i];
                }
                Keccak256.permute(s);
                expected[j] = s;
            }
            KeccakVector.permute(block);
            for (int j = 0; j < lanes; j++) {
                for (int i = 0; i < 25; i++) {
                    assertEquals(expected[j][i], block[i * lanes + j], "state " + (from + j) + ", lane " + i);
                }
            }
        }
    }

    @Test
    void batchedHashingMatchesOneAtATime() {
        SplittableRandom r = new SplittableRandom(256);
        for (int length : LENGTHS) {
            for (int count : counts()) {
                byte[][] messages = new byte[count][length];
                for (byte[] m : messages) {
                    r.nextBytes(m);
                }
                byte[] expected = new byte[32 * count];
                for (int m = 0; m < count; m++) {
                    System.arraycopy(Keccak256.INSTANCE.hash(messages[m]), 0, expected, 32 * m, 32);
                }
                for (boolean lanes : new boolean[] {false, true}) {
                    byte[] out = new byte[32 * count + 7];
                    Keccak256.INSTANCE.hashAll(count, length, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length),
                            out, 7, lanes);
                    assertArrayEquals(expected, Arrays.copyOfRange(out, 7, out.length), "length " + length + ", count " + count + ", lanes " + lanes);
                }
                byte[] out = new byte[32 * count];
                Keccak256.INSTANCE.hashAll(count, length, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length), out, 0);
                assertArrayEquals(expected, out, "the public entry point, length " + length + ", count " + count);
            }
        }
    }

    @Test
    void sha3PadThroughTheLanesMatchesTheJdk() throws Exception {
        Keccak256 sha3 = new Keccak256((byte) 0x06);
        MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        SplittableRandom r = new SplittableRandom(3);
        int count = 2 * KeccakLanes.lanes() + 1;
        for (int length : LENGTHS) {
            byte[][] messages = new byte[count][length];
            for (byte[] m : messages) {
                r.nextBytes(m);
            }
            byte[] out = new byte[32 * count];
            sha3.hashAll(count, length, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length), out, 0, true);
            for (int m = 0; m < count; m++) {
                assertArrayEquals(jdk.digest(messages[m]), Arrays.copyOfRange(out, 32 * m, 32 * m + 32), "length " + length + ", message " + m);
            }
        }
    }

    @Test
    void emptyStringThroughTheBatchedPath() {
        int count = KeccakLanes.lanes() + 1;
        for (boolean lanes : new boolean[] {false, true}) {
            byte[] out = new byte[32 * count];
            Keccak256.INSTANCE.hashAll(count, 0, (m, buffer, offset) -> { }, out, 0, lanes);
            for (int m = 0; m < count; m++) {
                assertEquals(EMPTY, HexFormat.of().formatHex(out, 32 * m, 32 * m + 32), "message " + m + ", lanes " + lanes);
            }
        }
    }

    @Test
    void scalarDefaultOfOtherHashes() {
        SplittableRandom r = new SplittableRandom(4);
        byte[][] messages = new byte[13][100];
        for (byte[] m : messages) {
            r.nextBytes(m);
        }
        byte[] out = new byte[32 * 13];
        Sha256.INSTANCE.hashAll(13, 100, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, 100), out, 0);
        for (int m = 0; m < 13; m++) {
            assertArrayEquals(Sha256.INSTANCE.hash(messages[m]), Arrays.copyOfRange(out, 32 * m, 32 * m + 32));
        }
    }

    @Test
    void smallBatchesStayScalarAndWarmBatchesUseTheLanes() throws Exception {
        assertFalse(KeccakLanes.worthIt(KeccakLanes.lanes() - 1, 65), "fewer messages than lanes never use them");
        assumeLanes();
        awaitWarm();
        assertTrue(KeccakLanes.worthIt(KeccakLanes.lanes(), 65), "once warm, a vector's worth of messages uses the lanes");
    }
}
