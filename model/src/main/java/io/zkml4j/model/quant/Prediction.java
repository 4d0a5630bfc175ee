package io.zkml4j.model.quant;

/**
 * The class a quantised model predicts from its integer output, the rule accuracy statements
 * prove. Several outputs: the index of the largest, the smallest index among equal maxima. One
 * output (a binary classifier): class 1 when the output is at least the threshold — 0 for a logit,
 * the integer nearest above 0.5 for an output that ends in a sigmoid — else class 0.
 *
 * @param classes   the number of classes (2 for a one-output model)
 * @param threshold for a one-output model, the smallest output that predicts class 1
 */
public record Prediction(int classes, boolean binary, long threshold) {
    public static Prediction of(QuantizedModel model) {
        int outputs = model.outputSpec().size();
        if (outputs > 1) {
            return new Prediction(outputs, false, 0);
        }
        Requant rq = finalRequant(model);
        boolean sigmoid = rq != null && rq.activation().kind() == Activation.Kind.SIGMOID;
        long threshold = sigmoid ? (long) Math.ceil(0.5 / model.outputSpec().scale()) : 0;
        return new Prediction(2, true, threshold);
    }

    /**
     * The requantisation of the layer that computed the output's values, looking through views
     * (reshape, transpose, an identity activation: Identity and Flatten nodes end many exported
     * graphs); null when the output is not computed by a requantising layer.
     */
    private static Requant finalRequant(QuantizedModel model) {
        String value = model.output();
        for (int i = model.layers().size() - 1; i >= 0; i--) {
            QLayer l = model.layers().get(i);
            if (!l.output().equals(value)) {
                continue;
            }
            Requant rq = QLayer.requantOf(l);
            boolean view = l instanceof QLayer.Reshape || l instanceof QLayer.Transpose
                    || l instanceof QLayer.Activate a && a.requant().shift() == 0 && a.requant().activation().isIdentity();
            if (!view) {
                return rq;
            }
            value = l.inputs().get(0);
        }
        return null;
    }

    public int predict(long[] output) {
        if (binary) {
            return output[0] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < output.length; j++) {
            if (output[j] > output[best]) {
                best = j;
            }
        }
        return best;
    }

    public String describe() {
        return binary ? "class 1 when the output is at least " + threshold + " (in output units), else class 0"
                : "the index of the largest of " + classes + " outputs (the smallest index among equal maxima)";
    }
}
