package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.CircuitBounds;

/**
 * What prover and verifier of an accuracy proof both derive from public data (the verifying key
 * and the dataset's description): the circuit, the proof's commitment parameters and the domain
 * separator. Nothing of it travels in the proof.
 */
final class AccuracyStatement {
    private AccuracyStatement() {}

    /** The statement's shape; fails (IllegalArgumentException) when the dataset does not fit the model. */
    static AccuracySpec spec(QuantizedModel model, DatasetCommitment data) {
        if (model.inputPorts().size() != 1 || model.outputPorts().size() != 1) {
            throw new IllegalArgumentException("the model has " + model.inputPorts().size() + " inputs and " + model.outputPorts().size()
                    + " outputs; accuracy is proven for models of one input (a dataset row) and one output");
        }
        if (data.features() != model.inputSpec().size()) {
            throw new IllegalArgumentException("the dataset has " + data.features() + " features per row, the model takes "
                    + model.inputSpec().size() + " inputs");
        }
        Prediction prediction = Prediction.of(model);
        if (data.labelClasses() > prediction.classes()) {
            throw new IllegalArgumentException("the dataset's labels go up to " + (data.labelClasses() - 1) + ", the model predicts "
                    + prediction.classes() + " classes");
        }
        InputRescale rescale = InputRescale.of(model.inputSpec().scale(), data.fractionBits());
        return new AccuracySpec(data.rows(), data.features(), data.labelClasses(), data.widthBits(), rescale, prediction);
    }

    static Circuit circuit(QuantizedModel model, AccuracySpec spec) {
        return CircuitCompiler.compile(model, spec.rows(), Circuit.Options.accuracy(spec));
    }

    /**
     * Committed values a chunk may hold by default: a chunk's sumcheck holds several extension
     * tables of that size (the bundled MLP's 1,024-row chunks hold about 10M values).
     */
    static final long CHUNK_ELEMENTS = 1L << 24;
    /** Rows a chunk may have (a power of two). */
    static final int MAX_CHUNK_ROWS = 1 << 14;

    /**
     * The default rows per chunk: the largest power of two (from 16, or from what keeps the chunks
     * within {@link AccuracyProtocol#MAX_CHUNKS}, and no more than the rows rounded up) whose
     * circuit commits at most {@link #CHUNK_ELEMENTS} values, found by compiling
     * circuits of doubling size (their range checks change form as they grow, so a small one does
     * not predict a large one).
     */
    static int defaultChunkRows(QuantizedModel model, AccuracySpec spec) {
        if (CircuitCompiler.sampleAtATime(model) != null) {
            return 1;
        }
        int limit = Math.min(MAX_CHUNK_ROWS, io.zkml4j.proof.circuit.TensorLayout.ceilPow2(spec.rows()));
        int fewestRows = io.zkml4j.proof.circuit.TensorLayout.ceilPow2((spec.rows() + AccuracyProtocol.MAX_CHUNKS - 1) / AccuracyProtocol.MAX_CHUNKS);
        int rows = Math.min(limit, Math.max(16, fewestRows));
        while (rows < limit && committedElements(circuit(model, spec.chunk(2 * rows, 2 * rows))) <= CHUNK_ELEMENTS) {
            rows *= 2;
        }
        return rows;
    }

    /**
     * Null when a proof of {@code rows} rows in chunks of {@code chunkRows} is one a verifier checks,
     * else why not: the rows per chunk are a power of two up to {@link #MAX_CHUNK_ROWS}, one chunk's
     * circuit fits {@link CircuitBounds}, and so do the chunks together (a verifier's work for each
     * chunk is about what the model's per-sample maps take, so many small chunks cost it what one
     * circuit of as many samples would), with at most {@link AccuracyProtocol#MAX_CHUNKS} chunks.
     */
    static String chunkingProblem(QuantizedModel model, int rows, int chunkRows) {
        if (chunkRows < 1 || chunkRows > MAX_CHUNK_ROWS || Integer.bitCount(chunkRows) != 1) {
            return "rows per chunk must be a power of two from 1 to " + MAX_CHUNK_ROWS + ", not " + chunkRows;
        }
        String layer = CircuitCompiler.sampleAtATime(model);
        if (layer != null && Math.min(rows, chunkRows) > 1) {
            return "layer " + layer + " multiplies two computed tensors, which is proved one sample at a time: use 1 row per chunk";
        }
        int batch = Math.min(rows, chunkRows);
        long chunks = ((long) rows + batch - 1) / batch;
        if (chunks > AccuracyProtocol.MAX_CHUNKS) {
            return rows + " rows in chunks of " + chunkRows + " make " + chunks + " chunks, more than the " + AccuracyProtocol.MAX_CHUNKS
                    + " a verifier checks";
        }
        String one = CircuitBounds.problem(model, batch);
        if (one != null) {
            return "a chunk of " + batch + " rows is too large: " + one;
        }
        String all = CircuitBounds.problem(model, (int) chunks);
        return all == null ? null : chunks + " chunks are too many for this model: " + all;
    }


    /** What an accuracy proof's chunks are: which rows, which circuits. */
    static AccuracyProtocol.Chunks chunks(QuantizedModel model, AccuracySpec spec, int chunkRows) {
        return new AccuracyProtocol.Chunks(model, spec, chunkRows);
    }

    /** Values the circuit's one-time commitments hold. */
    static long committedElements(Circuit circuit) {
        long elements = 0;
        for (var list : java.util.List.of(circuit.witnessVectors(), circuit.inverseVectors())) {
            for (Circuit.VectorSpec s : list) {
                elements += 1L << s.ref().numVars();
            }
        }
        return elements;
    }

    /**
     * The one-time commitments' parameters: the key's security level and hash, with rows sized for
     * all chunks' commitments together (they are opened together; many rows commit far more than
     * one inference).
     */
    static LigeroParameters parameters(AccuracyProtocol.Chunks chunks, LigeroParameters key) {
        int last = chunks.count() - 1; // every chunk but the last has chunk 0's circuit
        long elements = committedElements(chunks.circuit(0)) * last + committedElements(chunks.circuit(last));
        return parameters(elements, key, oneTimeLogBlowup(elements, key));
    }

    /** The code's log blowup for one-time commitments of {@code elements} values in all (see {@link #HALF_RATE_ELEMENTS}). */
    static int oneTimeLogBlowup(long elements, LigeroParameters key) {
        int keyBlowup = key.logCodeLength() - key.logRowWidth();
        return elements > HALF_RATE_ELEMENTS ? Math.min(keyBlowup, TrainingProver.ONE_TIME_LOG_BLOWUP) : keyBlowup;
    }

    /**
     * Above this many committed values, a proof's one-time commitments use a code of rate 1/2
     * instead of the key's 1/4: encoding them, hashing them and re-encoding the opened columns
     * are then most of proving, and rate 1/2 halves the first two for 244 instead of 149 queried
     * columns at 100 bits. Measured (2 cores, back to back): the CNN on 1,000 rows 94.4 → 72.8 s
     * and 103.2 → 88.6 s, proof 5.36 → 7.0 MB, verify 661 → 908 ms. Smaller proofs (the MLP on
     * 1,000 rows commits 3.9M values) keep rate 1/4 and their size.
     */
    static final long HALF_RATE_ELEMENTS = 1L << 24;

    /** One-time commitments' parameters for proofs that commit {@code elements} values in all: the key's security level and hash. */
    static LigeroParameters parameters(long elements, LigeroParameters key) {
        return parameters(elements, key, key.logCodeLength() - key.logRowWidth());
    }

    /**
     * The same with a code of rate 2^−logBlowup. A small proof's recommended rows can be too short to
     * hold, beside their data, the random values that hide its queried columns (at rate 1/2 its 244
     * columns need rows of 2^9); its rows are then widened until they do.
     */
    static LigeroParameters parameters(long elements, LigeroParameters key, int logBlowup) {
        int bits = (int) Math.floor(key.security().bits());
        int logRowWidth = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK), LigeroParameters.recommendedLogRowWidth(elements, bits));
        for (int wider = 0; ; wider++) {
            try {
                return LigeroParameters.forSecurity(bits, logRowWidth + wider, logBlowup, 1, 0, key.hash());
            } catch (LigeroParameters.RowsTooShortException e) {
                if (wider == MAX_WIDENING) {
                    throw e;
                }
            }
        }
    }

    /** How many doublings of a small proof's rows {@link #parameters} tries. */
    private static final int MAX_WIDENING = 6;

    static String domainSeparator(LigeroParameters modelSealed, LigeroParameters dataSealed, LigeroParameters proof) {
        return "zkml4j/accuracy/v2|" + proof.describe() + "|sealed:" + modelSealed.describe() + "|data:" + dataSealed.describe();
    }
}
