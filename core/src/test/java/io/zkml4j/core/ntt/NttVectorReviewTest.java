package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.util.VectorLanes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Review of {@link NttVector}: its stage against the scalar butterflies on the field's edge values
 * (x, y and the twiddles), and whole transforms through the lanes against a plain radix-2 DIF
 * written here from {@link Goldilocks#addCanonical}, {@link Goldilocks#subCanonical} and
 * {@link Goldilocks#mul} alone.
 */
class NttVectorReviewTest {
    private static final long P = Goldilocks.P;
    private static final long[] EDGES = {
        0, 1, 2, P - 1, P - 2, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, 1L << 63, (1L << 63) - 1,
        Goldilocks.EPSILON, Goldilocks.EPSILON + 1, Goldilocks.EPSILON - 1, P - Goldilocks.EPSILON, 1L << 48, P >>> 1,
    };
    /** Patterns that are not canonical: the public entry points must canonicalise them. */
    private static final long[] NON_CANONICAL = {P, P + 1, -1L, -2L, P + Goldilocks.EPSILON - 1, -Goldilocks.EPSILON};

    private static void assumeLanes() {
        assumeTrue(VectorLanes.longLanes() >= 4, "no vector lanes on this machine (needs --add-modules jdk.incubator.vector and 256-bit vectors): skipped");
    }

    private static long value(SplittableRandom r) {
        return r.nextInt(3) == 0 ? Goldilocks.canonical(r.nextLong()) : EDGES[r.nextInt(EDGES.length)];
    }

    private static void scalarStage(long[] a, int start, int h, long[] roots, int from, int to) {
        for (int j = from; j < to; j++) {
            long u = a[start + j], v = a[start + h + j];
            a[start + j] = Goldilocks.addCanonical(u, v);
            a[start + h + j] = Goldilocks.mul(Goldilocks.subCanonical(u, v), roots[h + j]);
        }
    }

    /** Plain radix-2 DIF, natural in, bit-reversed out; inputs reduced first. */
    static long[] referenceDif(long[] in, int logN, boolean inverse) {
        long[] a = new long[in.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Goldilocks.canonical(in[i]);
        }
        long[] roots = Ntt.roots(logN, inverse);
        for (int h = a.length >>> 1; h >= 1; h >>>= 1) {
            for (int start = 0; start < a.length; start += 2 * h) {
                scalarStage(a, start, h, roots, 0, h);
            }
        }
        return a;
    }

    private static long[] referenceInverse(long[] in, int logN) {
        long[] a = referenceDif(in, logN, true);
        BitReverse.permute(a);
        long nInv = Goldilocks.inverse(a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = Goldilocks.mul(a[i], nInv);
        }
        return a;
    }

    @Test
    void theStageEqualsTheScalarOneOnEdgeValues() {
        assumeLanes();
        int lanes = NttVector.LANES;
        SplittableRandom r = new SplittableRandom(2024);
        // every (x, y) pair of edge values against every edge twiddle and a few random ones
        int e = EDGES.length;
        int pairs = e * e;
        long[] ws = new long[e + 4];
        System.arraycopy(EDGES, 0, ws, 0, e);
        for (int i = e; i < ws.length; i++) {
            ws[i] = Goldilocks.canonical(r.nextLong());
        }
        int h = pairs; // 256, a multiple of every lane count up to 64 (16·16)
        for (long w : ws) {
            long[] a = new long[2 * h];
            long[] roots = new long[2 * h];
            for (int k = 0; k < pairs; k++) {
                a[k] = EDGES[k / e];
                a[h + k] = EDGES[k % e];
                roots[h + k] = w;
            }
            long[] expect = a.clone();
            scalarStage(expect, 0, h, roots, 0, h);
            long[] got = a.clone();
            NttVector.butterflies(got, 0, h, roots, 0, h);
            for (int k = 0; k < 2 * h; k++) {
                assertTrue(Goldilocks.isCanonical(got[k]), "non-canonical output at " + k);
            }
            assertArrayEquals(expect, got, "w = " + Long.toUnsignedString(w));
        }
        // random mixes of edges, several spans, offsets and [from, to) ranges
        for (int trial = 0; trial < 400; trial++) {
            int hh = lanes * (1 + r.nextInt(16));
            int start = r.nextInt(5);
            long[] a = new long[start + 2 * hh + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = value(r);
            }
            long[] roots = new long[2 * hh];
            for (int i = 0; i < roots.length; i++) {
                roots[i] = value(r);
            }
            int from = lanes * r.nextInt(hh / lanes + 1);
            int to = from + lanes * r.nextInt((hh - from) / lanes + 1);
            long[] expect = a.clone();
            scalarStage(expect, start, hh, roots, from, to);
            long[] got = a.clone();
            NttVector.butterflies(got, start, hh, roots, from, to);
            assertArrayEquals(expect, got, "h " + hh + ", start " + start + ", [" + from + ", " + to + ")");
        }
    }

    /** Products whose 128-bit intermediate hits every carry: d and w near 2^64, 2^63, 2^32 multiples. */
    @Test
    void theStageEqualsTheScalarOneOnRandomCanonicalValues() {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(99);
        int h = 1 << 12;
        long[] a = new long[2 * h];
        long[] roots = new long[2 * h];
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < a.length; i++) {
                long v = Goldilocks.canonical(r.nextLong());
                a[i] = round % 2 == 0 ? v : Goldilocks.canonical(v | 0xFFFF_FFFF_0000_0000L);
                roots[i] = round < 4 ? Goldilocks.canonical(r.nextLong()) : P - 1 - (r.nextLong() & 0xFFFF_FFFFL);
            }
            long[] expect = a.clone();
            scalarStage(expect, 0, h, roots, 0, h);
            long[] got = a.clone();
            NttVector.butterflies(got, 0, h, roots, 0, h);
            assertArrayEquals(expect, got, "round " + round);
        }
    }

    private static long[] input(int n, int pattern, SplittableRandom r) {
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = switch (pattern) {
                case 0 -> Goldilocks.canonical(r.nextLong());
                case 1 -> EDGES[r.nextInt(EDGES.length)];
                case 2 -> NON_CANONICAL[r.nextInt(NON_CANONICAL.length)];
                default -> r.nextLong(); // any 64-bit pattern
            };
        }
        return c;
    }

    @Test
    void wholeTransformsThroughTheLanesEqualThePlainDif() {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(7);
        for (int logN = Ntt.LANES_MIN_LOG; logN <= 18; logN++) {
            int n = 1 << logN;
            for (int pattern = 0; pattern < 4; pattern++) {
                if (logN == 18 && pattern % 2 == 1) {
                    continue; // time
                }
                long[] c = input(n, pattern, r);
                String at = "2^" + logN + ", pattern " + pattern;
                long[] expect = referenceDif(c, logN, false);

                long[] a = c.clone();
                Ntt.forwardBitReversed(a);
                assertArrayEquals(expect, a, "forwardBitReversed(a), " + at);

                a = c.clone();
                Ntt.forward(a);
                long[] natural = expect.clone();
                BitReverse.permute(natural);
                assertArrayEquals(natural, a, "forward, " + at);

                long[] big = new long[n + 24];
                java.util.Arrays.fill(big, 5);
                System.arraycopy(c, 0, big, 8, n);
                Ntt.forwardBitReversed(big, 8, logN);
                assertArrayEquals(expect, java.util.Arrays.copyOfRange(big, 8, 8 + n), "forwardBitReversed(a, 8, logN), " + at);
                assertEquals(5, big[7]);
                assertEquals(5, big[8 + n]);

                long[][] rows = {c.clone(), c.clone()};
                Ntt.forwardBitReversedRows(rows);
                assertArrayEquals(expect, rows[0], "rows, " + at);
                assertArrayEquals(expect, rows[1], "rows, " + at);

                a = c.clone();
                Ntt.inverse(a);
                assertArrayEquals(referenceInverse(c, logN), a, "inverse, " + at);

                for (int len : new int[] {n / 4 - 3, n / 2, n / 2 + 1, 17}) {
                    long[] message = java.util.Arrays.copyOf(c, len);
                    long[] padded = java.util.Arrays.copyOf(message, n);
                    assertArrayEquals(referenceDif(padded, logN, false), Ntt.forwardBitReversedPadded(message, logN),
                            "padded, message " + len + ", " + at);
                }
            }
        }
    }

    private static final Method DIF_SEQUENTIAL;
    private static final Method DIF_IN_PLACE;

    static {
        try {
            DIF_SEQUENTIAL = Ntt.class.getDeclaredMethod("difSequential", long[].class, int.class, int.class, long[].class, boolean.class);
            DIF_SEQUENTIAL.setAccessible(true);
            DIF_IN_PLACE = Ntt.class.getDeclaredMethod("difInPlace", long[].class, int.class, int.class, long[].class, boolean.class, boolean.class);
            DIF_IN_PLACE.setAccessible(true);
        } catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The lanes branch of the cache-sized blocks (logN ≤ 14) against the scalar branch and the plain DIF, forward and inverse tables. */
    @Test
    void theLanesBranchOfSmallBlocksEqualsTheScalarBranch() throws Exception {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(11);
        for (int logN = 1; logN <= 15; logN++) {
            int n = 1 << logN;
            for (boolean inverse : new boolean[] {false, true}) {
                // the table of a larger transform, as sub-blocks of one use it
                long[] roots = Ntt.roots(Math.max(logN, 17), inverse);
                for (int pattern = 0; pattern < 2; pattern++) {
                    long[] c = input(n, pattern, r);
                    long[] expect = referenceDif(c, logN, inverse);
                    int offset = 8 * r.nextInt(4) + (pattern == 1 ? 0 : 3);
                    long[] scalar = new long[offset + n + 5];
                    System.arraycopy(c, 0, scalar, offset, n);
                    long[] lanes = scalar.clone();
                    DIF_SEQUENTIAL.invoke(null, scalar, offset, logN, roots, false);
                    DIF_SEQUENTIAL.invoke(null, lanes, offset, logN, roots, true);
                    String at = "2^" + logN + (inverse ? " inverse" : " forward") + ", offset " + offset;
                    assertArrayEquals(scalar, lanes, "lanes and scalar branches, " + at);
                    assertArrayEquals(expect, java.util.Arrays.copyOfRange(lanes, offset, offset + n), "plain DIF, " + at);
                }
            }
        }
    }

    /** The threaded path with lanes at sizes where the public entry points would not take them, so StageSlice splits small spans too. */
    @Test
    void theThreadedPathWithLanesEqualsThePlainDif() throws Exception {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(13);
        for (int logN = 2; logN <= 17; logN += 3) {
            int n = 1 << logN;
            long[] c = input(n, 0, r);
            long[] a = c.clone();
            DIF_IN_PLACE.invoke(null, a, 0, logN, Ntt.roots(logN, false), true, true);
            assertArrayEquals(referenceDif(c, logN, false), a, "2^" + logN);
        }
    }
}
