package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The weights proof made in parts (what lets a large model be committed in bounded memory), on a
 * small model split one vector per part: each part proves its own vectors' widths and padding, and
 * the parts of one key cannot be dropped, reordered, duplicated or taken from another key.
 */
class WeightPartsTest {
    /** Parts of at most 64 positions: every vector of the MLP below is a part of its own. */
    private static final long SMALL_PARTS = 64;
    private static final QuantizedModel MLP = TestModels.mlp(40, 16, 6, Activation.RELU, 3);

    private static CircuitCompiler.WeightParts parts(QuantizedModel m) {
        return CircuitCompiler.weightParts(m, SMALL_PARTS);
    }

    private static long[][] vectors(QuantizedModel m) {
        return ModelVectors.build(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT));
    }

    private static WeightsProof prove(QuantizedModel m, long[][] vectors, SealedCommitment sealed, List<Integer> widths, byte[] statement,
                                      Witness.Deviation deviation) {
        return WeightsProof.prove(parts(m), widths, sealed, PARAMS, vectors, statement, Progress.NONE, deviation);
    }

    private static boolean verifies(QuantizedModel m, WeightsProof proof, SealedCommitment sealed, byte[] statement) {
        try {
            proof.verifyParts(parts(m), sealed.commitment(), PARAMS, statement);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    @Test
    void aModelSplitIntoPartsVerifiesAndEachPartHoldsItsOwnVectors() {
        CircuitCompiler.WeightParts parts = parts(MLP);
        assertEquals(4, parts.vectors());
        assertEquals(4, parts.count(), "one part per vector");
        for (int k = 0; k < parts.count(); k++) {
            assertArrayEquals(new int[] {k, k + 1}, parts.range(k));
            Circuit c = parts.circuit(k, WeightsProofTest.widths(MLP));
            assertTrue(c.layers().isEmpty(), "a part's circuit runs no layer");
            assertEquals(1, c.decompositions().size(), "a part range-checks its own vector only");
        }
        // At the size keys use, the whole MLP is one part.
        assertEquals(1, CircuitCompiler.weightParts(MLP).count());
        long[][] v = vectors(MLP);
        SealedCommitment sealed = TestCommitments.seal(v, new Random(1));
        List<Integer> widths = WeightsProofTest.widths(MLP);
        assertTrue(verifies(MLP, prove(MLP, v, sealed, widths, DIGEST, Witness.Deviation.HONEST), sealed, DIGEST));
    }

    /** A vector one bit wider than declared, in each part in turn, the prover substituting an in-table limb: rejected. */
    @Test
    void aWeightBeyondItsWidthInAnyPartIsRejected() {
        long[][] v = vectors(MLP);
        SealedCommitment sealed = TestCommitments.seal(v, new Random(1));
        List<Integer> widths = WeightsProofTest.widths(MLP);
        for (int i = 0; i < widths.size(); i++) {
            List<Integer> tight = new ArrayList<>(widths);
            tight.set(i, widths.get(i) - 1);
            WeightsProof forged = prove(MLP, v, sealed, tight, DIGEST, new Witness.Deviation() {
                public long[] substituteTuple(TablePlan table, long[] tuple) {
                    return new long[] {0};
                }
            });
            assertFalse(verifies(MLP, forged, sealed, DIGEST), "vector " + i + " one bit narrower than its values");
        }
    }

    @Test
    void partsDroppedReorderedDuplicatedOrFromAnotherKeyAreRejected() {
        long[][] v = vectors(MLP);
        SealedCommitment sealed = TestCommitments.seal(v, new Random(1));
        List<Integer> widths = WeightsProofTest.widths(MLP);
        WeightsProof honest = prove(MLP, v, sealed, widths, DIGEST, Witness.Deviation.HONEST);
        List<byte[]> t = honest.transcripts();
        byte[] otherStatement = DIGEST.clone();
        otherStatement[0] ^= 1;
        List<byte[]> otherKey = prove(MLP, v, sealed, widths, otherStatement, Witness.Deviation.HONEST).transcripts();
        List<List<byte[]>> forgeries = List.of(
                t.subList(0, t.size() - 1), // the last part dropped
                List.of(t.get(1), t.get(0), t.get(2), t.get(3)), // two parts swapped
                List.of(t.get(0), t.get(0), t.get(2), t.get(3)), // one part twice
                List.of(t.get(0), otherKey.get(1), t.get(2), t.get(3)), // a part of another key's proof
                List.of(t.get(0), t.get(1), t.get(2), t.get(3), t.get(3))); // one part too many
        for (List<byte[]> f : forgeries) {
            assertFalse(verifies(MLP, new WeightsProof(widths, f), sealed, DIGEST), "forgery " + forgeries.indexOf(f));
        }
        assertTrue(verifies(MLP, honest, sealed, DIGEST));
    }

    /**
     * Extra hidden neurons in padding rows of a vector proven in a later part (not the first): its
     * part's zero check rejects them.
     */
    @Test
    void weightsInThePaddingOfALaterPartAreRejected() {
        long[][] v = vectors(MLP);
        CircuitCompiler.WeightParts parts = parts(MLP);
        int fc2 = -1;
        for (int k = 0; k < parts.count(); k++) {
            if (parts.circuit(k, WeightsProofTest.widths(MLP)).decompositions().get(0).value().name().equals("fc2.weight#value")) {
                fc2 = k;
            }
        }
        assertTrue(fc2 > 0, "fc2's weights are in a later part");
        List<Integer> widths = WeightsProofTest.widths(MLP);
        long[] w = v[fc2];
        int padding = -1;
        for (int i = 0; i < w.length && padding < 0; i++) {
            if (w[i] == 0 && i % 32 >= 16) { // fc2 reads 16 hidden values laid out in 32 columns
                padding = i;
            }
        }
        assertTrue(padding >= 0);
        w[padding] = io.zkml4j.core.field.Goldilocks.fromSigned(3);
        SealedCommitment sealed = TestCommitments.seal(v, new Random(1));
        assertEquals(widths, WeightsProofTest.widths(MLP), "the extra weight fits the declared width");
        assertFalse(verifies(MLP, prove(MLP, v, sealed, widths, DIGEST, Witness.Deviation.HONEST), sealed, DIGEST));
    }

    /**
     * Zero knowledge of every part: two models with the same widths but other weights (hidden units
     * permuted) give weights proofs whose words are distributed alike, challenges fixed and the prover's
     * randomness fresh.
     */
    @Test
    void thePartsDoNotDependOnTheWeights() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 31);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 7 + 3) % 20;
        }
        QuantizedModel b = InferenceZeroKnowledgeTest.permuteHidden(a, perm);
        assertFalse(Arrays.equals(((QLayer.Dense) a.layers().get(0)).weight(), ((QLayer.Dense) b.layers().get(0)).weight()));
        List<Integer> widths = WeightsProofTest.widths(a);
        assertEquals(widths, WeightsProofTest.widths(b), "the same public widths");
        int runs = 40;
        for (int part : new int[] {0, parts(a).count() - 1}) { // a weight matrix, and a bias
            long[][] wa = InferenceZeroKnowledgeTest.words(vectors(a), runs, 1, (sealed, ch, prover) -> WeightsProof.provePart(parts(a), part,
                    widths, sealed, InferenceZeroKnowledgeTest.PARAMS, vectors(a), DIGEST, ch, prover, Witness.Deviation.HONEST));
            long[][] wb = InferenceZeroKnowledgeTest.words(vectors(b), runs, 2, (sealed, ch, prover) -> WeightsProof.provePart(parts(b), part,
                    widths, sealed, InferenceZeroKnowledgeTest.PARAMS, vectors(b), DIGEST, ch, prover, Witness.Deviation.HONEST));
            InferenceZeroKnowledgeTest.assertIndistinguishable(wa, wb);
        }
    }
}
