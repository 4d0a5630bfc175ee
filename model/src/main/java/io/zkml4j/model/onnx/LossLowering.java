package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The classification losses with constant targets: NegativeLogLikelihoodLoss picks each target
 * class's input (GatherElements at constant indices, a proved copy), weighs it by −weight[target]
 * (0 for ignore_index), and sums or averages over the weights (reduction none, sum, mean).
 * SoftmaxCrossEntropyLoss is the same on LogSoftmax of its scores (whose proved steps also give its
 * optional log_prob output). The targets, and the class weights when given, must be constants.
 */
final class LossLowering {
    private final NodeLowering lowering;

    LossLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 3);
        String input = n.inputs().get(0);
        if (n.opType().equals("SoftmaxCrossEntropyLoss")) {
            String logProb = n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() ? n.outputs().get(1)
                    : lowering.fresh(n.outputs().get(0) + "_log_prob");
            Node logSoftmax = new Node(n.name() + "/log_softmax", "LogSoftmax", List.of(input), List.of(logProb),
                    Map.of("axis", new Attribute.Int(1)));
            lowering.lower(new SourceNode(logSoftmax, sn.where()));
            input = logProb;
        }
        nll(sn, n, input);
    }

    private void nll(SourceNode sn, Node n, String input) throws ModelImportException {
        int[] x = lowering.shape(input);
        Tensor target = lowering.constantInput(sn, n, 1, "target");
        Tensor weight = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? lowering.constantInput(sn, n, 2, "weight") : null;
        if (x.length < 2) {
            throw format(sn, "its input must be N×C×..., got " + Shapes.toString(x));
        }
        int classes = x[1];
        int[] expected = new int[x.length - 1];
        expected[0] = x[0];
        System.arraycopy(x, 2, expected, 1, x.length - 2);
        if (!java.util.Arrays.equals(target.shape(), expected)) {
            throw format(sn, "target of shape " + Shapes.toString(target.shape()) + " for an input of shape " + Shapes.toString(x));
        }
        if (weight != null && weight.size() != classes) {
            throw format(sn, "weight has " + weight.size() + " values for " + classes + " classes");
        }
        boolean ignores = n.attribute("ignore_index") != null;
        long ignore = n.intAttr("ignore_index", Long.MIN_VALUE);
        String reduction = n.stringAttr("reduction", "mean");
        if (!List.of("none", "sum", "mean").contains(reduction)) {
            throw format(sn, "unknown reduction '" + reduction + "'");
        }
        // The picked positions [N, 1, d...] and the factor −weight[t] of each (0 where the target is ignored).
        int[] picked = new int[x.length];
        picked[0] = x[0];
        picked[1] = 1;
        System.arraycopy(x, 2, picked, 2, x.length - 2);
        float[] index = new float[target.size()];
        float[] factor = new float[target.size()];
        double total = 0;
        for (int i = 0; i < index.length; i++) {
            float value = target.get(i);
            if (value != Math.rint(value)) {
                throw format(sn, "target " + value + " at " + i + " is not a class index");
            }
            long t = (long) value;
            if (ignores && t == ignore) {
                continue;
            }
            if (t < 0 || t >= classes) {
                throw format(sn, "target " + t + " at " + i + " is not a class of " + classes);
            }
            index[i] = t;
            double w = weight == null ? 1 : weight.get((int) t);
            factor[i] = (float) -w;
            total += w;
        }
        String y = n.outputs().get(0);
        String indices = lowering.defineIntegerConstant(y + "_targets", new Tensor(picked, index));
        String chosen = lowering.fresh(y + "_chosen");
        lowering.emit(sn, new Node(n.name() + "/pick", "GatherElements", List.of(input, indices), List.of(chosen),
                Map.of("axis", new Attribute.Int(1))));
        String weights = lowering.defineFresh(y + "_weights", new Tensor(picked, factor));
        String weighed = lowering.fresh(y + "_weighed");
        lowering.emit(sn, new Node(n.name() + "/weigh", "Mul", List.of(chosen, weights), List.of(weighed), Map.of()));
        if (reduction.equals("none")) {
            lowering.emitReshape(sn, n.name(), weighed, expected, y);
            return;
        }
        String sum = reduction.equals("sum") ? y : lowering.fresh(y + "_sum");
        lowering.emit(sn, new Node(n.name() + "/sum", "ReduceSum", List.of(weighed), List.of(sum),
                Map.of("axes", new Attribute.Ints(NodeLowering.range(0, x.length)), "keepdims", new Attribute.Int(0))));
        if (reduction.equals("mean")) {
            if (total == 0) {
                throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " averages over a total weight of 0 (every "
                        + "target ignored or weighed 0): the mean is undefined");
            }
            String scale = lowering.defineFresh(y + "_one_over_total", Tensor.scalar((float) (1 / total)));
            lowering.emit(sn, new Node(n.name(), "Mul", List.of(sum, scale), List.of(y), Map.of()));
        }
    }

    private ModelFormatException format(SourceNode sn, String message) {
        return new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + message);
    }
}
