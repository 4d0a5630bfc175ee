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

/** A commitment large enough for the vector lanes hashes every column as the scalar sponge does. */
class BulkLeafHashingTest {
    @Test
    void everyLeafOfABulkCommitmentIsTheScalarHashOfItsColumn() {
        assumeTrue(Poseidon2Lanes.lanes() >= 4, "no vector lanes for Poseidon2 on this machine: skipped");
        // rows of 2^14 at rate 1/2: 2^15 columns of 4 + 60 values, 8 permutations each = 2^18
        LigeroParameters params = LigeroParameters.withoutRandomColumns(40, 14, 1, Sha256.INSTANCE);
        long[] table = new long[64 << 14];
        System.arraycopy(Rand.base(60 << 14, new SplittableRandom(3)), 0, table, 0, 60 << 14);
        int n = params.codeLength();
        assertTrue(Poseidon2Lanes.worthIt((long) n * Poseidon2Sponge.permutations(SealedCommitment.SALT_ELEMENTS + 60)),
                "the test must be large enough for the bulk path");
        SealedCommitment sealed = SealedCommitment.commit(params, new int[] {60}, List.of(table), new Random(9));
        for (int c = 0; c < n; c++) {
            if (c % 5 != 0 && c >= 1024 && c < n - 1024) {
                continue; // a sample in the middle; every column of the first and last tasks
            }
            long[] expected = Poseidon2Sponge.hash(SealedCommitment.LEAF_DOMAIN, SealedCommitment.leafMessage(sealed.salt(c), sealed.column(c)));
            assertArrayEquals(expected, sealed.leaf(c), "leaf " + c);
        }
    }
}
