package io.zkml4j.core.hash;

/**
 * Keccak-256 as used by Ethereum: the Keccak[c = 512] sponge of FIPS 202 with the original
 * padding (0x01 ... 0x80), not SHA3-256's 0x06. Written from the FIPS 202 specification.
 */
public final class Keccak256 implements HashFunction {
    public static final Keccak256 INSTANCE = new Keccak256();
    private static final int RATE_BYTES = 136; // (1600 - 2*256) / 8

    private static final long[] ROUND_CONSTANTS = roundConstants();
    /** Rotation offsets r[x + 5y] of the ρ step. */
    private static final int[] RHO = rhoOffsets();

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
            // Absorb whole aligned lanes quickly when possible.
            while (i < end) {
                if ((position & 7) == 0 && end - i >= 8 && position + 8 <= RATE_BYTES) {
                    state[position >>> 3] ^= readLongLe(data, i);
                    i += 8;
                    position += 8;
                } else {
                    xorByte(position, data[i++]);
                    position++;
                }
                if (position == RATE_BYTES) {
                    permute(state);
                    position = 0;
                }
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

    private static long readLongLe(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
    }

    /** Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι on lanes A[x + 5y]. */
    static void permute(long[] a) {
        long[] c = new long[5];
        long[] b = new long[25];
        for (int round = 0; round < 24; round++) {
            // θ
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[x + y] ^= d;
                }
            }
            // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
            for (int x = 0; x < 5; x++) {
                for (int y = 0; y < 5; y++) {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], RHO[x + 5 * y]);
                }
            }
            // χ
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
                }
            }
            // ι
            a[0] ^= ROUND_CONSTANTS[round];
        }
    }

    /** RC[i] from the LFSR rc(t) of FIPS 202 §3.2.5. */
    private static long[] roundConstants() {
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

    /** ρ offsets from FIPS 202 §3.2.2: walk (x, y) -> (y, 2x + 3y), offset (t+1)(t+2)/2. */
    private static int[] rhoOffsets() {
        int[] r = new int[25];
        int x = 1;
        int y = 0;
        for (int t = 0; t < 24; t++) {
            r[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
            int nx = y;
            int ny = (2 * x + 3 * y) % 5;
            x = nx;
            y = ny;
        }
        return r;
    }
}
