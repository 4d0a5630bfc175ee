package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of per-port visibility, robustness: a proof file whose statement part (flags, masks, shown
 * values, their lengths) is changed byte by byte, and proofs claiming every mask, are refused with a
 * clear error (FileFormatException when read, InvalidProofException when verified), never another
 * exception, and never accepted.
 */
class PortRobustnessReviewTest {
    @BeforeAll
    static void commit() throws Exception {
        PortAliasingReviewTest.commit();
    }

    /** Decodes and verifies; true when accepted, false when refused clearly; anything else fails the test. */
    private static boolean accepted(byte[] file, String what) {
        try {
            PortAliasingReviewTest.verifier.verify(InferenceProof.decode(file, "proof"));
            return true;
        } catch (FileFormatException | InvalidProofException clear) {
            assertNotNull(clear.getMessage(), what);
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    @Test
    void everyByteOfTheStatementChangedIsRefusedClearly() throws Exception {
        InferenceProof proof = new Prover(PortAliasingReviewTest.pk).prove(PortAliasingReviewTest.inputs, List.of(false, true), null, false,
                List.of(true, false, true), Progress.NONE).proof();
        byte[] file = proof.encode();
        assertTrue(accepted(file, "honest"));
        int statementBytes = file.length - proof.transcript().length;
        for (int at = 0; at < statementBytes; at++) {
            for (int delta : new int[] {1, 0x80, 0xFF}) {
                byte[] changed = file.clone();
                changed[at] = (byte) (changed[at] + delta);
                assertFalse(accepted(changed, "byte " + at + " + " + delta), "byte " + at + " + " + delta);
            }
        }
    }

    /** The same transcript presented with each mask (and shown values of the right lengths): refused, never an exception. */
    @Test
    void everyMaskIsRefusedClearlyForAnotherMasksProof() throws Exception {
        InferenceProof proof = new Prover(PortAliasingReviewTest.pk).prove(PortAliasingReviewTest.inputs, List.of(false, true), null, false,
                List.of(true, false, true), Progress.NONE).proof();
        int[] inSizes = {8, 4};
        int[] outSizes = {4, 4, 4};
        for (int mi = 0; mi < 4; mi++) {
            for (int mo = 0; mo < 8; mo++) {
                for (boolean hashed : new boolean[] {false, true}) {
                    List<Boolean> si = List.of((mi & 1) != 0, (mi & 2) != 0);
                    List<Boolean> so = List.of((mo & 1) != 0, (mo & 2) != 0, (mo & 4) != 0);
                    if (si.equals(List.of(false, true)) && so.equals(List.of(true, false, true)) && !hashed) {
                        continue; // the proof's own
                    }
                    int inLength = 0, outLength = 0;
                    for (int k = 0; k < 2; k++) {
                        inLength += si.get(k) ? inSizes[k] : 0;
                    }
                    for (int k = 0; k < 3; k++) {
                        outLength += so.get(k) ? outSizes[k] : 0;
                    }
                    InferenceProof claimed;
                    try {
                        List<long[]> ins = new ArrayList<>(), outs = new ArrayList<>(), digests = new ArrayList<>();
                        for (int b = 0; b < 2; b++) {
                            ins.add(new long[inLength]);
                            outs.add(new long[outLength]);
                            digests.add(new long[4]);
                        }
                        boolean privateIn = si.contains(false);
                        claimed = new InferenceProof(proof.modelDigest(), privateIn, ins, outs, proof.transcript(), null,
                                hashed ? digests : null, privateIn && si.contains(true) ? si : null, so.contains(false) || hashed ? so : null);
                    } catch (IllegalArgumentException notAStatement) {
                        continue; // the API refuses to build it; the file below is what an attacker sends
                    }
                    assertFalse(accepted(claimed.encode(), si + " " + so + " hashed " + hashed));
                }
            }
        }
    }
}
