package io.zkml4j.core.util;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Random;

/**
 * A cryptographically secure generator for the prover's masks and salts: the ChaCha20 key stream
 * (the JDK's, vectorised) under a 256-bit key from {@link SecureRandom}. The system source alone
 * is slow in bulk and serialised across threads; commitments need megabytes of randomness.
 */
public final class ChaChaRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final int BLOCK = 1 << 14;

    private final transient Cipher cipher;
    private final byte[] zeros = new byte[BLOCK];
    private byte[] buffer = new byte[0];
    private int position;

    public ChaChaRandom() {
        this(new SecureRandom());
    }

    public ChaChaRandom(SecureRandom seedSource) {
        this(bytes(seedSource, 32), bytes(seedSource, 12));
    }

    /**
     * The stream for a secret 32-byte seed: the same seed gives the same values, so a commitment's
     * randomness can be kept as its seed and the commitment re-created exactly.
     */
    public static ChaChaRandom fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("a seed has 32 bytes");
        }
        return new ChaChaRandom(seed.clone(), new byte[12]);
    }

    private static byte[] bytes(SecureRandom source, int n) {
        byte[] b = new byte[n];
        source.nextBytes(b);
        return b;
    }

    private ChaChaRandom(byte[] key, byte[] nonce) {
        super(0);
        try {
            cipher = Cipher.getInstance("ChaCha20");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ChaCha20", e);
        }
    }

    private void refill() {
        buffer = cipher.update(zeros);
        position = 0;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            if (position == buffer.length) {
                refill();
            }
            int n = Math.min(bytes.length - at, buffer.length - position);
            System.arraycopy(buffer, position, bytes, at, n);
            position += n;
            at += n;
        }
    }

    @Override
    public synchronized long nextLong() {
        if (buffer.length - position < 8) {
            refill();
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buffer[position++] & 0xFFL);
        }
        return v;
    }

    @Override
    protected synchronized int next(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }
}
