package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.proof.circuit.SparseMap;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gathers' maps as the section writes them (SectionVerifierWriter.mapBytes: 16-byte entries,
 * selections, patterns repeated in blocks) evaluated on-chain by CircuitChecks.sparseMapAt, against
 * the sum over every entry that GatherRelation.mapAt computes in Java: random maps, maps repeated in
 * blocks, and blocked maps changed in one entry (which must not be written as blocks); and their constants as runs.
 */
class SparseMapTest {
    private static final Random RANDOM = new Random(2026);

    /** Java's G(u, p): Σ_e eq(u_low, target_e)·eq(p_low, source_e)·weight_e, times eq of the batch coordinates. */
    static Ext2 direct(SparseMap map, Ext2[] u, Ext2[] p) {
        int tv = Integer.numberOfTrailingZeros(map.targetSize()), sv = Integer.numberOfTrailingZeros(map.sourceSize());
        long[] eqU = Multilinear.eqTable(Arrays.copyOf(u, tv)), eqS = Multilinear.eqTable(Arrays.copyOf(p, sv));
        Ext2 sum = Ext2.ZERO;
        for (int e = 0; e < map.entries(); e++) {
            sum = sum.add(Ext2.at(eqU, map.target()[e]).mul(Ext2.at(eqS, map.source()[e])).mul(map.weight()[e]));
        }
        return sum.mul(Multilinear.eq(Arrays.copyOfRange(u, tv, u.length), Arrays.copyOfRange(p, sv, p.length)));
    }

    static SparseMap map(int targetVars, int sourceVars, int[] target, int[] source, long[] weight) {
        return new SparseMap(1 << targetVars, 1 << sourceVars, target, source, weight, new long[1 << targetVars]);
    }

    static SparseMap random(int targetVars, int sourceVars, int entries, boolean selection) {
        int[] t = new int[entries], s = new int[entries];
        long[] w = new long[entries];
        for (int e = 0; e < entries; e++) {
            t[e] = selection ? e : RANDOM.nextInt(1 << targetVars);
            s[e] = RANDOM.nextInt(1 << sourceVars);
            w[e] = selection ? 1 : Goldilocks.canonical(RANDOM.nextLong());
        }
        return map(targetVars, sourceVars, t, s, w);
    }

    /** A pattern over 2^a targets and 2^b sources repeated in 2^k blocks at the top bits, block after block. */
    static SparseMap blocked(SparseMap pattern, int k) {
        int a = Integer.numberOfTrailingZeros(pattern.targetSize()), b = Integer.numberOfTrailingZeros(pattern.sourceSize());
        int n = pattern.entries();
        int[] t = new int[n << k], s = new int[n << k];
        long[] w = new long[n << k];
        for (int blk = 0; blk < 1 << k; blk++) {
            for (int e = 0; e < n; e++) {
                t[blk * n + e] = (blk << a) | pattern.target()[e];
                s[blk * n + e] = (blk << b) | pattern.source()[e];
                w[blk * n + e] = pattern.weight()[e];
            }
        }
        return map(a + k, b + k, t, s, w);
    }

    static SparseMap changed(SparseMap m, int entry, int source, long weight) {
        int[] s = m.source().clone();
        long[] w = m.weight().clone();
        s[entry] = source;
        w[entry] = weight;
        return map(Integer.numberOfTrailingZeros(m.targetSize()), Integer.numberOfTrailingZeros(m.sourceSize()), m.target(), s, w);
    }

    static Ext2[] point(int n) {
        Ext2[] x = new Ext2[n];
        for (int i = 0; i < n; i++) {
            x[i] = Ext2.of(Goldilocks.canonical(RANDOM.nextLong()), Goldilocks.canonical(RANDOM.nextLong()));
        }
        return x;
    }

    static BigInteger[] packed(Ext2[] x) {
        return Arrays.stream(x).map(SolidityFieldTest::packed).toArray(BigInteger[]::new);
    }

    static int kind(SparseMap m) {
        return Integer.parseInt(SectionVerifierWriter.mapBytes(m).substring(0, 2), 16);
    }

    /**
     * A map with a position outside its sizes: Java's mapAt cannot evaluate it (eqU or eqS has no such
     * index, so its verifier throws), so the section writer must refuse it or the chain must revert, never
     * evaluate the position's low bits (a target 4 of 4 targets read as target 0, a selection).
     */
    @Test
    void aPositionOutsideTheMapIsNeverReadAsItsLowBits() throws Exception {
        List<SparseMap> maps = List.of(
                map(2, 2, new int[] {4}, new int[] {0}, new long[] {1}),             // target 4 of 4: would be "entry 0 of target 0"
                map(2, 2, new int[] {1}, new int[] {5}, new long[] {7}),             // source 5 of 4
                map(2, 2, new int[] {0, 1}, new int[] {0, -4}, new long[] {1, 1}),   // a negative source
                map(2, 2, new int[] {-4}, new int[] {0}, new long[] {3}));           // a negative target
        List<byte[]> calls = new ArrayList<>();
        for (SparseMap m : maps) {
            Ext2[] u = point(2), p = point(2);
            assertThrows(IndexOutOfBoundsException.class, () -> direct(m, u, p), "Java cannot evaluate the map");
            String hex;
            try {
                hex = SectionVerifierWriter.mapBytes(m);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            calls.add(io.zkml4j.evm.Abi.call("at(bytes,uint256[],uint256,uint256[],uint256)", HexFormat.of().parseHex(hex),
                    packed(u), BigInteger.TWO, packed(p), BigInteger.TWO));
        }
        if (!calls.isEmpty()) {
            LocalChain.Run run = Evm.run("SparseMapProbe.sol", "SparseMapProbe", calls);
            for (int i = 0; i < calls.size(); i++) {
                assertFalse(run.calls().get(i).success(), "a written map with a position outside it evaluated on-chain (call " + i + ")");
            }
        }
    }

    @Test
    void everyEncodingEvaluatesAsTheSumOverItsEntries() throws Exception {
        SparseMap selectionPattern = random(4, 5, 9, true);
        SparseMap generalPattern = random(3, 4, 11, false);
        SparseMap blockedSelection = blocked(selectionPattern, 2);
        SparseMap blockedGeneral = blocked(generalPattern, 3);
        List<SparseMap> maps = new ArrayList<>(List.of(
                random(5, 6, 40, false),                       // 16-byte entries
                random(6, 7, 50, true),                        // a selection in 2 bytes
                random(4, 17, 12, true),                       // a selection in 4 bytes (2^17 sources)
                blockedSelection, blockedGeneral,
                blocked(random(0, 3, 1, true), 3),             // one entry per block, blocks of one target
                changed(blockedSelection, 2 * 9 + 4, (2 << 5) | ((selectionPattern.source()[4] + 1) & 31), 1), // block 2 differs
                changed(blockedGeneral, 5 * 11 + 7, blockedGeneral.source()[5 * 11 + 7], 12345),              // a weight in block 5
                changed(blockedSelection, 3 * 9, 0, 1),        // an entry of block 3 reading block 0
                map(3, 3, new int[0], new int[0], new long[0]),   // no entries
                random(16, 4, 5, false),                       // few entries over many targets: each target's eq alone
                random(3, 18, 6, true)));                      // and over many sources
        assertEquals(0x81, kind(blockedSelection), "a selection repeated per block is written as its pattern");
        assertEquals(0x80, kind(blockedGeneral));
        for (int i = 6; i <= 8; i++) {
            assertEquals(0, kind(maps.get(i)) & 0x80, "map " + i + " differs in one block: not written as blocks");
        }
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        for (SparseMap m : maps) {
            int tv = Integer.numberOfTrailingZeros(m.targetSize()), sv = Integer.numberOfTrailingZeros(m.sourceSize());
            for (int batch : new int[] {0, 2}) {
                Ext2[] u = point(tv + batch), p = point(sv + batch);
                expected.add(direct(m, u, p));
                calls.add(io.zkml4j.evm.Abi.call("at(bytes,uint256[],uint256,uint256[],uint256)", HexFormat.of().parseHex(SectionVerifierWriter.mapBytes(m)),
                        packed(u), BigInteger.valueOf(tv), packed(p), BigInteger.valueOf(sv)));
            }
        }
        LocalChain.Run run = Evm.run("SparseMapProbe.sol", "SparseMapProbe", calls);
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            int which = i;
            assertTrue(c.success(), () -> "map " + which / 2 + ": " + c.revertReason());
            assertEquals(expected.get(i), SolidityFieldTest.unpack(new BigInteger(1, c.returnData())), "map " + i / 2 + ", batch " + (i % 2 == 0 ? 0 : 2));
        }
    }

    /**
     * A gather's constants as runs (SectionVerifierWriter.constantsBytes) evaluated on-chain by CircuitChecks.runsAt,
     * against their multilinear extension at the point's first coordinates: a pooled output's padding (one run per
     * channel block), windows at the edges (many runs), random values (a run per position), one value everywhere,
     * a pattern changed in one block, a run that ends at the last position; each with and without batch coordinates.
     */
    @Test
    void constantsAsRunsEvaluateAsTheirExtension() throws Exception {
        long min = Goldilocks.fromSigned(-32768);
        long[] padding = new long[1 << 9]; // 2^3 channels of 64 positions, 49 real
        long[] edges = new long[1 << 8];    // 2^2 channels of 8x8 (the first row and column at the padding)
        for (int c = 0; c < 8; c++) {
            Arrays.fill(padding, c * 64 + 49, (c + 1) * 64, min);
        }
        for (int i = 0; i < edges.length; i++) {
            int pixel = i % 64;
            edges[i] = pixel < 8 || pixel % 8 == 0 ? min : 0;
        }
        long[] random = new long[1 << 5];
        for (int i = 0; i < random.length; i++) {
            random[i] = Goldilocks.canonical(RANDOM.nextLong());
        }
        long[] same = new long[1 << 6];
        Arrays.fill(same, 7);
        long[] oneBlockDiffers = padding.clone();
        oneBlockDiffers[5 * 64 + 3] = 11;
        long[] toTheEnd = new long[1 << 4];
        Arrays.fill(toTheEnd, 9, 16, 3);
        List<long[]> vectors = List.of(padding, edges, random, same, oneBlockDiffers, toTheEnd);
        assertEquals("03", SectionVerifierWriter.constantsBytes(padding).substring(0, 2), "the padding repeats in 2^3 blocks");
        assertEquals(1 + 16, SectionVerifierWriter.constantsBytes(padding).length() / 2, "one run in the pattern");
        assertTrue(SectionVerifierWriter.constantsBytes(oneBlockDiffers).startsWith("00"), "a block that differs: no blocks");
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        for (long[] v : vectors) {
            int vars = Integer.numberOfTrailingZeros(v.length);
            for (int batch : new int[] {0, 2}) {
                Ext2[] u = point(vars + batch);
                expected.add(Multilinear.evaluateBase(v, Arrays.copyOf(u, vars)));
                calls.add(io.zkml4j.evm.Abi.call("constantsAt(bytes,uint256[],uint256)",
                        HexFormat.of().parseHex(SectionVerifierWriter.constantsBytes(v)), packed(u), BigInteger.valueOf(vars)));
            }
        }
        LocalChain.Run run = Evm.run("SparseMapProbe.sol", "SparseMapProbe", calls);
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            int which = i;
            assertTrue(c.success(), () -> "constants " + which / 2 + ": " + c.revertReason());
            assertEquals(expected.get(i), SolidityFieldTest.unpack(new BigInteger(1, c.returnData())), "constants " + i / 2);
        }
    }
}
