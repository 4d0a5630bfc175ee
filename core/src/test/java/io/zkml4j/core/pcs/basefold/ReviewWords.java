package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.transcript.ProverChannel;

/**
 * Review helpers, public for the evm module's differential tests: a Basefold commitment to a word
 * the test chooses (not the table's codeword), and the word whose first leaves are one table's
 * codeword and whose other leaves are another's.
 */
public final class ReviewWords {
    private ReviewWords() {}

    /** A commitment to {@code word} whose prover folds {@code table}'s coefficients. */
    public static BasefoldPcs.Committed commitWord(BasefoldParameters parameters, long[] table, long[] word, HashFunction hash) {
        return BasefoldPcs.commitCodeword(parameters, table, word, hash);
    }

    /** The same, its prover stating {@code outOfDomainValue} as the commitment's (another codeword's, for an attack on the pinning). */
    public static BasefoldPcs.Committed commitWord(BasefoldParameters parameters, long[] table, long[] word, HashFunction hash, Ext2 outOfDomainValue) {
        return BasefoldPcs.commitCodeword(parameters, table, word, hash).stating(outOfDomainValue);
    }

    /**
     * The codeword of {@code a} on its committed leaves below {@code splitLeaf} and that of {@code b}
     * on the others: a word at distance (leaves from the split on)/(leaves) from a's codeword and
     * (leaves below it)/(leaves) from b's.
     */
    public static long[] spliced(BasefoldParameters parameters, long[] a, long[] b, int splitLeaf) {
        int n = Integer.numberOfTrailingZeros(a.length);
        int group = 1 << BasefoldPcs.shape(parameters, n, null).firstFolds();
        long[] word = BasefoldPcs.encode(a, parameters.logBlowup());
        long[] other = BasefoldPcs.encode(b, parameters.logBlowup());
        System.arraycopy(other, splitLeaf * group, word, splitLeaf * group, word.length - splitLeaf * group);
        return word;
    }

    /**
     * Opens a commitment made by {@link #commitWord} as the prover of its table would if the committed
     * word were the table's codeword: the sumcheck and every fold after the first are the table's
     * (the first fold is replaced by the fold of the table's own codeword), while the first layer's
     * queried leaves are opened from the committed word. Queries through leaves where the committed
     * word is the table's codeword pass; the others fail.
     */
    public static void openAsCodeword(BasefoldPcs.Committed committed, long[] table, int logBlowup, Ext2[] point, ProverChannel ch,
                                      String label) {
        long[] own = ExtVectors.fromBase(BasefoldPcs.encode(table, logBlowup));
        int logN = Integer.numberOfTrailingZeros(table.length) + logBlowup;
        BasefoldPcs.open(committed, point, ch, label, new FoldedEvaluation.Deviation() {
            @Override
            public void afterFold(long[] word, int round, Ext4 r) {
                if (round == 0) {
                    long[] folded = FoldedEvaluation.fold(own, 2, FoldedEvaluation.inverseXTable(logN), r);
                    System.arraycopy(folded, 0, word, 0, word.length);
                }
            }
        });
    }
}
