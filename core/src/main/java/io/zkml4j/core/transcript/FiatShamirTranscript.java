package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;

import java.util.stream.LongStream;

/**
 * The hash chain behind Fiat–Shamir. The state is a 32-byte digest; every operation replaces it
 * by a hash of (operation tag, old state, typed and length-prefixed input), so the state commits
 * to the whole ordered history, including the domain separator it started from.
 *
 * <p>A challenge first folds its label into the state, then reads an output stream of blocks
 * H(0x03 || state || i), then ratchets the state past the blocks it used. Field elements are
 * taken from 8-byte words by rejection (words >= p are skipped), so they are exactly uniform.
 */
final class FiatShamirTranscript {
    private static final byte ABSORB = 0x01;
    private static final byte CHALLENGE = 0x02;
    private static final byte STREAM = 0x03;
    private static final byte RATCHET = 0x04;
    private static final byte WORK = 0x05;

    private final HashFunction hash;
    private final HashFunction.Hasher hasher;
    private byte[] state;

    FiatShamirTranscript(HashFunction hash, String domainSeparator) {
        this.hash = hash;
        this.hasher = hash.newHasher();
        byte[] ds = Bytes.utf8("zkml4j/transcript/v1|" + hash.name() + "|" + domainSeparator);
        hasher.update(ds);
        this.state = hasher.digest();
    }

    void absorb(byte kindTag, String label, byte[] data, int offset, int length) {
        hasher.update(ABSORB);
        hasher.update(state);
        hasher.update(kindTag);
        updateString(label);
        byte[] len = new byte[8];
        Bytes.putLong(len, 0, length);
        hasher.update(len);
        hasher.update(data, offset, length);
        state = hasher.digest();
    }

    Ext2 challengeExt(String label) {
        Stream s = new Stream(label);
        long c0 = s.nextFieldElement();
        long c1 = s.nextFieldElement();
        s.close();
        return Ext2.of(c0, c1);
    }

    int[] challengeIndices(String label, int count, int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("index bound must be positive");
        }
        Stream s = new Stream(label);
        int[] out = new int[count];
        // Unbiased: accept only words below 2^64 - (2^64 mod bound), a multiple of bound.
        long excess = (Long.remainderUnsigned(-1L, bound) + 1) % bound; // 2^64 mod bound
        for (int i = 0; i < count; i++) {
            long w;
            do {
                w = s.nextWord();
            } while (excess != 0 && Long.compareUnsigned(w, -excess) >= 0);
            out[i] = (int) Long.remainderUnsigned(w, bound);
        }
        s.close();
        return out;
    }

    /** Searches for a nonce meeting the work target, spreading the search over all cores. */
    long findProofOfWork(String label, int bits) {
        byte[] prefix = workPrefix(label);
        ThreadLocal<HashFunction.Hasher> hashers = ThreadLocal.withInitial(hash::newHasher);
        return LongStream.iterate(0, n -> n + 1).parallel()
                .filter(n -> leadingZeroBits(workHash(prefix, n, hashers.get())) >= bits)
                .findFirst().orElseThrow();
    }

    boolean checkProofOfWork(String label, int bits, long nonce) {
        return leadingZeroBits(workHash(workPrefix(label), nonce, hasher)) >= bits;
    }

    private byte[] workPrefix(String label) {
        hasher.update(WORK);
        hasher.update(state);
        updateString(label);
        return hasher.digest();
    }

    private static byte[] workHash(byte[] prefix, long nonce, HashFunction.Hasher h) {
        byte[] n = new byte[8];
        Bytes.putLong(n, 0, nonce);
        h.update(prefix);
        h.update(n);
        return h.digest();
    }

    static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
        }
        return bits;
    }

    private void updateString(String label) {
        byte[] l = Bytes.utf8(label);
        byte[] len = new byte[4];
        Bytes.putInt(len, 0, l.length);
        hasher.update(len);
        hasher.update(l);
    }

    /** The output stream of one challenge. */
    private final class Stream {
        private final byte[] seed;
        private int blockIndex;
        private byte[] block;
        private int position;

        Stream(String label) {
            hasher.update(CHALLENGE);
            hasher.update(state);
            updateString(label);
            seed = hasher.digest();
            position = HashFunction.DIGEST_BYTES;
        }

        long nextWord() {
            if (position + 8 > HashFunction.DIGEST_BYTES) {
                byte[] idx = new byte[4];
                Bytes.putInt(idx, 0, blockIndex++);
                hasher.update(STREAM);
                hasher.update(seed);
                hasher.update(idx);
                block = hasher.digest();
                position = 0;
            }
            long w = Bytes.getLong(block, position);
            position += 8;
            return w;
        }

        long nextFieldElement() {
            long w;
            do {
                w = nextWord();
            } while (!Goldilocks.isCanonical(w));
            return w;
        }

        void close() {
            byte[] idx = new byte[4];
            Bytes.putInt(idx, 0, blockIndex);
            hasher.update(RATCHET);
            hasher.update(seed);
            hasher.update(idx);
            state = hasher.digest();
        }
    }
}
