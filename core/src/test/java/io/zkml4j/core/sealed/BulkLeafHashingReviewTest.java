package io.zkml4j.core.sealed;

import io.zkml4j.core.hash.Poseidon2Lanes;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Review: a bulk commitment whose leaf messages end inside a block (4 salt elements + 61 rows =
 * 65, so the last of 9 absorptions holds one element and seven zeros of padding), every leaf
 * against the scalar sponge, and the same commitment reopened from its leaves.
 */
class BulkLeafHashingReviewTest {
    @Test
    void everyLeafOfABulkCommitmentWithAPaddedLastBlockIsTheScalarHash() {
        assumeTrue(Poseidon2Lanes.lanes() >= 4, "no vector lanes for Poseidon2 on this machine: skipped");
        LigeroParameters params = LigeroParameters.withoutRandomColumns(40, 14, 1, Sha256.INSTANCE);
        int rows = 61;
        long[] table = new long[64 << 14];
        System.arraycopy(Rand.base(rows << 14, new SplittableRandom(5)), 0, table, 0, rows << 14);
        int n = params.codeLength();
        assertEquals(9, Poseidon2Sponge.permutations(SealedCommitment.SALT_ELEMENTS + rows));
        assertTrue(Poseidon2Lanes.worthIt((long) n * Poseidon2Sponge.permutations(SealedCommitment.SALT_ELEMENTS + rows)),
                "the test must be large enough for the bulk path");
        SealedCommitment sealed = SealedCommitment.commit(params, new int[] {rows}, List.of(table), new Random(13));
        for (int c = 0; c < n; c++) {
            long[] column = sealed.column(c);
            assertEquals(rows, column.length);
            long[] expected = Poseidon2Sponge.hash(SealedCommitment.LEAF_DOMAIN, SealedCommitment.leafMessage(sealed.salt(c), column));
            assertArrayEquals(expected, sealed.leaf(c), "leaf " + c);
        }
        SealedCommitment reopened = SealedCommitment.reopen(params, new int[] {rows}, List.of(table), new Random(13), sealed.leafDigests());
        assertArrayEquals(sealed.commitment().root(), reopened.commitment().root());
    }
}
