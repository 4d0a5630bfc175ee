package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The witnesses a training computes, handed to its prover ({@link ComputedSteps}): a prover that
 * drops one builds it again from its seed, identically; proofs from handed-over and from rebuilt
 * witnesses both verify; a handed-over witness of other rows is caught by the verifier.
 */
class ComputedStepsTest {
    private static Witness step(TrainingProtocolTest.Run r, int t, long[] rows, byte[] seed) {
        TrainingProtocol.ProverInputs in = r.inputs();
        return TrainingProtocol.stepWitness(r.plan(), in.weights()[t], in.previous(t), rows, in.datasetValues(), in.datasetLabels(),
                ChaChaRandom.fromSeed(seed), Witness.Deviation.HONEST);
    }

    private static byte[][] seeds(int steps) {
        byte[][] seeds = new byte[steps][32];
        ChaChaRandom r = new ChaChaRandom();
        for (byte[] s : seeds) {
            r.nextBytes(s);
        }
        return seeds;
    }

    /** Every step's witness, each from its seed, as the training computes them. */
    private static Witness[] everyStep(TrainingProtocolTest.Run r, byte[][] seeds) {
        Witness[] computed = new Witness[seeds.length];
        for (int t = 0; t < seeds.length; t++) {
            computed[t] = step(r, t, TrainingProtocolTest.STEPS[t], seeds[t]);
        }
        return computed;
    }

    /** The same inputs with these computed steps. */
    private static TrainingProtocol.ProverInputs with(TrainingProtocol.ProverInputs in, ComputedSteps computed) {
        return new TrainingProtocol.ProverInputs(in.plan(), in.weights(), in.datasetValues(), in.datasetLabels(), in.dataset(), in.trained(),
                in.parameters(), in.rowsUsed(), in.before(), in.start(), in.concurrent(), computed);
    }

    private static byte[] prove(TrainingProtocolTest.Run r, TrainingProtocol.ProverInputs in) {
        return TrainingProtocolTest.prove(new TrainingProtocolTest.Run(r.plan(), r.statement(), in, r.data(), r.deviation()));
    }

    @Test
    void aWitnessBuiltAgainFromItsSeedIsTheSame() throws Exception {
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS);
        byte[] seed = seeds(1)[0];
        Witness a = step(r, 1, TrainingProtocolTest.STEPS[1], seed), b = step(r, 1, TrainingProtocolTest.STEPS[1], seed);
        assertArrayEquals(a.witnessVectors(), b.witnessVectors(), "a step's vectors and masks follow from its seed");
    }

    @Test
    void keptWitnessesAreTheHandedOverOnesAndDroppedOnesAreBuiltAgain() throws Exception {
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS);
        byte[][] seeds = seeds(2);
        Witness[] computed = {step(r, 0, TrainingProtocolTest.STEPS[0], seeds[0]), step(r, 1, TrainingProtocolTest.STEPS[1], seeds[1])};
        Witness first = computed[0];
        ComputedSteps steps = new ComputedSteps(seeds, computed);
        KeptWitnesses kept = new KeptWitnesses(steps, true, (t, random) -> step(r, t, TrainingProtocolTest.STEPS[t], seeds[t]));
        assertSame(first, kept.get(0), "a kept witness is the one the training computed");
        assertNull(steps.take(0), "the computed steps forget what they handed over");

        Witness[] again = {step(r, 0, TrainingProtocolTest.STEPS[0], seeds[0]), null};
        KeptWitnesses dropped = new KeptWitnesses(new ComputedSteps(seeds, again), false, (t, random) -> step(r, t, TrainingProtocolTest.STEPS[t],
                seeds[t]));
        Witness rebuilt = dropped.get(0);
        assertNotSame(again[0], rebuilt, "a prover that does not keep witnesses builds them again");
        assertArrayEquals(first.witnessVectors(), rebuilt.witnessVectors(), "from the same seed");
    }

    @Test
    void proofsFromHandedOverAndFromRebuiltWitnessesVerify() throws Exception {
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS);
        byte[][] seeds = seeds(TrainingProtocolTest.STEPS.length);
        Witness[] computed = everyStep(r, seeds);
        byte[] handedOver = prove(r, with(r.inputs(), new ComputedSteps(seeds, computed)));
        assertDoesNotThrow(() -> TrainingProtocolTest.verify(r, handedOver));
        byte[] seedsOnly = prove(r, with(r.inputs(), new ComputedSteps(seeds, null)));
        assertDoesNotThrow(() -> TrainingProtocolTest.verify(r, seedsOnly));
    }

    @Test
    void aHandedOverWitnessOfOtherRowsIsRejected() throws Exception {
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS);
        byte[][] seeds = seeds(TrainingProtocolTest.STEPS.length);
        Witness[] computed = everyStep(r, seeds);
        computed[1] = step(r, 1, new long[] {0, 1, 2, 3}, seeds[1]); // step 2 on rows the statement does not name
        byte[] proof = prove(r, with(r.inputs(), new ComputedSteps(seeds, computed)));
        assertThrows(InvalidProofException.class, () -> TrainingProtocolTest.verify(r, proof));
    }

    @Test
    void computedStepsMustCoverTheChunk() throws Exception {
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS);
        assertThrows(IllegalArgumentException.class, () -> with(r.inputs(), new ComputedSteps(seeds(1), null)));
        assertThrows(IllegalArgumentException.class, () -> new ComputedSteps(seeds(2), new Witness[3]));
    }
}
