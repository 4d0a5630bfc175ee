package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A commitment that keeps its encoded rows opens the same columns, and the same root, as one that encodes them again. */
class KeptEncodingTest {
    @Test
    void keptAndReEncodedColumnsAreEqual() {
        LigeroParameters params = LigeroParameters.forSecurity(40, 8, 2, 1, 0, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(3);
        List<long[]> tables = List.of(Rand.base(1 << 9, r), Rand.base(1 << 4, r), Rand.base(1 << 7, r));
        CommittedPolynomials kept = CommittedPolynomials.commit(params, tables, Rand.random(5), true);
        CommittedPolynomials again = CommittedPolynomials.commit(params, tables, Rand.random(5), false);
        assertArrayEquals(kept.commitment().root(), again.commitment().root());
        int[] columns = {0, 1, 17, params.codeLength() / 2, params.codeLength() - 1};
        kept.reveal(columns);
        again.reveal(columns);
        for (int j : columns) {
            assertArrayEquals(again.column(j), kept.column(j), "column " + j);
        }
        assertEquals(8L * kept.commitment().rows() * params.codeLength(), CommittedPolynomials.encodedBytes(params, tables));
    }

    /**
     * Without a budget, small commitments keep their encoded rows up to a bound per instance (a
     * proof of thousands of small chunks must not hold all of them), and larger ones do not.
     */
    @Test
    void smallCommitmentsAreKeptUpToABoundPerInstance() {
        LigeroParameters params = LigeroParameters.forSecurity(40, 10, 2, 1, 0, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(4);
        List<long[]> tables = List.of(Rand.base(1 << 20, r)); // 2^20 values: 2^10 rows of 2^12 encoded, 32 MiB
        long bytes = CommittedPolynomials.encodedBytes(params, tables);
        List<long[]> small = List.of(Rand.base(1 << 19, r)); // 16 MiB encoded
        long smallBytes = CommittedPolynomials.encodedBytes(params, small);
        assertTrue(bytes > LigeroPcs.SMALL_BYTES && smallBytes <= LigeroPcs.SMALL_BYTES, bytes + " and " + smallBytes);
        LigeroPcs pcs = new LigeroPcs(Rand.random(6));
        assertFalse(pcs.commit(params, tables).keepsEncodedRows(), "a commitment past the small size is encoded again");
        int kept = 0;
        for (int i = 0; i < 6; i++) {
            kept += pcs.commit(params, small).keepsEncodedRows() ? 1 : 0;
        }
        assertEquals(LigeroPcs.SMALL_KEPT_BYTES / smallBytes, kept, "small commitments kept up to the bound, then encoded again");
    }
}
