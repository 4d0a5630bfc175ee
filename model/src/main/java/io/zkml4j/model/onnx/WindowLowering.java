package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.exec.Window2d;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the sliding-window operators (Conv, MaxPool, AveragePool) to their canonical 2-D form:
 * kernel, strides, dilations and the four pads explicit (auto_pad resolved), the refused
 * features (ceil_mode, storage_order, the Indices output, 3-D) reported, and 1-D operators lifted
 * to 2-D over a height of 1, so that later stages handle one geometry only.
 */
final class WindowLowering {
    private final NodeLowering lowering;

    WindowLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void conv(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 3);
        int[] x = lowering.shape(n.inputs().get(0));
        if (x.length == 3) {
            // 1-D convolution is a 2-D one over a height of 1: lift it so later stages see only 2-D.
            int[] w = lowering.shape(n.inputs().get(1));
            if (w.length != 3) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": Conv weight must have rank 3 for a 1-D input, got "
                        + Shapes.toString(w));
            }
            List<String> inputs = new ArrayList<>(n.inputs());
            inputs.set(0, liftInput(sn, n, inputs.get(0), x));
            inputs.set(1, liftInput(sn, n, inputs.get(1), w));
            String y2d = lowering.fresh(n.outputs().get(0) + "_2d");
            conv2d(sn, liftAttributes(sn, n, inputs, y2d));
            dropLiftedHeight(sn, n, y2d);
            return;
        }
        if (x.length != 4) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " convolves an input of shape "
                    + Shapes.toString(x) + "; zkml4j supports 1-D and 2-D convolution only (inputs N×C×L or N×C×H×W)");
        }
        conv2d(sn, n);
    }

    private void conv2d(SourceNode sn, Node n) throws ModelImportException {
        lowering.outputShapes(sn, n); // checks the attributes and shapes as given
        int[] x = lowering.shape(n.inputs().get(0));
        int[] w = lowering.shape(n.inputs().get(1));
        Window2d g = window(sn, n, x, w[2], w[3]);
        lowering.emit(sn, new Node(n.name(), "Conv", n.inputs(), n.outputs(), Map.of(
                "kernel_shape", NodeLowering.ints(w[2], w[3]),
                "strides", NodeLowering.ints(g.strideH(), g.strideW()),
                "dilations", NodeLowering.ints(g.dilationH(), g.dilationW()),
                "pads", new Attribute.Ints(g.pads()),
                "group", new Attribute.Int(n.intAttr("group", 1)))));
    }

    void pool(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, 1);
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " also outputs the Indices of the maxima, "
                    + "which zkml4j does not support");
        }
        if (n.intAttr("storage_order", 0) != 0) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " sets storage_order=1, which zkml4j does not support");
        }
        if (n.intAttr("ceil_mode", 0) != 0) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " sets ceil_mode=1 (output size rounded up), "
                    + "which zkml4j does not support; export with ceil_mode=False");
        }
        int[] x = lowering.shape(n.inputs().get(0));
        if (x.length == 3) {
            String y2d = lowering.fresh(n.outputs().get(0) + "_2d");
            pool2d(sn, liftAttributes(sn, n, List.of(liftInput(sn, n, n.inputs().get(0), x)), y2d));
            dropLiftedHeight(sn, n, y2d);
            return;
        }
        if (x.length != 4) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " pools an input of shape " + Shapes.toString(x)
                    + "; zkml4j supports 1-D and 2-D pooling only (inputs N×C×L or N×C×H×W)");
        }
        pool2d(sn, n);
    }

    private void pool2d(SourceNode sn, Node n) throws ModelImportException {
        lowering.outputShapes(sn, n);
        int[] x = lowering.shape(n.inputs().get(0));
        int[] k = Window2d.poolKernel(n);
        Window2d g = window(sn, n, x, k[0], k[1]);
        Map<String, Attribute> attrs = new HashMap<>(Map.of(
                "kernel_shape", NodeLowering.ints(k[0], k[1]),
                "strides", NodeLowering.ints(g.strideH(), g.strideW()),
                "dilations", NodeLowering.ints(g.dilationH(), g.dilationW()),
                "pads", new Attribute.Ints(g.pads())));
        if (n.opType().equals("AveragePool")) {
            attrs.put("count_include_pad", new Attribute.Int(n.intAttr("count_include_pad", 0)));
        }
        lowering.emit(sn, new Node(n.name(), n.opType(), n.inputs(), List.of(n.outputs().get(0)), attrs));
    }

    /** Reshapes a 1-D operand [A, B, L] to [A, B, 1, L]; returns the new value's name. */
    private String liftInput(SourceNode sn, Node n, String value, int[] shape) throws ModelImportException {
        String lifted = lowering.fresh(value + "_2d");
        lowering.emitReshape(sn, n.name(), value, new int[] {shape[0], shape[1], 1, shape[2]}, lifted);
        return lifted;
    }

    /** The node's 1-D window attributes as 2-D ones over a height of 1. */
    private Node liftAttributes(SourceNode sn, Node n, List<String> inputs, String output) throws ModelFormatException {
        Map<String, Attribute> attrs = new HashMap<>(n.attributes());
        for (String key : List.of("kernel_shape", "strides", "dilations", "pads")) {
            long[] v = n.intsAttr(key, null);
            if (v == null) {
                continue;
            }
            int expected = key.equals("pads") ? 2 : 1;
            if (v.length != expected) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + key + " must have " + expected
                        + " value(s) for a 1-D input, got " + Arrays.toString(v));
            }
            attrs.put(key, new Attribute.Ints(key.equals("pads") ? new long[] {0, v[0], 0, v[1]}
                    : new long[] {1, v[0]}));
        }
        return new Node(n.name(), n.opType(), inputs, List.of(output), attrs);
    }

    /** Reshapes the lifted [N, C, 1, L] result back to the node's 1-D output [N, C, L]. */
    private void dropLiftedHeight(SourceNode sn, Node n, String y2d) throws ModelImportException {
        int[] s = lowering.shape(y2d);
        lowering.emitReshape(sn, n.name(), y2d, new int[] {s[0], s[1], s[3]}, n.outputs().get(0));
    }

    private Window2d window(SourceNode sn, Node n, int[] x, int kernelH, int kernelW) throws ModelFormatException {
        try {
            return Window2d.resolve(n, x[2], x[3], kernelH, kernelW);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + e.getMessage());
        }
    }
}
