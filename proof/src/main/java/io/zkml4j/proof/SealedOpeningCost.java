package io.zkml4j.proof;

import io.zkml4j.core.hashproof.SpongeHashProof;
import io.zkml4j.core.hashproof.SpongeShape;
import io.zkml4j.core.sealed.SealedCommitment;

/**
 * What one sealed opening commits in a proof, the measure by which sealed commitments choose their
 * row width: the row combinations (one per opened term, a row's width of extension values each)
 * and the hash proof's trace of the queried columns (salt and stored rows in sponge blocks, laid
 * out in slots rounded up to a power of two). Wider rows make the first grow and the second shrink.
 */
final class SealedOpeningCost {
    private SealedOpeningCost() {}

    /** Values committed by one opening of {@code combinations} terms over rows of 2^logRowWidth, {@code queries} columns of {@code rows} stored values. */
    static long values(long rows, int queries, long combinations, int logRowWidth) {
        long trace = hashTraceValues(rows, queries);
        return trace == Long.MAX_VALUE ? Long.MAX_VALUE : trace + combinationValues(combinations, logRowWidth);
    }

    /** Base values of {@code combinations} row combinations of rows of 2^logRowWidth (two per extension value). */
    static long combinationValues(long combinations, int logRowWidth) {
        return combinations * 2 * (1L << logRowWidth);
    }

    /** Values the hash proof commits for {@code queries} columns of {@code rows} stored values; Long.MAX_VALUE beyond its longest message. */
    static long hashTraceValues(long rows, int queries) {
        long length = rows + SealedCommitment.SALT_ELEMENTS;
        if (length > SpongeShape.MAX_MESSAGE_LENGTH) {
            return Long.MAX_VALUE;
        }
        SpongeShape shape = new SpongeShape(queries, (int) length, SealedCommitment.LEAF_DOMAIN);
        long values = 0;
        for (int v : SpongeHashProof.tableVars(shape)) {
            values += 1L << v;
        }
        return values;
    }
}
