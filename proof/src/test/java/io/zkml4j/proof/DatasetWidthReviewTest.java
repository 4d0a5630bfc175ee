package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedOpening;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the dataset row width chosen by values committed per proof: the width is the
 * commitment's own parameter, so a commitment of any other width within the opening's bounds
 * (the 2^9 the fewest-permutations rule chose for 100 rows of 20 features, now 2^11) still
 * decodes, keeps its width, and passes the verifier's geometry check.
 */
class DatasetWidthReviewTest {
    @Test
    void commitmentsOfOtherWidthsStillDecode() throws Exception {
        int rows = 100, features = 20;
        assertEquals(11, DatasetKey.sealedRowWidth(rows, features));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add("f" + i);
        }
        long[][] values = new long[rows][features];
        long[] labels = new long[rows];
        Random random = new Random(3);
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                values[r][f] = random.nextInt(200) - 100;
            }
            labels[r] = random.nextInt(3);
        }
        long[][] tables = AccuracyReviewSupport.tables(values, labels);
        for (int a : new int[] {9, 10, 11, 13}) {
            LigeroParameters params = LigeroParameters.withoutRandomColumns(100, a, DatasetKey.SEALED_LOG_BLOWUP, CommitOptions.DEFAULT.hash());
            SealedCommitment sealed = SealedCommitment.commit(params, DatasetCommitment.storedRows(rows, features, a), Arrays.asList(tables),
                    new Random(11));
            DatasetCommitment d = new DatasetCommitment(rows, names, 3, 8, 16, sealed.commitment());
            DatasetCommitment back = DatasetCommitment.decode(d.encode(), "width" + a + ".dc");
            assertEquals(a, back.commitment().parameters().logRowWidth());
            assertTrue(Arrays.equals(d.digest(), back.digest()));
            assertNull(SealedOpening.geometryProblem(back.commitment(), LigeroParameters.withoutRandomColumns(100, 12, 2,
                    CommitOptions.DEFAULT.hash())), "width 2^" + a);
        }
    }

    /**
     * An accuracy proof over a dataset committed at the width the earlier rule chose (2^9 for 100
     * rows of 20 features; this build chooses 2^11) verifies against that commitment, and not
     * against the same rows committed at this build's width.
     */
    @Test
    void aProofOverAnEarlierWidthVerifies() throws Exception {
        assertEquals(11, DatasetKey.sealedRowWidth(100, 20));
        io.zkml4j.model.data.LabelledDataset rows = AccuracyProofTest.dataset(100, 20, 10, 1);
        DatasetKey earlier = DatasetKey.commit(rows, DatasetKey.Options.DEFAULT, 9);
        DatasetKey now = DatasetKey.commit(rows, DatasetKey.Options.DEFAULT);
        assertEquals(9, earlier.description().commitment().parameters().logRowWidth());
        assertEquals(11, now.description().commitment().parameters().logRowWidth());
        ProvingKey pk = ProvingKey.create(AccuracyProofTest.MODEL, io.zkml4j.model.quant.Postprocess.NONE, CommitOptions.DEFAULT);
        AccuracyProver.Result result = new AccuracyProver(new Prover(pk)).prove(earlier, Progress.NONE);
        AccuracyProof proof = AccuracyProof.decode(result.proof().encode(), "earlier.proof");
        assertEquals(result.correct(), new AccuracyVerifier(pk.verifyingKey()).verify(earlier.description(), proof).correct());
        org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.core.transcript.InvalidProofException.class,
                () -> new AccuracyVerifier(pk.verifyingKey()).verify(now.description(), proof));
    }
}
