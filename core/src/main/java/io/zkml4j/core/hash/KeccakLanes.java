package io.zkml4j.core.hash;

import io.zkml4j.core.util.LaneWarmUp;
import io.zkml4j.core.util.VectorLanes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Whether Keccak-256 hashes messages several at once in the machine's vector lanes
 * ({@link KeccakVector}, through {@link Keccak256#hashAll}), and how many: when {@link VectorLanes}
 * says the lanes are on. Otherwise everything stays scalar; the digests are the same either way.
 *
 * <p>The vector code runs fast only once C2 has compiled it: interpreted, a vector permutation is
 * many times slower than a scalar one. So it never runs cold in a caller's thread: a process that
 * has hashed {@link #WARM_AFTER} permutations' worth of batches in scalar code (or a caller that
 * knows bulk hashing is coming, {@link #warmUpInBackground}) starts a background thread that
 * compiles it, and batches use the lanes once that thread is done ({@link #worthIt}). A short job,
 * such as a verifier checking a few hundred Merkle nodes in a fresh JVM, stays scalar.
 */
public final class KeccakLanes {
    /**
     * Scalar permutations of batches that could have used the lanes, after which the warm-up starts:
     * about 8M, more than one `--evm` proof of the bundled MLP hashes. Its 0.8–1.2 s of warm-up cost
     * such a proof in a fresh JVM more than the lanes saved (cold `zkml prove`: 2.40–2.67 against
     * 1.84–2.70 s at 2^20), and `zkml commit --evm` did not gain either; a process that proves
     * again and again (ten proofs in one JVM) gets there and proves in 0.47–0.78 instead of 0.79–0.90 s.
     */
    static final long WARM_AFTER = 1L << 23;
    /** Vector permutations the warm-up runs at least (with the absorption around them): each loop then runs often enough for C2 to compile it. */
    private static final int MIN_WARM_UP_PERMUTATIONS = 4_000;
    /** Steps (176 vector permutations each) after which a warm-up that never got fast gives up. */
    private static final int MAX_WARM_UP_STEPS = 300;

    static final int RATE_BYTES = 136;
    private static final int RATE_LONGS = RATE_BYTES / 8;
    private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int LANES = VectorLanes.longLanes();
    private static final LaneWarmUp WARM_UP = new LaneWarmUp("keccak-lanes-warm-up", WARM_AFTER, KeccakLanes::compileLanes);

    private KeccakLanes() {}

    /** Messages hashed together: the vector lanes, or 1 when they are off. */
    public static int lanes() {
        return LANES;
    }

    /** Whether the vector code has been compiled by the warm-up (batches then use it). */
    public static boolean warm() {
        return WARM_UP.warm();
    }

    /**
     * Starts compiling the vector code in a background thread, once per JVM, for a caller that
     * will hash in bulk after other work. Does nothing when the lanes are off.
     */
    public static void warmUpInBackground() {
        WARM_UP.start();
    }

    /** Whether the warm-up has ended, warm or given up (for tests, which skip the lanes' checks where it gave up). */
    public static boolean warmUpOver() {
        return WARM_UP.over();
    }

    /**
     * Hashes batches of several lengths (one block, two, eight: the shapes of Merkle nodes and of
     * committed columns) in the lanes until C2 has compiled that code, that is until a step of
     * them takes less than half the time of as many scalar permutations: then the lanes are warm.
     * On a machine where the lanes never get that fast it gives up after
     * {@link #MAX_WARM_UP_STEPS} and everything stays scalar.
     */
    private static boolean compileLanes() {
        int[] lengths = {65, 137, 1000};
        int batch = 4 * LANES;
        byte[] source = new byte[1000];
        byte[] out = new byte[batch * HashFunction.DIGEST_BYTES];
        long[] scalar = new long[25];
        long vectorPermutations = 0;
        for (int step = 0; step < MAX_WARM_UP_STEPS; step++) {
            long states = 0;
            long t0 = System.nanoTime();
            for (int length : lengths) {
                // three kinds of messages, so that the call that writes them is compiled as a virtual call, which the callers' own kinds do not undo
                hashLanes((byte) 0x01, batch, length, (index, buffer, offset) -> System.arraycopy(source, 0, buffer, offset, length), out, 0);
                hashLanes((byte) 0x01, batch, length, (index, buffer, offset) -> Arrays.fill(buffer, offset, offset + length, (byte) index), out, 0);
                hashLanes((byte) 0x01, batch, length, (index, buffer, offset) -> {
                    buffer[offset] = (byte) index;
                    System.arraycopy(source, 1, buffer, offset + 1, length - 1);
                }, out, 0);
                hashLanes((byte) 0x06, batch, length, (index, buffer, offset) -> System.arraycopy(source, 0, buffer, offset, length), out, 0);
                states += 4L * batch * blocks(length);
            }
            long t1 = System.nanoTime();
            for (long i = 0; i < states; i++) {
                Keccak256.permute(scalar);
            }
            long t2 = System.nanoTime();
            vectorPermutations += states / LANES;
            if (vectorPermutations >= MIN_WARM_UP_PERMUTATIONS && 2 * (t1 - t0) < t2 - t1) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a batch of {@code count} messages of {@code length} bytes should use the lanes: at
     * least one full vector of messages and the vector code compiled. A batch that could have
     * used them counts towards {@link #WARM_AFTER}, after which the warm-up starts.
     */
    static boolean worthIt(int count, int length) {
        if (LANES == 1 || count < LANES) {
            return false;
        }
        if (WARM_UP.warm()) {
            return true;
        }
        WARM_UP.countScalar((long) count * blocks(length));
        return false;
    }

    /** Permutations that absorbing and padding a message of {@code length} bytes takes. */
    static int blocks(int length) {
        return length / RATE_BYTES + 1;
    }

    /**
     * Hashes messages 0..count (count a multiple of {@link #lanes()}, which is above 1) of
     * {@code length} bytes, LANES at a time, with the sponge of {@link Keccak256} and this domain
     * pad byte; digest m goes to out[outOffset + 32m].
     */
    static void hashLanes(byte pad, int count, int length, HashFunction.Messages messages, byte[] out, int outOffset) {
        if (LANES == 1 || count % LANES != 0) {
            throw new IllegalArgumentException("batches of " + LANES + " messages expected, got " + count);
        }
        int padded = blocks(length) * RATE_BYTES;
        byte[] buffer = new byte[LANES * padded];
        long[] states = new long[25 * LANES];
        for (int m = 0; m < count; m += LANES) {
            for (int j = 0; j < LANES; j++) { // message m + j, padded (pad10*1: pad ... 0x80, one byte 0x81 when they meet)
                int base = j * padded;
                messages.write(m + j, buffer, base);
                Arrays.fill(buffer, base + length, base + padded, (byte) 0);
                buffer[base + length] ^= pad;
                buffer[base + padded - 1] ^= (byte) 0x80;
            }
            Arrays.fill(states, 0);
            for (int at = 0; at < padded; at += RATE_BYTES) {
                for (int i = 0; i < RATE_LONGS; i++) {
                    for (int j = 0; j < LANES; j++) {
                        states[i * LANES + j] ^= (long) LONGS_LE.get(buffer, j * padded + at + 8 * i);
                    }
                }
                KeccakVector.permute(states);
            }
            for (int j = 0; j < LANES; j++) {
                for (int i = 0; i < HashFunction.DIGEST_BYTES / 8; i++) {
                    LONGS_LE.set(out, outOffset + (m + j) * HashFunction.DIGEST_BYTES + 8 * i, states[i * LANES + j]);
                }
            }
        }
    }
}
