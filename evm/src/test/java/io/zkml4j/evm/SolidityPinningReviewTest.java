package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.basefold.BasefoldParameters;
import io.zkml4j.core.pcs.basefold.BasefoldPcs;
import io.zkml4j.core.pcs.basefold.ReviewWords;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of bf7c053 on-chain: Basefold.sol's pinned (list-decoding) opening against Java's
 * BasefoldPcs.verify on the edge cases of the pinning. Every proof gets the same verdict from both;
 * in particular 0 is an out-of-domain value like any other in the list-decoding regime (the zero
 * table opens, a stated 0 is checked against the line), a claim at the out-of-domain point itself
 * and at hypercube points opens, lines bent at one node are refused by both. Inputs only the
 * contract can be given are refused there with their reason: an out-of-domain value in the
 * unique-decoding regime, a point of another length than numVars, a non-canonical out-of-domain value.
 */
class SolidityPinningReviewTest {
    static final BasefoldParameters PINNED = new BasefoldParameters(2, 2, 6, 1, true);
    static final BasefoldParameters UNIQUE = new BasefoldParameters(2, 2, 6, 1, false);
    static final String CHECK = "check(bytes,uint256[],bytes32,uint256,uint256[],uint256)";

    /** A comparison: this call's verdict must be Java's, and Java's must be {@code expected}. */
    record Case(String name, SolidityBasefoldTest.Opening o, BasefoldPcs.Commitment commitment, byte[] proof, Ext2 value, boolean expected) {
        byte[] call() {
            return o.call(commitment, proof, value);
        }
    }

    static long[] table(Random rnd, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) {
            t[i] = Goldilocks.uniform(rnd);
        }
        return t;
    }

    static SolidityBasefoldTest.Opening openAt(BasefoldPcs.Committed c, Ext2[] z, UnaryOperator<Ext2[]> line) {
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, SolidityBasefoldTest.PROTOCOL);
        BasefoldPcs.open(c, z, new io.zkml4j.core.testing.LineRewritingChannel(p, (values, t) -> line.apply(values)), "pcs");
        return new SolidityBasefoldTest.Opening(c.commitment(), z, c.evaluate(z), p.proof());
    }

    @Test
    void javaAndSolidityAgreeOnThePinningsEdgeCases() throws Exception {
        int n = 5;
        Random rnd = new Random(1571);
        List<Case> cases = new ArrayList<>();
        // The zero table: y = 0 in the list-decoding regime.
        BasefoldPcs.Committed zero = BasefoldPcs.commit(PINNED, new long[1 << n], Keccak256.INSTANCE);
        assertEquals(Ext2.ZERO, zero.commitment().outOfDomainValue());
        SolidityBasefoldTest.Opening z0 = openAt(zero, BasefoldPcsPoints.random(rnd, n), l -> l);
        cases.add(new Case("zero table", z0, z0.commitment(), z0.proof(), Ext2.ZERO, true));
        cases.add(new Case("zero table, value 1", z0, z0.commitment(), z0.proof(), Ext2.ONE, false));
        // A random table.
        long[] t = table(rnd, n);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, t, Keccak256.INSTANCE);
        SolidityBasefoldTest.Opening o = openAt(c, BasefoldPcsPoints.random(rnd, n), l -> l);
        cases.add(new Case("honest", o, o.commitment(), o.proof(), o.value(), true));
        BasefoldPcs.Commitment statedZero = new BasefoldPcs.Commitment(PINNED, n, c.commitment().root(), Ext2.ZERO);
        cases.add(new Case("honest proof, commitment stating 0", o, statedZero, o.proof(), o.value(), false));
        // its prover stating 0 as the commitment's value (it binds 0, sends its true line)
        BasefoldPcs.Committed stating = ReviewWords.commitWord(PINNED, t, ReviewWords.spliced(PINNED, t, t, 0), Keccak256.INSTANCE, Ext2.ZERO);
        SolidityBasefoldTest.Opening s0 = openAt(stating, o.point(), l -> l);
        cases.add(new Case("prover stating 0", s0, statedZero, s0.proof(), o.value(), false));
        // A claim at the out-of-domain point itself: the line is constant.
        Ext2[] outside = BasefoldPcs.outOfDomainPoint(c.commitment().root(), n, Keccak256.INSTANCE);
        SolidityBasefoldTest.Opening atOutside = openAt(c, outside, l -> l);
        assertEquals(c.commitment().outOfDomainValue(), atOutside.value());
        cases.add(new Case("at z_ood", atOutside, c.commitment(), atOutside.proof(), atOutside.value(), true));
        cases.add(new Case("at z_ood, another value", atOutside, c.commitment(), atOutside.proof(), atOutside.value().add(Ext2.ONE), false));
        // Hypercube points.
        for (int i : new int[] {0, 21}) {
            Ext2[] vertex = new Ext2[n];
            for (int j = 0; j < n; j++) {
                vertex[j] = Ext2.fromBase((i >> j) & 1);
            }
            SolidityBasefoldTest.Opening v = openAt(c, vertex, l -> l);
            assertEquals(Ext2.fromBase(t[i]), v.value());
            cases.add(new Case("vertex " + i, v, c.commitment(), v.proof(), v.value(), true));
        }
        // Lines bent at one node (the ends checked, the others only through t*): each refused.
        for (int node = 0; node <= n; node++) {
            int k = node;
            SolidityBasefoldTest.Opening bent = openAt(c, o.point(), l -> {
                Ext2[] b = l.clone();
                b[k] = b[k].add(Ext2.of(3, 5));
                return b;
            });
            cases.add(new Case("line bent at node " + k, bent, c.commitment(), bent.proof(), o.value(), false));
        }
        // Regimes crossed: the unique-decoding proof of the same table against the pinned commitment, and the reverse.
        BasefoldPcs.Committed plain = BasefoldPcs.commit(UNIQUE, t, Keccak256.INSTANCE);
        SolidityBasefoldTest.Opening u = openAt(plain, o.point(), l -> l);
        cases.add(new Case("unique", u, u.commitment(), u.proof(), u.value(), true));
        cases.add(new Case("unique proof, pinned commitment", u, c.commitment(), u.proof(), u.value(), false));
        cases.add(new Case("pinned proof, unique commitment", o, plain.commitment(), o.proof(), o.value(), false));

        List<byte[]> calls = new ArrayList<>(cases.stream().map(Case::call).toList());
        // Contract-only inputs, through check (reverts with its reason).
        BigInteger y = SolidityBasefoldTest.outOfDomain(c.commitment());
        calls.add(check(u, paramsOf(plain.commitment()), BigInteger.ONE, u.point()));                 // an out-of-domain value in unique decoding
        calls.add(check(o, paramsOf(c.commitment()), y, Arrays.copyOf(o.point(), n - 1)));             // a point too short
        calls.add(check(o, paramsOf(c.commitment()), y, longer(o.point())));    // a point too long
        calls.add(check(o, paramsOf(c.commitment()), SolidityFieldTest.unsigned(SolidityFieldTest.P), o.point())); // p: a non-canonical 0
        calls.add(check(o, paramsOf(c.commitment()), y.add(BigInteger.ONE.shiftLeft(128)), o.point())); // a bit above 127
        calls.add(check(o, paramsOf(c.commitment()), y, o.point()));                                   // the honest check, for reference

        LocalChain.Run run = Evm.run("BasefoldProbe.sol", "BasefoldVerifier", calls);
        for (int i = 0; i < cases.size(); i++) {
            Case k = cases.get(i);
            LocalChain.Call call = run.calls().get(i);
            assertTrue(call.success(), () -> k.name() + ": " + call.revertReason());
            boolean java = k.o().acceptedByJava(k.commitment(), k.proof(), k.value());
            assertEquals(k.expected(), java, k.name() + " (Java)");
            assertEquals(java, Abi.decodeBool(call.returnData()), k.name() + " (Solidity)");
        }
        String[] reasons = {"an out-of-domain value in unique decoding", "basefold: parameters", "basefold: parameters", "non-canonical public value",
                "non-canonical public value"};
        for (int i = 0; i < reasons.length; i++) {
            LocalChain.Call call = run.calls().get(cases.size() + i);
            assertFalse(call.success(), "contract-only input " + i + " accepted");
            assertTrue(String.valueOf(call.revertReason()).contains(reasons[i]), "contract-only input " + i + ": " + call.revertReason());
        }
        LocalChain.Call honest = run.calls().get(cases.size() + reasons.length);
        assertTrue(honest.success(), honest::revertReason);
    }

    static Ext2[] longer(Ext2[] point) {
        Ext2[] l = Arrays.copyOf(point, point.length + 1);
        l[point.length] = Ext2.ONE;
        return l;
    }

    static long[] paramsOf(BasefoldPcs.Commitment commitment) {
        BasefoldParameters p = commitment.parameters();
        return new long[] {commitment.numVars(), p.logBlowup(), p.logArity(), p.queries(), p.grindingBits(), p.listDecoding() ? 1 : 0};
    }

    static byte[] check(SolidityBasefoldTest.Opening o, long[] params, BigInteger outOfDomain, Ext2[] point) {
        return Abi.call(CHECK, o.proof(), params, new BigInteger(1, o.commitment().root()), outOfDomain, SolidityFieldTest.packedAll(point),
                SolidityFieldTest.packed(o.value()));
    }

    /** Random points of the quadratic extension. */
    static final class BasefoldPcsPoints {
        static Ext2[] random(Random rnd, int n) {
            Ext2[] z = new Ext2[n];
            for (int i = 0; i < n; i++) {
                z[i] = Ext2.of(Goldilocks.uniform(rnd), Goldilocks.uniform(rnd));
            }
            return z;
        }
    }
}
