package io.zkml4j.evm.verifier;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The fingerprint of a list of commitment claims, as {@code Claims.digest} computes it in Solidity:
 * a Keccak-256 chain over ABI words (32 bytes, big-endian). Two verifiers that reach the same
 * claims, term by term and in the same order, reach the same digest; differential tests compare
 * the Java verifier's claims with a generated Solidity verifier's this way.
 */
public final class ClaimDigest {
    private static final int EQ = 0;
    private static final int EXPLICIT = 1;
    private static final int PRODUCT = 2;
    private static final int POWERS = 3;

    private ClaimDigest() {}

    public static byte[] of(List<LinearClaim> claims) {
        byte[] h = hash(word(claims.size()));
        for (LinearClaim c : claims) {
            h = hash(h, packed(c.value()), word(c.terms().size()));
            for (LinearClaim.Term t : c.terms()) {
                long[] weights;
                long[] high;
                int kind;
                switch (t.weights()) {
                    case Weights.Eq e -> {
                        kind = EQ;
                        weights = interleaved(e.point());
                        high = new long[0];
                    }
                    case Weights.Explicit x -> {
                        kind = EXPLICIT;
                        weights = x.interleaved();
                        high = new long[0];
                    }
                    case Weights.Powers x -> {
                        kind = POWERS;
                        weights = x.coefficients();
                        high = new long[2 * x.points().length]; // a base element is the word x | 0 << 64
                        for (int i = 0; i < x.points().length; i++) {
                            high[2 * i] = x.points()[i];
                        }
                    }
                    case Weights.Product p -> {
                        kind = PRODUCT;
                        weights = p.low();
                        high = interleaved(p.high());
                    }
                }
                h = hash(h, word(t.commitment()), word(t.polynomial()), word(kind), packed(t.coefficient()), hash(packedAll(weights)),
                        hash(packedAll(high)));
            }
        }
        return h;
    }

    /** An extension element as one ABI word: c0 | c1 << 64, both canonical. */
    public static byte[] packed(Ext2 e) {
        return packed(e.c0, e.c1);
    }

    private static byte[] packed(long c0, long c1) {
        byte[] w = new byte[32];
        putLong(w, 16, Goldilocks.canonical(c1));
        putLong(w, 24, Goldilocks.canonical(c0));
        return w;
    }

    private static byte[] packedAll(long[] interleaved) {
        byte[] out = new byte[16 * interleaved.length];
        for (int i = 0; i < interleaved.length / 2; i++) {
            System.arraycopy(packed(interleaved[2 * i], interleaved[2 * i + 1]), 0, out, 32 * i, 32);
        }
        return out;
    }

    private static long[] interleaved(Ext2[] point) {
        long[] out = new long[2 * point.length];
        for (int i = 0; i < point.length; i++) {
            point[i].store(out, i);
        }
        return out;
    }

    private static byte[] word(long v) {
        byte[] w = new byte[32];
        putLong(w, 24, v);
        return w;
    }

    private static void putLong(byte[] w, int at, long v) {
        for (int i = 0; i < 8; i++) {
            w[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static byte[] hash(byte[]... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] w : words) {
            out.writeBytes(w);
        }
        return Keccak256.INSTANCE.hash(out.toByteArray());
    }
}
