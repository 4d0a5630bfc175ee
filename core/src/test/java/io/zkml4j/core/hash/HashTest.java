package io.zkml4j.core.hash;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class HashTest {
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void sha256KnownAnswers() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(Sha256.INSTANCE.hash(new byte[0])));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                hex(Sha256.INSTANCE.hash("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void keccak256KnownAnswers() {
        // Ethereum's Keccak-256 (original padding).
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", hex(Keccak256.INSTANCE.hash(new byte[0])));
        assertEquals("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                hex(Keccak256.INSTANCE.hash("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void permutationMatchesJdkSha3AtEveryLength() throws Exception {
        // With SHA-3's padding the sponge must equal the JDK's SHA3-256, across block boundaries.
        Keccak256 sha3 = new Keccak256((byte) 0x06);
        MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        SplittableRandom r = new SplittableRandom(1);
        for (int len = 0; len < 600; len += (len < 300 ? 1 : 37)) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            assertArrayEquals(jdk.digest(data), sha3.hash(data), "length " + len);
            // Incremental updates in odd pieces (short ones, and long ones that run off the lanes' boundaries across blocks) give the same digest.
            HashFunction.Hasher h = sha3.newHasher();
            int i = 0;
            while (i < len) {
                int piece = Math.min(len - i, 1 + r.nextInt(r.nextBoolean() ? 20 : 300));
                if (piece == 1) {
                    h.update(data[i]);
                } else {
                    h.update(data, i, piece);
                }
                i += piece;
            }
            assertArrayEquals(jdk.digest(data), h.digest(), "incremental, length " + len);
        }
    }

    @Test
    void hasherResetsAfterDigest() {
        for (HashFunction f : new HashFunction[] {Sha256.INSTANCE, Keccak256.INSTANCE}) {
            HashFunction.Hasher h = f.newHasher();
            h.update(new byte[] {1, 2, 3});
            h.digest();
            h.update("abc".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(f.hash("abc".getBytes(StandardCharsets.US_ASCII)), h.digest(), f.name());
        }
    }

    @Test
    void byName() {
        assertSame(Sha256.INSTANCE, HashFunction.byName("sha256"));
        assertSame(Keccak256.INSTANCE, HashFunction.byName("keccak256"));
        assertThrows(IllegalArgumentException.class, () -> HashFunction.byName("md5"));
    }
}
