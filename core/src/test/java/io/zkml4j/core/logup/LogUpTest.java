package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LogUpTest {
    static final String DS = "logup-test/v1";
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    static long[] values(int n, int bound, SplittableRandom r) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return v;
    }

    /**
     * The full flow a protocol uses: commit to the multiplicities, bind the root, run LogUp, then open
     * the multiplicity claim. Lookup-column claims are checked against the columns directly here.
     */
    static byte[] proveRange(List<long[][]> lookups, LookupTable table, long[] multiplicities) {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(1));
        CommittedPolynomials m = pcs.commit(PARAMS, List.of(multiplicities));
        p.sendDigest("m.root", m.commitment().root());
        LogUp.Claims claims = LogUp.prove(lookups, table, multiplicities, p, "lookup");
        pcs.open(List.of(m), List.of(LinearClaim.evaluation(0, 0, claims.tablePoint(), claims.multiplicityValue())), p);
        return p.proof();
    }

    static void verifyRange(List<long[][]> lookups, LookupTable table, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        Commitment m = new Commitment(PARAMS, v.receiveDigest("m.root"), new int[] {table.numVars()});
        int[] vars = lookups.stream().mapToInt(l -> Integer.numberOfTrailingZeros(l[0].length)).toArray();
        LogUp.Claims claims = LogUp.verify(vars, table, v, "lookup");
        LigeroPcs.verify(List.of(m), List.of(LinearClaim.evaluation(0, 0, claims.tablePoint(), claims.multiplicityValue())), v);
        v.finish();
        for (int l = 0; l < lookups.size(); l++) {
            for (int c = 0; c < lookups.get(l).length; c++) {
                InvalidProofException.check(Multilinear.evaluateBase(lookups.get(l)[c], claims.lookupPoints().get(l))
                        .equals(claims.lookupColumnValues().get(l)[c]), "lookup %d column %d", l, c);
            }
        }
    }

    @Test
    void rangeChecksOfSeveralSizesShareOneTable() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        LookupTable range = LookupTable.range(6);
        List<long[][]> lookups = List.of(new long[][] {values(1 << 5, 64, r)}, new long[][] {values(1 << 3, 64, r)},
                new long[][] {values(1, 64, r)}, new long[][] {values(1 << 7, 64, r)});
        long[] m = LogUp.multiplicities(lookups, range);
        assertEquals((1 << 5) + (1 << 3) + 1 + (1 << 7), java.util.Arrays.stream(m).sum());
        byte[] proof = proveRange(lookups, range, m);
        ProofMutator.assertEveryElementMatters(proof, 5, bytes -> verifyRange(lookups, range, bytes));
    }

    @Test
    void outOfRangeValuesAreCaughtByTheProverAndRejectedByTheVerifier() {
        SplittableRandom r = new SplittableRandom(2);
        LookupTable range = LookupTable.range(4);
        long[] bad = values(1 << 4, 16, r);
        bad[5] = 16;
        List<long[][]> lookups = List.<long[][]>of(new long[][] {bad});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogUp.multiplicities(lookups, range));
        assertTrue(e.getMessage().contains("row 5") && e.getMessage().contains("16"), e.getMessage());
        // A cheating prover that forges multiplicities (here: counts of the in-range values only) is rejected.
        long[] honestPart = bad.clone();
        honestPart[5] = 0;
        long[] forged = LogUp.multiplicities(List.<long[][]>of(new long[][] {honestPart}), range);
        byte[] proof = proveRange(lookups, range, forged);
        assertThrows(InvalidProofException.class, () -> verifyRange(lookups, range, proof));
        // Negative numbers are p − |x|, far outside any small range.
        long[] negative = new long[4];
        negative[2] = Goldilocks.fromSigned(-1);
        assertThrows(IllegalArgumentException.class, () -> LogUp.multiplicities(List.<long[][]>of(new long[][] {negative}), range));
    }

    @Test
    void wrongMultiplicitiesAreRejected() {
        SplittableRandom r = new SplittableRandom(3);
        LookupTable range = LookupTable.range(5);
        List<long[][]> lookups = List.<long[][]>of(new long[][] {values(1 << 6, 32, r)});
        long[] m = LogUp.multiplicities(lookups, range);
        m[3]++;
        m[4]--;
        byte[] proof = proveRange(lookups, range, m);
        assertThrows(InvalidProofException.class, () -> verifyRange(lookups, range, proof));
    }

    /** An activation table: (x, relu(x)) for x in [−8, 8), x as a field element. */
    static LookupTable relu() {
        long[] in = new long[16], out = new long[16];
        for (int i = 0; i < 16; i++) {
            int x = i - 8;
            in[i] = Goldilocks.fromSigned(x);
            out[i] = Math.max(0, x);
        }
        return LookupTable.of(in, out);
    }

    @Test
    void multiColumnTable() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        LookupTable relu = relu();
        List<long[][]> lookups = new ArrayList<>();
        for (int n : new int[] {4, 2}) {
            long[] x = new long[1 << n], y = new long[1 << n];
            for (int i = 0; i < x.length; i++) {
                int v = r.nextInt(16) - 8;
                x[i] = Goldilocks.fromSigned(v);
                y[i] = Math.max(0, v);
            }
            lookups.add(new long[][] {x, y});
        }
        long[] m = LogUp.multiplicities(lookups, relu);
        byte[] proof = proveRange(lookups, relu, m);
        ProofMutator.assertEveryElementMatters(proof, 5, bytes -> verifyRange(lookups, relu, bytes));
        // A wrong output (relu(-3) claimed as 3) is not in the table.
        long[][] wrong = {lookups.get(1)[0].clone(), lookups.get(1)[1].clone()};
        wrong[0][1] = Goldilocks.fromSigned(-3);
        wrong[1][1] = 3;
        List<long[][]> bad = List.of(lookups.get(0), wrong);
        assertThrows(IllegalArgumentException.class, () -> LogUp.multiplicities(bad, relu));
        byte[] forged = proveRange(bad, relu, m);
        assertThrows(InvalidProofException.class, () -> verifyRange(bad, relu, forged));
    }

    @Test
    void theTableIsPartOfTheStatement() {
        LookupTable relu = relu();
        List<long[][]> lookups = List.<long[][]>of(new long[][] {{Goldilocks.fromSigned(-2), 3}, {0, 3}});
        byte[] proof = proveRange(lookups, relu, LogUp.multiplicities(lookups, relu));
        long[] in = new long[16], out = new long[16];
        for (int i = 0; i < 16; i++) {
            in[i] = Goldilocks.fromSigned(i - 8);
            out[i] = i == 15 ? 99 : Math.max(0, i - 8); // one entry differs
        }
        assertThrows(InvalidProofException.class, () -> verifyRange(lookups, LookupTable.of(in, out), proof));
    }

    @Test
    void compressIsHorner() {
        Ext2 beta = Ext2.of(3, 5);
        Ext2[] v = {Ext2.fromBase(1), Ext2.fromBase(2), Ext2.fromBase(7)};
        assertEquals(v[0].add(beta.mul(v[1])).add(beta.mul(beta).mul(v[2])), LogUp.compress(v, beta));
    }
}
