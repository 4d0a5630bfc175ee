package io.zkml4j.core.hashproof;

import io.zkml4j.core.hash.Poseidon2;
import io.zkml4j.core.hash.Poseidon2Sponge;

import java.util.Arrays;

/**
 * Every intermediate state of a batch of sponge hashes, laid out for a proof: one table per
 * (stage, lane), each with a value per permutation slot. Stage 0 is the permutation's input
 * (lanes 0..7 the absorbed block, 8..11 the capacity), stage 1 + ρ the input of round ρ's S-boxes
 * (in partial rounds lanes 1..11 are the state as it is), and stage 31 the output. Each stage
 * follows from the one before by one degree-7 step ({@link PermutationConstraints}).
 */
public final class PermutationTrace {
    public static final int LANES = Poseidon2.WIDTH;
    public static final int STAGES = Poseidon2.ROUNDS + 2;
    public static final int OUTPUT_STAGE = STAGES - 1;
    public static final int TABLES = STAGES * LANES;

    private final SpongeShape shape;
    private final long[][] tables; // [stage·LANES + lane][slot]
    private final long[][] digests; // [sponge slot][OUTPUT]

    private PermutationTrace(SpongeShape shape, long[][] tables, long[][] digests) {
        this.shape = shape;
        this.tables = tables;
        this.digests = digests;
    }

    public static int table(int stage, int lane) {
        return stage * LANES + lane;
    }

    /** Runs the sponges on canonical messages (one per sponge, each of the shape's length). */
    public static PermutationTrace of(SpongeShape shape, long[][] messages) {
        if (messages.length != shape.sponges()) {
            throw new IllegalArgumentException("the shape has " + shape.sponges() + " sponges, got " + messages.length + " messages");
        }
        int slots = shape.permutations();
        long[][] tables = new long[TABLES][slots];
        long[][] digests = new long[shape.spongeSlots()][];
        long[] zero = new long[shape.messageLength()];
        long[] idle = run(new long[LANES]); // the all-zero permutation, in every unused slot
        for (int s = 0; s < shape.spongeSlots(); s++) {
            long[] message = s < shape.sponges() ? messages[s] : zero;
            if (message.length != shape.messageLength()) {
                throw new IllegalArgumentException("message " + s + " has " + message.length + " elements, the shape " + shape.messageLength());
            }
            for (int i = 0; i < message.length; i++) {
                if (!io.zkml4j.core.field.Goldilocks.isCanonical(message[i])) {
                    throw new IllegalArgumentException("message " + s + " element " + i + " is not a canonical field element");
                }
            }
            long[] state = new long[LANES];
            state[Poseidon2Sponge.RATE] = shape.messageLength();
            state[Poseidon2Sponge.RATE + 1] = shape.domain();
            for (int b = 0; b < 1 << shape.logBlocks(); b++) {
                long[] stages;
                if (b < shape.blocks()) {
                    for (int i = 0; i < Poseidon2Sponge.RATE; i++) {
                        int at = b * Poseidon2Sponge.RATE + i;
                        state[i] = at < message.length ? message[at] : 0;
                    }
                    stages = run(state);
                    System.arraycopy(stages, OUTPUT_STAGE * LANES, state, 0, LANES);
                } else {
                    stages = idle;
                }
                int slot = shape.slot(s, b);
                for (int t = 0; t < TABLES; t++) {
                    tables[t][slot] = stages[t];
                }
            }
            digests[s] = Arrays.copyOf(state, Poseidon2Sponge.OUTPUT);
        }
        return new PermutationTrace(shape, tables, digests);
    }

    /** All stages of one permutation of {@code input}, stage-major. */
    static long[] run(long[] input) {
        long[] out = new long[TABLES];
        long[] state = input.clone();
        System.arraycopy(state, 0, out, 0, LANES);
        Poseidon2.externalLayer(state);
        for (int r = 0; r < Poseidon2.ROUNDS; r++) {
            int stage = 1 + r;
            if (Poseidon2.isPartial(r)) {
                state[0] = io.zkml4j.core.field.Goldilocks.addCanonical(state[0], Poseidon2.roundConstant(r, 0));
                System.arraycopy(state, 0, out, stage * LANES, LANES);
                state[0] = Poseidon2.sbox(state[0]);
                Poseidon2.internalLayer(state);
            } else {
                for (int i = 0; i < LANES; i++) {
                    state[i] = io.zkml4j.core.field.Goldilocks.addCanonical(state[i], Poseidon2.roundConstant(r, i));
                }
                System.arraycopy(state, 0, out, stage * LANES, LANES);
                for (int i = 0; i < LANES; i++) {
                    state[i] = Poseidon2.sbox(state[i]);
                }
                Poseidon2.externalLayer(state);
            }
        }
        System.arraycopy(state, 0, out, OUTPUT_STAGE * LANES, LANES);
        return out;
    }

    public SpongeShape shape() {
        return shape;
    }

    /** The table of (stage, lane) flattened as {@link #table}; the array itself, not a copy. */
    long[] table(int index) {
        return tables[index];
    }

    /** Digests of every sponge slot (padding sponges hash the all-zero message). */
    public long[][] digests() {
        return digests;
    }

    /** Digests of the real sponges. */
    public long[][] spongeDigests() {
        return Arrays.copyOf(digests, shape.sponges());
    }
}
