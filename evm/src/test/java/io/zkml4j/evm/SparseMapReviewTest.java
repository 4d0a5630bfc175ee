package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.GatherRelation;
import io.zkml4j.proof.relation.Target;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of CircuitChecks.sparseMapAt and SectionVerifierWriter.mapBytes: on maps at the edges of
 * the selection encoding (fewer entries than targets, a source of exactly 2^16 positions and one
 * of 2^17, duplicate targets, weights 0, p − 1 and non-canonical representations of 1 and 5,
 * targets out of order, no entries) and batches of 1, 2 and 4 samples, the Solidity map at (u, p)
 * equals Java's GatherRelation.mapAt (read through finalValue with a revealed value of one).
 */
class SparseMapReviewTest {
    private static final long P = 0xffffffff00000001L;

    private static SparseMap map(int targetSize, int sourceSize, int[] target, int[] source, long[] weight) {
        return new SparseMap(targetSize, sourceSize, target, source, weight, new long[targetSize]);
    }

    private static long[] ones(int n) {
        long[] w = new long[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static int[] identity(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    /** Java's value of the map at (u, p): GatherRelation.finalValue with the committed source's revealed value 1. */
    private static Ext2 javaMapAt(SparseMap map, int batch, Ext2[] u, Ext2[] p) {
        TensorLayout layout = new TensorLayout(new int[0], map.sourceSize(), batch);
        TensorPlan source = new TensorPlan("x", layout, TensorPlan.Visibility.COMMITTED, new VectorRef("x", 0, 0, -1, layout.numVars()), 0, null);
        GatherRelation g = new GatherRelation("g", map, source, Target.zero(Integer.numberOfTrailingZeros(map.targetSize()) + layout.batchVars()));
        Challenges c = new Challenges(new Ext2[0], new Ext2[0]);
        c.putPoint("g", u);
        return g.finalValue(p, new Ext2[] {Ext2.ONE}, c, null);
    }

    @Test
    void solidityMapAgreesWithJavaAtTheEncodingsEdges() throws Exception {
        Random rnd = new Random(2026);
        int[] wide = new int[6];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = rnd.nextInt(1 << 17);
        }
        wide[0] = (1 << 17) - 1;
        wide[1] = 1 << 16;
        Map<String, SparseMap> maps = new java.util.LinkedHashMap<>();
        maps.put("selection, fewer entries than targets", map(8, 32, identity(5), new int[] {31, 0, 7, 7, 16}, ones(5)));
        maps.put("selection, source of exactly 2^16", map(4, 1 << 16, identity(4), new int[] {65535, 0, 32768, 65534}, ones(4)));
        maps.put("selection, source of 2^17", map(8, 1 << 17, identity(6), wide, ones(6)));
        maps.put("selection, 1 written as p + 1", map(4, 32, identity(4), new int[] {3, 2, 1, 0}, new long[] {1, P + 1, 1, P + 1}));
        maps.put("duplicate targets", map(4, 32, new int[] {0, 0, 1, 3, 3}, new int[] {5, 6, 5, 31, 0}, new long[] {1, P - 1, 2, 0, 1}));
        maps.put("identity targets, one weight 2", map(4, 32, identity(4), new int[] {0, 1, 2, 3}, new long[] {1, 1, 2, 1}));
        maps.put("targets out of order", map(4, 32, new int[] {1, 0}, new int[] {9, 10}, ones(2)));
        maps.put("non-canonical 5", map(4, 64, new int[] {2, 3}, new int[] {63, 1}, new long[] {P + 5, P - 1}));
        maps.put("no entries", map(4, 32, new int[0], new int[0], new long[0]));
        maps.put("one target", map(1, 32, new int[] {0, 0, 0}, new int[] {4, 4, 30}, new long[] {3, P - 2, 7}));

        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, SparseMap> e : maps.entrySet()) {
            SparseMap m = e.getValue();
            String hex = SectionVerifierWriter.mapBytes(m);
            boolean selection = e.getKey().startsWith("selection") || e.getKey().equals("no entries");
            int sourceVars = Integer.numberOfTrailingZeros(m.sourceSize()), blocks = hex.startsWith("8") ? Integer.parseInt(hex.substring(2, 4), 16) : 0;
            assertEquals(selection ? (sourceVars - blocks <= 16 ? 1 : 2) : 0, Integer.parseInt(hex.substring(0, 2), 16) & 0x7f,
                    e.getKey() + ": the encoding chosen (its pattern's, when it repeats in blocks)");
            int tv = Integer.numberOfTrailingZeros(m.targetSize()), sv = Integer.numberOfTrailingZeros(m.sourceSize());
            for (int batch : new int[] {1, 2, 4}) {
                if (sv > 16 && batch > 1) {
                    continue; // one large table is enough
                }
                int bv = Integer.numberOfTrailingZeros(batch);
                Ext2[] u = new Ext2[tv + bv];
                Ext2[] p = new Ext2[sv + bv];
                for (int i = 0; i < u.length; i++) {
                    u[i] = SolidityFieldTest.randomExt(rnd);
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] = SolidityFieldTest.randomExt(rnd);
                }
                calls.add(Abi.call("at(bytes,uint256[],uint256,uint256[],uint256)", HexFormat.of().parseHex(hex), packedAll(u),
                        BigInteger.valueOf(tv), packedAll(p), BigInteger.valueOf(sv)));
                expected.add(javaMapAt(m, batch, u, p));
                names.add(e.getKey() + ", batch " + batch);
            }
        }
        LocalChain.Run run = Evm.run("SparseMapProbe.sol", "SparseMapProbe", calls);
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            String what = names.get(i);
            assertTrue(c.success(), () -> what + ": reverts: " + c.revertReason());
            assertEquals(expected.get(i), SolidityFieldTest.unpack(new BigInteger(1, c.returnData())), what);
            System.out.printf("sparse map review: %s agrees (%,d gas)%n", what, c.gasUsed());
        }
    }

    private static BigInteger[] packedAll(Ext2[] values) {
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = SolidityFieldTest.packed(values[i]);
        }
        return out;
    }
}
