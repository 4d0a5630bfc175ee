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
        boolean sigmoid = false;
        for (QLayer l : model.layers()) {
            if (l.output().equals(model.output())) {
                Requant rq = switch (l) {
                    case QLayer.Dense d -> d.requant();
                    case QLayer.Conv c -> c.requant();
                    case QLayer.Activate a -> a.requant();
                    case QLayer.Affine a -> a.requant();
                    case QLayer.Add a -> a.requant();
                    case QLayer.Mul m -> m.requant();
                    default -> null;
                };
                sigmoid = rq != null && rq.activation().kind() == Activation.Kind.SIGMOID;
            }
        }
        long threshold = sigmoid ? (long) Math.ceil(0.5 / model.outputSpec().scale()) : 0;
        return new Prediction(2, true, threshold);
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
