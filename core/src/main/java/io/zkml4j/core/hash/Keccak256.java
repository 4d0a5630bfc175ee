package io.zkml4j.core.hash;

/**
 * Keccak-256 as used by Ethereum: the Keccak[c = 512] sponge of FIPS 202 with the original
 * padding (0x01 ... 0x80), not SHA3-256's 0x06. Written from the FIPS 202 specification.
 */
public final class Keccak256 implements HashFunction {
    public static final Keccak256 INSTANCE = new Keccak256();
    private static final int RATE_BYTES = 136; // (1600 - 2*256) / 8
    private static final java.lang.invoke.VarHandle LITTLE_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static final long[] ROUND_CONSTANTS = roundConstants();

    private final byte domainPad;

    private Keccak256() {
        this((byte) 0x01);
    }

    /** Package-private: SHA3-256 (pad 0x06) shares the permutation, which the tests exploit. */
    Keccak256(byte domainPad) {
        this.domainPad = domainPad;
    }

    @Override
    public String name() {
        return "keccak256";
    }

    @Override
    public Hasher newHasher() {
        return new Sponge(domainPad);
    }

    /**
     * As {@link HashFunction#hashAll}; the messages go through the vector lanes a vector's worth
     * at a time ({@link KeccakLanes}) once their code is compiled, the rest one at a time.
     */
    @Override
    public void hashAll(int count, int length, Messages messages, byte[] out, int outOffset) {
        hashAll(count, length, messages, out, outOffset, KeccakLanes.worthIt(count, length));
    }

    /** {@link #hashAll}, in the lanes (when they are on) or not as told, warm or not: for tests. */
    void hashAll(int count, int length, Messages messages, byte[] out, int outOffset, boolean lanes) {
        if (count < 0 || length < 0) {
            throw new IllegalArgumentException("count and length must be non-negative, got " + count + " and " + length);
        }
        int inLanes = lanes && KeccakLanes.lanes() > 1 ? count - count % KeccakLanes.lanes() : 0;
        if (inLanes > 0) {
            KeccakLanes.hashLanes(domainPad, inLanes, length, messages, out, outOffset);
        }
        if (inLanes < count) { // the rest one at a time, as any hash does
            HashFunction.super.hashAll(count - inLanes, length, (m, buffer, offset) -> messages.write(inLanes + m, buffer, offset), out,
                    outOffset + inLanes * DIGEST_BYTES);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class Sponge implements Hasher {
        private final long[] state = new long[25];
        private final byte pad;
        private int position; // bytes absorbed into the current block

        Sponge(byte pad) {
            this.pad = pad;
        }

        @Override
        public void update(byte[] data, int offset, int length) {
            int i = offset;
            int end = offset + length;
            while (i < end && (position & 7) != 0) { // to a lane boundary
                update(data[i++]);
            }
            while (end - i >= 8) { // whole lanes: a block (17 lanes) never splits one
                state[position >>> 3] ^= (long) LITTLE_ENDIAN_LONG.get(data, i);
                i += 8;
                position += 8;
                if (position == RATE_BYTES) {
                    permute(state);
                    position = 0;
                }
            }
            while (i < end) {
                update(data[i++]);
            }
        }

        @Override
        public void update(byte b) {
            xorByte(position, b);
            if (++position == RATE_BYTES) {
                permute(state);
                position = 0;
            }
        }

        @Override
        public void digest(byte[] out, int offset) {
            xorByte(position, pad);
            xorByte(RATE_BYTES - 1, (byte) 0x80);
            permute(state);
            for (int i = 0; i < DIGEST_BYTES; i++) {
                out[offset + i] = (byte) (state[i >>> 3] >>> (8 * (i & 7)));
            }
            java.util.Arrays.fill(state, 0);
            position = 0;
        }

        private void xorByte(int pos, byte b) {
            state[pos >>> 3] ^= (b & 0xFFL) << (8 * (pos & 7));
        }
    }

    /**
     * Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι on lanes A[x + 5y], the round body unrolled on
     * local variables (generated from the loops of FIPS 202 §3.2: the ρ offsets and π's lane moves
     * are constants, so each lane is one XOR and one rotation by a constant, with no arrays or index
     * arithmetic in the loop).
     */
    static void permute(long[] s) {
        long a0 = s[0]; long a1 = s[1]; long a2 = s[2]; long a3 = s[3]; long a4 = s[4];
        long a5 = s[5]; long a6 = s[6]; long a7 = s[7]; long a8 = s[8]; long a9 = s[9];
        long a10 = s[10]; long a11 = s[11]; long a12 = s[12];
        long a13 = s[13]; long a14 = s[14]; long a15 = s[15]; long a16 = s[16]; long a17 = s[17];
        long a18 = s[18]; long a19 = s[19]; long a20 = s[20]; long a21 = s[21]; long a22 = s[22];
        long a23 = s[23]; long a24 = s[24];
        for (int round = 0; round < 24; round++) {
            long c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
            long c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
            long c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
            long c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
            long c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            long b0 = a0 ^ d0;
            long b1 = Long.rotateLeft(a6 ^ d1, 44);
            long b2 = Long.rotateLeft(a12 ^ d2, 43);
            long b3 = Long.rotateLeft(a18 ^ d3, 21);
            long b4 = Long.rotateLeft(a24 ^ d4, 14);
            long b5 = Long.rotateLeft(a3 ^ d3, 28);
            long b6 = Long.rotateLeft(a9 ^ d4, 20);
            long b7 = Long.rotateLeft(a10 ^ d0, 3);
            long b8 = Long.rotateLeft(a16 ^ d1, 45);
            long b9 = Long.rotateLeft(a22 ^ d2, 61);
            long b10 = Long.rotateLeft(a1 ^ d1, 1);
            long b11 = Long.rotateLeft(a7 ^ d2, 6);
            long b12 = Long.rotateLeft(a13 ^ d3, 25);
            long b13 = Long.rotateLeft(a19 ^ d4, 8);
            long b14 = Long.rotateLeft(a20 ^ d0, 18);
            long b15 = Long.rotateLeft(a4 ^ d4, 27);
            long b16 = Long.rotateLeft(a5 ^ d0, 36);
            long b17 = Long.rotateLeft(a11 ^ d1, 10);
            long b18 = Long.rotateLeft(a17 ^ d2, 15);
            long b19 = Long.rotateLeft(a23 ^ d3, 56);
            long b20 = Long.rotateLeft(a2 ^ d2, 62);
            long b21 = Long.rotateLeft(a8 ^ d3, 55);
            long b22 = Long.rotateLeft(a14 ^ d4, 39);
            long b23 = Long.rotateLeft(a15 ^ d0, 41);
            long b24 = Long.rotateLeft(a21 ^ d1, 2);
            a0 = b0 ^ (~b1 & b2);
            a1 = b1 ^ (~b2 & b3);
            a2 = b2 ^ (~b3 & b4);
            a3 = b3 ^ (~b4 & b0);
            a4 = b4 ^ (~b0 & b1);
            a5 = b5 ^ (~b6 & b7);
            a6 = b6 ^ (~b7 & b8);
            a7 = b7 ^ (~b8 & b9);
            a8 = b8 ^ (~b9 & b5);
            a9 = b9 ^ (~b5 & b6);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            a0 ^= ROUND_CONSTANTS[round];
        }
        s[0] = a0; s[1] = a1; s[2] = a2; s[3] = a3; s[4] = a4;
        s[5] = a5; s[6] = a6; s[7] = a7; s[8] = a8; s[9] = a9;
        s[10] = a10; s[11] = a11; s[12] = a12;
        s[13] = a13; s[14] = a14; s[15] = a15; s[16] = a16; s[17] = a17;
        s[18] = a18; s[19] = a19; s[20] = a20; s[21] = a21; s[22] = a22;
        s[23] = a23; s[24] = a24;
    }

    /** RC[i] from the LFSR rc(t) of FIPS 202 §3.2.5. */
    static long[] roundConstants() {
        long[] rc = new long[24];
        for (int round = 0; round < 24; round++) {
            long constant = 0;
            for (int j = 0; j <= 6; j++) {
                if (rcBit(j + 7 * round)) {
                    constant |= 1L << ((1 << j) - 1);
                }
            }
            rc[round] = constant;
        }
        return rc;
    }

    private static boolean rcBit(int t) {
        if (t % 255 == 0) {
            return true;
        }
        int r = 1; // R = 10000000 as the low bit first
        for (int i = 1; i <= t % 255; i++) {
            r <<= 1;
            if ((r & 0x100) != 0) {
                r ^= 0x171; // x^8 + x^6 + x^5 + x^4 + 1
            }
        }
        return (r & 1) != 0;
    }
}
