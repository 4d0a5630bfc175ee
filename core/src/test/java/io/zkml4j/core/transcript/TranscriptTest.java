package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import org.junit.jupiter.api.Test;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class TranscriptTest {
    static final String DS = "test-protocol/v1";

    /** A toy protocol written once against the channel interfaces. */
    static Ext2 toyProver(ProverChannel ch, long secret) {
        ch.absorbPublic("statement", new long[] {42});
        ch.sendBase("a", new long[] {secret, secret + 1});
        Ext2 c = ch.challengeExt("c");
        ch.sendExt("b", new long[] {Goldilocks.mul(c.c0, secret), c.c1});
        ch.sendDigest("d", new byte[32]);
        ch.sendBytes("salt", new byte[] {1, 2, 3});
        int[] idx = ch.challengeIndices("q", 5, 1000);
        ch.sendBase("answers", Arrays.stream(idx).asLongStream().toArray());
        return ch.challengeExt("final");
    }

    static Ext2 toyVerifier(VerifierChannel ch) throws InvalidProofException {
        ch.absorbPublic("statement", new long[] {42});
        long[] a = ch.receiveBase("a", 2);
        Ext2 c = ch.challengeExt("c");
        long[] b = ch.receiveExt("b", 1);
        InvalidProofException.check(b[0] == Goldilocks.mul(c.c0, a[0]), "b is wrong");
        ch.receiveDigest("d");
        ch.receiveBytes("salt", 3);
        int[] idx = ch.challengeIndices("q", 5, 1000);
        long[] answers = ch.receiveBase("answers", 5);
        for (int i = 0; i < 5; i++) {
            InvalidProofException.check(answers[i] == idx[i], "answer %d is wrong", i);
        }
        return ch.challengeExt("final");
    }

    static byte[] toyProof(HashFunction h, long secret) {
        FiatShamirProver p = new FiatShamirProver(h, DS);
        toyProver(p, secret);
        return p.proof();
    }

    @Test
    void fiatShamirRoundTrip() throws Exception {
        for (HashFunction h : new HashFunction[] {Sha256.INSTANCE, Keccak256.INSTANCE}) {
            FiatShamirProver p = new FiatShamirProver(h, DS);
            Ext2 proverFinal = toyProver(p, 7);
            FiatShamirVerifier v = new FiatShamirVerifier(h, DS, p.proof());
            assertEquals(proverFinal, toyVerifier(v), "both sides draw the same challenges");
            v.finish();
        }
    }

    @Test
    void challengesDependOnEveryMessageAndLabel() throws Exception {
        FiatShamirProver p1 = new FiatShamirProver(Sha256.INSTANCE, DS);
        FiatShamirProver p2 = new FiatShamirProver(Sha256.INSTANCE, DS);
        p1.sendBase("x", new long[] {1});
        p2.sendBase("x", new long[] {2});
        assertNotEquals(p1.challengeExt("c"), p2.challengeExt("c"));
        FiatShamirProver p3 = new FiatShamirProver(Sha256.INSTANCE, DS);
        FiatShamirProver p4 = new FiatShamirProver(Sha256.INSTANCE, DS);
        p3.sendBase("x", new long[] {1});
        p4.sendBase("y", new long[] {1});
        assertNotEquals(p3.challengeExt("c"), p4.challengeExt("c"));
        FiatShamirProver p5 = new FiatShamirProver(Sha256.INSTANCE, DS);
        FiatShamirProver p6 = new FiatShamirProver(Sha256.INSTANCE, "other/v1");
        assertNotEquals(p5.challengeExt("c"), p6.challengeExt("c"));
        // Public data binds too, and consecutive challenges differ.
        FiatShamirProver p7 = new FiatShamirProver(Sha256.INSTANCE, DS);
        p7.absorbPublic("s", new long[] {1});
        FiatShamirProver p8 = new FiatShamirProver(Sha256.INSTANCE, DS);
        p8.absorbPublic("s", new long[] {2});
        Ext2 c7 = p7.challengeExt("c");
        assertNotEquals(c7, p8.challengeExt("c"));
        assertNotEquals(c7, p7.challengeExt("c"));
        // A non-canonical public value binds like its canonical form.
        FiatShamirProver p9 = new FiatShamirProver(Sha256.INSTANCE, DS);
        p9.absorbPublic("s", new long[] {Goldilocks.P + 1});
        assertEquals(c7, p9.challengeExt("c"));
    }

    @Test
    void everyByteOfTheProofMatters() {
        byte[] proof = toyProof(Sha256.INSTANCE, 5);
        for (int i = 0; i < proof.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = proof.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(InvalidProofException.class, () -> {
                    FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bad);
                    toyVerifier(v);
                    v.finish();
                }, "flipping bit " + bit + " of byte " + i);
            }
        }
    }

    @Test
    void parserErrorsNameTheProblem() {
        byte[] proof = toyProof(Sha256.INSTANCE, 5);
        assertMessage(Arrays.copyOf(proof, proof.length - 3), "truncated");
        assertMessage(Arrays.copyOf(proof, proof.length + 2), "trailing");
        assertMessage(new byte[] {1, 2, 3}, "not a zkml4j proof");
        byte[] version = proof.clone();
        version[4] = 9;
        assertMessage(version, "version 9");
        byte[] kind = proof.clone();
        int firstRecord = 10 + DS.length();
        kind[firstRecord] = RecordKind.EXT.tag;
        assertMessage(kind, "record #1 ('a'): expected base data, found ext");
        byte[] count = proof.clone();
        count[firstRecord + 1] = 3;
        assertMessage(count, "expected 2 base element(s), the proof declares 3");
        byte[] nonCanonical = proof.clone();
        Arrays.fill(nonCanonical, firstRecord + 5, firstRecord + 13, (byte) 0xFF);
        assertMessage(nonCanonical, "not a canonical field element");
        assertThrows(MalformedProofException.class, () -> new FiatShamirVerifier(Sha256.INSTANCE, "another/v1", proof));
    }

    @Test
    void aRecordTooLargeToReadIsRefusedNotWrapped() throws Exception {
        // 2^28 extension elements are 2^32 bytes: in int arithmetic that wrapped to a record of 0 bytes.
        int count = 1 << 28;
        byte[] record = {RecordKind.EXT.tag, 0, 0, 0, 0x10};
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        byte[] proof = p.proof();
        byte[] withRecord = Arrays.copyOf(proof, proof.length + record.length);
        System.arraycopy(record, 0, withRecord, proof.length, record.length);
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, withRecord);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> v.receiveExt("huge", count));
        assertTrue(e.getMessage().contains("beyond the largest readable record"), e.getMessage());
    }

    static void assertMessage(byte[] proof, String fragment) {
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
            toyVerifier(v);
            v.finish();
        });
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void randomBytesAreRejectedCleanly() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] good = toyProof(Sha256.INSTANCE, 5);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes;
            if (trial % 2 == 0) {
                bytes = new byte[r.nextInt(200)];
                r.nextBytes(bytes);
                if (trial % 4 == 0 && bytes.length > 10) {
                    System.arraycopy(good, 0, bytes, 0, 10); // valid magic and version, garbage after
                }
            } else {
                bytes = good.clone();
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                }
                if (Arrays.equals(bytes, good)) {
                    continue;
                }
            }
            final byte[] b = bytes;
            assertThrows(InvalidProofException.class, () -> {
                FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, b);
                toyVerifier(v);
                v.finish();
            });
        }
    }

    @Test
    void indicesAreInRangeAndSpread() {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        for (int bound : new int[] {1, 2, 3, 1000, 1 << 20, Integer.MAX_VALUE}) {
            int[] idx = p.challengeIndices("q", 2000, bound);
            for (int i : idx) {
                assertTrue(i >= 0 && i < bound);
            }
        }
        int[] counts = new int[4];
        for (int i : p.challengeIndices("q", 40000, 4)) {
            counts[i]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10000) < 500, "roughly uniform: " + Arrays.toString(counts));
        }
    }

    @Test
    void proofOfWork() throws Exception {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        p.sendBase("m", new long[] {1});
        p.grind("pow", 12);
        Ext2 c = p.challengeExt("after");
        byte[] proof = p.proof();
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        v.receiveBase("m", 1);
        v.verifyGrind("pow", 12);
        assertEquals(c, v.challengeExt("after"));
        v.finish();
        // A different nonce (almost surely) misses the target.
        byte[] bad = proof.clone();
        bad[bad.length - 8] ^= 1;
        FiatShamirVerifier v2 = new FiatShamirVerifier(Sha256.INSTANCE, DS, bad);
        v2.receiveBase("m", 1);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> v2.verifyGrind("pow", 12));
        assertTrue(e.getMessage().contains("proof-of-work"));
    }

    @Test
    void sameCodeRunsInteractively() throws Exception {
        PipedOutputStream toVerifier = new PipedOutputStream();
        PipedInputStream verifierIn = new PipedInputStream(toVerifier, 1 << 16);
        PipedOutputStream toProver = new PipedOutputStream();
        PipedInputStream proverIn = new PipedInputStream(toProver, 1 << 16);
        CompletableFuture<Ext2> prover = CompletableFuture.supplyAsync(() -> {
            InteractiveLink link = new InteractiveLink(proverIn, toVerifier, null);
            InteractiveProver p = new InteractiveProver(link, DS);
            Ext2 last = toyProver(p, 9);
            p.flush();
            return last;
        });
        InteractiveLink link = new InteractiveLink(verifierIn, toProver, null);
        InteractiveVerifier v = new InteractiveVerifier(link, DS, new SecureRandom());
        Ext2 verifierFinal = toyVerifier(v);
        assertEquals(verifierFinal, prover.get(), "the prover received the live verifier's challenges");
        assertFalse(v.isFiatShamir());
    }
}
