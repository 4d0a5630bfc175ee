package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedEvaluationReduction;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.verifier.ClaimDigest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sealed opening's verifier on-chain (SealedOpening.sol, with SpongeHashProof.sol and Poseidon2.sol)
 * against the Java SealedOpening.verify: the same claims (ClaimDigest.of = Claims.digest) and fresh
 * roots on the honest proof, on a trimmed layout, and on every single-element mutation of a corpus
 * (Java rejects ⇒ Solidity reverts with a reason; Java accepts with other claims ⇒ Solidity returns
 * the same other digest); a swapped claim and a wrong root rejected by both. Gas is reported.
 */
class SoliditySealedOpeningTest {
    static final String PROTOCOL = "zkml4j/test/sealed/v1";
    static final String CHECK = "check(bytes,bytes32,uint256[],uint256[],uint256[],uint256[],uint256[])";
    static final String CHECK_REDUCED = CHECK.replace("check(", "checkReduced(");
    static final int SEALED = 0, OTHER = 1, F = 2, G = 3, MASK = 4;

    /** A proof of the sealed opening alone or, when {@code reduced}, of the evaluation reduction and then the opening. */
    record Statement(Commitment sealed, LigeroParameters fresh, List<LinearClaim> claims, byte[] proof, boolean reduced) {
        byte[] call(byte[] proof, Commitment sealed, List<LinearClaim> claims) {
            LigeroParameters p = sealed.parameters();
            long[] header = {p.logRowWidth(), p.logCodeLength(), p.queries(), sealed.rows(), sealed.trimmed() ? 1 : 0,
                fresh.logRowWidth(), SEALED, F, G, MASK};
            long[] layout = new long[3 * sealed.polynomials()];
            for (int i = 0; i < sealed.polynomials(); i++) {
                layout[3 * i] = sealed.numVars(i);
                layout[3 * i + 1] = sealed.rowStart(i);
                layout[3 * i + 2] = sealed.storedRows(i);
            }
            List<BigInteger> terms = new ArrayList<>();
            List<BigInteger> pool = new ArrayList<>();
            BigInteger[] values = new BigInteger[claims.size()];
            for (int j = 0; j < claims.size(); j++) {
                values[j] = SolidityFieldTest.packed(claims.get(j).value());
                for (LinearClaim.Term t : claims.get(j).terms()) {
                    Ext2[] weights = switch (t.weights()) {
                        case Weights.Eq e -> e.point();
                        case Weights.Explicit x -> ExtVectors.toArray(x.interleaved());
                        case Weights.Product w -> throw new UnsupportedOperationException("eq and explicit weights only");
                        case Weights.Powers w -> throw new UnsupportedOperationException("eq and explicit weights only");
                    };
                    terms.add(BigInteger.valueOf(j));
                    terms.add(BigInteger.valueOf(t.commitment()));
                    terms.add(BigInteger.valueOf(t.polynomial()));
                    terms.add(BigInteger.valueOf(t.weights() instanceof Weights.Explicit ? 1 : 0));
                    terms.add(SolidityFieldTest.packed(t.coefficient()));
                    terms.add(BigInteger.valueOf(pool.size()));
                    terms.add(BigInteger.valueOf(weights.length));
                    for (Ext2 w : weights) {
                        pool.add(SolidityFieldTest.packed(w));
                    }
                }
            }
            return Abi.call(reduced ? CHECK_REDUCED : CHECK, proof, new BigInteger(1, sealed.root()), header, layout, values, terms.toArray(new BigInteger[0]),
                    pool.toArray(new BigInteger[0]));
        }

        /**
         * Java's verdict: the claims' digest, the reduction's mask root where there is one, and the fresh roots
         * (as the probe returns them), or null when rejected.
         */
        byte[] java(byte[] proof, Commitment sealed, List<LinearClaim> claims) {
            try {
                FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, PROTOCOL, proof);
                SealedEvaluationReduction.VerifierResult red = reduced
                        ? SealedEvaluationReduction.verify(sealed, SEALED, claims, fresh, MASK, v) : null;
                SealedOpening.VerifierResult r = SealedOpening.verify(sealed, SEALED, reduced ? red.claims() : claims, fresh, F, G, v);
                v.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(ClaimDigest.of(r.claims()));
                if (reduced) {
                    out.writeBytes(red.mask().root());
                }
                out.writeBytes(r.fresh().get(0).root());
                out.writeBytes(r.fresh().get(1).root());
                return out.toByteArray();
            } catch (InvalidProofException e) {
                return null;
            }
        }
    }

    static long[] table(Random rnd, int n) {
        return SolidityOpeningTest.table(rnd, n);
    }

    static Ext2[] point(Random rnd, int n) {
        return SolidityOpeningTest.point(rnd, n);
    }

    /**
     * Sealed tables of a + 2, a − 2 and a + 1 variables (four rows, part of one, two), or with storedRows a
     * trimmed layout; claims: each table at a point, a two-term claim (sealed and another commitment), a
     * claim on the other commitment only (explicit weights), the first again.
     */
    static Statement statement(Random rnd, LigeroParameters sealedParams, LigeroParameters fresh, int[] storedRows) {
        int a = sealedParams.logRowWidth();
        return statement(rnd, sealedParams, fresh, storedRows, new int[] {a + 2, a - 2, a + 1}, false);
    }

    static Statement statement(Random rnd, LigeroParameters sealedParams, LigeroParameters fresh, int[] storedRows, int[] logs,
                               boolean reduce) {
        List<long[]> tables = new ArrayList<>();
        for (int n : logs) {
            tables.add(table(rnd, n));
        }
        if (storedRows != null) {
            for (int p = 0; p < tables.size(); p++) {
                long[] t = tables.get(p);
                Arrays.fill(t, Math.min(t.length, storedRows[p] << sealedParams.logRowWidth()), t.length, 0);
            }
        }
        SealedCommitment sealed = SealedCommitment.commit(sealedParams, storedRows, tables, new Random(rnd.nextLong()));
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < tables.size(); p++) {
            Ext2[] z = point(rnd, Integer.numberOfTrailingZeros(tables.get(p).length));
            claims.add(LinearClaim.evaluation(SEALED, p, z, Multilinear.evaluateBase(tables.get(p), z)));
        }
        Ext2[] z = point(rnd, logs[0]), y = point(rnd, 5);
        Ext2 c = SolidityFieldTest.randomExt(rnd);
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(SEALED, 0, new Weights.Eq(z), c),
                new LinearClaim.Term(OTHER, 0, new Weights.Eq(y), Ext2.ONE)), SolidityFieldTest.randomExt(rnd)));
        claims.add(LinearClaim.weighted(OTHER, 1, ExtVectors.of(point(rnd, 8)), SolidityFieldTest.randomExt(rnd)));
        claims.add(claims.get(0));
        FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, PROTOCOL);
        Random random = new Random(rnd.nextLong());
        List<LinearClaim> opened = reduce ? SealedEvaluationReduction.prove(sealed, SEALED, claims, fresh, MASK, p, random).claims() : claims;
        SealedOpening.prove(sealed, SEALED, opened, fresh, F, G, p, random);
        return new Statement(sealed.commitment(), fresh, claims, p.proof(), reduce);
    }

    /**
     * Accepted: the call returned; rejected: it reverted with a reason. Running out of gas, a Panic
     * or an empty revert is neither, and fails the test.
     */
    static boolean accepted(LocalChain.Call c) {
        if (!c.success()) {
            assertTrue(Abi.revertReason(c.returnData()).isPresent(), "a revert without a reason: " + c.error());
        }
        return c.success();
    }

    // Rows of 2^8 (the fresh rows of 2^7 hold the hash proof's Libra mask: pieces of two), a code of 2^9, 6 queries.
    static final LigeroParameters SMALL = new LigeroParameters(8, 9, 0, 6, 0, Keccak256.INSTANCE);
    static final LigeroParameters FRESH = new LigeroParameters(7, 8, 0, 4, 0, Keccak256.INSTANCE);

    @Test
    void javaAndSolidityAgreeOnEveryMutation() throws Exception {
        Statement s = statement(new Random(71), SMALL, FRESH, null);
        Statement trimmed = statement(new Random(72), SMALL, FRESH, new int[] {3, 1, 1});
        assertTrue(trimmed.sealed().trimmed());
        List<byte[]> corpus = ProofMutator.corpus(s.proof(), 60, 17);
        List<byte[]> calls = new ArrayList<>(corpus.stream().map(p -> s.call(p, s.sealed(), s.claims())).toList());
        // Two claims swapped: the rewrite (and the digest) follows the order; another sealed term first changes the plan.
        List<LinearClaim> swapped = new ArrayList<>(s.claims());
        java.util.Collections.swap(swapped, 0, 2);
        calls.add(s.call(s.proof(), s.sealed(), swapped));
        // The wrong root: the leaves do not lead to it (and the transcript differs from the start).
        byte[] otherRoot = s.sealed().root().clone();
        otherRoot[0] ^= 1;
        Commitment wrongRoot = Commitment.unpacked(SMALL, otherRoot, new int[] {10, 6, 9});
        calls.add(s.call(s.proof(), wrongRoot, s.claims()));
        calls.add(trimmed.call(trimmed.proof(), trimmed.sealed(), trimmed.claims()));
        LocalChain.Run run = Evm.run("SealedOpeningProbe.sol", "SealedOpeningProbe", calls);
        int rejected = 0, otherClaims = 0;
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            byte[] java = s.java(corpus.get(i), s.sealed(), s.claims());
            if (i == 0) {
                assertTrue(java != null, "Java accepts the honest proof");
            }
            assertEquals(java != null, accepted(c), "proof " + i + " of " + corpus.size() + ": " + c.revertReason());
            if (java != null) {
                assertArrayEquals(java, c.returnData(), "proof " + i + ": the claims' digest and the fresh roots");
                otherClaims += i > 0 ? 1 : 0;
            } else {
                rejected++;
            }
        }
        LocalChain.Call honest = run.calls().get(0);
        int at = corpus.size();
        byte[] javaSwapped = s.java(s.proof(), s.sealed(), swapped);
        LocalChain.Call sw = run.calls().get(at);
        assertEquals(javaSwapped != null, accepted(sw), "swapped claims: " + sw.revertReason());
        if (javaSwapped != null) { // a sealed opening does not check the claims' values: it rewrites them, in their order
            assertArrayEquals(javaSwapped, sw.returnData(), "swapped claims: the same rewrite");
            assertFalse(Arrays.equals(javaSwapped, honest.returnData()), "swapped claims: other claims");
        }
        assertEquals(null, s.java(s.proof(), wrongRoot, s.claims()), "Java rejects the wrong root");
        assertFalse(accepted(run.calls().get(at + 1)), "the wrong root");
        byte[] javaTrimmed = trimmed.java(trimmed.proof(), trimmed.sealed(), trimmed.claims());
        LocalChain.Call tc = run.calls().get(at + 2);
        assertTrue(javaTrimmed != null && accepted(tc), "the trimmed layout: " + tc.revertReason());
        assertArrayEquals(javaTrimmed, tc.returnData(), "the trimmed layout's claims");
        System.out.printf("sealed opening differential: %d proofs agree (%d rejected, %d accepted with other claims); honest proof "
                        + "%,d bytes, %,d gas (calldata %,d, execution %,d); trimmed %,d gas; contract %,d bytes%n",
                corpus.size(), rejected, otherClaims, s.proof().length, honest.gasUsed(), honest.calldataGas(), honest.executionGas(),
                tc.gasUsed(), run.bytecodeBytes());
    }

    /**
     * The proofs' pipeline: the sealed evaluation reduction, then the sealed opening of the claims it
     * leaves, on the same corpus rules (an alteration anywhere before the queries moves them, so the leaves
     * then fail their root), and a claim of another value, which both accept with the same other claims.
     */
    @Test
    void javaAndSolidityAgreeOnTheReductionAndTheOpening() throws Exception {
        int a = SMALL.logRowWidth();
        Statement s = statement(new Random(74), SMALL, FRESH, null, new int[] {a + 2, a - 2, a + 1}, true);
        List<byte[]> corpus = ProofMutator.corpus(s.proof(), 40, 29);
        List<byte[]> calls = new ArrayList<>(corpus.stream().map(p -> s.call(p, s.sealed(), s.claims())).toList());
        // Another value of a claim on the sealed commitment: neither the reduction nor the opening checks a value
        // (the openings of F, G and the mask will), so both accept and leave the same other claims.
        List<LinearClaim> otherValue = new ArrayList<>(s.claims());
        otherValue.set(1, new LinearClaim(otherValue.get(1).terms(), otherValue.get(1).value().add(Ext2.ONE)));
        calls.add(s.call(s.proof(), s.sealed(), otherValue));
        LocalChain.Run run = Evm.run("SealedOpeningProbe.sol", "SealedReductionProbe", calls);
        int rejected = 0, otherClaims = 0;
        byte[] honest = null;
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = run.calls().get(i);
            byte[] java = s.java(corpus.get(i), s.sealed(), s.claims());
            if (i == 0) {
                assertTrue(java != null, "Java accepts the honest proof");
                honest = java;
            }
            assertEquals(java != null, accepted(c), "proof " + i + " of " + corpus.size() + ": " + c.revertReason());
            if (java != null) {
                assertArrayEquals(java, c.returnData(), "proof " + i + ": the claims' digest, the mask's root and the fresh roots");
                if (i > 0) {
                    otherClaims++;
                    assertFalse(Arrays.equals(java, honest), "proof " + i + ": accepted, so with other claims");
                }
            } else {
                rejected++;
            }
        }
        byte[] javaOther = s.java(s.proof(), s.sealed(), otherValue);
        LocalChain.Call oc = run.calls().get(corpus.size());
        assertTrue(javaOther != null && accepted(oc), "another claim value: " + oc.revertReason());
        assertArrayEquals(javaOther, oc.returnData(), "another claim value: the same other claims");
        assertFalse(Arrays.equals(javaOther, honest), "another claim value: other claims");
        LocalChain.Call h = run.calls().get(0);
        System.out.printf("reduction + sealed opening differential: %d proofs agree (%d rejected, %d accepted with other claims); "
                + "honest proof %,d bytes, %,d gas (calldata %,d, execution %,d)%n", corpus.size(), rejected, otherClaims,
                s.proof().length, h.gasUsed(), h.calldataGas(), h.executionGas());
    }

    /**
     * A model-sized sealed commitment: rows of 2^10, a code of 2^12, the queries for 100 bits, tables of
     * 2^16, 2^12 and 2^10 values (69 rows, so each leaf hashes 73 elements in 10 permutations); fresh
     * rows of 2^8 (pieces of four). The claims agree with Java's; gas by part is printed.
     */
    @Test
    void gasOfAModelSizedOpening() throws Exception {
        LigeroParameters sealedParams = LigeroParameters.withoutRandomColumns(100, 10, 2, Keccak256.INSTANCE);
        LigeroParameters fresh = new LigeroParameters(8, 10, 0, 4, 0, Keccak256.INSTANCE);
        Statement s = statement(new Random(73), sealedParams, fresh, null, new int[] {16, 12, 10}, false);
        byte[] check = s.call(s.proof(), s.sealed(), s.claims());
        byte[] gas = Arrays.copyOf(Abi.selector(CHECK.replace("check(", "checkGas(")), check.length);
        System.arraycopy(check, 4, gas, 4, check.length - 4);
        int rows = s.sealed().rows();
        int t = s.sealed().parameters().queries();
        byte[] parts = Abi.call("parts(uint256,uint256,uint256,uint256)", BigInteger.valueOf(4 + rows), BigInteger.TEN,
                BigInteger.valueOf(sealedParams.logCodeLength()), BigInteger.valueOf(t));
        byte[] linked = Arrays.copyOf(Abi.selector(CHECK.replace("check(", "checkLinked(")), check.length);
        System.arraycopy(check, 4, linked, 4, check.length - 4);
        LocalChain.Run run = Evm.run("SealedOpeningProbe.sol", "SealedOpeningProbe", List.of(check, gas, linked));
        LocalChain.Call c = run.calls().get(0);
        assertTrue(accepted(c), c::revertReason);
        byte[] java = s.java(s.proof(), s.sealed(), s.claims());
        assertArrayEquals(java, c.returnData(), "the claims' digest and the fresh roots");
        LocalChain.Call l = run.calls().get(2);
        assertTrue(accepted(l), l::revertReason);
        assertArrayEquals(java, Arrays.copyOf(l.returnData(), 96), "the linked entry point: the same claims and roots");
        LocalChain.Call partsCall = Evm.run("SealedOpeningProbe.sol", "SealedPartsProbe", List.of(parts)).calls().get(0);
        assertTrue(accepted(run.calls().get(1)) && accepted(partsCall));
        byte[] g = run.calls().get(1).returnData(), p = partsCall.returnData();
        System.out.printf("sealed opening, rows of 2^10, code 2^12, %d queries (%d distinct columns hashed), %d rows: %,d-byte proof, "
                        + "%,d gas (calldata %,d, execution %,d); of it the verifier %,d and the test's claim digest %,d; "
                        + "parts alone: padding digest %,d, permutation-step combination %,d, consistency weights (their points and four pieces' coefficients) %,d; "
                        + "through the linked entry point the verifier takes %,d%n",
                t, columnsOf(s), rows, s.proof().length, c.gasUsed(), c.calldataGas(), c.executionGas(), word(g, 0), word(g, 1),
                word(p, 0), word(p, 1), word(p, 2), word(l.returnData(), 3));
    }

    static long word(byte[] data, int i) {
        return new BigInteger(1, Arrays.copyOfRange(data, 32 * i, 32 * i + 32)).longValueExact();
    }

    /** The distinct queried columns: the leaves record's length. */
    static int columnsOf(Statement s) {
        return ProofMutator.records(s.proof()).stream().filter(r -> r.kind() == 1).findFirst().orElseThrow().count() / 4;
    }

    /** The kit's Poseidon2Constants.sol is what Poseidon2Solidity writes from the Java permutation. */
    @Test
    void poseidon2ConstantsAreUpToDate() throws IOException {
        String kit = SolidityKit.resource("solidity/Poseidon2Constants.sol");
        assertEquals(Poseidon2Solidity.render(), kit, "regenerate with Poseidon2Solidity.main(<kit>/Poseidon2Constants.sol)");
    }
}
