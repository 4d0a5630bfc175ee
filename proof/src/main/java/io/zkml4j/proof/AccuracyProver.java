package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Proves the accuracy of a committed model on a committed dataset: runs the quantised model on
 * every committed row (rescaled into the model's input as the statement defines), and proves in
 * one zero-knowledge proof every prediction, that it is the first maximum of the output, its
 * comparison with the committed label, and the count. Rows, labels, predictions and weights
 * stay hidden; neither commitment is opened.
 */
public final class AccuracyProver {
    private final Prover prover;
    private final Random random = new ChaChaRandom();

    public AccuracyProver(Prover prover) {
        this.prover = prover;
    }

    /**
     * A proof with what its prover saw: the plain (unproved) quantised evaluation of the same rows,
     * whose count the proof states, and the seconds each part took.
     */
    public record Result(AccuracyProof proof, int correct, int rows, double plainSeconds, double proveSeconds) {}

    public Result prove(DatasetKey data, Progress progress) throws FileFormatException {
        return prove(data, 0, progress);
    }

    /**
     * Proves with {@code chunkRows} rows per chunk (a power of two; 0 chooses by the model's size):
     * the prover holds one chunk's sumcheck at a time, so smaller chunks need less memory and make
     * larger proofs.
     */
    public Result prove(DatasetKey data, int chunkRows, Progress progress) throws FileFormatException {
        return prove(data, data, chunkRows, progress, Witness.Deviation.HONEST, 0);
    }

    /**
     * Proves about the dataset committed in {@code data} while computing the witness from the rows
     * and labels of {@code used}, with a deviating witness, and stating a count off by
     * {@code countOffset}: only soundness tests play such a dishonest prover.
     */
    Result prove(DatasetKey data, DatasetKey used, Progress progress, Witness.Deviation deviation, int countOffset) throws FileFormatException {
        return prove(data, used, 0, progress, deviation, countOffset);
    }

    Result prove(DatasetKey data, DatasetKey used, int chunkRows, Progress progress, Witness.Deviation deviation, int countOffset)
            throws FileFormatException {
        QuantizedModel model = prover.model();
        DatasetCommitment description = data.description();
        AccuracySpec spec = AccuracyStatement.spec(model, description);
        int rowsPerChunk = chunkRows != 0 ? chunkRows : AccuracyStatement.defaultChunkRows(model, spec);
        String chunking = AccuracyStatement.chunkingProblem(model, description.rows(), rowsPerChunk);
        if (chunking != null) { // refused before any work: a verifier would refuse the proof
            throw new IllegalArgumentException(chunking);
        }
        LigeroParameters keyParams = prover.verifyingKey().proofParameters();
        if (!description.commitment().parameters().hash().name().equals(keyParams.hash().name())) {
            throw new IllegalArgumentException("the dataset is committed with " + description.commitment().parameters().hash().name()
                    + ", the model's proofs use " + keyParams.hash().name() + ": commit the dataset with the model's hash");
        }
        progress.stage("rescaling " + description.rows() + " committed rows and running the quantised model on them (plain)");
        long start = System.nanoTime();
        List<long[]> inputs = inputs(used, spec.rescale());
        int[] labels = used.labels();
        int correct = (int) IntStream.range(0, inputs.size()).parallel() // on all cores, as the proof runs
                .filter(b -> spec.prediction().predict(QuantizedExecutor.run(model, inputs.get(b)).value(model.output())) == labels[b])
                .count();
        double plain = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        progress.stage("re-creating the dataset commitment");
        SealedCommitment sealed = data.recommit();
        progress.stage("compiling the accuracy circuit");
        AccuracyProtocol.Chunks chunks = AccuracyStatement.chunks(model, spec, rowsPerChunk);
        LigeroParameters params = AccuracyStatement.parameters(chunks, keyParams);
        String problem = io.zkml4j.core.sealed.SealedOpening.geometryProblem(description.commitment(), params);
        if (problem != null) {
            throw new IllegalArgumentException("the dataset commitment cannot be opened in a proof: " + problem);
        }
        FiatShamirProver channel = new FiatShamirProver(keyParams.hash(), AccuracyStatement.domainSeparator(
                prover.sealedCommitment().commitment().parameters(), description.commitment().parameters(), params));
        int stated = correct + countOffset;
        AccuracyProtocol.Statement statement = new AccuracyProtocol.Statement(description.commitment(), description.digest(), stated,
                rowsPerChunk);
        AccuracyProtocol.prove(new AccuracyProtocol.ProverInputs(chunks, prover.sealedCommitment(), prover.modelVectors(), params, inputs,
                sealed, DatasetKey.tables(used.values(), labels)), statement, prover.verifyingKey().digest(), channel, random, progress, deviation);
        double proving = (System.nanoTime() - start) / 1e9;
        AccuracyProof proof = new AccuracyProof(prover.verifyingKey().digest(), description.digest(), description.rows(), stated, rowsPerChunk,
                channel.proof());
        return new Result(proof, correct, description.rows(), plain, proving);
    }

    /** The model's quantised inputs: each committed row rescaled; a value outside the 16-bit input range is named. */
    static List<long[]> inputs(DatasetKey data, InputRescale rescale) {
        List<long[]> out = new ArrayList<>();
        long[][] values = data.values();
        for (int r = 0; r < values.length; r++) {
            long[] q = input(values[r], rescale);
            for (int c = 0; c < q.length; c++) {
                if (q[c] < Activation.MIN || q[c] > Activation.MAX) {
                    throw new IllegalArgumentException("row " + r + ", feature " + c + " (" + data.description().featureNames().get(c) + " = "
                            + Math.scalb((double) values[r][c], -data.description().fractionBits())
                            + ") is outside the model's input range");
                }
            }
            out.add(q);
        }
        return out;
    }

    /** One committed row's model input: each value rescaled as the statement defines (and the circuit proves). */
    static long[] input(long[] committed, InputRescale rescale) {
        long[] q = new long[committed.length];
        for (int c = 0; c < q.length; c++) {
            q[c] = rescale.apply(committed[c]);
        }
        return q;
    }
}
