package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A training proof in chunks of consecutive steps, each proven independently (its own transcript,
 * so chunks prove at once on several threads, or machines) and chained by sealed weight
 * commitments: chunk i starts from boundary i (the public initial weights for chunk 0) and ends at
 * boundary i + 1 (the trained model's commitment, or its public weights, for the last chunk). With
 * momentum a boundary also holds the weights one step before, which the next chunk's first velocity
 * needs. Each chunk's transcript binds the recipe, the dataset, its first step's index and both of
 * its boundaries, so a chunk cannot be moved, dropped or taken from another run; a boundary is
 * sealed, so it stays hiding though two chunks open it.
 *
 * <p>Encoded as the proof's transcript bytes: the chunk count, then per chunk its step count, the
 * root of its end boundary (all but the last) and its transcript.
 */
final class TrainingChunks {
    /** Values a chunk commits at most (chunks hold their commitments until their final opening: this bounds a prover's memory). */
    static final long CHUNK_ELEMENTS = 1L << 27;
    /** Chunks a proof may have: each costs the verifier the openings of its boundaries and the dataset. */
    static final int MAX_CHUNKS = 4096;

    private TrainingChunks() {}

    /** A chunk: its first step and how many steps it has. */
    record Chunk(int first, int steps) {}

    /** Consecutive chunks of at most {@code chunkSteps} steps (0: as many as {@link #CHUNK_ELEMENTS} committed values allow, at least one). */
    static List<Chunk> partition(TrainingProtocol.Plan plan, long[][] steps, int chunkSteps) {
        List<Chunk> out = new ArrayList<>();
        int first = 0;
        long elements = 0;
        for (int t = 0; t < steps.length; t++) {
            long own = AccuracyStatement.committedElements(plan.circuit(steps[t].length));
            boolean full = chunkSteps > 0 ? t - first == chunkSteps : elements + own > CHUNK_ELEMENTS;
            if (t > first && full) {
                out.add(new Chunk(first, t - first));
                first = t;
                elements = 0;
            }
            elements += own;
        }
        out.add(new Chunk(first, steps.length - first));
        if (out.size() > MAX_CHUNKS) {
            throw new IllegalArgumentException(out.size() + " chunks of " + chunkSteps + " steps; a verifier checks at most " + MAX_CHUNKS
                    + ": choose longer chunks");
        }
        return out;
    }

    /** A boundary's sealed parameters, derived from the proof's (its security level and hash) as a model key's are. */
    static LigeroParameters boundaryParameters(TrainingProtocol.Plan plan, LigeroParameters proof) {
        CommitOptions options = new CommitOptions((int) Math.floor(proof.security().bits()), proof.hash(), false);
        return ModelCommitter.parameters(plan.shape(), options).sealed();
    }

    /** A boundary's layout: every model vector, and with momentum every model vector again (the weights one step before). */
    static int[] boundaryLayout(TrainingProtocol.Plan plan, long[][] steps) {
        Circuit circuit = plan.circuit(steps[0].length);
        int[] vars = circuit.modelVectors().stream().mapToInt(v -> v.ref().numVars()).toArray();
        if (!withPrevious(plan)) {
            return vars;
        }
        int[] both = Arrays.copyOf(vars, 2 * vars.length);
        System.arraycopy(vars, 0, both, vars.length, vars.length);
        return both;
    }

    private static boolean withPrevious(TrainingProtocol.Plan plan) {
        return plan.spec().momentum() != 0;
    }

    /** The chunks as the proof carries them. */
    record Encoded(int[] steps, byte[][] boundaryRoots, byte[][] transcripts) {
        byte[] encode() {
            BinaryWriter w = new BinaryWriter().i32(steps.length);
            for (int i = 0; i < steps.length; i++) {
                w.i32(steps[i]);
                if (i + 1 < steps.length) {
                    w.raw(boundaryRoots[i]);
                }
                w.bytes(transcripts[i]);
            }
            return w.toByteArray();
        }

        static Encoded decode(byte[] data, int totalSteps) throws FileFormatException {
            BinaryReader r = new BinaryReader(data, "the training proof's chunks");
            int n = r.i32("chunk count", 1, Math.max(1, Math.min(MAX_CHUNKS, totalSteps)));
            int[] steps = new int[n];
            byte[][] roots = new byte[Math.max(0, n - 1)][];
            byte[][] transcripts = new byte[n][];
            long sum = 0;
            for (int i = 0; i < n; i++) {
                steps[i] = r.i32("chunk " + i + " step count", 1, totalSteps);
                sum += steps[i];
                if (i + 1 < n) {
                    roots[i] = r.raw("chunk " + i + " end boundary", HashFunction.DIGEST_BYTES);
                }
                transcripts[i] = r.bytes("chunk " + i + " transcript");
            }
            r.finish();
            if (sum != totalSteps) {
                throw new FileFormatException("the training proof's chunks have " + sum + " steps in all, the proof declares " + totalSteps);
            }
            return new Encoded(steps, roots, transcripts);
        }
    }

    /** What both sides share: the statement, the plan and the parameters. */
    record Setting(TrainingProver.Statement statement, TrainingProtocol.Plan plan, DatasetCommitment data, long[][] initial, LigeroParameters params,
                   String domain) {}

    /**
     * Proves every chunk, {@code workers} at a time; returns the encoded chunks. {@code vectors}
     * holds the weights before every step and after the last (circuit layout).
     */
    static byte[] prove(Setting s, DatasetKey data, long[][][] vectors, TrainingProtocol.Trained trained, SealedCommitment trainedSealed,
                        int chunkSteps, int workers, Progress progress, Witness.Deviation deviation) throws FileFormatException {
        return prove(s, data, vectors, null, trained, trainedSealed, chunkSteps, workers, progress, deviation);
    }

    /** The same with the steps as the training computed them ({@code computed}, null for none). */
    static byte[] prove(Setting s, DatasetKey data, long[][][] vectors, ComputedSteps computed, TrainingProtocol.Trained trained,
                        SealedCommitment trainedSealed, int chunkSteps, int workers, Progress progress, Witness.Deviation deviation)
            throws FileFormatException {
        long[][] steps = s.statement().steps();
        List<Chunk> chunks = partition(s.plan(), steps, chunkSteps);
        int n = chunks.size();
        boolean momentum = withPrevious(s.plan());
        LigeroParameters boundaryParams = n > 1 ? boundaryParameters(s.plan(), s.params()) : null; // one chunk has no boundary
        SealedCommitment[] boundaries = new SealedCommitment[n + 1]; // boundary i: where chunk i starts (0: public), n: the trained model
        for (int i = 1; i < n; i++) {
            int end = chunks.get(i).first();
            List<long[]> tables = new ArrayList<>(Arrays.asList(vectors[end]));
            if (momentum) {
                tables.addAll(Arrays.asList(vectors[end - 1]));
            }
            boundaries[i] = SealedCommitment.commit(boundaryParams, tables, new ChaChaRandom());
        }
        progress.stage("re-creating the dataset commitment");
        SealedCommitment sealedData = data.recommit();
        byte[][] transcripts = new byte[n][];
        boolean alone = workers <= 1 || n == 1;
        int[] done = {0};
        ExecutorService pool = alone ? null : Executors.newFixedThreadPool(Math.min(workers, n));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Runnable job = () -> {
                    Chunk c = chunks.get(k);
                    TrainingProtocol.Statement statement = statement(s, c, k, n, boundaries[k] == null ? null : boundaries[k].commitment(),
                            k + 1 < n ? new TrainingProtocol.Trained.Committed(boundaries[k + 1].commitment(), momentum) : trained);
                    TrainingProtocol.ProverInputs in = new TrainingProtocol.ProverInputs(s.plan(), Arrays.copyOfRange(vectors, c.first(),
                            c.first() + c.steps() + 1), data.values(), data.labels(), sealedData, k + 1 < n ? boundaries[k + 1] : trainedSealed, s.params(),
                            null, c.first() > 0 ? vectors[c.first() - 1] : null, boundaries[k], alone ? 1 : Math.min(workers, n),
                            computed == null ? null : computed.take(c.first(), c.first() + c.steps()));
                    FiatShamirProver channel = new FiatShamirProver(s.params().hash(), domain(s.domain(), k, n));
                    TrainingProtocol.prove(in, statement, channel, new ChaChaRandom(), alone ? progress : Progress.NONE, deviation);
                    transcripts[k] = channel.proof();
                    if (!alone) {
                        synchronized (done) {
                            progress.step("proving the chunks", ++done[0], n);
                        }
                    }
                };
                if (alone) {
                    job.run();
                } else {
                    running.add(pool.submit(job));
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proving the chunks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        byte[][] roots = new byte[n - 1][];
        for (int i = 1; i < n; i++) {
            roots[i - 1] = boundaries[i].commitment().root();
        }
        return new Encoded(chunks.stream().mapToInt(Chunk::steps).toArray(), roots, transcripts).encode();
    }

    /** Verifies every chunk of an encoded proof, chained through its boundaries, ending at {@code trained}. */
    static void verify(Setting s, TrainingProtocol.Trained trained, byte[] encoded, double minimumBits) throws InvalidProofException {
        long[][] steps = s.statement().steps();
        Encoded e;
        try {
            e = Encoded.decode(encoded, steps.length);
        } catch (FileFormatException ex) {
            throw new InvalidProofException(ex.getMessage());
        }
        int n = e.steps().length;
        boolean momentum = withPrevious(s.plan());
        Commitment[] boundaries = new Commitment[n + 1];
        if (n > 1) { // one chunk has no boundary; parameters no boundary can be committed with make an invalid proof, not an unchecked exception
            LigeroParameters boundaryParams;
            try {
                boundaryParams = boundaryParameters(s.plan(), s.params());
            } catch (IllegalArgumentException | UnsupportedOperationException ex) {
                throw new InvalidProofException(String.format(java.util.Locale.ROOT, "no chunk boundary can be committed at the proof's %.1f bits: %s",
                        s.params().security().bits(), ex.getMessage()));
            }
            int[] layout = boundaryLayout(s.plan(), steps);
            for (int i = 1; i < n; i++) {
                boundaries[i] = Commitment.unpacked(boundaryParams, e.boundaryRoots()[i - 1], layout);
            }
        }
        int first = 0;
        for (int k = 0; k < n; k++) {
            Chunk c = new Chunk(first, e.steps()[k]);
            TrainingProtocol.Statement statement = statement(s, c, k, n, boundaries[k],
                    k + 1 < n ? new TrainingProtocol.Trained.Committed(boundaries[k + 1], momentum) : trained);
            FiatShamirVerifier channel = new FiatShamirVerifier(s.params().hash(), domain(s.domain(), k, n), e.transcripts()[k]);
            try {
                TrainingProtocol.verify(s.plan(), s.params(), statement, channel, minimumBits);
                channel.finish();
            } catch (InvalidProofException ex) {
                throw new InvalidProofException(n == 1 ? ex.getMessage() : "chunk " + (k + 1) + " of " + n + " (steps " + (first + 1) + " to "
                        + (first + c.steps()) + "): " + ex.getMessage());
            }
            first += c.steps();
        }
    }

    /** Chunk k's statement: its steps, its start (the public initial weights, or its start boundary) and its end. */
    private static TrainingProtocol.Statement statement(Setting s, Chunk c, int k, int n, Commitment start, TrainingProtocol.Trained end) {
        long[][] steps = Arrays.copyOfRange(s.statement().steps(), c.first(), c.first() + c.steps());
        TrainingProtocol.Start from = k == 0 ? new TrainingProtocol.Start.Public(s.initial())
                : new TrainingProtocol.Start.Committed(start, withPrevious(s.plan()));
        return new TrainingProtocol.Statement(s.statement().recipeDigest(), s.data().commitment(), s.data().digest(), steps, from, end, c.first());
    }

    private static String domain(String base, int k, int n) {
        return n == 1 ? base : base + "|chunk " + (k + 1) + " of " + n;
    }
}
