package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of 80a2d8c: sealed commitments keep the unpacked layout (version 1), but a description
 * (or key) whose sealed commitment says version 2 (packed) is still accepted. SealedOpening reads a
 * small polynomial at offset 0 of its rowStart and ignores columnOffset, so under a packed label
 * two small tables would be read from the same columns: the declared layout is not the one opened.
 */
class ReviewSealedLayoutTest {
    @Test
    void aDatasetDescriptionWithAPackedSealedCommitmentIsRefused() throws Exception {
        long[][] values = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        long[][] tables = AccuracyReviewSupport.tables(values, new long[] {0, 1, 0, 1});
        AccuracyReviewSupport.RawDataset raw = AccuracyReviewSupport.commitRaw(4, List.of("a", "b"), 2, 0, 8, tables);
        Commitment sealed = raw.description().commitment();
        assertFalse(sealed.packed());
        assertEquals(2, sealed.rows(), "features (2^7) and labels (2^2) each start a row of 2^" + sealed.parameters().logRowWidth());

        byte[] enc = raw.description().encode();
        int at = indexOf(enc, new byte[] {'Z', 'K', 'M', 'C', 0, 1});
        assertTrue(at >= 0);
        enc[at + 5] = 2; // relabel the sealed commitment as packed
        DatasetCommitment relabelled;
        try {
            relabelled = DatasetCommitment.decode(enc, "relabelled");
        } catch (FileFormatException e) {
            return; // refused: fine
        }
        Commitment c = relabelled.commitment();
        fail("a sealed commitment declared packed is accepted: rows " + c.rows() + " instead of 2, labels at row " + c.rowStart(1)
                + " offset " + c.columnOffset(1) + " (SealedOpening would read them at offset 0, i.e. from the features' columns)");
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
