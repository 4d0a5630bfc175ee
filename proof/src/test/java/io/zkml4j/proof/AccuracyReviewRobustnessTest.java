package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review: malformed data.dc and accuracy proofs must be refused with FileFormatException (reading)
 * or InvalidProofException (verifying), never another exception.
 */
class AccuracyReviewRobustnessTest {
    static ProvingKey pk;
    static DatasetKey data;
    static AccuracyProof proof;

    @BeforeAll
    static void setUp() throws Exception {
        pk = ProvingKey.create(AccuracyProofTest.MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        data = DatasetKey.commit(AccuracyProofTest.dataset(37, 20, 10, 1), DatasetKey.Options.DEFAULT);
        proof = new AccuracyProver(new Prover(pk)).prove(data, Progress.NONE).proof();
    }

    /** Verifies with a proof whose header matches the (possibly altered) description, so that verification gets past the digest checks. */
    private static String outcome(DatasetCommitment d, byte[] transcript, int correct) {
        AccuracyProof p = new AccuracyProof(pk.verifyingKey().digest(), d.digest(), d.rows(), Math.min(correct, d.rows()), proof.chunkRows(), transcript);
        try {
            new AccuracyVerifier(pk.verifyingKey()).verify(d, p);
            return null;
        } catch (InvalidProofException e) {
            lastRefusal = e.getMessage();
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    static String lastRefusal;

    @Test
    void everyOneByteChangeOfTheDescriptionIsRefusedCleanly() {
        byte[] good = data.description().encode();
        int names = 0;
        for (String n : data.description().featureNames()) {
            names += 4 + n.length();
        }
        int headerEnd = 4 + 2 + 8; // magic, version, rows, features (approximately; the loop below covers everything but the names)
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < good.length; i++) {
            if (i >= headerEnd + 2 && i < headerEnd + names - 2) {
                continue; // the feature names only change the digest
            }
            for (int delta : new int[] {1, 0x80}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) delta;
                DatasetCommitment d;
                try {
                    d = DatasetCommitment.decode(bad, "mutated");
                } catch (FileFormatException e) {
                    continue;
                } catch (Throwable t) {
                    problems.add("decode, byte " + i + " ^ " + delta + ": " + t);
                    continue;
                }
                tried++;
                String o = outcome(d, proof.transcript(), proof.correct());
                if (o != null) {
                    problems.add("verify, byte " + i + " ^ " + delta + ": " + o);
                }
            }
        }
        System.out.println("decodable mutations verified: " + tried + "; problems: " + problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void truncatedAndAlteredProofsAreRefusedCleanly() {
        byte[] good = proof.encode();
        List<String> problems = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int k = 0; k < 40; k++) {
            byte[] bad;
            if (k < 20) {
                bad = java.util.Arrays.copyOf(good, r.nextInt(good.length));
            } else {
                bad = good.clone();
                int at = k < 30 ? r.nextInt(Math.min(good.length, 200)) : r.nextInt(good.length);
                bad[at] ^= (byte) (1 + r.nextInt(255));
            }
            AccuracyProof p;
            try {
                p = AccuracyProof.decode(bad, "mutated");
            } catch (FileFormatException e) {
                continue;
            } catch (Throwable t) {
                problems.add("decode " + k + ": " + t);
                continue;
            }
            try {
                new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), p);
                problems.add("verify " + k + ": accepted an altered proof");
            } catch (InvalidProofException e) {
                // refused
            } catch (Throwable t) {
                problems.add("verify " + k + ": " + t);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A 300-byte data.dc declaring 2^20 rows (the most LabelledDataset allows) for the test
     * model, verified against an unrelated proof: measures what the verifier spends before refusing.
     */
    @Test
    void aHugeDeclaredDatasetIsRefusedCheaply() throws Exception {
        int rows = 1 << 20;
        List<String> names = data.description().featureNames();
        int[] vars = DatasetCommitment.tableVars(rows, names.size());
        io.zkml4j.core.pcs.LigeroParameters params = io.zkml4j.core.pcs.LigeroParameters.withoutRandomColumns(100,
                DatasetKey.sealedRowWidth(rows, names.size()), 2, CommitOptions.DEFAULT.hash());
        io.zkml4j.core.pcs.Commitment c = io.zkml4j.core.pcs.Commitment.unpacked(params, new byte[32], vars);
        DatasetCommitment huge = DatasetCommitment.decode(new DatasetCommitment(rows, names, 10, 8, 11, c).encode(), "huge");
        System.out.println("data.dc of " + huge.encode().length + " bytes declaring " + rows + " rows");
        Runtime rt = Runtime.getRuntime();
        long t0 = System.nanoTime();
        String o = outcome(huge, proof.transcript(), 10);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("refused after %.2f s (outcome %s: %s), heap used now %d MiB%n", s, o, lastRefusal, (rt.totalMemory() - rt.freeMemory()) >> 20);
        assertNull(o);
        assertTrue(s < 2, "the verifier spent " + s + " s on a 300-byte description before refusing");
    }
}
