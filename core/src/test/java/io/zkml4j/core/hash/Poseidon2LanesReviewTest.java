package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Review of the vector lanes (an attacker's tests): {@link Poseidon2Vector}'s steps one by one
 * against exact arithmetic on boundary values, whole permutations on edge and random states and
 * on states computed backwards so that a chosen round meets chosen extreme values, and the bulk
 * sponge against {@link Poseidon2Sponge#hash} (domains, lengths at block boundaries, counts that
 * leave a remainder, refusals in every path, concurrent use beside the warm-up thread).
 *
 * <p>{@code -Dzkml.review.blocks=N} sets how many random blocks of states the long random test
 * permutes (default a few seconds' worth).
 */
class Poseidon2LanesReviewTest {
    private static final long P = Goldilocks.P;
    private static final long EPS = Goldilocks.EPSILON;
    private static final int W = Poseidon2.WIDTH;
    private static final BigInteger BIG_P = new BigInteger(Long.toUnsignedString(P));

    /** 32-bit halves at their edges. */
    private static final long[] HALVES = {0, 1, 2, 3, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};

    /** 64-bit values at the edges: around 0, 2^32, 2^40, 2^63, p and 2^64, and every pair of edge halves. */
    private static final long[] EDGES = edges();

    private static long[] edges() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, 7L, EPS - 1, EPS, EPS + 1, 1L << 32, (1L << 32) + 1, (1L << 40) - 1, 1L << 40,
                (1L << 41) + 5, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, P - EPS, P - 2, P - 1, P, P + 1, P + 2,
                -EPS, -2L, -1L));
        for (long hi : HALVES) {
            for (long lo : HALVES) {
                v.add(hi << 32 | lo);
            }
        }
        return v.stream().mapToLong(Long::longValue).distinct().toArray();
    }

    private static int lanes() {
        assumeTrue(Poseidon2Lanes.lanes() >= 4, "no vector lanes for Poseidon2 on this machine: skipped");
        return Poseidon2Lanes.lanes();
    }

    private static BigInteger unsigned(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }

    private static long mod(BigInteger x) {
        return x.mod(BIG_P).longValue();
    }

    private static Method step(String name, Class<?>... types) throws ReflectiveOperationException {
        Method m = Poseidon2Vector.class.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }

    // ---------------------------------------------------------------- the steps, one at a time

    /** mulLanes on every pair of edge values (and random pairs of edge halves): a·b mod p, any 64-bit patterns. */
    @Test
    void everyProductOfEdgeValuesIsExact() throws Exception {
        int lanes = lanes();
        Method mul = step("mulLanes", long[].class, long[].class, long[].class, int.class);
        int block = W * lanes;
        long[] a = new long[block], b = new long[block], out = new long[block];
        List<long[]> pairs = new ArrayList<>();
        for (long x : EDGES) {
            for (long y : EDGES) {
                pairs.add(new long[] {x, y});
            }
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int k = 0; k < 60_000; k++) {
            pairs.add(new long[] {halvesValue(random), halvesValue(random)});
        }
        for (int from = 0; from < pairs.size(); from += block) {
            int count = Math.min(block, pairs.size() - from);
            for (int k = 0; k < block; k++) {
                long[] p = pairs.get(from + k % count);
                a[k] = p[0];
                b[k] = p[1];
            }
            mul.invoke(null, a, b, out, W);
            for (int k = 0; k < block; k++) {
                long expected = mod(unsigned(a[k]).multiply(unsigned(b[k])));
                assertEquals(expected, Goldilocks.canonical(out[k]),
                        () -> "mulLanes(" + Long.toUnsignedString(a[0]) + ", ...) wrong");
            }
        }
        // in place, as the S-box's last product writes over its input
        System.arraycopy(EDGES, 0, a, 0, Math.min(EDGES.length, block));
        long[] before = a.clone();
        mul.invoke(null, a, a, a, W);
        for (int k = 0; k < block; k++) {
            assertEquals(mod(unsigned(before[k]).pow(2)), Goldilocks.canonical(a[k]), "in place, element " + k);
        }
    }

    private static long halvesValue(SplittableRandom random) {
        long hi = random.nextInt(3) == 0 ? random.nextLong() >>> 32 : HALVES[random.nextInt(HALVES.length)];
        long lo = random.nextInt(3) == 0 ? random.nextLong() >>> 32 : HALVES[random.nextInt(HALVES.length)];
        return hi << 32 | lo;
    }

    /** addLanes with a canonical b (its contract) on any a, with stride 1 and stride 0. */
    @Test
    void sumsWithACanonicalAddendAreExact() throws Exception {
        int lanes = lanes();
        Method add = step("addLanes", long[].class, long[].class, int.class, long[].class, int.class);
        int block = W * lanes;
        long[] canonicalEdges = Arrays.stream(EDGES).filter(Goldilocks::isCanonical).toArray();
        long[] a = new long[block], b = new long[block], out = new long[block];
        for (int x = 0; x < EDGES.length; x++) {
            for (int k = 0; k < block; k++) {
                a[k] = EDGES[(x + k) % EDGES.length];
                b[k] = canonicalEdges[(x * 7 + k) % canonicalEdges.length];
            }
            add.invoke(null, a, b, 1, out, W);
            for (int k = 0; k < block; k++) {
                assertEquals(mod(unsigned(a[k]).add(unsigned(b[k]))), Goldilocks.canonical(out[k]));
            }
            add.invoke(null, a, b, 0, out, W); // b's first vector added to every lane
            for (int k = 0; k < block; k++) {
                assertEquals(mod(unsigned(a[k]).add(unsigned(b[k % lanes]))), Goldilocks.canonical(out[k]));
            }
        }
    }

    /** foldLanes for hi, lo up to 2^40 − 1 (its contract): hi·2^32 + lo mod p. */
    @Test
    void foldsUpToTheirBoundAreExact() throws Exception {
        int lanes = lanes();
        Method fold = step("foldLanes", long[].class, long[].class, long[].class);
        long[] values = {0, 1, EPS - 1, EPS, 1L << 32, (1L << 32) + 1, 63 * EPS, 64 * EPS, (1L << 38) - 1, 1L << 38, (1L << 39) + 12345,
            (1L << 40) - 2, (1L << 40) - 1};
        int block = W * lanes;
        long[] hi = new long[block], lo = new long[block], out = new long[block];
        for (int x = 0; x < values.length * values.length; x += block) {
            for (int k = 0; k < block; k++) {
                int pair = (x + k) % (values.length * values.length);
                hi[k] = values[pair / values.length];
                lo[k] = values[pair % values.length];
            }
            fold.invoke(null, hi, lo, out);
            for (int k = 0; k < block; k++) {
                assertEquals(mod(unsigned(hi[k]).shiftLeft(32).add(unsigned(lo[k]))), Goldilocks.canonical(out[k]));
            }
        }
    }

    /** laneSum gives the canonical sum of twelve lanes of any 64-bit patterns. */
    @Test
    void laneSumsAreCanonicalAndExact() throws Exception {
        int lanes = lanes();
        Method laneSum = step("laneSum", long[].class, long[].class);
        SplittableRandom random = new SplittableRandom(23);
        long[] s = new long[W * lanes], sum = new long[lanes];
        for (int trial = 0; trial < 4000; trial++) {
            for (int k = 0; k < s.length; k++) {
                s[k] = switch (trial % 4) {
                    case 0 -> -1L;                                   // the largest halves everywhere
                    case 1 -> EDGES[random.nextInt(EDGES.length)];
                    case 2 -> halvesValue(random);
                    default -> random.nextLong();
                };
            }
            if (trial % 4 == 0) {
                s[random.nextInt(s.length)] = EDGES[trial / 4 % EDGES.length];
            }
            laneSum.invoke(null, s, sum);
            for (int j = 0; j < lanes; j++) {
                BigInteger exact = BigInteger.ZERO;
                for (int i = 0; i < W; i++) {
                    exact = exact.add(unsigned(s[i * lanes + j]));
                }
                assertTrue(Goldilocks.isCanonical(sum[j]), "sum not canonical: " + Long.toUnsignedString(sum[j]));
                assertEquals(mod(exact), sum[j], "trial " + trial + ", lane " + j);
            }
        }
    }

    /** The two linear layers of the lanes against Poseidon2's canonical layers, on any 64-bit patterns. */
    @Test
    void linearLayersAreTheMatrices() throws Exception {
        int lanes = lanes();
        Method external = step("externalLayer", long[].class, long[].class, long[].class);
        Method internal = step("internalLayer", long[].class, long[].class, long[].class);
        SplittableRandom random = new SplittableRandom(29);
        int block = W * lanes;
        for (int trial = 0; trial < 3000; trial++) {
            long[] s = new long[block];
            for (int k = 0; k < block; k++) {
                s[k] = switch (trial % 3) {
                    case 0 -> EDGES[(trial / 3 + k) % EDGES.length];
                    case 1 -> trial % 2 == 0 ? -1L : EDGES[random.nextInt(EDGES.length)];
                    default -> halvesValue(random);
                };
            }
            for (boolean isExternal : new boolean[] {true, false}) {
                long[] v = s.clone();
                if (isExternal) {
                    external.invoke(null, v, new long[block], new long[block]);
                } else {
                    internal.invoke(null, v, new long[block], new long[block]);
                }
                for (int j = 0; j < lanes; j++) {
                    long[] state = laneOf(s, j, lanes);
                    if (isExternal) {
                        Poseidon2.externalLayer(state);
                    } else {
                        Poseidon2.internalLayer(state);
                    }
                    assertArrayEquals(state, canonical(laneOf(v, j, lanes)), (isExternal ? "external" : "internal") + " layer, trial " + trial);
                }
            }
        }
    }

    // ---------------------------------------------------------------- whole permutations

    /** Edge values in every lane: each lane a different mix, all lanes alike, one odd lane among equals. */
    @Test
    void edgeStatesPermuteAsTheScalarCode() {
        int lanes = lanes();
        SplittableRandom random = new SplittableRandom(31);
        List<long[]> states = new ArrayList<>();
        for (long v : EDGES) {
            long[] same = new long[W];
            Arrays.fill(same, v);
            states.add(same);
            for (int at = 0; at < W; at++) {
                long[] one = new long[W];
                one[at] = v;
                states.add(one);
                long[] allButOne = same.clone();
                allButOne[at] = 0;
                states.add(allButOne);
            }
        }
        for (int k = 0; k < 20_000; k++) {
            long[] s = new long[W];
            for (int i = 0; i < W; i++) {
                s[i] = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : halvesValue(random);
            }
            states.add(s);
        }
        checkStates(states, lanes, "edge");
    }

    /**
     * States computed backwards from a chosen round: the state after a linear layer, the S-box
     * inputs or the S-box outputs of round r are edge values (all alike, or a mix), for every r.
     */
    @Test
    void statesThatMeetEdgeValuesInEveryRoundPermuteAsTheScalarCode() {
        int lanes = lanes();
        long[] targets = Arrays.stream(EDGES).map(Goldilocks::canonical).distinct().toArray();
        SplittableRandom random = new SplittableRandom(37);
        List<long[]> states = new ArrayList<>();
        for (int round = 0; round <= Poseidon2.ROUNDS; round++) {
            for (Stage stage : Stage.values()) {
                if (round == Poseidon2.ROUNDS && stage != Stage.ROUND_INPUT) {
                    continue; // past the last round only the output is left
                }
                for (int t = 0; t < targets.length + 40; t++) {
                    long[] target = new long[W];
                    for (int i = 0; i < W; i++) {
                        target[i] = t < targets.length ? targets[t] : targets[random.nextInt(targets.length)];
                    }
                    long[] input = backwards(target, round, stage);
                    assertArrayEquals(target, Reference.reach(input, round, stage), "the backward computation (round " + round + ", " + stage + ")");
                    states.add(input);
                }
            }
        }
        checkStates(states, lanes, "backwards");
    }

    /** Random states of several kinds: uniform, near p and 2^64, sparse, built from edge halves. */
    @Test
    void randomStatesPermuteAsTheScalarCode() {
        int lanes = lanes();
        int blocks = Integer.getInteger("zkml.review.blocks", 150_000);
        SplittableRandom random = new SplittableRandom(Long.getLong("zkml.review.seed", 43));
        Poseidon2Lanes.LanePermutation vector = Poseidon2Lanes.permutation();
        long[] block = new long[W * lanes];
        long[][] states = new long[lanes][W];
        for (int b = 0; b < blocks; b++) {
            int kind = b % 5;
            for (int j = 0; j < lanes; j++) {
                for (int i = 0; i < W; i++) {
                    long v = switch (kind) {
                        case 0 -> random.nextLong();
                        case 1 -> P + random.nextLong(EPS + 1) - random.nextLong(3) * (random.nextLong(1L << 33)); // near p, up to 2^64 − 1
                        case 2 -> random.nextInt(4) == 0 ? random.nextLong() : 0;
                        case 3 -> halvesValue(random);
                        default -> EDGES[random.nextInt(EDGES.length)] + random.nextInt(5) - 2;
                    };
                    states[j][i] = v;
                    block[i * lanes + j] = v;
                }
            }
            vector.permute(block);
            for (int j = 0; j < lanes; j++) {
                Poseidon2.permute(states[j]);
                for (int i = 0; i < W; i++) {
                    if (states[j][i] != block[i * lanes + j]) {
                        fail("block " + b + " (kind " + kind + "), lane " + j + ", element " + i);
                    }
                }
            }
        }
    }

    /** The scalar lazy permutation against the canonical one, on the edge states, so the vector code's reference is itself right. */
    @Test
    void theScalarPermutationIsTheCanonicalOne() {
        SplittableRandom random = new SplittableRandom(47);
        for (int k = 0; k < 20_000; k++) {
            long[] s = new long[W];
            for (int i = 0; i < W; i++) {
                s[i] = k < EDGES.length ? EDGES[k] : random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : halvesValue(random);
            }
            long[] lazy = s.clone();
            Poseidon2.permute(lazy);
            assertArrayEquals(Reference.reach(s, Poseidon2.ROUNDS, Stage.ROUND_INPUT), lazy, "state " + Arrays.toString(s));
        }
    }

    private static void checkStates(List<long[]> states, int lanes, String what) {
        Poseidon2Lanes.LanePermutation vector = Poseidon2Lanes.permutation();
        long[] block = new long[W * lanes];
        for (int from = 0; from < states.size(); from += lanes) {
            for (int j = 0; j < lanes; j++) {
                long[] s = states.get((from + j) % states.size());
                for (int i = 0; i < W; i++) {
                    block[i * lanes + j] = s[i];
                }
            }
            vector.permute(block);
            for (int j = 0; j < lanes; j++) {
                long[] s = states.get((from + j) % states.size());
                long[] expected = s.clone();
                Poseidon2.permute(expected);
                assertArrayEquals(expected, laneOf(block, j, lanes), what + " state " + (from + j) + ": " + Arrays.toString(s));
            }
        }
    }

    // ---------------------------------------------------------------- reaching a chosen round

    /** Where in round r a target is met. */
    private enum Stage { ROUND_INPUT, SBOX_INPUT, SBOX_OUTPUT }

    /** Poseidon2 on canonical values, stopping at a stage of a round. */
    private static final class Reference {
        static long[] reach(long[] input, int round, Stage stage) {
            long[] x = canonical(input.clone());
            Poseidon2.externalLayer(x);
            for (int r = 0; ; r++) {
                if (r == round && stage == Stage.ROUND_INPUT) {
                    return x;
                }
                int sboxes = Poseidon2.isPartial(r) ? 1 : W;
                for (int i = 0; i < sboxes; i++) {
                    x[i] = Goldilocks.add(x[i], Poseidon2.roundConstant(r, i));
                }
                if (r == round && stage == Stage.SBOX_INPUT) {
                    return x;
                }
                for (int i = 0; i < sboxes; i++) {
                    x[i] = Poseidon2.sbox(x[i]);
                }
                if (r == round) {
                    return x;
                }
                if (sboxes == 1) {
                    Poseidon2.internalLayer(x);
                } else {
                    Poseidon2.externalLayer(x);
                }
            }
        }
    }

    private static final long SEVENTH_ROOT = BigInteger.valueOf(7).modInverse(BIG_P.subtract(BigInteger.ONE)).longValue();
    private static final long[][] EXTERNAL_INVERSE = inverse(Poseidon2.externalMatrix());
    private static final long[][] INTERNAL_INVERSE = inverse(Poseidon2.internalMatrix());

    /** The input whose permutation meets {@code target} at {@code stage} of {@code round}. */
    private static long[] backwards(long[] target, int round, Stage stage) {
        long[] x = target.clone();
        int sboxes = round < Poseidon2.ROUNDS && Poseidon2.isPartial(round) ? 1 : W;
        if (stage == Stage.SBOX_OUTPUT) {
            for (int i = 0; i < sboxes; i++) {
                x[i] = Goldilocks.pow(x[i], SEVENTH_ROOT);
            }
        }
        if (stage != Stage.ROUND_INPUT) {
            for (int i = 0; i < sboxes; i++) {
                x[i] = Goldilocks.sub(x[i], Poseidon2.roundConstant(round, i));
            }
        }
        for (int r = round - 1; r >= 0; r--) {
            int n = Poseidon2.isPartial(r) ? 1 : W;
            x = apply(n == 1 ? INTERNAL_INVERSE : EXTERNAL_INVERSE, x);
            for (int i = 0; i < n; i++) {
                x[i] = Goldilocks.sub(Goldilocks.pow(x[i], SEVENTH_ROOT), Poseidon2.roundConstant(r, i));
            }
        }
        return apply(EXTERNAL_INVERSE, x);
    }

    private static long[] apply(long[][] m, long[] x) {
        long[] y = new long[W];
        for (int i = 0; i < W; i++) {
            for (int j = 0; j < W; j++) {
                y[i] = Goldilocks.add(y[i], Goldilocks.mul(m[i][j], x[j]));
            }
        }
        return y;
    }

    /** Gauss–Jordan mod p. */
    private static long[][] inverse(long[][] matrix) {
        int n = matrix.length;
        long[][] a = new long[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (a[pivot][c] == 0) {
                pivot++;
            }
            long[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            long inv = Goldilocks.inverse(a[c][c]);
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] = Goldilocks.mul(a[c][k], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    long f = a[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] = Goldilocks.sub(a[r][k], Goldilocks.mul(f, a[c][k]));
                    }
                }
            }
        }
        long[][] inv = new long[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static long[] laneOf(long[] block, int j, int lanes) {
        long[] s = new long[W];
        for (int i = 0; i < W; i++) {
            s[i] = block[i * lanes + j];
        }
        return s;
    }

    private static long[] canonical(long[] s) {
        for (int i = 0; i < s.length; i++) {
            s[i] = Goldilocks.canonical(s[i]);
        }
        return s;
    }

    // ---------------------------------------------------------------- the bulk sponge

    /** Lengths around block edges, counts with and without a remainder, several domains: digest for digest, reading only in range. */
    @Test
    void bulkHashingIsTheSpongeAtEveryEdge() {
        int lanes = lanes();
        SplittableRandom random = new SplittableRandom(53);
        for (int domain : new int[] {0, 7, Integer.MAX_VALUE}) {
            for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65}) {
                for (int count : new int[] {0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3}) {
                    long[][] messages = new long[count][length];
                    for (long[] m : messages) {
                        for (int i = 0; i < length; i++) {
                            m[i] = random.nextInt(3) == 0 ? (random.nextBoolean() ? P - 1 : 0) : Goldilocks.canonical(random.nextLong());
                        }
                    }
                    AtomicLong reads = new AtomicLong();
                    long[][] digests = Poseidon2Sponge.hashAll(domain, count, length, (m, i) -> {
                        assertTrue(m >= 0 && m < count && i >= 0 && i < length, "read (" + m + ", " + i + ")");
                        reads.incrementAndGet();
                        return messages[m][i];
                    });
                    assertEquals(count, digests.length);
                    assertEquals((long) count * length, reads.get(), "each element read once");
                    for (int m = 0; m < count; m++) {
                        assertArrayEquals(Poseidon2Sponge.hash(domain, messages[m]), digests[m],
                                "domain " + domain + ", length " + length + ", count " + count + ", message " + m);
                    }
                }
            }
        }
    }

    /** Runs of equal lengths that end inside and at the edge of a block of lanes. */
    @Test
    void mixedLengthRunsAreTheSponge() {
        int lanes = lanes();
        SplittableRandom random = new SplittableRandom(59);
        for (int trial = 0; trial < 30; trial++) {
            List<long[]> messages = new ArrayList<>();
            while (messages.size() < 5 * lanes) {
                int run = random.nextInt(2 * lanes + 2), length = random.nextInt(3) == 0 ? 0 : random.nextInt(30);
                for (int k = 0; k < run; k++) {
                    long[] m = new long[length];
                    for (int i = 0; i < length; i++) {
                        m[i] = Goldilocks.canonical(random.nextLong());
                    }
                    messages.add(m);
                }
            }
            long[][] all = messages.toArray(long[][]::new);
            long[][] digests = Poseidon2Sponge.hashAll(11, all);
            for (int m = 0; m < all.length; m++) {
                assertArrayEquals(Poseidon2Sponge.hash(11, all[m]), digests[m], "trial " + trial + ", message " + m);
            }
        }
    }

    /** A non-canonical element is refused wherever it is: first or last lane, the remainder, the first or a later block. */
    @Test
    void bulkHashingRefusesNonCanonicalElementsEverywhere() {
        int lanes = lanes();
        int length = 17;
        for (int count : new int[] {lanes, lanes + 1, 2 * lanes + 3}) {
            for (int bad : new int[] {0, lanes - 1, count - 1}) {
                for (int at : new int[] {0, 7, 8, 16}) {
                    for (long value : new long[] {P, P + 1, -1L, P + 0x8000_0000L}) {
                        long[][] messages = new long[count][length];
                        messages[bad][at] = value;
                        int c = count, b = bad, a = at;
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> Poseidon2Sponge.hashAll(0, c, length, (m, i) -> messages[m][i]),
                                "count " + c + ", message " + b + ", element " + a + ": " + Long.toUnsignedString(value));
                        assertTrue(e.getMessage().contains("message element " + at + " "), e.getMessage());
                        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hash(0, messages[b]));
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(-1, 0, 3, (m, i) -> 0));
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(Integer.MIN_VALUE, lanes, 3, (m, i) -> 0));
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(-1, new long[1][2]));
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hashAll(-1, new long[lanes + 1][2]));
    }

    // ---------------------------------------------------------------- threads

    /** Each call hands out its own scratch, and bulk hashing on several threads beside the warm-up thread gives the sponge's digests. */
    @Test
    void concurrentBulkHashingBesideTheWarmUp() throws Exception {
        int lanes = lanes();
        assertNotSame(Poseidon2Lanes.permutation(), Poseidon2Lanes.permutation());
        Poseidon2Lanes.warmUpInBackground();
        int threads = 4, count = 64 * lanes + 5, length = 21;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 61 + t;
                jobs.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int round = 0; round < 6; round++) {
                        long[][] messages = new long[count][length];
                        for (long[] m : messages) {
                            for (int i = 0; i < length; i++) {
                                m[i] = Goldilocks.canonical(random.nextLong());
                            }
                        }
                        long[][] digests = Poseidon2Sponge.hashAll(7, count, length, (m, i) -> messages[m][i]);
                        for (int m = 0; m < count; m++) {
                            assertArrayEquals(Poseidon2Sponge.hash(7, messages[m]), digests[m], "message " + m);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
