package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the parallel witness (8e36ba4, 5ccaad7): an honest witness runs the samples, finds the
 * lookups' table rows and computes the lookups' inverses on all cores; a deviating prover (any
 * deviation object other than {@link Witness.Deviation#HONEST}) keeps the sequential order. The
 * honest witness (every committed vector, and the inverses for fixed challenges) must be the same
 * as the sequential one (a deviation that changes nothing takes the sequential path), the same
 * from run to run, and the same when the parallel streams run in a pool of many threads (this
 * machine's common pool may have one worker); and the proof bytes of InferenceProtocol must be the
 * same for the same seeds.
 */
class ParallelWitnessReviewTest {
    /** A deviation that deviates in nothing, but is not HONEST: the witness takes the sequential paths. */
    static final Witness.Deviation SEQUENTIAL = new Witness.Deviation() {};

    record Built(long[][] witness, long[][] inverses, List<long[]> outputs) {}

    static Built build(Circuit circuit, long[][] vectors, List<long[]> inputs, long seed, Witness.Deviation deviation) {
        Witness w = Witness.build(circuit, vectors, inputs, new Random(seed), deviation);
        return complete(circuit, w, seed);
    }

    static Built complete(Circuit circuit, Witness w, long seed) {
        SplittableRandom r = new SplittableRandom(seed + 1000);
        int tables = circuit.tables().size();
        Ext2[] alphas = new Ext2[tables], betas = new Ext2[tables];
        for (int t = 0; t < tables; t++) {
            alphas[t] = io.zkml4j.core.testing.Rand.ext(r);
            betas[t] = io.zkml4j.core.testing.Rand.ext(r);
        }
        w.computeInverses(alphas, betas);
        return new Built(deepCopy(w.witnessVectors()), deepCopy(w.inverseVectors()), w.outputs());
    }

    static long[][] deepCopy(long[][] v) {
        long[][] out = new long[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == null ? null : v[i].clone();
        }
        return out;
    }

    static <T> T inPool(int threads, Supplier<T> task) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(task::get).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }
    }

    static void assertSame(Built expected, Built actual, String what) {
        assertEquals(expected.witness().length, actual.witness().length);
        for (int i = 0; i < expected.witness().length; i++) {
            assertArrayEquals(expected.witness()[i], actual.witness()[i], what + ": witness vector " + i);
        }
        assertEquals(expected.inverses().length, actual.inverses().length);
        for (int i = 0; i < expected.inverses().length; i++) {
            assertArrayEquals(expected.inverses()[i], actual.inverses()[i], what + ": inverse vector " + i);
        }
        assertEquals(expected.outputs().size(), actual.outputs().size());
        for (int b = 0; b < expected.outputs().size(); b++) {
            assertArrayEquals(expected.outputs().get(b), actual.outputs().get(b), what + ": output " + b);
        }
    }

    static List<long[]> inputs(int n, int count, long seed) {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(TestModels.input(n, seed + b));
        }
        return out;
    }

    record Case(String name, QuantizedModel model, List<long[]> inputs) {}

    static List<Case> cases() {
        return List.of(
                new Case("mlp sigmoid, 5 samples", TestModels.mlp(40, 20, 10, Activation.sigmoid(1.0 / 1024, 14), 1), inputs(40, 5, 2)),
                new Case("cnn, 3 samples", TestModels.cnn(3), inputs(2 * 8 * 8, 3, 4)),
                new Case("elementwise, 4 samples", TestModels.elementwise(5), inputs(32, 4, 6)));
    }

    @Test
    void honestParallelWitnessEqualsTheSequentialOneAndRepeats() {
        for (Case c : cases()) {
            Circuit circuit = CircuitCompiler.compile(c.model(), c.inputs().size(), Circuit.Options.DEFAULT);
            assertTrue(circuit.lookups().stream().anyMatch(l -> l.operands().size() > 1), c.name() + ": a lookup shares its inverse");
            long[][] vectors = ModelVectors.build(circuit);
            Built sequential = build(circuit, vectors, c.inputs(), 7, SEQUENTIAL);
            Built honest = build(circuit, vectors, c.inputs(), 7, Witness.Deviation.HONEST);
            assertSame(sequential, honest, c.name() + ", parallel vs sequential");
            assertSame(honest, build(circuit, vectors, c.inputs(), 7, Witness.Deviation.HONEST), c.name() + ", twice");
            for (int threads : new int[] {3, 8}) {
                assertSame(honest, inPool(threads, () -> build(circuit, vectors, c.inputs(), 7, Witness.Deviation.HONEST)),
                        c.name() + ", in a pool of " + threads);
            }
        }
    }

    /** A training step (the softmax's exponential table, the backward pass's lookups) the same way. */
    @Test
    void honestTrainingWitnessEqualsTheSequentialOne() {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(7, new int[] {5, 8, 6, 3}, new boolean[] {true, true, false}, 10, 4, 8,
                io.zkml4j.proof.circuit.TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Circuit circuit = c.circuit();
        long[] rows = {1, 4, 7, 0};
        long[][] model = ModelVectors.build(circuit);
        Supplier<Built> honest = () -> complete(circuit, Witness.buildTraining(circuit, model, model, circuit.model(), c.batch(rows),
                c.inputs(rows), new Random(9), Witness.Deviation.HONEST), 9);
        Built sequential = complete(circuit, Witness.buildTraining(circuit, model, model, circuit.model(), c.batch(rows), c.inputs(rows),
                new Random(9), SEQUENTIAL), 9);
        assertSame(sequential, honest.get(), "training, parallel vs sequential");
        assertSame(sequential, inPool(8, honest), "training, in a pool of 8");
    }

    static byte[] proof(Circuit circuit, long[][] vectors, List<long[]> inputs, long seed) {
        SealedCommitment model = TestCommitments.seal(vectors, new Random(seed));
        FiatShamirProver p = new FiatShamirProver(InferenceProtocolTest.PARAMS.hash(), TestCommitments.domain(InferenceProtocolTest.PARAMS));
        InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, InferenceProtocolTest.PARAMS, vectors, inputs),
                InferenceProtocolTest.DIGEST, p, new Random(seed + 1));
        return p.proof();
    }

    @Test
    void sameSeedsGiveTheSameProofBytesAlsoInABiggerPool() {
        Case c = cases().get(1);
        Circuit circuit = CircuitCompiler.compile(c.model(), c.inputs().size(), Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        byte[] first = proof(circuit, vectors, c.inputs(), 11);
        assertArrayEquals(first, proof(circuit, vectors, c.inputs(), 11), "the same seeds, another proof");
        assertArrayEquals(first, inPool(8, () -> proof(circuit, vectors, c.inputs(), 11)), "the same seeds in a pool of 8, another proof");
    }
}
