package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.SuccinctParameters;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.ProverChannel;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacker review of SuccinctOpening.sol (helper session): statements that the Java verifier refuses
 * (LigeroPcs.checkStatement) but the Solidity verifier took.
 *
 * <p>The claims' points and weights are data, not configuration: the caller computes or receives them.
 * A prover that absorbs another statement than the one it proves (a channel rewriting the public
 * absorptions; every message it sends is honest) makes proofs for statements of the wrong shape:
 * <ul>
 * <li>explicit weights longer than their polynomial, which then reach into the next polynomial of a
 *     shared row: "⟨w, P0⟩ = v" is accepted for v = ⟨w_lo, P0⟩ + ⟨w_hi, P1⟩;</li>
 * <li>explicit weights shorter than their polynomial (a claim on a part of it);</li>
 * <li>an evaluation point with more coordinates than its polynomial has variables, the extra ones
 *     ignored (a polynomial padded with zeros would take (1 − e)·v there, not v);</li>
 * </ul>
 * and a point with fewer coordinates made the verifier revert with a Panic (an array index out of
 * bounds), not a reason, as did a term naming a commitment past the last (the one past the last was
 * the opening's own mask matrix, which the prover chooses).
 */
class SolidityOpeningReviewTest {
    static final String PROTOCOL = SolidityOpeningTest.PROTOCOL;
    static final String VERIFY = SolidityOpeningTest.VERIFY;
    /** Rows of 2^4, a code of 2^7, 3 queries: small and quick. */
    static final LigeroParameters SMALL = new LigeroParameters(4, 7, 6, 3, 0, Keccak256.INSTANCE, new SuccinctParameters(2, 3, 2));

    /**
     * One term as the probe takes it. For an honest statement each field follows from the claim and the
     * commitment's layout; the tests below change one.
     */
    /** A term as SuccinctOpeningProbe reads it: kind as Claims.sol numbers it (eq 0, explicit 1, product 2, powers 3; a product's high point and powers' points apart). */
    record TermData(int claim, int commitment, int polynomial, Ext2 coefficient, int kind, Ext2[] weights, Ext2[] high, int numVars,
                    int rowStart, int columnOffset) {
        static TermData of(int claim, LinearClaim.Term t, List<Commitment> coms) {
            Commitment c = coms.get(t.commitment());
            int nv = c.numVars(t.polynomial());
            int a = c.parameters().logRowWidth();
            Ext2[] weights = switch (t.weights()) {
                case Weights.Eq e -> e.point();
                case Weights.Explicit x -> ExtVectors.toArray(x.interleaved());
                case Weights.Powers x -> ExtVectors.toArray(x.coefficients());
                case Weights.Product w -> ExtVectors.toArray(w.low());
            };
            int kind = switch (t.weights()) {
                case Weights.Eq e -> 0;
                case Weights.Explicit x -> 1;
                case Weights.Product w -> 2;
                case Weights.Powers x -> 3;
            };
            Ext2[] high = switch (t.weights()) {
                case Weights.Product w -> w.high();
                case Weights.Powers x -> java.util.Arrays.stream(x.points()).mapToObj(Ext2::fromBase).toArray(Ext2[]::new);
                default -> new Ext2[0];
            };
            return new TermData(claim, t.commitment(), t.polynomial(), t.coefficient(), kind, weights, high, nv, c.rowStart(t.polynomial()),
                    nv < a ? c.columnOffset(t.polynomial()) : 0);
        }

        TermData withWeights(Ext2[] w) {
            return new TermData(claim, commitment, polynomial, coefficient, kind, w, high, numVars, rowStart, columnOffset);
        }

        TermData withCommitment(int m) {
            return new TermData(claim, m, polynomial, coefficient, kind, weights, high, numVars, rowStart, columnOffset);
        }
    }

    static List<TermData> termsOf(List<LinearClaim> claims, List<Commitment> coms) {
        List<TermData> out = new ArrayList<>();
        for (int j = 0; j < claims.size(); j++) {
            for (LinearClaim.Term t : claims.get(j).terms()) {
                out.add(TermData.of(j, t, coms));
            }
        }
        return out;
    }

    static byte[] call(byte[] proof, List<Commitment> coms, List<Ext2> values, List<TermData> terms) {
        LigeroParameters p = coms.get(0).parameters();
        List<Long> header = new ArrayList<>(List.of((long) p.logRowWidth(), (long) p.logCodeLength(), (long) p.succinct().logArity(),
                (long) p.succinct().queries(), (long) p.succinct().grindingBits()));
        coms.forEach(c -> header.add((long) c.rows()));
        List<BigInteger> words = new ArrayList<>();
        List<BigInteger> pool = new ArrayList<>();
        for (TermData t : terms) {
            long[] w = {t.claim(), t.commitment(), t.polynomial(), 0, t.kind(), pool.size(), t.weights().length, t.high().length, t.numVars(),
                t.rowStart(), t.columnOffset()};
            for (long x : w) {
                words.add(BigInteger.valueOf(x));
            }
            words.set(words.size() - 8, SolidityFieldTest.packed(t.coefficient()));
            for (Ext2 e : t.weights()) {
                pool.add(SolidityFieldTest.packed(e));
            }
            for (Ext2 e : t.high()) {
                pool.add(SolidityFieldTest.packed(e));
            }
        }
        return Abi.call(VERIFY, proof, new Abi.BytesArray(coms.stream().map(Commitment::encode).toList()),
                header.stream().mapToLong(Long::longValue).toArray(), values.stream().map(SolidityFieldTest::packed).toArray(BigInteger[]::new),
                words.toArray(new BigInteger[0]), pool.toArray(new BigInteger[0]));
    }

    static byte[] call(byte[] proof, List<Commitment> coms, List<LinearClaim> claims) {
        return call(proof, coms, claims.stream().map(LinearClaim::value).toList(), termsOf(claims, coms));
    }

    /**
     * A prover channel that absorbs another statement than the one it proves: each public field
     * absorption passes through {@code rewrite} (null: not absorbed). Everything sent is the honest prover's.
     */
    static final class Forging implements ProverChannel {
        final FiatShamirProver inner = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        final BiFunction<String, long[], long[]> rewrite;

        Forging(BiFunction<String, long[], long[]> rewrite) {
            this.rewrite = rewrite;
        }

        @Override public void absorbPublic(String label, byte[] data) { inner.absorbPublic(label, data); }
        @Override public void absorbPublic(String label, long[] elements) {
            long[] out = rewrite.apply(label, elements);
            if (out != null) {
                inner.absorbPublic(label, out);
            }
        }
        @Override public Ext2 challengeExt(String label) { return inner.challengeExt(label); }
        @Override public int[] challengeIndices(String label, int count, int bound) { return inner.challengeIndices(label, count, bound); }
        @Override public boolean isFiatShamir() { return true; }
        @Override public void sendBase(String label, long[] elements) { inner.sendBase(label, elements); }
        @Override public void sendExt(String label, long[] interleaved) { inner.sendExt(label, interleaved); }
        @Override public void sendDigest(String label, byte[] digest) { inner.sendDigest(label, digest); }
        @Override public void sendBytes(String label, byte[] bytes) { inner.sendBytes(label, bytes); }
        @Override public void grind(String label, int bits) { inner.grind(label, bits); }
    }

    static long[] table(Random rnd, int n) {
        return SolidityOpeningTest.table(rnd, n);
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Accepted: returned; rejected: reverted with a reason (Error(string)). A Panic, an empty revert or running out of gas fail the test. */
    static boolean accepted(LocalChain.Call c) {
        if (!c.success()) {
            assertTrue(Abi.revertReason(c.returnData()).isPresent(), "a revert without a reason: " + c.error() + ", data "
                    + java.util.HexFormat.of().formatHex(c.returnData() == null ? new byte[0] : c.returnData()));
        }
        return c.success();
    }

    static boolean javaAccepts(byte[] proof, List<Commitment> coms, List<LinearClaim> claims) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
        try {
            LigeroPcs.verify(coms, claims, v);
            v.finish();
            return true;
        } catch (io.zkml4j.core.transcript.InvalidProofException e) {
            return false;
        }
    }

    @Test
    void statementsOfTheWrongShapeAreRefusedAsJavaRefusesThem() throws Exception {
        Random rnd = new Random(71);
        // One commitment: P0 and P1 (2 variables each) share row 0 at offsets 0 and 4, P2 (5 variables) spans rows 1 and 2.
        List<long[]> tables = List.of(table(rnd, 2), table(rnd, 2), table(rnd, 5));
        LigeroPcs pcs = new LigeroPcs(rnd);
        CommittedPolynomials committed = pcs.commit(SMALL, tables);
        List<Commitment> coms = List.of(committed.commitment());
        assertEquals(List.of(0, 0, 1), List.of(coms.get(0).rowStart(0), coms.get(0).rowStart(1), coms.get(0).rowStart(2)));
        assertEquals(4, coms.get(0).columnOffset(1));
        List<byte[]> calls = new ArrayList<>();
        List<String> expectedReasons = new ArrayList<>(); // null: accepted

        // 1. Explicit weights twice as long as P0: proved as ⟨w_lo, P0⟩ + ⟨w_hi, P1⟩, absorbed as one term on P0.
        long[] wLo = ExtVectors.of(SolidityOpeningTest.point(rnd, 4)), wHi = ExtVectors.of(SolidityOpeningTest.point(rnd, 4));
        Ext2 spanValue = ExtVectors.innerProductBase(wLo, tables.get(0)).add(ExtVectors.innerProductBase(wHi, tables.get(1)));
        List<LinearClaim> spanProved = List.of(new LinearClaim(List.of(new LinearClaim.Term(0, 0, new Weights.Explicit(wLo), Ext2.ONE),
                new LinearClaim.Term(0, 1, new Weights.Explicit(wHi), Ext2.ONE)), spanValue));
        List<LinearClaim> spanStated = List.of(LinearClaim.weighted(0, 0, concat(wLo, wHi), spanValue));
        assertNotEquals(ExtVectors.innerProductBase(wLo, tables.get(0)), spanValue, "the value is not P0's alone");
        Forging span = new Forging((label, data) -> {
            if (label.equals("pcs.claim.weights") && Arrays.equals(data, wLo)) return concat(wLo, wHi);
            if (label.equals("pcs.claim.weights") && Arrays.equals(data, wHi)) return null;
            if (label.equals("pcs.claim.term") && data[1] == 1) return null;
            return data;
        });
        pcs.open(List.of(committed), spanProved, span);
        calls.add(call(span.inner.proof(), coms, spanProved.stream().map(LinearClaim::value).toList(), termsOf(spanProved, coms)));
        expectedReasons.add(""); // control: refused (any reason), the forged transcript is not the honest one
        calls.add(call(span.inner.proof(), coms, spanStated));
        expectedReasons.add("opening: explicit weights");

        CommittedPolynomials committed2 = pcs.commit(SMALL, tables);
        List<Commitment> coms2 = List.of(committed2.commitment());
        // 2. Explicit weights half as long as P1 (a claim on its first two values), proved with them padded by zeros.
        long[] half = ExtVectors.of(SolidityOpeningTest.point(rnd, 2));
        long[] padded = concat(half, new long[4]);
        Ext2 halfValue = ExtVectors.innerProductBase(padded, tables.get(1));
        List<LinearClaim> halfProved = List.of(LinearClaim.weighted(0, 1, padded, halfValue));
        Forging shortWeights = new Forging((label, data) -> label.equals("pcs.claim.weights") ? half : data);
        pcs.open(List.of(committed2), halfProved, shortWeights);
        calls.add(call(shortWeights.inner.proof(), coms2, List.of(LinearClaim.weighted(0, 1, half, halfValue))));
        expectedReasons.add("opening: explicit weights");

        CommittedPolynomials committed3 = pcs.commit(SMALL, tables);
        List<Commitment> coms3 = List.of(committed3.commitment());
        // 3. Points with one coordinate more than P2 and P0 have variables, the extra one ignored.
        Ext2[] z2 = SolidityOpeningTest.point(rnd, 5), z0 = SolidityOpeningTest.point(rnd, 2);
        Ext2 v2 = Multilinear.evaluateBase(tables.get(2), z2), v0 = Multilinear.evaluateBase(tables.get(0), z0);
        List<LinearClaim> pointsProved = List.of(LinearClaim.evaluation(0, 2, z2, v2), LinearClaim.evaluation(0, 0, z0, v0));
        Ext2 extra = SolidityFieldTest.randomExt(rnd);
        Ext2[] z2Long = Arrays.copyOf(z2, 6), z0Long = Arrays.copyOf(z0, 3);
        z2Long[5] = extra;
        z0Long[2] = extra;
        List<LinearClaim> pointsStated = List.of(LinearClaim.evaluation(0, 2, z2Long, v2), LinearClaim.evaluation(0, 0, z0Long, v0));
        Forging longPoints = new Forging((label, data) -> {
            if (label.equals("pcs.claim.point") && Arrays.equals(data, ExtVectors.of(z2))) return ExtVectors.of(z2Long);
            if (label.equals("pcs.claim.point") && Arrays.equals(data, ExtVectors.of(z0))) return ExtVectors.of(z0Long);
            return data;
        });
        pcs.open(List.of(committed3), pointsProved, longPoints);
        calls.add(call(longPoints.inner.proof(), coms3, pointsStated));
        expectedReasons.add("opening: an evaluation point");

        // 4. An honest proof of the same claims, accepted; then stated with a coordinate too few (each of the two
        //    branches: P2 spans rows, P0 is part of one) and with a term naming commitment 1 (the mask matrix).
        CommittedPolynomials committed4 = pcs.commit(SMALL, tables);
        List<Commitment> coms4 = List.of(committed4.commitment());
        FiatShamirProver honest = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        pcs.open(List.of(committed4), pointsProved, honest);
        List<TermData> terms = termsOf(pointsProved, coms4);
        List<Ext2> values = List.of(v2, v0);
        calls.add(call(honest.proof(), coms4, values, terms));
        expectedReasons.add(null);
        calls.add(call(honest.proof(), coms4, values, List.of(terms.get(0).withWeights(Arrays.copyOf(z2, 4)), terms.get(1))));
        expectedReasons.add("opening: an evaluation point");
        calls.add(call(honest.proof(), coms4, values, List.of(terms.get(0), terms.get(1).withWeights(Arrays.copyOf(z0, 1)))));
        expectedReasons.add("opening: an evaluation point");
        calls.add(call(honest.proof(), coms4, values, List.of(terms.get(0), terms.get(1).withCommitment(1))));
        expectedReasons.add("opening: a term names no commitment");

        // Java: the honest proof verifies; the other statements are refused before any proof is read.
        assertTrue(javaAccepts(honest.proof(), coms4, pointsProved));
        assertEquals(false, javaAccepts(span.inner.proof(), coms, spanProved), "the forged transcript is not the honest one");
        assertThrows(IllegalArgumentException.class, () -> javaAccepts(span.inner.proof(), coms, spanStated));
        assertThrows(IllegalArgumentException.class, () -> javaAccepts(shortWeights.inner.proof(), coms2,
                List.of(LinearClaim.weighted(0, 1, half, halfValue))));
        assertThrows(IllegalArgumentException.class, () -> javaAccepts(longPoints.inner.proof(), coms3, pointsStated));

        LocalChain.Run run = Evm.run("SuccinctOpeningProbe.sol", "SuccinctOpeningVerifier", calls);
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            System.out.printf("statement %d: %s%n", i, c.success() ? "accepted" : Abi.revertReason(c.returnData()).orElse("no reason: " + c.error()));
        }
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            String expected = expectedReasons.get(i);
            if (expected == null) {
                assertTrue(accepted(c), "call " + i + ": " + c.revertReason());
            } else {
                assertTrue(!accepted(c) && c.revertReason().contains(expected),
                        "call " + i + ": expected a refusal with '" + expected + "', got " + (c.success() ? "acceptance" : c.revertReason()));
            }
        }
    }
}
