package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.zkml4j.evm.SolidityFieldTest.packed;
import static io.zkml4j.evm.SolidityFieldTest.packedAll;
import static io.zkml4j.evm.SolidityFieldTest.unpack;
import static io.zkml4j.evm.SolidityFieldTest.unsigned;
import static io.zkml4j.evm.SoliditySumcheckTest.acceptedByJava;
import static io.zkml4j.evm.SoliditySumcheckTest.prove;
import static io.zkml4j.evm.SoliditySumcheckTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An adversarial review of the Solidity kit against the Java verifier.
 *
 * <p>Findings, each pinned by a test that failed before its fix:
 * <ul>
 *   <li>absorbPublicField absorbed only the low 64 bits of each value and absorbed values in [p, 2^64)
 *       unreduced, while the kit's arithmetic reads the whole word: a public value x + k·2^64 left the
 *       transcript unchanged, so one proof verified for many different public inputs (and a value
 *       x + p drew other challenges than Java's, which reduces it). A verifier relying on the kit to
 *       bind its public tables accepted tables the proof is not about. Both are now refused.</li>
 *   <li>inv(0) and einv(0) returned 0 (Java throws); they now revert.</li>
 *   <li>ProductSumcheckVerifier.verify answered false for an honest proof when it ran out of gas
 *       (the try/catch swallowed the out-of-gas of check); it now reverts instead.</li>
 * </ul>
 * The rest are regression tests that agreed before: a differential corpus of truncations,
 * extensions, header, kind, count and word tampering and random multi-byte mutations through both
 * verifiers; challengeIndices over many bounds; absorbPublicField's assembly over every length;
 * Lagrange evaluation at every node and multilinear evaluation at every corner.
 */
class SolidityKitReviewTest {
    static final long P = SolidityFieldTest.P;
    static final BigInteger BIG_P = unsigned(P);
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final String REVIEW_PROTOCOL = "zkml4j/evm-test/review/v1";
    static final String VERIFY = SoliditySumcheckTest.VERIFY;

    static LocalChain.Run run(String contract, List<byte[]> calls) throws EvmException {
        Map<String, String> sources = SolidityKit.sourcesWith(Map.of(
                "KitProbe.sol", Evm.testResource("KitProbe.sol"),
                "ReviewProbe.sol", Evm.testResource("ReviewProbe.sol")));
        String file = contract.equals("ProductSumcheckVerifier") ? "KitProbe.sol" : "ReviewProbe.sol";
        return Evm.chain().run(sources, file + ":" + contract, calls);
    }

    static byte[] reviewHeader() {
        return new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL).proof();
    }

    // ---- findings ----

    /**
     * absorbPublicField must bind the value the arithmetic uses. Before the fix x + 2^64 (and x +
     * 2^128, ...) absorbed as x, and x + p absorbed unreduced (Java reduces it). Now every value that
     * is not canonical is refused, like a non-canonical element in a proof record.
     */
    @Test
    void publicValuesThatAreNotCanonicalAreRefused() throws Exception {
        byte[] header = reviewHeader();
        BigInteger x = BigInteger.valueOf(12345);
        BigInteger[][] bad = {
                {x.add(TWO_64)},                       // absorbed as x before the fix
                {BigInteger.ONE, x.add(TWO_64.shiftLeft(64))},
                {BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)},
                {BIG_P},                               // 0 for Java
                {BIG_P.add(x)},                        // x for Java
                {TWO_64.subtract(BigInteger.ONE)},
        };
        List<byte[]> calls = new ArrayList<>();
        calls.add(Abi.call("publicFieldChallenge(bytes,uint256[])", header, new BigInteger[] {x}));
        for (BigInteger[] b : bad) {
            calls.add(Abi.call("publicFieldChallenge(bytes,uint256[])", header, b));
        }
        // Extension elements: a coordinate >= p, or bits above the 128 of the packing.
        BigInteger[][] badExt = {
                {BIG_P},
                {BIG_P.shiftLeft(64)},
                {x.add(BigInteger.ONE.shiftLeft(128))},  // its c1 was absorbed truncated to 64 bits
                {x.shiftLeft(64).add(TWO_64.shiftLeft(64))},
        };
        for (BigInteger[] b : badExt) {
            calls.add(Abi.call("publicExtChallenge(bytes,uint256[])", header, b));
        }
        List<LocalChain.Call> out = run("ReviewProbe", calls).calls();
        FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL);
        java.absorbPublic("public", new long[] {x.longValueExact()});
        Ext2 expected = java.challengeExt("c");
        assertTrue(out.get(0).success(), out.get(0)::revertReason);
        assertEquals(expected, unpack(new BigInteger(1, out.get(0).returnData())), "a canonical value: Java's challenge");
        for (int i = 1; i < out.size(); i++) {
            LocalChain.Call c = out.get(i);
            String what = "call " + i + " (" + Arrays.toString(i <= bad.length ? bad[i - 1] : badExt[i - 1 - bad.length]) + ")";
            if (c.success() && i == 1) {
                // The finding: the transcript of x + 2^64 was the transcript of x.
                assertNotEquals(expected, unpack(new BigInteger(1, c.returnData())), what + ": x + 2^64 absorbed as x");
            }
            assertFalse(c.success(), what + " was absorbed");
            assertTrue(c.revertReason().contains("non-canonical public value"), what + ": " + c.revertReason());
        }
    }

    /**
     * The exploit behind the finding above: a verifier that leaves binding its public tables to
     * absorbPublicField. Take an honest proof for tables (f, g) and its point r; choose integers k_b,
     * not all zero, with Σ_b k_b·eq(r, b) = 0 (two linear equations over F_p, one free unknown per
     * further entry), and give f'[b] = f[b] + k_b·2^64. The transcript absorbed f'[b] as f[b], so the
     * challenges are unchanged, and the multilinear evaluation (which reads f'[b] as f[b] + k_b·X)
     * also is: the proof verified for f', which is not f (mod p: f[b] + k_b·(2^32 − 1)). Java rejects
     * the same proof for f' mod p. Now f' is refused.
     */
    @Test
    void aVerifierRelyingOnTheKitToBindItsTablesAcceptedTablesTheProofIsNotAbout() throws Exception {
        Random rnd = new Random(31);
        int n = 3;
        long[] f = table(rnd, n);
        long[] g = table(rnd, n);
        byte[] proof = prove(f, g, Ext2.ZERO);
        Ext2[] r = pointOf(proof, f, g);
        long[] eq = Multilinear.eqTable(r);
        assertEquals(Multilinear.evaluateBase(f, r), innerProduct(f, eq), "eq table and evaluation agree on the bit order");
        // Solve k_0·e_0 + k_1·e_1 = −e_2 over F_p (coordinate-wise in c0, c1), with k_2 = 1.
        BigInteger[] e0 = ext(eq, 0), e1 = ext(eq, 1), e2 = ext(eq, 2);
        BigInteger det = e0[0].multiply(e1[1]).subtract(e1[0].multiply(e0[1])).mod(BIG_P);
        assertNotEquals(BigInteger.ZERO, det);
        BigInteger di = det.modInverse(BIG_P);
        BigInteger k0 = e1[0].multiply(e2[1]).subtract(e2[0].multiply(e1[1])).multiply(di).mod(BIG_P);
        BigInteger k1 = e2[0].multiply(e0[1]).subtract(e0[0].multiply(e2[1])).multiply(di).mod(BIG_P);
        BigInteger[] k = new BigInteger[f.length];
        Arrays.fill(k, BigInteger.ZERO);
        k[0] = k0;
        k[1] = k1;
        k[2] = BigInteger.ONE;
        BigInteger[] forged = new BigInteger[f.length];
        long[] forgedModP = new long[f.length];
        for (int b = 0; b < f.length; b++) {
            forged[b] = unsigned(f[b]).add(k[b].shiftLeft(64));
            forgedModP[b] = forged[b].mod(BIG_P).longValue();
        }
        assertFalse(Arrays.equals(f, forgedModP), "the forged table is another table");
        assertFalse(acceptedByJava(proof, forgedModP, g), "Java rejects the proof for the forged table");
        assertTrue(acceptedByJava(proof, f, g));
        List<LocalChain.Call> out = run("UncheckedProductSumcheckVerifier",
                List.of(Abi.call(VERIFY, proof, f, g), Abi.call(VERIFY, proof, forged, unsignedAll(g)))).calls();
        assertTrue(out.get(0).success() && Abi.decodeBool(out.get(0).returnData()), "the honest proof");
        assertTrue(out.get(1).success(), out.get(1)::revertReason);
        assertFalse(Abi.decodeBool(out.get(1).returnData()), "the proof was accepted for tables it is not about");
    }

    /** inv(0) and einv(0) returned 0, so a check dividing by a prover-chosen zero could pass; Java throws. */
    @Test
    void theInverseOfZeroReverts() throws Exception {
        BigInteger extP = BIG_P.shiftLeft(64).or(BIG_P); // (p, p): zero, not canonical
        List<byte[]> calls = List.of(
                Abi.call("inverse(uint256)", BigInteger.ZERO),
                Abi.call("inverse(uint256)", BIG_P),
                Abi.call("extInverse(uint256)", BigInteger.ZERO),
                Abi.call("extInverse(uint256)", extP),
                Abi.call("inverse(uint256)", BIG_P.add(BigInteger.TWO)),
                Abi.call("extInverse(uint256)", packed(Ext2.of(0, 5))));
        List<LocalChain.Call> out = run("ReviewProbe", calls).calls();
        for (int i = 0; i < 4; i++) {
            LocalChain.Call c = out.get(i);
            assertFalse(c.success(), "inverse of zero (call " + i + ") returned " + new BigInteger(1, c.returnData()));
            assertTrue(c.revertReason().contains("inverse of zero"), c.revertReason());
        }
        assertTrue(out.get(4).success(), out.get(4)::revertReason);
        assertEquals(unsigned(Goldilocks.inverse(2)), new BigInteger(1, out.get(4).returnData()), "inv reduces its argument");
        assertTrue(out.get(5).success(), out.get(5)::revertReason);
        assertEquals(Ext2.of(0, 5).inverse(), unpack(new BigInteger(1, out.get(5).returnData())));
    }

    /**
     * verify answered false, "invalid proof", for an honest proof whenever it was given too little gas
     * (a relayer can make any valid proof look invalid to a contract that acts on false). Running
     * out of gas now makes verify revert, so false always means the proof was checked and refused.
     */
    @Test
    void runningOutOfGasIsNotAnInvalidProof() throws Exception {
        Random rnd = new Random(32);
        long[] f = table(rnd, 3);
        long[] g = table(rnd, 3);
        byte[] proof = prove(f, g, Ext2.ZERO);
        String sig = "verifyWithGas(bytes,uint256[],uint256[],uint256)";
        List<LocalChain.Call> out = run("GasCappedCaller", List.of(
                Abi.call(sig, proof, f, g, 5_000_000L),
                Abi.call(sig, proof, f, g, 60_000L),
                Abi.call(sig, Arrays.copyOf(proof, proof.length - 1), f, g, 5_000_000L))).calls();
        boolean[][] expected = {{true, false}, {false, true}, {false, false}};
        String[] what = {"ample gas", "too little gas", "a truncated proof"};
        for (int i = 0; i < 3; i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            byte[] ret = c.returnData();
            boolean accepted = ret[31] != 0;
            boolean reverted = ret[63] != 0;
            assertEquals(expected[i][0], accepted, what[i] + ": accepted");
            assertEquals(expected[i][1], reverted, what[i] + ": verify reverted (rather than answering false)");
        }
    }

    // ---- regression: differential corpus ----

    /**
     * Honest proofs over 1..6 variables, then some 1,500 mutants of one proof (every truncation,
     * extensions, header fields, every record's kind and count, every payload word set to
     * non-canonical and wrong values, random multi-byte mutations and splices): the Solidity and Java
     * verifiers give the same answer on each, and only the honest proof is accepted.
     */
    @Test
    void differentialCorpusAgreesWithJava() throws Exception {
        Random rnd = new Random(33);
        List<long[][]> tables = new ArrayList<>();
        List<byte[]> proofs = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            long[] f = table(rnd, n);
            long[] g = table(rnd, n);
            if (n == 2) {
                Arrays.fill(f, 0); // a zero sum and zero round values
            }
            if (n == 4) {
                Arrays.fill(g, P - 1);
            }
            tables.add(new long[][] {f, g});
            proofs.add(prove(f, g, Ext2.ZERO));
        }
        long[] f = tables.get(2)[0];
        long[] g = tables.get(2)[1];
        byte[] proof = proofs.get(2);
        List<byte[]> corpus = mutants(proof, rnd);
        List<byte[]> calls = new ArrayList<>();
        for (int i = 0; i < proofs.size(); i++) {
            calls.add(Abi.call(VERIFY, proofs.get(i), tables.get(i)[0], tables.get(i)[1]));
        }
        for (byte[] m : corpus) {
            calls.add(Abi.call(VERIFY, m, f, g));
        }
        List<LocalChain.Call> out = run("ProductSumcheckVerifier", calls).calls();
        for (int i = 0; i < proofs.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            assertTrue(Abi.decodeBool(c.returnData()), "honest proof over " + (i + 1) + " variables");
            assertTrue(acceptedByJava(proofs.get(i), tables.get(i)[0], tables.get(i)[1]));
        }
        int accepted = 0;
        for (int i = 0; i < corpus.size(); i++) {
            LocalChain.Call c = out.get(proofs.size() + i);
            byte[] m = corpus.get(i);
            assertTrue(c.success(), c::revertReason);
            boolean sol = Abi.decodeBool(c.returnData());
            boolean java = acceptedByJava(m, f, g);
            assertEquals(java, sol, "mutant " + i + " (" + m.length + " bytes): Java says " + java);
            assertEquals(Arrays.equals(m, proof), java, "mutant " + i + ": only the honest proof is accepted");
            accepted += sol ? 1 : 0;
        }
        assertEquals(0, accepted);
        System.out.printf("review corpus: %d mutants of a %d-byte proof, all rejected by both verifiers%n", corpus.size(), proof.length);
    }

    static List<byte[]> mutants(byte[] proof, Random rnd) {
        List<byte[]> out = new ArrayList<>();
        int len = proof.length;
        int headerEnd = 10 + ByteBuffer.wrap(proof).order(ByteOrder.LITTLE_ENDIAN).getInt(6);
        // Every truncation.
        for (int k = 0; k < len; k++) {
            out.add(Arrays.copyOf(proof, k));
        }
        // Extensions: zeros, random bytes, a repeated last record, the whole proof twice.
        for (int extra : new int[] {1, 4, 5, 8, 16, 21, 37, 64}) {
            out.add(Arrays.copyOf(proof, len + extra));
            byte[] r = Arrays.copyOf(proof, len + extra);
            for (int i = len; i < r.length; i++) {
                r[i] = (byte) rnd.nextInt(256);
            }
            out.add(r);
        }
        List<ProofMutator.Record> records = ProofMutator.records(proof);
        ProofMutator.Record last = records.get(records.size() - 1);
        out.add(concat(proof, Arrays.copyOfRange(proof, last.payloadOffset() - 5, len)));
        out.add(concat(proof, proof));
        // Header: magic and version bytes, the protocol length field, the protocol's bytes.
        for (int i = 0; i < 10; i++) {
            for (int v : new int[] {0, 1, 2, 0x7f, 0x80, 0xff}) {
                if (v != (proof[i] & 0xff)) {
                    out.add(withByte(proof, i, v));
                }
            }
        }
        int plen = headerEnd - 10;
        for (long l : new long[] {plen - 1, plen + 1, plen + 256, plen + (1L << 24), plen | 0x80000000L, 0xffffffffL, 0}) {
            byte[] b = proof.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(6, (int) l);
            out.add(b);
        }
        for (int i = 10; i < headerEnd; i++) {
            out.add(withByte(proof, i, proof[i] ^ 0x01));
            out.add(withByte(proof, i, proof[i] ^ 0x80));
        }
        // Records: every other kind on the first, a selection on the rest; counts with any bit set.
        for (int r = 0; r < records.size(); r++) {
            ProofMutator.Record rec = records.get(r);
            int kindAt = rec.payloadOffset() - 5;
            for (int v = 0; v < 256; v++) {
                if (v != rec.kind() && (r == 0 || v <= 8 || v == 0x40 || v == 0x41 || v == 0x82 || v == 0xff)) {
                    out.add(withByte(proof, kindAt, v));
                }
            }
            long c = rec.count();
            for (long cc : new long[] {c - 1, c + 1, c ^ (1L << 8), c ^ (1L << 16), c ^ (1L << 24), c ^ (1L << 31),
                    0, 0xffffffffL, c + (1L << 28), c + (1L << 27)}) {
                byte[] b = proof.clone();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(kindAt + 1, (int) cc);
                out.add(b);
            }
        }
        // Every payload word: non-canonical (including x + p, the same value in another encoding) and wrong.
        for (int[] el : ProofMutator.elements(proof)) {
            int at = el[0];
            long x = ProofMutator.word(proof, at);
            List<Long> values = new ArrayList<>(List.of(P, P + 1, -1L, 1L << 63, P - 1, 0L, Goldilocks.add(x, 1),
                    x ^ (1L << 63), x ^ 1L, Long.reverseBytes(x)));
            if (Long.compareUnsigned(x, -1L - P) <= 0) {
                values.add(x + P);
            }
            for (long v : values) {
                if (v != x) {
                    byte[] b = proof.clone();
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
                    out.add(b);
                }
            }
        }
        // Random multi-byte mutations anywhere.
        for (int i = 0; i < 400; i++) {
            byte[] b = proof.clone();
            int changes = 1 + rnd.nextInt(6);
            for (int j = 0; j < changes; j++) {
                int at = rnd.nextInt(len);
                b[at] = (byte) (b[at] + 1 + rnd.nextInt(255));
            }
            out.add(b);
        }
        // Random splices: a range deleted, random bytes inserted, a range repeated.
        for (int i = 0; i < 100; i++) {
            int a = rnd.nextInt(len);
            int e = a + 1 + rnd.nextInt(Math.min(40, len - a));
            out.add(concat(Arrays.copyOf(proof, a), Arrays.copyOfRange(proof, e, len)));
            byte[] ins = new byte[1 + rnd.nextInt(40)];
            rnd.nextBytes(ins);
            out.add(concat(Arrays.copyOf(proof, a), concat(ins, Arrays.copyOfRange(proof, a, len))));
            out.add(concat(Arrays.copyOf(proof, e), Arrays.copyOfRange(proof, a, len)));
        }
        // Drop duplicates (and any mutant that happens to equal the proof is kept once, as itself).
        Set<String> seen = new HashSet<>();
        List<byte[]> unique = new ArrayList<>();
        for (byte[] b : out) {
            if (seen.add(java.util.HexFormat.of().formatHex(b))) {
                unique.add(b);
            }
        }
        return unique;
    }

    // ---- regression: the transcript and the arithmetic on edge inputs ----

    /** absorbPublicField writes 8-byte words with whole-word stores: every length, extreme values. */
    @Test
    void publicFieldAndExtensionAbsorbsAgreeWithJavaForEveryLength() throws Exception {
        Random rnd = new Random(34);
        byte[] header = reviewHeader();
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        long[] extremes = {0, 1, P - 1, P - 2, 0xffffffffL, 0x100000000L, 0x8000000000000000L, 0x00ff00ff00ff00ffL};
        for (int len = 0; len <= 13; len++) {
            long[] v = new long[len];
            for (int i = 0; i < len; i++) {
                v[i] = i < extremes.length && len % 2 == 0 ? extremes[(i + len) % extremes.length]
                        : Long.remainderUnsigned(rnd.nextLong(), P);
            }
            calls.add(Abi.call("publicFieldChallenge(bytes,uint256[])", header, v));
            FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL);
            java.absorbPublic("public", v);
            expected.add(java.challengeExt("c"));
        }
        for (int len = 0; len <= 6; len++) {
            Ext2[] e = new Ext2[len];
            for (int i = 0; i < len; i++) {
                e[i] = i == 0 ? Ext2.of(P - 1, P - 1) : SolidityFieldTest.randomExt(rnd);
            }
            calls.add(Abi.call("publicExtChallenge(bytes,uint256[])", header, packedAll(e)));
            FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL);
            java.absorbPublic("public", io.zkml4j.core.poly.ExtVectors.of(e));
            expected.add(java.challengeExt("c"));
        }
        List<LocalChain.Call> out = run("ReviewProbe", calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            assertEquals(expected.get(i), unpack(new BigInteger(1, c.returnData())), "call " + i);
        }
    }

    /** Indices for bounds that are and are not powers of two, up to 2^31 − 1, over several blocks. */
    @Test
    void challengeIndicesAgreeWithJavaForEveryKindOfBound() throws Exception {
        byte[] header = reviewHeader();
        int[] bounds = {1, 2, 3, 5, 7, 1000, 1023, 1024, 1025, 65537, (1 << 20) + 7, 1 << 30, (1 << 30) + 1,
                Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        int[] counts = {0, 1, 4, 5, 33};
        List<byte[]> calls = new ArrayList<>();
        List<int[]> expectedIndices = new ArrayList<>();
        List<Ext2> expectedAfter = new ArrayList<>();
        for (int bound : bounds) {
            for (int count : counts) {
                calls.add(Abi.call("indices(bytes,uint256,uint256)", header, (long) count, (long) bound));
                FiatShamirProver java = new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL);
                expectedIndices.add(java.challengeIndices("q", count, bound));
                expectedAfter.add(java.challengeExt("after"));
            }
        }
        // Bounds Java cannot take (0, and 2^31 overflows its int) are refused.
        calls.add(Abi.call("indices(bytes,uint256,uint256)", header, 3L, 0L));
        calls.add(Abi.call("indices(bytes,uint256,uint256)", header, 3L, 1L << 31));
        List<LocalChain.Call> out = run("ReviewProbe", calls).calls();
        for (int i = 0; i < calls.size() - 2; i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            BigInteger[] got = Abi.decodeUintArray(c.returnData());
            int[] q = expectedIndices.get(i);
            assertEquals(q.length + 1, got.length, "call " + i);
            for (int j = 0; j < q.length; j++) {
                assertEquals(BigInteger.valueOf(q[j]), got[j], "call " + i + ", index " + j);
            }
            assertEquals(packed(expectedAfter.get(i)), got[q.length], "call " + i + ": the state after");
        }
        for (int i = calls.size() - 2; i < calls.size(); i++) {
            assertFalse(out.get(i).success(), "bound of call " + i);
            assertTrue(out.get(i).revertReason().contains("index bound"), out.get(i).revertReason());
        }
    }

    /**
     * Round polynomials at every node (and on the node's line off the base field, and at a random
     * point); multilinears at every corner. The degrees go past a sumcheck's to those of a pinned
     * Basefold opening's line (n up to 30 − β = 29, Basefold.sol evaluates it at t* with the same
     * functions).
     */
    @Test
    void lagrangeAtEveryNodeAndMultilinearAtEveryCorner() throws Exception {
        Random rnd = new Random(35);
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        for (int degree : new int[] {1, 2, 3, 4, 5, 6, 13, 20, 28, 29}) {
            Ext2[] values = new Ext2[degree + 1];
            for (int i = 0; i <= degree; i++) {
                values[i] = SolidityFieldTest.randomExt(rnd);
            }
            List<Ext2> xs = new ArrayList<>();
            for (int i = 0; i <= degree + 1; i++) {
                xs.add(Ext2.fromBase(i));
                xs.add(Ext2.of(i, 1));
            }
            xs.add(Ext2.fromBase(P - 1));
            xs.add(Ext2.of(P - 1, P - 1));
            xs.add(SolidityFieldTest.randomExt(rnd));
            for (Ext2 x : xs) {
                calls.add(Abi.call("lagrange(uint256[],uint256)", packedAll(values), packed(x)));
                expected.add(Univariate.evaluate(values, x));
            }
        }
        int n = 3;
        long[] table = table(rnd, n);
        for (int corner = 0; corner < (1 << n); corner++) {
            Ext2[] point = new Ext2[n];
            for (int j = 0; j < n; j++) {
                point[j] = ((corner >> j) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
            }
            calls.add(Abi.call("multilinear(uint256[],uint256[])", table, packedAll(point)));
            expected.add(Ext2.fromBase(table[corner]));
        }
        List<LocalChain.Call> out = Evm.run("KitProbe.sol", "KitProbe", calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            assertEquals(expected.get(i), unpack(new BigInteger(1, c.returnData())), "call " + i);
        }
    }

    /**
     * Sumchecks of degree 1 to 4 (one to four tables multiplied) over 0 to 4 variables: the Solidity
     * verifier derives Java's point and final claim, and the final claim is the product of the tables'
     * multilinear extensions there.
     */
    @Test
    void sumchecksOfEveryDegreeDeriveJavasPointAndFinalClaim() throws Exception {
        Random rnd = new Random(36);
        List<byte[]> calls = new ArrayList<>();
        List<Ext2[]> expected = new ArrayList<>();
        for (int degree = 1; degree <= 4; degree++) {
            for (int n = 0; n <= 4; n++) {
                long[][] tables = new long[degree][];
                int[] all = new int[degree];
                for (int t = 0; t < degree; t++) {
                    tables[t] = table(rnd, n);
                    all[t] = t;
                }
                FiatShamirProver p = new FiatShamirProver(Keccak256.INSTANCE, REVIEW_PROTOCOL);
                io.zkml4j.core.sumcheck.ProductSumInstance inst = new io.zkml4j.core.sumcheck.ProductSumInstance(tables, true,
                        List.of(new io.zkml4j.core.sumcheck.ProductSumInstance.Term(Ext2.ONE, all)));
                Ext2 claim = inst.sum();
                p.sendExt("claim", io.zkml4j.core.poly.ExtVectors.of(claim));
                Sumcheck.prove(inst, claim, p, "s");
                byte[] proof = p.proof();
                FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, REVIEW_PROTOCOL, proof);
                Ext2 c = io.zkml4j.core.poly.ExtVectors.toArray(v.receiveExt("claim", 1))[0];
                Sumcheck.Verification s = Sumcheck.verify(c, n, degree, v, "s");
                v.finish();
                Ext2 product = Ext2.ONE;
                for (long[] t : tables) {
                    product = product.mul(Multilinear.evaluateBase(t, s.point()));
                }
                assertEquals(product, s.finalClaim(), "the Java run is honest");
                Ext2[] e = Arrays.copyOf(s.point(), n + 1);
                e[n] = s.finalClaim();
                expected.add(e);
                calls.add(Abi.call("sumcheck(bytes,uint256,uint256)", proof, (long) n, (long) degree));
            }
        }
        List<LocalChain.Call> out = run("ReviewProbe", calls).calls();
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call c = out.get(i);
            assertTrue(c.success(), c::revertReason);
            BigInteger[] got = Abi.decodeUintArray(c.returnData());
            Ext2[] e = expected.get(i);
            assertEquals(e.length, got.length, "call " + i);
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], unpack(got[j]), "call " + i + ", element " + j);
            }
        }
    }

    // ---- helpers ----

    /** The sumcheck point of an honest proof, as the Java verifier derives it. */
    static Ext2[] pointOf(byte[] proof, long[] f, long[] g) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(Keccak256.INSTANCE, SoliditySumcheckTest.PROTOCOL, proof);
        v.absorbPublic("f", f);
        v.absorbPublic("g", g);
        Ext2 claim = io.zkml4j.core.poly.ExtVectors.toArray(v.receiveExt("claim", 1))[0];
        return Sumcheck.verify(claim, Integer.numberOfTrailingZeros(f.length), 2, v, "ps").point();
    }

    static Ext2 innerProduct(long[] base, long[] extInterleaved) {
        Ext2 acc = Ext2.ZERO;
        for (int i = 0; i < base.length; i++) {
            acc = acc.add(Ext2.at(extInterleaved, i).mul(base[i]));
        }
        return acc;
    }

    static BigInteger[] ext(long[] interleaved, int i) {
        return new BigInteger[] {unsigned(interleaved[2 * i]), unsigned(interleaved[2 * i + 1])};
    }

    static BigInteger[] unsignedAll(long[] v) {
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = unsigned(v[i]);
        }
        return out;
    }

    static byte[] withByte(byte[] proof, int at, int value) {
        byte[] b = proof.clone();
        b[at] = (byte) value;
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }
}
