package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Σ_x f(x)·g(x) for a dense base table f and a weight table g that is zero outside a few aligned
 * blocks of 2^low entries: the claims on a few rows of a large table (a training step's batch rows
 * of a committed dataset). Its rounds are exactly {@link InnerProductInstance}'s over the dense
 * tables, at a fraction of the work:
 * <ul>
 * <li>the first {@code low} rounds pair entries inside a block only, and a block where g is zero
 *     adds nothing to them: they run over the nonzero blocks alone, gathered into one short table;</li>
 * <li>then each remaining block of f is folded once, by the eq table of those rounds' challenges,
 *     to its one value, which later rounds pair with the nonzero blocks' values (a base-by-extension
 *     pass over f instead of an extension sumcheck over all of it);</li>
 * <li>the last rounds run over one value per block.</li>
 * </ul>
 */
public final class BlockSparseInnerProduct implements SumcheckProverInstance {
    /** The dense table, until it is folded (then released: the later rounds hold one value per block). */
    private long[] f;
    private final int numVars;
    private final int low;
    private final int[] blocks;
    private final Ext2[] lowChallenges;
    /** g on the blocks, until the low rounds have been run. */
    private long[] weights;
    private int round;
    /** The first {@code low} rounds, over the nonzero blocks gathered (then padded to a power of two with zero blocks). */
    private InnerProductInstance gathered;
    /** The rounds after them, over one value per block of the whole table. */
    private InnerProductInstance folded;

    /**
     * @param f       the dense base table, 2^n entries
     * @param low     the block size's logarithm, below n
     * @param blocks  the blocks where g may be nonzero, strictly increasing
     * @param weights g on those blocks in that order, an interleaved extension table of blocks.length·2^low values
     */
    public BlockSparseInnerProduct(long[] f, int low, int[] blocks, long[] weights) {
        this.numVars = Multilinear.numVars(f.length);
        if (low < 0 || low >= numVars) {
            throw new IllegalArgumentException("blocks of 2^" + low + " in a table of 2^" + numVars);
        }
        int blockCount = 1 << (numVars - low);
        for (int b = 0; b < blocks.length; b++) {
            if (blocks[b] < 0 || blocks[b] >= blockCount || (b > 0 && blocks[b] <= blocks[b - 1])) {
                throw new IllegalArgumentException("the blocks must be increasing and below " + blockCount);
            }
        }
        if (weights.length != (long) blocks.length << (low + 1)) {
            throw new IllegalArgumentException(blocks.length + " blocks of 2^" + low + " extension values, not " + weights.length / 2);
        }
        this.f = f;
        this.low = low;
        this.blocks = blocks.clone();
        this.lowChallenges = new Ext2[low];
        this.weights = weights;
        if (low == 0) {
            fold();
            return;
        }
        int size = 1 << low;
        int padded = blocks.length <= 1 ? 1 : Integer.highestOneBit(blocks.length - 1) << 1;
        long[] gatheredF = new long[2 * padded * size];
        for (int b = 0; b < blocks.length; b++) {
            for (int i = 0, from = blocks[b] * size, to = 2 * b * size; i < size; i++) {
                gatheredF[to + 2 * i] = f[from + i];
            }
        }
        gathered = new InnerProductInstance(gatheredF, Arrays.copyOf(weights, 2 * padded * size), false);
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return 2;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        return (round < low ? gathered : folded).roundValues(claim);
    }

    @Override
    public void bind(Ext2 r) {
        if (round < low) {
            gathered.bind(r);
            lowChallenges[round] = r;
            if (round == low - 1) {
                fold();
            }
        } else {
            folded.bind(r);
        }
        round++;
    }

    /** One value per block: the gathered blocks' bound values, each remaining block of f folded by eq(ρ_low, ·). */
    private void fold() {
        int size = 1 << low;
        int blockCount = 1 << (numVars - low);
        long[] valuesF = new long[2 * blockCount];
        long[] valuesG = new long[2 * blockCount];
        // After the low rounds the gathered tables hold one value per gathered block; with blocks of one entry nothing was bound.
        long[] boundF = gathered == null ? null : gathered.tableF();
        long[] boundG = gathered == null ? weights : gathered.tableG();
        boolean[] gatheredBlock = new boolean[blockCount];
        for (int b = 0; b < blocks.length; b++) {
            int at = blocks[b];
            valuesG[2 * at] = boundG[2 * b];
            valuesG[2 * at + 1] = boundG[2 * b + 1];
            if (boundF != null) {
                gatheredBlock[at] = true;
                valuesF[2 * at] = boundF[2 * b];
                valuesF[2 * at + 1] = boundF[2 * b + 1];
            }
        }
        long[] eq = Multilinear.eqTable(lowChallenges);
        IntStream range = IntStream.range(0, blockCount);
        if ((long) blockCount * size >= 1 << 14) {
            range = range.parallel();
        }
        range.forEach(b -> {
            if (gatheredBlock[b]) {
                return;
            }
            Ext2 folded = ExtVectors.innerProductBase(eq, 0, f, b * size, size);
            valuesF[2 * b] = folded.c0;
            valuesF[2 * b + 1] = folded.c1;
        });
        folded = new InnerProductInstance(valuesF, valuesG, false);
        gathered = null;
        weights = null;
        f = null;
    }
}
