package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.relation.Challenges;
import io.zkml4j.proof.relation.ClaimTerms;
import io.zkml4j.proof.relation.PublicTensors;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The accuracy proof, prover and verifier side by side. The rows are proven in chunks of
 * {@link Chunks#batch()} rows, one {@link CircuitSection} each (its own witness, inverses and
 * sumcheck) in one transcript, so the prover holds one chunk's sumcheck at a time. The chunks'
 * circuits have one shape and share their challenges (so many of their claims share points);
 * what they prove together is deferred to the end:
 * <ol>
 * <li>bind the statement: model digest, dataset digest and root, rows, count, chunk size;</li>
 * <li>for each chunk j: bind j, commit to its witness; draw the lookup challenges; commit to each
 *     chunk's inverses; draw the relations' points and coefficients;</li>
 * <li>for each chunk, its sumcheck; its claims on the dataset are on chunk j's rows, i.e. the
 *     dataset's tables with their highest (row) variables fixed to j's bits;</li>
 * <li>draw z and merge the chunks' claims over aligned groups of chunks ({@link ChunkClaims});</li>
 * <li>the count: one claim that the correct-prediction vectors of all chunks sum to the stated
 *     count, so no chunk's own count is ever revealed;</li>
 * <li>every chunk's claims on the dataset through one sealed opening, then every claim on the
 *     weights through one sealed opening;</li>
 * <li>one opening of all one-time commitments.</li>
 * </ol>
 * Rows of the last chunk beyond the dataset are its commitment's padding rows (zero features,
 * label 0): proven like any row, on the model input rescaled from a zero row, and excluded from the
 * count by the public indicator of real rows.
 */
final class AccuracyProtocol {
    /** Chunks a proof may have: the verifier's work and memory grow with them. */
    static final int MAX_CHUNKS = 1 << 12;

    private AccuracyProtocol() {}

    /** What the verifier knows: the dataset's commitment and digest, the count of correct predictions, and the chunk size the proof uses. */
    record Statement(Commitment dataset, byte[] datasetDigest, long correct, int chunkRows) {}

    /** The prover's inputs: the model's sealed weights and vectors, each real row rescaled into the model's input, and the dataset's commitment and tables. */
    record ProverInputs(Chunks chunks, SealedCommitment model, long[][] modelVectors, LigeroParameters parameters, List<long[]> inputs,
                        SealedCommitment dataset, long[][] datasetTables) {}

    /**
     * How the rows split into chunks: a dataset of at most {@code chunkRows} rows is one chunk of
     * all its rows (as one batch); a larger one has chunks of exactly {@code chunkRows} rows (a
     * power of two), the last one completed by the commitment's padding rows.
     */
    record Chunks(QuantizedModel model, AccuracySpec spec, int chunkRows, Map<Integer, Circuit> compiled) {
        Chunks(QuantizedModel model, AccuracySpec spec, int chunkRows) {
            this(model, spec, chunkRows, new HashMap<>());
            if (chunkRows < 1 || Integer.bitCount(chunkRows) != 1) {
                throw new IllegalArgumentException("rows per chunk must be a power of two, got " + chunkRows);
            }
        }

        int rows() {
            return spec.rows();
        }

        /** Rows each chunk's circuit proves. */
        int batch() {
            return Math.min(rows(), chunkRows);
        }

        int count() {
            return (rows() + batch() - 1) / batch();
        }

        int firstRow(int chunk) {
            return chunk * batch();
        }

        int realRows(int chunk) {
            return Math.min(batch(), rows() - firstRow(chunk));
        }

        /** The dataset tables' row variables above a chunk's: fixed to the chunk's index. */
        int liftVars() {
            return Integer.numberOfTrailingZeros(io.zkml4j.proof.circuit.TensorLayout.ceilPow2(rows()))
                    - Integer.numberOfTrailingZeros(io.zkml4j.proof.circuit.TensorLayout.ceilPow2(batch()));
        }

        /** Chunk j's circuit (at most two distinct ones: full chunks and a shorter last one), compiled once. */
        Circuit circuit(int chunk) {
            return compiled.computeIfAbsent(realRows(chunk), real -> AccuracyStatement.circuit(model, spec.chunk(batch(), real)));
        }

        /** Witness and inverse commitments of chunk j in the final opening: chunk 0 where an inference proof has them, later ones after the dataset's. */
        static int witnessIndex(int chunk) {
            return DatasetAndWeightsOpening.witnessIndex(chunk);
        }

        static int inverseIndex(int chunk) {
            return witnessIndex(chunk) + 1;
        }
    }

    static void prove(ProverInputs in, Statement statement, byte[] modelDigest, ProverChannel ch, Random random, Progress progress,
                      Witness.Deviation deviation) {
        prove(in, statement, modelDigest, ch, random, progress, deviation,
                KeptWitnesses.fitInHeap(AccuracyStatement.committedElements(in.chunks().circuit(0)) * in.chunks().count(), KEPT_BYTES_PER_VALUE));
    }

    /** The same, keeping each chunk's witness from its commitment to its sumcheck or building it again each time. */
    static void prove(ProverInputs in, Statement statement, byte[] modelDigest, ProverChannel ch, Random random, Progress progress,
                      Witness.Deviation deviation, boolean keepWitnesses) {
        Chunks chunks = in.chunks();
        bind(ch, modelDigest, chunks, statement);
        LigeroPcs pcs = new LigeroPcs(random);
        int m = chunks.count();
        KeptWitnesses witnesses = new KeptWitnesses(m, keepWitnesses, random, (j, seeded) -> Witness.build(chunks.circuit(j), in.modelVectors(),
                slice(in.datasetTables(), chunks, j), chunkInputs(in.inputs(), chunks, j), seeded, deviation));
        List<CommittedPolynomials> sections = new ArrayList<>(java.util.Collections.nCopies(2 * m, null));
        for (int j = 0; j < m; j++) {
            chunkStage(progress, chunks, j, "running the model, laying out and committing to the witness");
            bindChunk(ch, chunks, j);
            sections.set(2 * j, CircuitSection.commitWitness(witnesses.get(j), in.parameters(), pcs, ch));
        }
        Challenges c = CircuitSection.drawLookupChallenges(ch, chunks.circuit(0));
        for (int j = 0; j < m; j++) {
            chunkStage(progress, chunks, j, "committing to the lookups' fraction trees");
            Witness w = witnesses.get(j);
            sections.set(2 * j + 1, CircuitSection.commitInverses(chunks.circuit(j), w, c, in.parameters(), pcs, ch));
            if (m > 1) {
                w.releaseFractionTrees(); // rebuilt for the chunk's sumcheck: kept chunks would otherwise hold every tree until then
            }
        }
        CircuitSection.Points points = CircuitSection.drawPoints(ch, chunks.circuit(0), c);
        List<List<LinearClaim>> perChunk = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            chunkStage(progress, chunks, j, "proving the layers (sumcheck)");
            Witness w = witnesses.withInverses(j, chunks.circuit(j), c);
            perChunk.add(CircuitSection.proveRelations(chunks.circuit(j), w, publicTensors(chunks, j), points, ch, false));
            witnesses.release(j);
        }
        List<LinearClaim> claims = ChunkClaims.merge(perChunk, chunks, ch);
        claims.add(countClaim(chunks, statement.correct()));
        DatasetAndWeightsOpening.prove(in.dataset(), in.model(), claims, sections, in.parameters(), pcs, ch, random, progress, false);
    }

    static void verify(Chunks chunks, Commitment model, LigeroParameters params, byte[] modelDigest, Statement statement, VerifierChannel ch,
                       double minimumBits) throws InvalidProofException {
        InferenceProtocol.requireSecurity(ch, model.parameters(), params, minimumBits);
        DatasetAndWeightsOpening.requireDatasetSecurity(ch, statement.dataset(), minimumBits);
        InvalidProofException.check(chunks.count() <= MAX_CHUNKS, "the proof has %d chunks, more than the %d a verifier checks", chunks.count(),
                MAX_CHUNKS);
        bind(ch, modelDigest, chunks, statement);
        int m = chunks.count();
        List<Commitment> sections = new ArrayList<>(java.util.Collections.nCopies(2 * m, null));
        for (int j = 0; j < m; j++) {
            bindChunk(ch, chunks, j);
            sections.set(2 * j, CircuitSection.receiveWitness(chunks.circuit(j), params, ch));
        }
        Challenges c = CircuitSection.drawLookupChallenges(ch, chunks.circuit(0));
        for (int j = 0; j < m; j++) {
            sections.set(2 * j + 1, CircuitSection.receiveInverses(chunks.circuit(j), params, ch));
        }
        CircuitSection.Points points = CircuitSection.drawPoints(ch, chunks.circuit(0), c);
        List<List<LinearClaim>> perChunk = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            perChunk.add(CircuitSection.verifyRelations(chunks.circuit(j), publicTensors(chunks, j), points, ch, false));
        }
        List<LinearClaim> claims = ChunkClaims.merge(perChunk, chunks, ch);
        claims.add(countClaim(chunks, statement.correct()));
        DatasetAndWeightsOpening.verify(statement.dataset(), model, claims, sections, params, ch, minimumBits, false);
    }

    /**
     * Bytes a kept chunk witness takes per committed value: its vectors, its tensors and its inverses
     * (the bundled MLP's 20 witnesses of 5M values each fit beside the rest of a proof in 6 GB).
     */
    private static final long KEPT_BYTES_PER_VALUE = 16;

    private static void chunkStage(Progress progress, Chunks chunks, int j, String stage) {
        progress.stage(chunks.count() == 1 ? stage : "chunk " + (j + 1) + " of " + chunks.count() + ": " + stage);
    }


    /** The statement: model digest, dataset digest and root, row count, count of correct predictions, and the chunking. */
    private static void bind(ChallengeSource ch, byte[] modelDigest, Chunks chunks, Statement statement) {
        if (statement.correct() < 0 || statement.correct() > chunks.rows()) {
            throw new IllegalArgumentException("a count of correct predictions is 0 to " + chunks.rows() + ", got " + statement.correct());
        }
        if (statement.chunkRows() != chunks.chunkRows()) {
            throw new IllegalArgumentException("the statement's chunks have " + statement.chunkRows() + " rows, the plan " + chunks.chunkRows());
        }
        ch.absorbPublic("statement.model", modelDigest);
        ch.absorbPublic("statement.dataset", statement.datasetDigest());
        ch.absorbPublic("statement.dataset.root", statement.dataset().root());
        ch.absorbPublic("statement.accuracy", new long[] {chunks.rows(), statement.correct(), chunks.chunkRows(), chunks.count()});
    }

    private static void bindChunk(ChallengeSource ch, Chunks chunks, int j) {
        ch.absorbPublic("accuracy.chunk", new long[] {j, chunks.firstRow(j), chunks.realRows(j)});
    }

    /** A chunk's public values: which of its rows are real. */
    private static PublicTensors publicTensors(Chunks chunks, int j) {
        Circuit circuit = chunks.circuit(j);
        PublicTensors pub = new PublicTensors();
        pub.put(circuit.accuracy().realRows().name(), realRows(circuit));
        return pub;
    }

    /** 1 at each real row of an accuracy circuit, 0 at its padding rows. */
    static long[] realRows(Circuit circuit) {
        long[] real = new long[circuit.batchPadded()];
        Arrays.fill(real, 0, circuit.accuracy().spec().realRows(), 1);
        return real;
    }

    /** Σ over chunks of Σ_x correct_j(x) = the stated count. */
    private static LinearClaim countClaim(Chunks chunks, long correct) {
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (int j = 0; j < chunks.count(); j++) {
            LinearClaim.Term t = ClaimTerms.sum(chunks.circuit(j).accuracy().correct().vector(), Ext2.ONE);
            terms.add(new LinearClaim.Term(Chunks.witnessIndex(j), t.polynomial(), t.weights(), t.coefficient()));
        }
        return new LinearClaim(terms, Ext2.fromBase(correct));
    }

    /** Chunk j's part of the dataset's tables (features: its rows' sample blocks; labels: its rows). */
    private static long[][] slice(long[][] tables, Chunks chunks, int j) {
        Circuit circuit = chunks.circuit(j);
        long[][] out = new long[tables.length][];
        int rowsPadded = circuit.batchPadded();
        for (int t = 0; t < tables.length; t++) {
            int perRow = tables[t].length / io.zkml4j.proof.circuit.TensorLayout.ceilPow2(chunks.rows());
            int from = chunks.firstRow(j) * perRow;
            out[t] = Arrays.copyOfRange(tables[t], from, from + rowsPadded * perRow);
        }
        return out;
    }

    /** Chunk j's model inputs: its real rows', then a padding row's up to the chunk's padded batch ({@link #paddedInputs}). */
    private static List<long[]> chunkInputs(List<long[]> inputs, Chunks chunks, int j) {
        return paddedInputs(chunks.circuit(j), inputs.subList(chunks.firstRow(j), chunks.firstRow(j) + chunks.realRows(j)));
    }

    /**
     * An accuracy circuit's model inputs for every slot of its padded batch: the real rows' inputs,
     * then, for each padding row, the input of what the commitment holds there, a zero row, rescaled
     * as every committed row is ({@link AccuracyProver#input}): the circuit proves that rescaling at
     * every slot, so the witness must run the model on it.
     */
    static List<long[]> paddedInputs(Circuit circuit, List<long[]> realInputs) {
        AccuracySpec spec = circuit.accuracy().spec();
        if (realInputs.size() != spec.realRows()) {
            throw new IllegalArgumentException("the circuit has " + spec.realRows() + " real rows, got " + realInputs.size() + " inputs");
        }
        List<long[]> out = new ArrayList<>(realInputs);
        long[] padding = AccuracyProver.input(new long[spec.features()], spec.rescale());
        while (out.size() < circuit.batchPadded()) {
            out.add(padding);
        }
        return out;
    }
}
