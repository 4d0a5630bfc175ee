package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.testing.Statistics;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The proof that hidden committed messages hash to public Poseidon2 digests. */
class SpongeHashProofTest {
    static final String DS = "sponge-test/v1";
    static final String LABEL = "hash";

    static long[][] messages(SpongeShape shape, SplittableRandom r) {
        long[][] m = new long[shape.sponges()][];
        for (int s = 0; s < m.length; s++) {
            m[s] = Rand.base(shape.messageLength(), r);
        }
        return m;
    }

    static LigeroParameters params(SpongeShape shape) {
        return LigeroParameters.forSecurity(40, 8, 2, 1, 0, Sha256.INSTANCE);
    }

    /** The whole proof: commit the prover's tables, prove, open every claim. */
    static byte[] prove(SpongeHashProof.Prover prover, SpongeShape shape, ProverChannel ch, java.util.Random random) {
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials committed = pcs.commit(params(shape), prover.tables());
        ch.sendDigest("trace.root", committed.commitment().root());
        List<LinearClaim> claims = prover.prove(ch, LABEL, 0, 0);
        pcs.open(List.of(committed), claims, ch);
        return null;
    }

    static void verify(SpongeShape shape, long[][] digests, VerifierChannel ch) throws InvalidProofException {
        byte[] root = ch.receiveDigest("trace.root");
        int[] numVars = numVars(shape);
        io.zkml4j.core.pcs.Commitment c = new io.zkml4j.core.pcs.Commitment(params(shape), root, numVars);
        List<LinearClaim> claims = SpongeHashProof.verify(shape, digests, ch, LABEL, 0, 0);
        LigeroPcs.verify(List.of(c), claims, ch);
    }

    static int[] numVars(SpongeShape shape) {
        SpongeHashProof.Prover any = SpongeHashProof.prover(shape, new long[shape.sponges()][shape.messageLength()], new java.util.Random(0));
        return any.tables().stream().mapToInt(t -> Integer.numberOfTrailingZeros(t.length)).toArray();
    }

    static byte[] fiatShamirProof(SpongeHashProof.Prover prover, SpongeShape shape, long seed) {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        prove(prover, shape, p, new java.util.Random(seed));
        return p.proof();
    }

    static void verifyBytes(SpongeShape shape, long[][] digests, byte[] proof) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        verify(shape, digests, v);
        v.finish();
    }

    @Test
    void digestsAreTheSpongesAndProofsVerify() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        for (SpongeShape shape : List.of(new SpongeShape(3, 20, 5), new SpongeShape(1, 1, 0), new SpongeShape(5, 16, 2),
                new SpongeShape(40, 9, 1))) {
            long[][] m = messages(shape, r);
            SpongeHashProof.Prover prover = SpongeHashProof.prover(shape, m, new java.util.Random(2));
            for (int s = 0; s < m.length; s++) {
                assertArrayEquals(Poseidon2Sponge.hash(shape.domain(), m[s]), prover.digests()[s], "sponge " + s + " of " + shape);
            }
            verifyBytes(shape, prover.digests(), fiatShamirProof(prover, shape, 3));
        }
    }

    @Test
    void everyElementOfTheProofMatters() {
        SpongeShape shape = new SpongeShape(2, 12, 0);
        SpongeHashProof.Prover prover = SpongeHashProof.prover(shape, messages(shape, new SplittableRandom(4)), new java.util.Random(5));
        byte[] proof = fiatShamirProof(prover, shape, 6);
        ProofMutator.assertEveryElementMatters(proof, 61, bytes -> verifyBytes(shape, prover.digests(), bytes));
    }

    @Test
    void aWrongDigestIsRejected() {
        SpongeShape shape = new SpongeShape(3, 20, 5);
        SpongeHashProof.Prover prover = SpongeHashProof.prover(shape, messages(shape, new SplittableRandom(7)), new java.util.Random(8));
        byte[] proof = fiatShamirProof(prover, shape, 9);
        for (int s = 0; s < 3; s++) {
            for (int lane = 0; lane < Poseidon2Sponge.OUTPUT; lane++) {
                long[][] claimed = prover.digests().clone();
                claimed[s] = claimed[s].clone();
                claimed[s][lane] = Goldilocks.addCanonical(claimed[s][lane], 1);
                assertThrows(InvalidProofException.class, () -> verifyBytes(shape, claimed, proof), "digest " + s + "." + lane);
            }
        }
        // Another batch's digests, or the same digests in another order.
        long[][] swapped = {prover.digests()[1], prover.digests()[0], prover.digests()[2]};
        assertThrows(InvalidProofException.class, () -> verifyBytes(shape, swapped, proof));
        assertThrows(InvalidProofException.class, () -> verifyBytes(new SpongeShape(3, 20, 6), prover.digests(), proof),
                "the domain is part of the statement");
    }

    /**
     * A prover that deviates in one value of the trace (one stage of one permutation, the rest
     * honest) and claims the honest digests: rejected wherever the deviation is.
     */
    @Test
    void aTraceWrongInOnePlaceIsRejected() {
        SpongeShape shape = new SpongeShape(3, 20, 5);
        long[][] m = messages(shape, new SplittableRandom(10));
        SpongeHashProof.Prover honest = SpongeHashProof.prover(shape, m, new java.util.Random(11));
        SplittableRandom pick = new SplittableRandom(12);
        int[][] places = {{0, 0}, {0, 9}, {1, 3}, {5, 0}, {5, 7}, {17, 0}, {17, 4}, {30, 11}, {31, 2}, {31, 9}};
        for (int[] place : places) {
            PermutationTrace trace = PermutationTrace.of(shape, m);
            int slot = shape.slot(pick.nextInt(3), pick.nextInt(shape.blocks()));
            long[] t = trace.table(PermutationTrace.table(place[0], place[1]));
            t[slot] = Goldilocks.addCanonical(t[slot], 1);
            SpongeHashProof.Prover cheat = SpongeHashProof.proverWithTrace(shape, trace, new java.util.Random(13));
            byte[] proof = fiatShamirProof(cheat, shape, 14);
            assertThrows(InvalidProofException.class, () -> verifyBytes(shape, honest.digests(), proof),
                    "stage " + place[0] + " lane " + place[1] + " altered at slot " + slot);
        }
    }

    /**
     * Valid permutations that are not chained as the sponge says: the last block of sponge 0 starts
     * from another capacity (or, with one block, another length or domain tag), and the claimed
     * digest is that permutation's honest output. Only the chaining claim can catch it.
     */
    @Test
    void permutationsNotChainedAsTheSpongeSaysAreRejected() {
        for (SpongeShape shape : List.of(new SpongeShape(3, 20, 5), new SpongeShape(2, 8, 0))) {
            for (int lane = Poseidon2Sponge.RATE; lane < PermutationTrace.LANES; lane++) {
                long[][] m = messages(shape, new SplittableRandom(30 + lane));
                PermutationTrace trace = PermutationTrace.of(shape, m);
                int slot = shape.slot(0, shape.blocks() - 1);
                long[] input = new long[PermutationTrace.LANES];
                for (int l = 0; l < input.length; l++) {
                    input[l] = trace.table(PermutationTrace.table(0, l))[slot];
                }
                input[lane] = Goldilocks.addCanonical(input[lane], 1);
                long[] stages = PermutationTrace.run(input);
                for (int t = 0; t < PermutationTrace.TABLES; t++) {
                    trace.table(t)[slot] = stages[t];
                }
                long[][] claimed = trace.spongeDigests().clone();
                claimed[0] = java.util.Arrays.copyOfRange(stages, PermutationTrace.OUTPUT_STAGE * PermutationTrace.LANES,
                        PermutationTrace.OUTPUT_STAGE * PermutationTrace.LANES + Poseidon2Sponge.OUTPUT);
                trace.digests()[0] = claimed[0];
                byte[] proof = fiatShamirProof(SpongeHashProof.proverWithTrace(shape, trace, new java.util.Random(31)), shape, 32);
                assertThrows(InvalidProofException.class, () -> verifyBytes(shape, claimed, proof), shape + ", capacity lane " + lane);
            }
        }
    }

    @Test
    void aMessageThatDoesNotHashToTheDigestIsRejected() {
        SpongeShape shape = new SpongeShape(2, 8, 0);
        SplittableRandom r = new SplittableRandom(15);
        long[][] real = messages(shape, r);
        long[][] other = messages(shape, r);
        SpongeHashProof.Prover truth = SpongeHashProof.prover(shape, real, new java.util.Random(16));
        SpongeHashProof.Prover lie = SpongeHashProof.prover(shape, other, new java.util.Random(17));
        byte[] proof = fiatShamirProof(lie, shape, 18);
        assertThrows(InvalidProofException.class, () -> verifyBytes(shape, truth.digests(), proof));
    }

    /**
     * Zero-knowledge, empirically: with the verifier's challenges fixed (the same every run, as a
     * live verifier may choose them), every extension element the hash proof sends — the masked
     * sumcheck rounds, the mask's sum and value, the masked trace values — is fresh in every run and
     * has the same distribution for two different messages.
     */
    @Test
    void whatTheProofSendsDoesNotDependOnTheMessage() throws Exception {
        SpongeShape shape = new SpongeShape(2, 10, 0);
        SplittableRandom r = new SplittableRandom(19);
        long[][] a = messages(shape, r);
        long[][] b = messages(shape, r);
        int runs = 300;
        long[][] wordsA = sentWords(shape, a, runs, 20);
        long[][] wordsB = sentWords(shape, b, runs, 21);
        assertTrue(wordsA.length > 100, "the hash proof sends its rounds and revealed values");
        for (int w = 0; w < wordsA.length; w++) {
            assertEquals(runs, java.util.Arrays.stream(wordsA[w]).distinct().count(), "word " + w + " is not fresh in every run");
            double chi = Statistics.chiSquareHomogeneityLowBits(wordsA[w], wordsB[w], 4);
            assertTrue(chi < Statistics.CHI2_15_P001 * 1.6, "word " + w + ": χ² = " + chi);
        }
    }

    /** The words each run sends under the hash proof's labels, [word][run]. */
    static long[][] sentWords(SpongeShape shape, long[][] messages, int runs, long seed) {
        java.util.Random proverRandomness = new java.util.Random(seed);
        List<long[]> perRun = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            SpongeHashProof.Prover prover = SpongeHashProof.prover(shape, messages, proverRandomness);
            SplittableRandom challenges = new SplittableRandom(77);
            List<Long> words = new ArrayList<>();
            FiatShamirProver recorder = ScriptedChannels.recorder();
            ProverChannel scripted = ScriptedChannels.prover(recorder,
                    new ScriptedChannels.Script(() -> Rand.ext(challenges), challenges::nextInt), new ScriptedChannels.Tape());
            ProverChannel capturing = new CapturingChannel(scripted, words);
            prover.prove(capturing, LABEL, 0, 0);
            perRun.add(words.stream().mapToLong(Long::longValue).toArray());
        }
        long[][] out = new long[perRun.get(0).length][runs];
        for (int i = 0; i < runs; i++) {
            for (int w = 0; w < out.length; w++) {
                out[w][i] = perRun.get(i)[w];
            }
        }
        return out;
    }

    /** Passes everything through and keeps the extension words sent under the proof's label. */
    static final class CapturingChannel extends io.zkml4j.core.testing.ForwardingProverChannel {
        private final List<Long> words;

        CapturingChannel(ProverChannel inner, List<Long> words) {
            super(inner);
            this.words = words;
        }

        @Override
        public void sendExt(String l, long[] e) {
            if (l.startsWith(LABEL)) {
                for (long x : e) {
                    words.add(x);
                }
            }
            inner.sendExt(l, e);
        }
    }
}
