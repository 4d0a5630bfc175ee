package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;

import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Proves a training run: computes every step in the statement's exact fixed-point arithmetic (the
 * witness), commits to the trained model (its keys, ready for inference and accuracy proofs), and
 * proves in one zero-knowledge proof that those weights result from the recipe on the committed
 * dataset. Rows, labels, gradients and every weight stay hidden.
 */
public final class TrainingProver {
    private TrainingProver() {}

    /**
     * The public statement: the recipe's digest, the architecture, the full batch's spec, the initial
     * weights (per layer, [output][input] flattened, fraction fw) and biases (fraction fw + fa), and
     * every step's rows (indices into the dataset), in order.
     */
    public record Statement(byte[] recipeDigest, TrainingStatement.Architecture architecture, TrainingSpec spec, long[][] initialWeights,
                            long[][] initialBiases, long[][] steps) {
        public Statement {
            recipeDigest = recipeDigest.clone();
            if (recipeDigest.length != 32) {
                throw new IllegalArgumentException("a recipe digest is 32 bytes");
            }
        }

        /** Why these steps (or initial weights, or layer widths) are not ones a verifier checks, or null. */
        String problem() {
            for (int w : architecture.widths()) {
                if (w < 1 || w > TrainingSpec.MAX_WIDTH) {
                    return "a layer of " + w + " units; a proven training takes 1 to " + TrainingSpec.MAX_WIDTH;
                }
            }
            long limit = 1L << (TrainingSpec.WEIGHT_BITS - 1);
            for (long[][] params : new long[][][] {initialWeights, initialBiases}) {
                for (long[] layer : params) {
                    for (long v : layer) {
                        if (v < -limit || v >= limit) {
                            return "an initial weight or bias (" + v + ") is outside the 32-bit range";
                        }
                    }
                }
            }
            if (steps.length < 1 || steps.length > TrainingProtocol.MAX_STEPS) {
                return "a training proof has 1 to " + TrainingProtocol.MAX_STEPS + " steps, not " + steps.length;
            }
            java.util.Set<Integer> sizes = new java.util.HashSet<>();
            for (int t = 0; t < steps.length; t++) {
                if (steps[t].length < 1 || steps[t].length > spec.batch()) {
                    return "step " + t + " has " + steps[t].length + " rows; a batch has 1 to " + spec.batch();
                }
                for (long r : steps[t]) {
                    if (r < 0 || r >= spec.datasetRows()) {
                        return "step " + t + " names row " + r + ", outside the dataset's " + spec.datasetRows();
                    }
                }
                sizes.add(steps[t].length);
            }
            return sizes.size() > MAX_BATCH_SIZES ? "the steps have " + sizes.size() + " batch sizes; at most " + MAX_BATCH_SIZES : null;
        }

        TrainingProtocol.Plan plan() {
            return new TrainingProtocol.Plan(architecture, spec);
        }

        QuantizedModel initialModel() {
            return TrainingStatement.forwardModel(architecture, initialWeights, initialBiases, spec.format());
        }
    }

    /** Distinct batch sizes a proof's steps may have (one circuit each): an epoch has full batches and a shorter last one. */
    static final int MAX_BATCH_SIZES = 4;

    /** The trained model's keys, the proof, the trained weights and biases (signed, per layer) and the seconds each part took. */
    public record Result(ProvingKey trained, TrainingProof proof, long[][] weights, long[][] biases, double witnessSeconds, double proveSeconds) {}

    /**
     * How a proof is split into chunks (see {@link TrainingChunks}): at most {@code steps} steps a
     * chunk (0: as many as a bounded number of committed values allows), {@code workers} chunks
     * proven at once.
     */
    public record Chunking(int steps, int workers) {
        public static final Chunking DEFAULT = new Chunking(0, 1);

        public Chunking {
            if (steps < 0 || workers < 1) {
                throw new IllegalArgumentException("chunks of at least one step (or 0: automatic), proven by at least one worker");
            }
        }
    }

    public static Result prove(Statement statement, DatasetKey data, CommitOptions options, Progress progress) throws FileFormatException {
        return prove(statement, data, options, progress, Chunking.DEFAULT);
    }

    public static Result prove(Statement statement, DatasetKey data, CommitOptions options, Progress progress, Chunking chunking)
            throws FileFormatException {
        return prove(statement, data, options, progress, chunking, Witness.Deviation.HONEST);
    }

    static Result prove(Statement statement, DatasetKey data, CommitOptions options, Progress progress, Witness.Deviation deviation)
            throws FileFormatException {
        return prove(statement, data, options, progress, Chunking.DEFAULT, deviation);
    }

    static Result prove(Statement statement, DatasetKey data, CommitOptions options, Progress progress, Chunking chunking, Witness.Deviation deviation)
            throws FileFormatException {
        Run run = train(statement, data, chunking, progress, deviation);
        TrainingSpec spec = statement.spec();
        DatasetCommitment description = data.description();
        long start = System.nanoTime();
        progress.stage("committing to the trained model");
        QuantizedModel model = TrainingStatement.forwardModel(statement.architecture(), run.weights(), run.biases(), spec.format());
        Postprocess post = spec.loss() == TrainingSpec.Loss.CROSS_ENTROPY ? Postprocess.softmax(0) : Postprocess.NONE;
        ProvingKey.Committed committed = ProvingKey.commit(model, post, options, progress);
        LigeroParameters keyParams = committed.proofParameters();
        if (!description.commitment().parameters().hash().name().equals(keyParams.hash().name())) {
            throw new IllegalArgumentException("the dataset is committed with " + description.commitment().parameters().hash().name()
                    + ", the model's proofs use " + keyParams.hash().name() + ": commit both with one hash");
        }
        // The sealed commitment is the one just made: no prover re-creates it from the key.
        FutureTask<ProvingKey> widths = besideTheSteps(committed, progress);
        Commitment trained = committed.sealed().commitment();
        LigeroParameters params = proofParameters(statement, keyParams);
        TrainingChunks.Setting setting = new TrainingChunks.Setting(statement, statement.plan(), description, run.vectors()[0], params,
                domainSeparator(trained.parameters(), description.commitment().parameters(), params));
        byte[] chunks;
        try {
            chunks = prove(setting, data, run, new TrainingProtocol.Trained.Committed(trained), committed.sealed(), chunking, progress, deviation);
        } catch (FileFormatException | RuntimeException | Error e) {
            if (widths != null) {
                widths.cancel(true); // its result is not wanted; the prover does not stop midway, its daemon thread finishes and ends
            }
            throw e;
        }
        ProvingKey key = widths == null ? committed.proveWidths(progress) : result(widths, progress);
        TrainingProof proof = new TrainingProof(statement.recipeDigest(), description.digest(), key.verifyingKey().digest(), statement.steps().length,
                chunks);
        return new Result(key, proof, run.weights(), run.biases(), run.witnessSeconds(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The trained key's proof of its weights' widths, started on a thread of its own when the model is
     * small (at most {@link #BESIDE_POSITIONS} committed positions). It needs only the trained weights
     * and their sealed commitment, not the steps' proof, so the two run at once: each has stretches
     * that keep one core busy (transcript hashing, a sumcheck's last rounds, a tree's top), which the
     * other fills. Its progress is then not shown (two provers would interleave their lines). A larger
     * model's proof is left to run after the steps, so that its memory does not add to theirs.
     */
    private static FutureTask<ProvingKey> besideTheSteps(ProvingKey.Committed committed, Progress progress) {
        if (java.util.Arrays.stream(committed.vectors()).mapToLong(v -> v.length).sum() > BESIDE_POSITIONS) {
            return null;
        }
        progress.stage("proving the weights' widths, beside the steps");
        FutureTask<ProvingKey> task = new FutureTask<>(() -> committed.proveWidths(Progress.NONE));
        Thread.ofPlatform().name("zkml-weights-widths").daemon().start(task);
        return task;
    }

    /** Committed weight positions up to which a trained key's widths are proven beside the steps (the 784-128-10 MLP has 135K). */
    static final long BESIDE_POSITIONS = 1L << 20;

    /** The key, once its weights' widths are proven beside the steps; the prover's own exception if that failed. */
    private static ProvingKey result(FutureTask<ProvingKey> widths, Progress progress) {
        if (!widths.isDone()) {
            progress.stage("finishing the proof of the weights' widths");
        }
        try {
            return widths.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            widths.cancel(true);
            throw new IllegalStateException("interrupted while proving the weights' widths", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A training whose trained weights are published with its proof (a federated update): the weights and biases (signed, per layer), the proof, the seconds each part took. */
    public record PublicResult(TrainingProof proof, long[][] weights, long[][] biases, double witnessSeconds, double proveSeconds) {}

    /**
     * Proves that the weights it returns result from the statement's recipe on the committed
     * dataset; the weights are public (the proof's model digest is {@link TrainingStatement#publicDigest}),
     * the rows, labels, gradients and intermediate weights stay hidden. The proof's parameters are
     * the dataset commitment's security level and hash.
     */
    public static PublicResult proveToPublicWeights(Statement statement, DatasetKey data, Progress progress) throws FileFormatException {
        return proveToPublicWeights(statement, data, progress, Chunking.DEFAULT, Witness.Deviation.HONEST);
    }

    public static PublicResult proveToPublicWeights(Statement statement, DatasetKey data, Progress progress, Chunking chunking)
            throws FileFormatException {
        return proveToPublicWeights(statement, data, progress, chunking, Witness.Deviation.HONEST);
    }

    static PublicResult proveToPublicWeights(Statement statement, DatasetKey data, Progress progress, Chunking chunking, Witness.Deviation deviation)
            throws FileFormatException {
        Run run = train(statement, data, chunking, progress, deviation);
        long start = System.nanoTime();
        DatasetCommitment description = data.description();
        LigeroParameters params = publicParameters(statement, description);
        TrainingChunks.Setting setting = new TrainingChunks.Setting(statement, statement.plan(), description, run.vectors()[0], params,
                publicDomainSeparator(description.commitment().parameters(), params));
        long[][] vectors = run.vectors()[statement.steps().length];
        byte[] chunks = prove(setting, data, run, new TrainingProtocol.Trained.Public(vectors), null, chunking, progress, deviation);
        TrainingProof proof = new TrainingProof(statement.recipeDigest(), description.digest(), TrainingStatement.publicDigest(run.weights(),
                run.biases()), statement.steps().length, chunks);
        return new PublicResult(proof, run.weights(), run.biases(), run.witnessSeconds(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The steps computed in the proof's fixed point: the weights before every step and after the
     * last (circuit layout), the steps' witnesses (kept when the prover will keep them), the trained layers.
     */
    private record Run(long[][][] vectors, ComputedSteps computed, long[][] weights, long[][] biases, double witnessSeconds) {}

    private static Run train(Statement statement, DatasetKey data, Chunking chunking, Progress progress, Witness.Deviation deviation) {
        String problem = statement.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        DatasetCommitment description = data.description();
        TrainingSpec spec = statement.spec();
        if (description.rows() != spec.datasetRows() || description.features() != spec.features()
                || description.labelClasses() != spec.labelClasses() || description.widthBits() != spec.widthBits()) {
            throw new IllegalArgumentException("the statement describes another dataset (" + spec.datasetRows() + " rows of " + spec.features()
                    + " features) than the committed one (" + description.rows() + " rows of " + description.features() + ")");
        }
        TrainingProtocol.Plan plan = statement.plan();
        long[][] steps = statement.steps();
        long start = System.nanoTime();
        Circuit initialCircuit = TrainingStatement.circuit(statement.initialModel(), spec);
        long[][][] weights = new long[steps.length + 1][][];
        weights[0] = ModelVectors.build(initialCircuit);
        Random seeds = new ChaChaRandom();
        byte[][] stepSeeds = new byte[steps.length][32];
        // The prover keeps every witness when the training is one chunk that fits: then it commits these, not new ones.
        Witness[] kept = TrainingChunks.partition(plan, steps, chunking.steps()).size() == 1 && TrainingProtocol.keepsWitnesses(plan, steps, 1)
                ? new Witness[steps.length] : null;
        for (int t = 0; t < steps.length; t++) {
            seeds.nextBytes(stepSeeds[t]);
            Witness w = TrainingProtocol.stepWitness(plan, weights[t], weights[Math.max(0, t - 1)], steps[t], data.values(), data.labels(),
                    ChaChaRandom.fromSeed(stepSeeds[t]), deviation);
            weights[t + 1] = TrainingProtocol.nextWeights(plan, w);
            if (kept != null) {
                kept[t] = w;
            }
            progress.step("training in the proof's fixed point", t + 1, steps.length);
        }
        long[][][] trained = TrainingStatement.fromVectors(initialCircuit, weights[steps.length]);
        return new Run(weights, new ComputedSteps(stepSeeds, kept), trained[0], trained[1], (System.nanoTime() - start) / 1e9);
    }

    /** The protocol's run on a computed training, in chunks, to a committed or public trained model; the encoded chunks. */
    private static byte[] prove(TrainingChunks.Setting setting, DatasetKey data, Run run, TrainingProtocol.Trained trained,
                                io.zkml4j.core.sealed.SealedCommitment trainedSealed, Chunking chunking, Progress progress, Witness.Deviation deviation)
            throws FileFormatException {
        String geometry = io.zkml4j.core.sealed.SealedOpening.geometryProblem(data.description().commitment(), setting.params());
        if (geometry != null) {
            throw new IllegalArgumentException("the dataset commitment cannot be opened in a proof: " + geometry);
        }
        return TrainingChunks.prove(setting, data, run.vectors(), run.computed(), trained, trainedSealed, chunking.steps(), chunking.workers(), progress,
                deviation);
    }

    /**
     * One-time commitments of a training proof use a code of rate 1/2, not the model key's 1/4:
     * encoding and hashing them is a large part of proving a step, and rate 1/2 halves both for
     * 244 instead of 149 queried columns at 100 bits. Measured (2 cores, back to back): one
     * Fashion-MNIST step about 20% faster (medians 2.67 → 2.10 s and 3.18 → 2.57 s), the 300
     * breast-cancer steps 22.7 → 19.4 s; proofs about 37% larger (4.64 → 6.29 MB). A proof to
     * public weights had rate 1/2 already (the dataset's).
     */
    static final int ONE_TIME_LOG_BLOWUP = 1;

    /**
     * One-time commitments' parameters: the key's (or the dataset's) security level and hash, a
     * code of rate 1/2, rows sized for what one chunk commits at most.
     */
    static LigeroParameters proofParameters(Statement statement, LigeroParameters key) {
        long elements = Math.min(TrainingProtocol.committedElements(statement.plan(), statement.steps()), TrainingChunks.CHUNK_ELEMENTS);
        return AccuracyStatement.parameters(elements, key, ONE_TIME_LOG_BLOWUP);
    }

    /** One-time commitments' parameters of a proof to public weights: the dataset commitment's security level and hash. */
    static LigeroParameters publicParameters(Statement statement, DatasetCommitment data) {
        return proofParameters(statement, data.commitment().parameters());
    }

    static String publicDomainSeparator(LigeroParameters dataSealed, LigeroParameters proof) {
        return "zkml4j/training/v2|" + proof.describe() + "|public|data:" + dataSealed.describe();
    }

    static String domainSeparator(LigeroParameters modelSealed, LigeroParameters dataSealed, LigeroParameters proof) {
        return "zkml4j/training/v3|" + proof.describe() + "|sealed:" + modelSealed.describe() + "|data:" + dataSealed.describe();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
