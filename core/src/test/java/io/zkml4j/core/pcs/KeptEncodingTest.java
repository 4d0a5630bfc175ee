package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
