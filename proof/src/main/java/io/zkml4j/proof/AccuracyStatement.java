package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;

/**
 * What prover and verifier of an accuracy proof both derive from public data (the verifying key
 * and the dataset's description): the circuit, the proof's commitment parameters and the domain
 * separator. Nothing of it travels in the proof.
 */
final class AccuracyStatement {
    private AccuracyStatement() {}

    /** The statement's shape; fails (IllegalArgumentException) when the dataset does not fit the model. */
    static AccuracySpec spec(QuantizedModel model, DatasetCommitment data) {
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
     * tables of that size, about 2 GB at this size for the bundled MLP.
     */
    static final long CHUNK_ELEMENTS = 1L << 24;
    /** Rows a chunk may have (a power of two). */
    static final int MAX_CHUNK_ROWS = 1 << 14;

    /**
     * The default rows per chunk: the largest power of two whose circuit commits at most
     * {@link #CHUNK_ELEMENTS} values (estimated from a circuit of 16 rows), at least one row.
     */
    static int defaultChunkRows(QuantizedModel model, AccuracySpec spec) {
        int probe = Math.min(16, spec.rows());
        double perRow = (double) committedElements(circuit(model, spec.chunk(probe, probe))) / probe;
        int rows = 1;
        while (rows < MAX_CHUNK_ROWS && 2 * rows * perRow <= CHUNK_ELEMENTS) {
            rows *= 2;
        }
        return rows;
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
        int bits = (int) Math.floor(key.security().bits());
        int logRowWidth = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK), LigeroParameters.recommendedLogRowWidth(elements, bits));
        return LigeroParameters.forSecurity(bits, logRowWidth, key.logCodeLength() - key.logRowWidth(), 1, 0, key.hash());
    }

    static String domainSeparator(LigeroParameters modelSealed, LigeroParameters dataSealed, LigeroParameters proof) {
        return "zkml4j/accuracy/v2|" + proof.describe() + "|sealed:" + modelSealed.describe() + "|data:" + dataSealed.describe();
    }
}
