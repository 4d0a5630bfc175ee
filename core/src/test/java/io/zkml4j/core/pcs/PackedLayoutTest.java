package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small polynomials share rows in one-time commitments: each claim must still name exactly its own values. */
class PackedLayoutTest {
    @Test
    void smallPolynomialsShareAlignedSlots() {
        // rows of 2^4: sizes 2^1, 2^2, 2^0, 2^5 (two rows), 2^3, 2^4 (a row of its own), 2^2
        Commitment c = new Commitment(LigeroPcsTest.SMALL, new byte[HashFunction.DIGEST_BYTES], new int[] {1, 2, 0, 5, 3, 4, 2});
        assertEquals(0, c.rowStart(0));
        assertEquals(0, c.columnOffset(0));
        assertEquals(0, c.rowStart(1));
        assertEquals(4, c.columnOffset(1));
        assertEquals(0, c.rowStart(2));
        assertEquals(8, c.columnOffset(2));
        assertEquals(1, c.rowStart(3));
        assertEquals(2, c.rowCount(3));
        assertEquals(3, c.rowStart(4)); // aligned to 8 the next free slot would be 16: a new shared row
        assertEquals(0, c.columnOffset(4));
        assertEquals(4, c.rowStart(5)); // a full row of its own
        assertEquals(3, c.rowStart(6));
        assertEquals(8, c.columnOffset(6));
        assertEquals(5, c.rows());
        Commitment sealed = Commitment.unpacked(LigeroPcsTest.SMALL, new byte[HashFunction.DIGEST_BYTES], new int[] {1, 2, 0});
        assertEquals(3, sealed.rows());
        assertFalse(sealed.packed());
    }

    @Test
    void claimsOnPackedPolynomialsProveTheirOwnValuesOnly() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        int[] sizes = {1, 2, 0, 5, 3, 4, 2, 3};
        List<long[]> tables = new ArrayList<>();
        for (int n : sizes) {
            tables.add(Rand.base(1 << n, r));
        }
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(5));
        CommittedPolynomials cp = pcs.commit(LigeroPcsTest.SMALL, tables);
        assertTrue(cp.commitment().rows() < sizes.length, "small polynomials share rows");
        List<LinearClaim> claims = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(java.util.Arrays.toString(tables.get(i)), java.util.Arrays.toString(cp.table(i)));
            Ext2[] z = Rand.point(sizes[i], r);
            claims.add(LinearClaim.evaluation(0, i, z, LigeroPcsTest.evalAt(tables.get(i), z)));
        }
        // An explicit-weight claim on a packed polynomial (as sumcheck masks have).
        long[] w = Rand.extTable(1 << sizes[1], r);
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, 1, new Weights.Explicit(w), Ext2.ONE)),
                ExtVectors.innerProductBase(w, tables.get(1))));
        byte[] proof = LigeroPcsTest.prove(pcs, List.of(cp), claims);
        LigeroPcsTest.verify(List.of(cp.commitment()), claims, proof);
        // The same point on a neighbour's slot, or a shifted value, is refused.
        for (int i = 0; i < claims.size(); i++) {
            List<LinearClaim> wrong = new ArrayList<>(claims);
            LinearClaim c = claims.get(i);
            wrong.set(i, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> LigeroPcsTest.verify(List.of(cp.commitment()), wrong, proof));
        }
        Ext2[] z = Rand.point(sizes[1], r);
        LinearClaim neighbour = LinearClaim.evaluation(0, 6, z, LigeroPcsTest.evalAt(tables.get(1), z)); // poly 6 has poly 1's size
        List<LinearClaim> swapped = new ArrayList<>(claims);
        swapped.add(neighbour);
        LigeroPcs again = new LigeroPcs(new java.util.Random(6));
        CommittedPolynomials cp2 = again.commit(LigeroPcsTest.SMALL, tables);
        byte[] p2 = LigeroPcsTest.prove(again, List.of(cp2), swapped);
        assertThrows(InvalidProofException.class, () -> LigeroPcsTest.verify(List.of(cp2.commitment()), swapped, p2));
    }
}
