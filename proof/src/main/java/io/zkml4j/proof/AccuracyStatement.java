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
     * The one-time commitments' parameters: the key's security level and hash, with rows sized for
     * this circuit (a batch of many rows commits far more than one inference).
     */
    static LigeroParameters parameters(Circuit circuit, LigeroParameters key) {
        long elements = 0;
        for (var list : java.util.List.of(circuit.witnessVectors(), circuit.inverseVectors())) {
            for (Circuit.VectorSpec s : list) {
                elements += 1L << s.ref().numVars();
            }
        }
        int bits = (int) Math.floor(key.security().bits());
        int logRowWidth = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK), LigeroParameters.recommendedLogRowWidth(elements, bits));
        return LigeroParameters.forSecurity(bits, logRowWidth, key.logCodeLength() - key.logRowWidth(), 1, 0, key.hash());
    }

    static String domainSeparator(LigeroParameters modelSealed, LigeroParameters dataSealed, LigeroParameters proof) {
        return "zkml4j/accuracy/v1|" + proof.describe() + "|sealed:" + modelSealed.describe() + "|data:" + dataSealed.describe();
    }
}
