package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The vector lanes against the scalar permutation and sponge, digest for digest. */
class Poseidon2LanesTest {
    private static final long[] EXTREMES = {0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, Goldilocks.P, Goldilocks.P + 1, -1L, -2L,
        Goldilocks.EPSILON, Goldilocks.EPSILON + 1, 1L << 63, (1L << 32) - 1, 1L << 32};

    /** The build runs the tests with the vector module (its argLine), so a missing module is a build fault, not a skip. */
    @Test
    void theTestsRunWithTheVectorModule() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests must run with --add-modules jdk.incubator.vector (the surefire argLine)");
    }

    /** On a machine without vectors of four 64-bit lanes the lanes are off and the tests below would compare scalar with scalar: they skip, saying so. */
    private static int vectorLanes() {
        assumeTrue(Poseidon2Lanes.lanes() >= 4, "no vector lanes for Poseidon2 on this machine (needs 256-bit vectors): skipped");
        return Poseidon2Lanes.lanes();
    }

    /** Random, extreme (also non-canonical) and all-equal states, each lane against {@link Poseidon2#permute}. */
    @Test
    void everyLaneIsTheScalarPermutation() {
        int lanes = vectorLanes();
        SplittableRandom random = new SplittableRandom(41);
        for (int trial = 0; trial < 600; trial++) {
            long[][] states = new long[lanes][Poseidon2.WIDTH];
            long[] laneMajor = new long[Poseidon2.WIDTH * lanes];
            for (int j = 0; j < lanes; j++) {
                for (int i = 0; i < Poseidon2.WIDTH; i++) {
                    long v = switch (trial % 3) {
                        case 0 -> random.nextLong();
                        case 1 -> EXTREMES[random.nextInt(EXTREMES.length)];
                        default -> EXTREMES[(trial / 3 + j) % EXTREMES.length];
                    };
                    states[j][i] = v;
                    laneMajor[i * lanes + j] = v;
                }
            }
            Poseidon2Lanes.permutation().permute(laneMajor);
            for (int j = 0; j < lanes; j++) {
                long[] expected = states[j].clone();
                Poseidon2.permute(expected);
                long[] lane = new long[Poseidon2.WIDTH];
                for (int i = 0; i < Poseidon2.WIDTH; i++) {
                    lane[i] = laneMajor[i * lanes + j];
                }
                assertArrayEquals(expected, lane, "trial " + trial + ", lane " + j + ": " + Arrays.toString(states[j]));
            }
        }
    }

    /** Bulk hashing gives {@link Poseidon2Sponge#hash}'s digests: full blocks of lanes, a remainder, mixed lengths, empty messages. */
    @Test
    void bulkHashingIsTheSponge() {
        SplittableRandom random = new SplittableRandom(5);
        int lanes = vectorLanes();
        for (int count : new int[] {0, 1, lanes - 1, lanes, 3 * lanes + 1}) {
            for (boolean mixed : new boolean[] {false, true}) {
                long[][] messages = new long[count][];
                for (int m = 0; m < count; m++) {
                    int length = mixed ? random.nextInt(20) : 45;
                    messages[m] = new long[length];
                    for (int i = 0; i < length; i++) {
                        messages[m][i] = random.nextInt(4) == 0 ? Goldilocks.P - 1 : Goldilocks.canonical(random.nextLong());
                    }
                }
                long[][] digests = Poseidon2Sponge.hashAll(7, messages);
                assertEquals(count, digests.length);
                for (int m = 0; m < count; m++) {
                    assertArrayEquals(Poseidon2Sponge.hash(7, messages[m]), digests[m], count + " messages, mixed " + mixed + ", message " + m);
                }
            }
        }
    }

    @Test
    void bulkHashingRefusesWhatTheSpongeRefuses() {
        int lanes = vectorLanes();
        long[][] messages = new long[lanes][8];
        messages[lanes - 1][3] = Goldilocks.P;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(0, messages));
        assertTrue(e.getMessage().contains("message element 3 is not a canonical"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(-1, new long[lanes][8]));
    }

    /**
     * Bulk jobs take the lanes at once, smaller ones only after the warm-up (the vector code's JIT
     * warm-up costs more than a small job saves), and tiny ones never.
     */
    @Test
    void bulkJobsTakeTheLanesAndSmallerOnesOnceWarm() throws InterruptedException {
        assertFalse(Poseidon2Lanes.worthIt(Poseidon2Lanes.WARM_PERMUTATIONS - 1));
        assertEquals(Poseidon2Lanes.lanes() > 1, Poseidon2Lanes.worthIt(Poseidon2Lanes.BULK_PERMUTATIONS));
        if (Poseidon2Lanes.lanes() == 1) {
            assertFalse(Poseidon2Lanes.worthIt(Poseidon2Lanes.WARM_PERMUTATIONS));
            return;
        }
        Poseidon2Lanes.warmUpInBackground();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Poseidon2Lanes.warm() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Poseidon2Lanes.warm(), "the warm-up finished within two minutes");
        assertTrue(Poseidon2Lanes.worthIt(Poseidon2Lanes.WARM_PERMUTATIONS));
        assertFalse(Poseidon2Lanes.worthIt(Poseidon2Lanes.WARM_PERMUTATIONS - 1));
    }
}
