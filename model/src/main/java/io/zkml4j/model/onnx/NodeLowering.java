package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Broadcasting;
import io.zkml4j.model.exec.Kernels;
import io.zkml4j.model.exec.ShapeKernel;
import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.exec.UnaryFunction;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the file's nodes, taken in topological order, into the canonical graph every later stage
 * sees:
 * <ul>
 *   <li>each operator in its latest ONNX definition, whatever opset the file uses (Softmax's old
 *       flattening, Clip's bound attributes, the old broadcast attributes are rewritten);</li>
 *   <li>every attribute explicit: Conv and pooling pads resolved from auto_pad (and 1-D windows
 *       lifted to 2-D, see {@link WindowLowering}), Transpose's perm, non-negative axes, Reshape's
 *       target with 0 and -1 resolved;</li>
 *   <li>no structural operators: Constant, Shape, Gather, Cast and friends over constants are
 *       folded, Squeeze/Unsqueeze of runtime data become Reshape, and Identity, Dropout and
 *       float-to-float Cast are removed by aliasing their output to their input;</li>
 *   <li>every node whose inputs are all constants folded into a constant;</li>
 *   <li>the static shape of every value known.</li>
 * </ul>
 */
final class NodeLowering {
    final String source;
    private final int opset;
    private final Map<String, Tensor> constants;
    private final Map<String, int[]> shapes;
    private final Set<String> names;
    private final Set<String> graphOutputs;
    /**
     * The ONNX element type of constants whose type is known (initializers, Constant, Shape, Cast, and
     * what folds from integers alone, taken as INT64): Div truncates integers, CastLike casts to the type.
     */
    private final Map<String, Integer> types;
    private final Map<String, String> aliases = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final WindowLowering windows = new WindowLowering(this);

    /**
     * @param constants initializers, extended with every value folded here
     * @param shapes the shapes of the graph inputs and constants, extended with every value lowered here
     * @param names every value name in the file, so that values added here get fresh names
     * @param graphOutputs the names of the graph's outputs (a Softmax that computes one stays a Softmax)
     * @param types the element types of the initializers, extended with those of constants folded here
     */
    NodeLowering(String source, int opset, Map<String, Tensor> constants, Map<String, int[]> shapes, Set<String> names,
                 Set<String> graphOutputs, Map<String, Integer> types) {
        this.source = source;
        this.opset = opset;
        this.constants = constants;
        this.shapes = shapes;
        this.names = names;
        this.graphOutputs = graphOutputs;
        this.types = types;
    }

    /** The nodes that run at inference time, in topological order. */
    List<Node> nodes() {
        return nodes;
    }

    /** The value a name stands for once removed no-ops (Identity, Dropout) are looked through. */
    String resolve(String name) {
        String target = aliases.get(name);
        return target == null ? name : target;
    }

    /** Lowers one node; its inputs must have been lowered before. */
    void lower(SourceNode sn) throws ModelImportException {
        Node original = sn.node();
        List<String> inputs = original.inputs().stream().map(this::resolve).toList();
        Map<String, Attribute> attrs = new HashMap<>(original.attributes());
        attrs.remove("consumed_inputs"); // an opset < 6 memory-reuse hint with no effect on values
        Node n = new Node(original.name(), original.opType(), inputs, original.outputs(), attrs);
        if (n.outputs().isEmpty() || n.outputs().get(0).isEmpty()) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has no output");
        }
        switch (n.opType()) {
            case "Constant" -> constant(sn, n);
            case "Identity" -> {
                arity(sn, n, 1, 1);
                alias(n.outputs().get(0), n.inputs().get(0));
            }
            case "Dropout" -> dropout(sn, n);
            case "Cast" -> cast(sn, n);
            case "Shape" -> shape(sn, n);
            case "Squeeze", "Unsqueeze" -> squeeze(sn, n);
            case "Gather" -> gather(sn, n);
            case "Expand", "Tile", "Split", "GatherElements" -> movement(sn, n);
            case "Slice" -> slice(sn, n);
            case "Pad" -> pad(sn, n);
            case "Add", "Sub", "Mul" -> arithmetic(sn, n);
            case "Div" -> divide(sn, n);
            case "ReduceSum", "ReduceMean", "ReduceMax" -> reduce(sn, n);
            case "ReduceMin", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp" -> composedReduction(sn, n);
            case "Max", "Min" -> extremum(sn, n);
            case "Trilu" -> trilu(sn, n);
            case "LogSoftmax" -> logSoftmax(sn, n);
            case "PRelu" -> prelu(sn, n);
            case "CastLike" -> castLike(sn, n);
            case "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "Not" -> mask(sn, n);
            case "Where" -> where(sn, n);
            case "LayerNormalization" -> layerNormalization(sn, n);
            case "Pow" -> power(sn, n);
            case "Gemm" -> emit(sn, with(n, Map.of(), "broadcast"));
            case "Conv" -> windows.conv(sn, n);
            case "ConvTranspose" -> new TransposedConvLowering(this).lower(sn, n);
            case "Resize", "Upsample" -> new ResizeLowering(this).lower(sn, n, opset);
            case "Einsum" -> new EinsumLowering(this).lower(sn, n);
            case "NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss" -> new LossLowering(this).lower(sn, n);
            case "GatherND", "ScatterElements", "Scatter", "ScatterND", "Compress" -> new IndexMapLowering(this).lower(sn, n);
            case "Sum", "Mean", "DepthToSpace", "SpaceToDepth", "CumSum", "GlobalMaxPool", "InstanceNormalization", "Shrink" ->
                    new CompositeLowering(this).lower(sn, n);
            case "MaxPool", "AveragePool" -> windows.pool(sn, n);
            case "BatchNormalization" -> batchNormalization(sn, n);
            case "Clip" -> clip(sn, n);
            case "Softmax" -> softmax(sn, n);
            case "Reshape" -> reshape(sn, n);
            case "Flatten" -> flatten(sn, n);
            case "Concat" -> concat(sn, n);
            case "Transpose" -> transpose(sn, n);
            default -> {
                if (UnaryFunction.isUnary(n.opType())) {
                    unaryFunction(sn, n);
                } else {
                    emit(sn, n); // Relu, LeakyRelu, Sigmoid, Tanh, MatMul, GlobalAveragePool: no opset differences
                }
            }
        }
    }

    // ---- structural operators ----

    private void constant(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 0, 0);
        if (n.attributes().size() != 1) {
            throw new ModelFormatException(source + ": " + sn.describe() + " must have exactly one value attribute, has "
                    + n.attributes().keySet());
        }
        Map.Entry<String, Attribute> e = n.attributes().entrySet().iterator().next();
        Tensor value = switch (e.getKey()) {
            case "value" -> e.getValue().asTensor();
            case "value_float" -> Tensor.scalar(e.getValue().asFloat());
            case "value_floats" -> {
                float[] v = e.getValue().asFloats();
                yield new Tensor(new int[] {v.length}, v);
            }
            case "value_int" -> Tensor.scalar(exactInt(sn, e.getValue().asInt()));
            case "value_ints" -> {
                long[] v = e.getValue().asInts();
                float[] f = new float[v.length];
                for (int k = 0; k < v.length; k++) {
                    f[k] = exactInt(sn, v[k]);
                }
                yield new Tensor(new int[] {v.length}, f);
            }
            default -> throw new UnsupportedModelException(source + ": " + sn.describe() + " holds a " + e.getKey()
                    + ", which zkml4j does not read (only value, value_float(s) and value_int(s))");
        };
        define(n.outputs().get(0), value);
        int type = switch (e.getKey()) {
            case "value" -> e.getValue() instanceof Attribute.TensorValue t ? t.elementType() : DataType.FLOAT.code();
            case "value_int", "value_ints" -> DataType.INT64.code();
            default -> DataType.FLOAT.code();
        };
        types.put(n.outputs().get(0), type);
    }

    private void dropout(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 3);
        boolean training;
        if (opset < 7) {
            training = n.intAttr("is_test", 0) == 0; // before opset 7 the default was training
        } else if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
            training = constantInput(sn, n, 2, "training_mode").get(0) != 0;
        } else {
            training = false;
        }
        if (training) {
            float ratio = n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()
                    ? constantInput(sn, n, 1, "ratio").get(0) : n.floatAttr("ratio", 0.5f);
            if (ratio != 0) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " is in training mode (it drops random "
                        + "values); zkml4j imports models for inference: export the model in eval mode");
            }
        }
        String x = n.inputs().get(0);
        alias(n.outputs().get(0), x);
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            // Nothing is dropped, so the mask keeps everything.
            float[] ones = new float[Shapes.size(shape(x))];
            Arrays.fill(ones, 1f);
            define(n.outputs().get(1), new Tensor(shape(x), ones));
        }
    }

    private void cast(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        Attribute to = n.attribute("to");
        if (to == null) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has no 'to' attribute");
        }
        int code;
        if (to instanceof Attribute.Str s) { // opset < 6 named the type
            DataType t;
            try {
                t = DataType.valueOf(s.value());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + sn.describe() + " casts to unknown type '" + s.value() + "'");
            }
            code = t.code();
        } else {
            code = (int) to.asInt();
        }
        DataType target = DataType.ofCode(code);
        if (target == null || !target.isSupported()) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " casts to " + DataType.nameOf(code)
                    + ", which zkml4j does not support; supported: " + DataType.supportedNames());
        }
        Node canonical = with(n, Map.of("to", new Attribute.Int(code)));
        String x = n.inputs().get(0);
        if (constants.containsKey(x)) {
            emit(sn, canonical);
            types.put(n.outputs().get(0), code);
        } else if (code == DataType.FLOAT.code() || code == DataType.DOUBLE.code()) {
            alias(n.outputs().get(0), x); // runtime values are floats already
        } else {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " converts runtime data to "
                    + DataType.nameOf(code) + "; zkml4j computes on floats and folds such casts only when their input is a constant");
        }
    }

    private void shape(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        // Shapes are static after import, so Shape is a constant even over runtime data.
        define(n.outputs().get(0), ShapeKernel.of(n, shape(n.inputs().get(0))));
        types.put(n.outputs().get(0), DataType.INT64.code());
    }

    private void squeeze(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 2);
        if (n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()) {
            constantInput(sn, n, 1, "axes");
        }
        int[] out = outputShapes(sn, n)[0];
        emitReshape(sn, n.name(), n.inputs().get(0), out, n.outputs().get(0));
    }

    /**
     * Gather: folded over constants; of computed data at constant indices a copy; from a constant
     * table at computed indices an embedding lookup ({@link EmbeddingLowering}).
     */
    private void gather(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 2);
        if (!constants.containsKey(n.inputs().get(1))) {
            Tensor table = constants.get(n.inputs().get(0));
            if (table == null) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " gathers computed data ('" + n.inputs().get(0)
                        + "') at computed indices ('" + n.inputs().get(1) + "'); zkml4j gathers computed data at constant indices, "
                        + "or rows of a constant table (an embedding) at computed ones");
            }
            if (!isInteger(n.inputs().get(1))) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " looks up rows at '" + n.inputs().get(1)
                        + "', which is not an integer input of the model; zkml4j looks up rows at token ids the model takes as input");
            }
            new EmbeddingLowering(this).lower(sn, n, table);
            return;
        }
        emit(sn, n);
    }

    /** Expand, Tile and Split: their shape, repeats or sizes must be constants; the data may be computed (a proved copy). */
    private void movement(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 2);
        if (!n.opType().equals("Split") && n.inputs().size() < 2) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has no " + switch (n.opType()) {
                case "Expand" -> "shape";
                case "Tile" -> "repeats";
                default -> "indices";
            } + " input");
        }
        for (int k = 1; k < n.inputs().size(); k++) {
            String in = n.inputs().get(k);
            if (!in.isEmpty() && !constants.containsKey(in)) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its parameters from runtime data ('" + in
                        + "'); zkml4j needs them constant");
            }
        }
        emit(sn, n);
    }

    /**
     * Slice over a constant (a shape computation), with its starts, ends, axes and steps as
     * attributes whatever the opset (inputs from opset 10, which must be constants).
     */
    private void slice(SourceNode sn, Node n) throws ModelImportException {
        Map<String, Attribute> attrs = new HashMap<>();
        if (opset < 10) {
            arity(sn, n, 1, 1);
            for (String key : new String[] {"starts", "ends", "axes"}) {
                if (n.attribute(key) != null) {
                    attrs.put(key, n.attribute(key));
                }
            }
        } else {
            arity(sn, n, 3, 5);
            String[] keys = {"starts", "ends", "axes", "steps"};
            for (int k = 1; k < n.inputs().size(); k++) {
                String in = n.inputs().get(k);
                if (in.isEmpty()) {
                    continue;
                }
                if (!constants.containsKey(in)) {
                    throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its " + keys[k - 1] + " from runtime data ('"
                            + in + "'); zkml4j needs them constant");
                }
                attrs.put(keys[k - 1], new Attribute.Ints(Shapes.toLongs(constants.get(in), "Slice " + keys[k - 1])));
            }
        }
        emit(sn, new Node(n.name(), "Slice", List.of(n.inputs().get(0)), n.outputs(), attrs));
    }

    /**
     * Pad with its pads (begin values of every axis, then end values), mode and constant value as
     * attributes whatever the opset (inputs from opset 11, which must be constants; the axes input
     * of opset 18 spread over every axis).
     */
    private void pad(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, opset < 11 ? 1 : 4);
        String x = n.inputs().get(0);
        int rank = shape(x).length;
        String mode = n.stringAttr("mode", "constant");
        if (!List.of("constant", "reflect", "edge").contains(mode)) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " pads in mode '" + mode + "'; zkml4j pads in constant, "
                    + "reflect or edge mode");
        }
        long[] pads;
        float value = 0;
        if (opset < 11) {
            arity(sn, n, 1, 1);
            pads = n.intsAttr(opset < 2 ? "paddings" : "pads", null);
            value = n.floatAttr("value", 0f);
        } else {
            arity(sn, n, 2, 4);
            for (int k = 1; k < n.inputs().size(); k++) {
                String in = n.inputs().get(k);
                if (!in.isEmpty() && !constants.containsKey(in)) {
                    throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its " + (k == 1 ? "pads" : k == 2 ? "value" : "axes")
                            + " from runtime data ('" + in + "'); zkml4j needs them constant");
                }
            }
            pads = Shapes.toLongs(constants.get(n.inputs().get(1)), "Pad pads");
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
                Tensor v = constants.get(n.inputs().get(2));
                if (v.size() != 1) {
                    throw new ModelFormatException(source + ": " + sn.describe() + " needs one constant value, has " + v.size());
                }
                value = v.get(0);
            }
            if (n.inputs().size() > 3 && !n.inputs().get(3).isEmpty()) { // pads for the listed axes only
                long[] axes = Shapes.toLongs(constants.get(n.inputs().get(3)), "Pad axes");
                if (pads.length != 2 * axes.length) {
                    throw new ModelFormatException(source + ": " + sn.describe() + " has " + pads.length + " pads for " + axes.length + " axes");
                }
                long[] all = new long[2 * rank];
                for (int k = 0; k < axes.length; k++) {
                    int a = axis(sn, axes[k], rank, "Pad axis");
                    all[a] = pads[k];
                    all[a + rank] = pads[k + axes.length];
                }
                pads = all;
            }
        }
        if (pads == null || pads.length != 2 * rank) {
            throw new ModelFormatException(source + ": " + sn.describe() + " needs " + 2 * rank + " pads for its rank-" + rank + " input");
        }
        emit(sn, new Node(n.name(), "Pad", List.of(x), n.outputs(), Map.of("pads", new Attribute.Ints(pads), "mode", new Attribute.Str(mode),
                "value", new Attribute.Float(value))));
    }

    // ---- compute operators with opset differences ----

    private void arithmetic(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 2);
        if (opset >= 7) {
            emit(sn, n);
            return;
        }
        // Before opset 7: equal shapes, or broadcast=1 with B's dims matching A's from `axis` on.
        String a = n.inputs().get(0);
        String b = n.inputs().get(1);
        int[] sa = shape(a);
        int[] sb = shape(b);
        String newB = b;
        if (n.intAttr("broadcast", 0) == 0) {
            if (!Arrays.equals(sa, sb)) {
                throw new ModelFormatException(source + ": " + sn.describe() + " adds shapes " + Shapes.toString(sa) + " and "
                        + Shapes.toString(sb) + " without broadcast=1, which opset " + opset + " requires to be equal");
            }
        } else if (n.attribute("axis") != null) {
            long axis = n.intAttr("axis", 0);
            int start = (int) (axis < 0 ? axis + sa.length : axis);
            if (start < 0 || start + sb.length > sa.length) {
                throw new ModelFormatException(source + ": " + sn.describe() + " broadcasts " + Shapes.toString(sb)
                        + " from axis " + axis + " of " + Shapes.toString(sa) + ", which does not fit");
            }
            // Trailing 1s align B with A's dims from `axis` on under numpy rules.
            int[] target = Arrays.copyOf(sb, sa.length - start);
            Arrays.fill(target, sb.length, target.length, 1);
            if (target.length != sb.length) {
                newB = fresh(b + "_aligned");
                emitReshape(sn, n.name(), b, target, newB);
            }
        }
        emit(sn, new Node(n.name(), n.opType(), List.of(a, newB), n.outputs(), Map.of()));
    }

    /**
     * x / c becomes x · (1/c), and a / x (a constant or computed) becomes a · Reciprocal(x), so
     * that both are steps the quantiser knows: the reciprocal is a table like any function of one
     * value, on the divisor's calibrated range.
     */
    private void divide(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 2);
        String a = n.inputs().get(0);
        String b = n.inputs().get(1);
        String y = n.outputs().get(0);
        if (constants.containsKey(a) && constants.containsKey(b)) {
            if (isInteger(a) && isInteger(b)) { // integer division truncates toward zero (shape arithmetic)
                Tensor q;
                try {
                    q = Broadcasting.apply(constants.get(a), constants.get(b), (u, v) -> {
                        if (v == 0) {
                            throw new IllegalArgumentException("an integer division by zero");
                        }
                        double t = u / v;
                        return t < 0 ? Math.ceil(t) : Math.floor(t);
                    });
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
                }
                define(n.outputs().get(0), q);
                types.put(n.outputs().get(0), DataType.INT64.code());
            } else {
                arithmetic(sn, n); // folded
            }
            return;
        }
        if (constants.containsKey(b)) {
            Tensor c = constants.get(b);
            float[] inverse = new float[c.size()];
            for (int k = 0; k < inverse.length; k++) {
                inverse[k] = (float) (1.0 / c.get(k));
            }
            String reciprocal = defineFresh(b + "_reciprocal", new Tensor(c.shape(), inverse));
            arithmetic(sn, new Node(n.name(), "Mul", List.of(a, reciprocal), List.of(y), n.attributes()));
        } else {
            String inverse = fresh(b + "_reciprocal");
            emit(sn, new Node(n.name() + "/reciprocal", "Reciprocal", List.of(b), List.of(inverse), Map.of()));
            arithmetic(sn, new Node(n.name(), "Mul", List.of(a, inverse), List.of(y), n.attributes()));
        }
    }

    /**
     * Reductions with their axes as a non-negative, sorted attribute (from the attribute before
     * opset 13 for ReduceSum and 18 for the others, from a constant input after) and keepdims; no
     * axes reduce every axis, or none with noop_with_empty_axes (then the node is an identity).
     */
    private void reduce(SourceNode sn, Node n) throws ModelImportException {
        Map<String, Attribute> attrs = reductionAttributes(sn, n);
        if (attrs == null) {
            alias(n.outputs().get(0), n.inputs().get(0));
            return;
        }
        emit(sn, new Node(n.name(), n.opType(), List.of(n.inputs().get(0)), n.outputs(), attrs));
    }

    /**
     * The reductions that are steps of proved ones: ReduceMin = −max(−x), ReduceL1 = Σ|x|,
     * ReduceL2 = √Σx², ReduceSumSquare = Σx², ReduceLogSum = log Σx, ReduceLogSumExp =
     * m + log Σ exp(x − m) with m = max x.
     */
    private void composedReduction(SourceNode sn, Node n) throws ModelImportException {
        Map<String, Attribute> attrs = reductionAttributes(sn, n);
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        String name = n.name();
        if (attrs == null) { // no axes and noop_with_empty_axes: the elementwise part only
            switch (n.opType()) {
                case "ReduceLogSum" -> emit(sn, new Node(name, "Log", List.of(x), List.of(y), Map.of()));
                case "ReduceL1", "ReduceL2" -> emit(sn, new Node(name, "Abs", List.of(x), List.of(y), Map.of()));
                case "ReduceSumSquare" -> emit(sn, new Node(name, "Mul", List.of(x, x), List.of(y), Map.of()));
                default -> alias(y, x); // ReduceMin, and ReduceLogSumExp: log(exp(x)) = x
            }
            return;
        }
        switch (n.opType()) {
            case "ReduceMin" -> {
                String negated = fresh(y + "_negated"), max = fresh(y + "_max_of_negated");
                emit(sn, new Node(name + "/negate", "Neg", List.of(x), List.of(negated), Map.of()));
                emit(sn, new Node(name + "/max", "ReduceMax", List.of(negated), List.of(max), attrs));
                emit(sn, new Node(name, "Neg", List.of(max), List.of(y), Map.of()));
            }
            case "ReduceL1" -> {
                String abs = fresh(y + "_abs");
                emit(sn, new Node(name + "/abs", "Abs", List.of(x), List.of(abs), Map.of()));
                emit(sn, new Node(name, "ReduceSum", List.of(abs), List.of(y), attrs));
            }
            case "ReduceL2", "ReduceSumSquare" -> {
                String square = fresh(y + "_square");
                emit(sn, new Node(name + "/square", "Mul", List.of(x, x), List.of(square), Map.of()));
                if (n.opType().equals("ReduceSumSquare")) {
                    emit(sn, new Node(name, "ReduceSum", List.of(square), List.of(y), attrs));
                } else {
                    String sum = fresh(y + "_sum");
                    emit(sn, new Node(name + "/sum", "ReduceSum", List.of(square), List.of(sum), attrs));
                    emit(sn, new Node(name, "Sqrt", List.of(sum), List.of(y), Map.of()));
                }
            }
            case "ReduceLogSum" -> {
                String sum = fresh(y + "_sum");
                emit(sn, new Node(name + "/sum", "ReduceSum", List.of(x), List.of(sum), attrs));
                emit(sn, new Node(name, "Log", List.of(sum), List.of(y), Map.of()));
            }
            default -> { // ReduceLogSumExp, kept dimensions first, then the requested shape
                Map<String, Attribute> kept = Map.of("axes", attrs.get("axes"), "keepdims", new Attribute.Int(1));
                String max = fresh(y + "_max"), shifted = fresh(y + "_shifted"), exp = fresh(y + "_exp"), sum = fresh(y + "_sum"),
                        log = fresh(y + "_log");
                emit(sn, new Node(name + "/max", "ReduceMax", List.of(x), List.of(max), kept));
                emit(sn, new Node(name + "/shift", "Sub", List.of(x, max), List.of(shifted), Map.of()));
                emit(sn, new Node(name + "/exp", "Exp", List.of(shifted), List.of(exp), Map.of()));
                emit(sn, new Node(name + "/sum", "ReduceSum", List.of(exp), List.of(sum), kept));
                emit(sn, new Node(name + "/log", "Log", List.of(sum), List.of(log), Map.of()));
                boolean keep = ((Attribute.Int) attrs.get("keepdims")).value() != 0;
                String total = keep ? y : fresh(y + "_kept");
                emit(sn, new Node(keep ? name : name + "/add", "Add", List.of(log, max), List.of(total), Map.of()));
                if (!keep) {
                    int[] target = Kernels.of("ReduceMax").outputShapes(new Node(name, "ReduceMax", List.of(x), List.of(y), attrs),
                            new int[][] {shape(x)}, new Tensor[1])[0];
                    emitReshape(sn, name, total, target, y);
                }
            }
        }
    }

    /** A reduction's axes (sorted, non-negative) and keepdims as attributes; null when it reduces nothing (noop_with_empty_axes). */
    private Map<String, Attribute> reductionAttributes(SourceNode sn, Node n) throws ModelImportException {
        boolean axesAsInput = opset >= (n.opType().equals("ReduceSum") ? 13 : 18);
        arity(sn, n, 1, axesAsInput ? 2 : 1);
        String x = n.inputs().get(0);
        int rank = shape(x).length;
        long[] axes;
        if (axesAsInput) {
            if (n.attribute("axes") != null) {
                throw new ModelFormatException(source + ": " + sn.describe() + " has an axes attribute, which opset " + opset
                        + " replaced by an input");
            }
            String a = n.inputs().size() > 1 ? n.inputs().get(1) : "";
            if (!a.isEmpty() && !constants.containsKey(a)) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its axes from runtime data ('" + a
                        + "'); zkml4j needs them constant");
            }
            axes = a.isEmpty() ? new long[0] : Shapes.toLongs(constants.get(a), n.opType() + " axes");
        } else {
            axes = n.intsAttr("axes", new long[0]);
        }
        if (axes.length == 0 && axesAsInput && n.intAttr("noop_with_empty_axes", 0) != 0) {
            return null;
        }
        java.util.TreeSet<Long> normalised = new java.util.TreeSet<>();
        for (long a : axes) {
            try {
                normalised.add((long) Shapes.normalizeAxis(a, rank, n.opType() + " axis"));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
            }
        }
        if (normalised.isEmpty()) {
            for (long a = 0; a < rank; a++) {
                normalised.add(a);
            }
        }
        return Map.of("axes", new Attribute.Ints(normalised.stream().mapToLong(Long::longValue).toArray()),
                "keepdims", new Attribute.Int(n.intAttr("keepdims", 1) != 0 ? 1 : 0));
    }

    /** An elementwise operation on two constants with numpy broadcasting; shapes that do not broadcast are a format error. */
    private Tensor broadcast(SourceNode sn, Tensor a, Tensor b, java.util.function.DoubleBinaryOperator op) throws ModelFormatException {
        try {
            return Broadcasting.apply(a, b, op);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
        }
    }

    /** Max and Min of several tensors, pairwise: max(a, b) = b + relu(a − b), min(a, b) = a − relu(a − b). */
    private void extremum(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, Integer.MAX_VALUE);
        String y = n.outputs().get(0);
        if (n.inputs().stream().allMatch(constants::containsKey)) {
            String acc = n.inputs().get(0);
            for (int k = 1; k < n.inputs().size(); k++) {
                String next = k == n.inputs().size() - 1 ? y : fresh(y + "_" + k);
                Tensor a = constants.get(acc), b = constants.get(n.inputs().get(k));
                define(next, broadcast(sn, a, b, n.opType().equals("Max") ? Math::max : Math::min));
                acc = next;
            }
            if (n.inputs().size() == 1) {
                define(y, constants.get(acc));
            }
            if (n.inputs().stream().allMatch(this::isInteger)) {
                types.put(y, DataType.INT64.code());
            }
            return;
        }
        if (n.inputs().size() == 1) {
            alias(y, n.inputs().get(0));
            return;
        }
        String acc = n.inputs().get(0);
        for (int k = 1; k < n.inputs().size(); k++) {
            String b = n.inputs().get(k);
            String out = k == n.inputs().size() - 1 ? y : fresh(y + "_" + k);
            String diff = fresh(y + "_difference" + k), excess = fresh(y + "_excess" + k);
            emit(sn, new Node(n.name() + "/difference" + k, "Sub", List.of(acc, b), List.of(diff), Map.of()));
            emit(sn, new Node(n.name() + "/excess" + k, "Relu", List.of(diff), List.of(excess), Map.of()));
            emit(sn, n.opType().equals("Max")
                    ? new Node(n.name() + (out.equals(y) ? "" : "/" + k), "Add", List.of(b, excess), List.of(out), Map.of())
                    : new Node(n.name() + (out.equals(y) ? "" : "/" + k), "Sub", List.of(acc, excess), List.of(out), Map.of()));
            acc = out;
        }
    }

    /** Trilu with a constant k: a product with the constant triangular mask over the last two axes. */
    private void trilu(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 2);
        String x = n.inputs().get(0);
        long k = 0;
        if (n.inputs().size() > 1 && !n.inputs().get(1).isEmpty()) {
            if (!constants.containsKey(n.inputs().get(1))) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its k from runtime data; zkml4j needs it constant");
            }
            long[] ks = Shapes.toLongs(constants.get(n.inputs().get(1)), "Trilu k");
            if (ks.length != 1) {
                throw new ModelFormatException(source + ": " + sn.describe() + " needs one k, has " + ks.length);
            }
            k = ks[0];
        }
        int[] s = shape(x);
        if (s.length < 2) {
            throw new ModelFormatException(source + ": " + sn.describe() + " needs a tensor of rank 2 or more");
        }
        int rows = s[s.length - 2], columns = s[s.length - 1];
        boolean upper = n.intAttr("upper", 1) != 0;
        float[] mask = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                mask[i * columns + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
            }
        }
        Tensor maskTensor = new Tensor(new int[] {rows, columns}, mask);
        if (constants.containsKey(x)) { // folded by selection, never 0·v: a −∞ above the diagonal stays −∞, one below becomes 0
            define(n.outputs().get(0), broadcast(sn, constants.get(x), maskTensor, (v, keep) -> keep != 0 ? v : 0));
            if (isInteger(x)) {
                types.put(n.outputs().get(0), types.get(x));
            }
            return;
        }
        String m = defineFresh(n.outputs().get(0) + "_mask", maskTensor);
        emit(sn, new Node(n.name(), "Mul", List.of(x, m), n.outputs(), Map.of()));
    }

    /**
     * LogSoftmax as its proved steps: d = x − max x, then d − log Σ exp(d), over the axis (over all
     * axes from it before opset 13).
     */
    private void logSoftmax(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        int rank = shape(x).length;
        int axis = axis(sn, n.intAttr("axis", opset < 13 ? 1 : -1), rank, "LogSoftmax axis");
        Map<String, Attribute> over = Map.of("axes", new Attribute.Ints(opset >= 13 ? new long[] {axis} : range(axis, rank)),
                "keepdims", new Attribute.Int(1));
        String max = fresh(y + "_max"), shifted = fresh(y + "_shifted"), exp = fresh(y + "_exp"), sum = fresh(y + "_sum"), log = fresh(y + "_log");
        emit(sn, new Node(n.name() + "/max", "ReduceMax", List.of(x), List.of(max), over));
        emit(sn, new Node(n.name() + "/shift", "Sub", List.of(x, max), List.of(shifted), Map.of()));
        emit(sn, new Node(n.name() + "/exp", "Exp", List.of(shifted), List.of(exp), Map.of()));
        emit(sn, new Node(n.name() + "/sum", "ReduceSum", List.of(exp), List.of(sum), over));
        emit(sn, new Node(n.name() + "/log", "Log", List.of(sum), List.of(log), Map.of()));
        emit(sn, new Node(n.name(), "Sub", List.of(shifted, log), List.of(y), Map.of()));
    }

    /** PRelu with a constant slope: relu(x) − slope · relu(−x). */
    private void prelu(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 2);
        String x = n.inputs().get(0);
        String slope = n.inputs().get(1);
        if (!constants.containsKey(slope)) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its slope from runtime data ('" + slope
                    + "'); zkml4j needs it constant");
        }
        int[] xs = shape(x);
        int[] ss = shape(slope);
        if (ss.length == 1 && xs.length > 2 && ss[0] == xs[1] && ss[0] != xs[xs.length - 1]) { // one slope per channel (axis 1), as PyTorch's PReLU
            int[] target = new int[xs.length - 1];
            java.util.Arrays.fill(target, 1);
            target[0] = ss[0];
            slope = defineFresh(slope + "_per_channel", new Tensor(target, constants.get(slope).data()));
        }
        String y = n.outputs().get(0);
        String positive = fresh(y + "_positive"), negated = fresh(y + "_negated"), negative = fresh(y + "_negative"),
                scaled = fresh(y + "_scaled");
        emit(sn, new Node(n.name() + "/positive", "Relu", List.of(x), List.of(positive), Map.of()));
        emit(sn, new Node(n.name() + "/negate", "Neg", List.of(x), List.of(negated), Map.of()));
        emit(sn, new Node(n.name() + "/negative", "Relu", List.of(negated), List.of(negative), Map.of()));
        emit(sn, new Node(n.name() + "/slope", "Mul", List.of(negative, slope), List.of(scaled), Map.of()));
        emit(sn, new Node(n.name(), "Sub", List.of(positive, scaled), List.of(y), Map.of()));
    }

    /** Comparisons and logic over constants (masks), folded; over computed values refused. */
    private void mask(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, n.opType().equals("Not") ? 1 : 2, n.opType().equals("Not") ? 1 : 2);
        for (String in : n.inputs()) {
            if (!constants.containsKey(in)) {
                throw new UnsupportedModelException(source + ": " + sn.describe() + " reads runtime data ('" + in + "'); zkml4j folds "
                        + n.opType() + " only over constants (a mask), it does not prove comparisons of computed values");
            }
        }
        if (n.opType().equals("Not")) {
            Tensor x = constants.get(n.inputs().get(0));
            float[] y = new float[x.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = x.get(i) == 0 ? 1 : 0;
            }
            define(n.outputs().get(0), new Tensor(x.shape(), y));
            return;
        }
        emit(sn, n);
    }

    /**
     * Where with a constant condition c: x·c + y·(1 − c), where a constant branch is a constant term
     * (c ? 0 : y, never 0·y, so that a large fill stays what it is); a computed condition is refused.
     */
    private void where(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 3, 3);
        String c = n.inputs().get(0), x = n.inputs().get(1), y = n.inputs().get(2), out = n.outputs().get(0);
        if (!constants.containsKey(c)) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its condition from runtime data ('" + c
                    + "'); zkml4j needs it constant (a mask)");
        }
        if (constants.containsKey(x) && constants.containsKey(y)) { // each side selected, never multiplied: NaN and ±∞ stay
            Tensor chosen = broadcast(sn, constants.get(c), constants.get(x), (m, v) -> m != 0 ? v : 0);
            Tensor other = broadcast(sn, constants.get(c), constants.get(y), (m, w) -> m != 0 ? 0 : w);
            define(out, broadcast(sn, chosen, other, Double::sum));
            if (isInteger(x) && isInteger(y)) {
                types.put(out, DataType.INT64.code());
            }
            return;
        }
        String kept = branch(sn, n, c, x, true, out + "_then");
        String other = branch(sn, n, c, y, false, out + "_else");
        emit(sn, new Node(n.name(), "Add", List.of(kept, other), List.of(out), Map.of()));
    }

    /** The largest constant a Where may fill with next to computed values (a calibrated 16-bit scale must still resolve those). */
    static final float MAX_WHERE_FILL = 1e4f;

    /** One branch of Where: a computed value times the mask (or its complement), or a constant masked to 0. */
    private String branch(SourceNode sn, Node n, String condition, String value, boolean when, String base) throws ModelImportException {
        Tensor mask = constants.get(condition);
        if (constants.containsKey(value)) {
            Tensor masked = broadcast(sn, mask, constants.get(value), (m, v) -> (m != 0) == when ? v : 0);
            for (int i = 0; i < masked.size(); i++) {
                // A fill far beyond the computed branch would set the scale of the whole result, leaving the computed values
                // no significant bits (and an infinite one has no scale at all): refused, with the form that is proved.
                if (!Float.isFinite(masked.get(i)) || Math.abs(masked.get(i)) > MAX_WHERE_FILL) {
                    throw new UnsupportedModelException(source + ": " + sn.describe() + " fills with " + masked.get(i) + "; zkml4j "
                            + "quantises a Where fill up to " + MAX_WHERE_FILL + " in magnitude (a causal mask: multiply the "
                            + "exponentials by the mask instead of filling the scores with −∞)");
                }
            }
            return defineFresh(base, masked);
        }
        float[] m = new float[mask.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (mask.get(i) != 0) == when ? 1 : 0;
        }
        String maskName = defineFresh(base + "_mask", new Tensor(mask.shape(), m));
        String out = fresh(base);
        emit(sn, new Node(n.name() + (when ? "/then" : "/else"), "Mul", List.of(value, maskName), List.of(out), Map.of()));
        return out;
    }

    /**
     * CastLike: Cast to the type of its second input — a runtime value is a float; a constant has
     * the type the file gave it (or folded from it); a constant of unknown type is refused.
     */
    private void castLike(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 2);
        String like = n.inputs().get(1);
        Integer code = constants.containsKey(like) ? types.get(like) : Integer.valueOf(DataType.FLOAT.code());
        if (code == null) {
            code = DataType.FLOAT.code(); // a folded float computation
        }
        cast(sn, new Node(n.name(), "Cast", List.of(n.inputs().get(0)), n.outputs(), Map.of("to", new Attribute.Int(code))));
    }

    /** Whether a constant has an integer element type (booleans are not integers here: they do not divide). */
    private boolean isInteger(String name) {
        Integer code = types.get(name);
        return code != null && DataType.ofCode(code) != null && DataType.ofCode(code).isInteger();
    }

    /**
     * LayerNormalization (opset 17) as the steps that are proved: d = x − mean(x), then
     * d · (mean(d²) + ε)^−½ (one table for the inverse square root), times the scale, plus the bias,
     * over the axes from {@code axis} on. The optional Mean and InvStdDev outputs are the mean and
     * the inverse deviation computed on the way.
     */
    private void layerNormalization(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 2, 3);
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        int rank = shape(x).length;
        int axis = axis(sn, n.intAttr("axis", -1), rank, "LayerNormalization axis");
        String normalised = normalise(sn, n.name(), x, y, range(axis, rank), n.floatAttr("epsilon", 1e-5f),
                optionalOutput(n, 1, y + "_mean"), optionalOutput(n, 2, y + "_inverse_deviation"));
        boolean bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
        String scaled = bias ? fresh(y + "_scaled") : y;
        emit(sn, new Node(n.name() + "/scale", "Mul", List.of(normalised, n.inputs().get(1)), List.of(scaled), Map.of()));
        if (bias) {
            emit(sn, new Node(n.name(), "Add", List.of(scaled, n.inputs().get(2)), List.of(y), Map.of()));
        }
    }

    /**
     * (x − mean) / √(variance + ε) over the given axes, as proved steps (a Pow table for the
     * reciprocal square root); returns the normalised value's name.
     *
     * @param mean    the name the mean gets (an output of the node, or a fresh name)
     * @param inverse the name 1/√(variance + ε) gets
     */
    String normalise(SourceNode sn, String name, String x, String y, long[] axes, float epsilonValue, String mean, String inverse)
            throws ModelImportException {
        Map<String, Attribute> over = Map.of("axes", new Attribute.Ints(axes), "keepdims", new Attribute.Int(1));
        String centred = fresh(y + "_centred");
        String square = fresh(y + "_square");
        String variance = fresh(y + "_variance");
        String shifted = fresh(y + "_variance_eps");
        String normalised = fresh(y + "_normalised");
        String epsilon = defineFresh(y + "_epsilon", Tensor.scalar(epsilonValue));
        String minusHalf = defineFresh(y + "_minus_half", Tensor.scalar(-0.5f));
        emit(sn, new Node(name + "/mean", "ReduceMean", List.of(x), List.of(mean), over));
        emit(sn, new Node(name + "/centre", "Sub", List.of(x, mean), List.of(centred), Map.of()));
        emit(sn, new Node(name + "/square", "Mul", List.of(centred, centred), List.of(square), Map.of()));
        emit(sn, new Node(name + "/variance", "ReduceMean", List.of(square), List.of(variance), over));
        emit(sn, new Node(name + "/epsilon", "Add", List.of(variance, epsilon), List.of(shifted), Map.of()));
        emit(sn, new Node(name + "/rsqrt", "Pow", List.of(shifted, minusHalf), List.of(inverse), Map.of()));
        emit(sn, new Node(name + "/normalise", "Mul", List.of(centred, inverse), List.of(normalised), Map.of()));
        return normalised;
    }

    /**
     * value · matrix along one axis: the axis swapped with the last, a MatMul by the constant
     * matrix [in, out], swapped back (a constant linear map along an axis: resampling weights, a
     * cumulative sum). Returns {@code target}.
     */
    String emitProductAlongAxis(SourceNode sn, String name, String value, int axis, String matrix, String target)
            throws ModelImportException {
        int rank = shape(value).length;
        if (axis == rank - 1) {
            emit(sn, new Node(name, "MatMul", List.of(value, matrix), List.of(target), Map.of()));
            return target;
        }
        long[] perm = range(0, rank);
        perm[axis] = rank - 1;
        perm[rank - 1] = axis; // a swap: its own inverse
        String moved = fresh(target + "_moved");
        String product = fresh(target + "_product");
        emit(sn, new Node(name, "Transpose", List.of(value), List.of(moved), Map.of("perm", new Attribute.Ints(perm))));
        emit(sn, new Node(name, "MatMul", List.of(moved, matrix), List.of(product), Map.of()));
        emit(sn, new Node(name, "Transpose", List.of(product), List.of(target), Map.of("perm", new Attribute.Ints(perm))));
        return target;
    }

    /** Output k of a node when it is named, else a fresh name for the value. */
    private String optionalOutput(Node n, int k, String base) {
        return n.outputs().size() > k && !n.outputs().get(k).isEmpty() ? n.outputs().get(k) : fresh(base);
    }

    /**
     * Pow keeps its two inputs (with the opset &lt; 7 broadcast rules of the arithmetic operators);
     * the quantiser accepts it when the exponent is a constant scalar.
     */
    private void power(SourceNode sn, Node n) throws ModelImportException {
        arithmetic(sn, n);
    }

    private void batchNormalization(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 5, 5);
        boolean training = opset < 7 ? n.intAttr("is_test", 0) == 0 : n.intAttr("training_mode", 0) != 0;
        long usedOutputs = n.outputs().stream().filter(o -> !o.isEmpty()).count();
        if (training || usedOutputs > 1) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " is in training mode (it computes batch "
                    + "statistics); zkml4j imports models for inference: export the model in eval mode");
        }
        if (opset < 9 && n.intAttr("spatial", 1) == 0) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " sets spatial=0 (statistics per position), "
                    + "which zkml4j does not support");
        }
        emit(sn, new Node(n.name(), n.opType(), n.inputs(), List.of(n.outputs().get(0)),
                Map.of("epsilon", new Attribute.Float(n.floatAttr("epsilon", 1e-5f)))));
    }

    private void clip(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 3);
        List<String> inputs = new ArrayList<>(n.inputs());
        if (opset < 11) {
            inputs = new ArrayList<>(List.of(inputs.get(0), "", ""));
            if (n.attribute("min") != null) {
                inputs.set(1, defineFresh(n.outputs().get(0) + "_min", Tensor.scalar(n.floatAttr("min", 0))));
            }
            if (n.attribute("max") != null) {
                inputs.set(2, defineFresh(n.outputs().get(0) + "_max", Tensor.scalar(n.floatAttr("max", 0))));
            }
        }
        while (inputs.size() > 1 && inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        emit(sn, new Node(n.name(), "Clip", inputs, n.outputs(), Map.of()));
    }

    /** An elementwise function of one value (Exp, Erf, Gelu, Elu, ...): one input, its attributes checked here. */
    private void unaryFunction(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        try {
            UnaryFunction.of(n);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
        }
        emit(sn, n);
    }

    private void softmax(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        int[] shape = shape(x);
        int rank = shape.length;
        int axis = axis(sn, n.intAttr("axis", opset < 13 ? 1 : -1), rank, "Softmax axis");
        if (!graphOutputs.contains(y)) {
            expandSoftmax(sn, n.name(), x, y, opset >= 13 ? new long[] {axis} : range(axis, rank));
            return;
        }
        if (opset >= 13 || axis == rank - 1) {
            emit(sn, new Node(n.name(), "Softmax", List.of(x), List.of(y), Map.of("axis", new Attribute.Int(axis))));
            return;
        }
        // Before opset 13, Softmax normalised over all dimensions from axis on together: flatten
        // them into one, apply today's Softmax on it, and restore the shape.
        String flat = fresh(y + "_flat");
        String flatOut = fresh(y + "_flat_softmax");
        emitReshape(sn, n.name(), x, new int[] {Shapes.product(shape, 0, axis), Shapes.product(shape, axis, rank)}, flat);
        emit(sn, new Node(n.name(), "Softmax", List.of(flat), List.of(flatOut), Map.of("axis", new Attribute.Int(1))));
        emitReshape(sn, n.name(), flatOut, shape, y);
    }

    static long[] range(int from, int to) {
        long[] r = new long[to - from];
        for (int k = 0; k < r.length; k++) {
            r[k] = from + k;
        }
        return r;
    }

    /**
     * A Softmax inside the model (attention scores), as the steps that are proved:
     * e = Exp(x − max x), y = e · Reciprocal(Σ e), over the axes. A Softmax that computes a graph
     * output stays one: the verifier applies it to the proven logits.
     */
    private void expandSoftmax(SourceNode sn, String name, String x, String y, long[] axes) throws ModelImportException {
        Map<String, Attribute> over = Map.of("axes", new Attribute.Ints(axes), "keepdims", new Attribute.Int(1));
        String max = fresh(y + "_max");
        String shifted = fresh(y + "_shifted");
        String exp = fresh(y + "_exp");
        String sum = fresh(y + "_sum");
        String inverse = fresh(y + "_inverse");
        emit(sn, new Node(name + "/max", "ReduceMax", List.of(x), List.of(max), over));
        emit(sn, new Node(name + "/shift", "Sub", List.of(x, max), List.of(shifted), Map.of()));
        emit(sn, new Node(name + "/exp", "Exp", List.of(shifted), List.of(exp), Map.of()));
        emit(sn, new Node(name + "/sum", "ReduceSum", List.of(exp), List.of(sum), over));
        emit(sn, new Node(name + "/reciprocal", "Reciprocal", List.of(sum), List.of(inverse), Map.of()));
        emit(sn, new Node(name, "Mul", List.of(exp, inverse), List.of(y), Map.of()));
    }

    private void reshape(SourceNode sn, Node n) throws ModelImportException {
        List<String> inputs = n.inputs();
        if (opset < 5) { // the target shape was an attribute
            arity(sn, n, 1, 1);
            long[] target = n.intsAttr("shape", null);
            if (target == null) {
                throw new ModelFormatException(source + ": " + sn.describe() + " has no 'shape' attribute");
            }
            float[] t = new float[target.length];
            for (int k = 0; k < t.length; k++) {
                t[k] = exactInt(sn, target[k]);
            }
            inputs = List.of(inputs.get(0), defineFresh(n.outputs().get(0) + "_shape", new Tensor(new int[] {t.length}, t)));
        } else {
            arity(sn, n, 2, 2);
            constantInput(sn, n, 1, "target shape");
        }
        Node full = new Node(n.name(), "Reshape", inputs, n.outputs(), n.intAttr("allowzero", 0) != 0
                ? Map.of("allowzero", new Attribute.Int(1)) : Map.of());
        int[] out = outputShapes(sn, full)[0];
        emitReshape(sn, n.name(), inputs.get(0), out, n.outputs().get(0));
    }

    private void flatten(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        outputShapes(sn, n);
        int rank = shape(n.inputs().get(0)).length;
        long axis = n.intAttr("axis", 1);
        emit(sn, with(n, Map.of("axis", new Attribute.Int(axis < 0 ? axis + rank : axis))));
    }

    private void concat(SourceNode sn, Node n) throws ModelImportException {
        if (n.inputs().isEmpty()) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has no inputs");
        }
        Attribute axisAttr = n.attribute("axis");
        if (axisAttr == null && opset >= 4) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has no 'axis' attribute");
        }
        long axis = axisAttr == null ? 1 : axisAttr.asInt(); // opset < 4 defaulted to 1
        int rank = shape(n.inputs().get(0)).length;
        emit(sn, with(n, Map.of("axis", new Attribute.Int(axis(sn, axis, rank, "Concat axis")))));
    }

    private void transpose(SourceNode sn, Node n) throws ModelImportException {
        arity(sn, n, 1, 1);
        int[] outShape = outputShapes(sn, n)[0];
        int rank = outShape.length;
        long[] perm = n.intsAttr("perm", null);
        if (perm == null) {
            perm = new long[rank];
            for (int k = 0; k < rank; k++) {
                perm[k] = rank - 1 - k;
            }
        }
        for (int k = 0; k < rank; k++) {
            perm[k] = perm[k] < 0 ? perm[k] + rank : perm[k];
        }
        emit(sn, with(n, Map.of("perm", new Attribute.Ints(perm))));
    }

    // ---- emitting ----

    /**
     * Adds a canonical node: infers its output shapes, and folds it into constants when all its
     * inputs are constants, or appends it to the graph otherwise.
     */
    void emit(SourceNode sn, Node n) throws ModelImportException {
        int[][] outShapes = outputShapes(sn, n);
        if (n.outputs().size() > outShapes.length) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has " + n.outputs().size() + " outputs; "
                    + n.opType() + " produces " + outShapes.length);
        }
        Tensor[] values = new Tensor[n.inputs().size()];
        boolean allConstant = !n.inputs().isEmpty();
        for (int k = 0; k < values.length; k++) {
            String in = n.inputs().get(k);
            values[k] = in.isEmpty() ? null : constants.get(in);
            allConstant &= in.isEmpty() || values[k] != null;
        }
        if (allConstant) {
            Tensor[] results;
            try {
                results = Kernels.of(n.opType()).compute(n, values);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
            }
            boolean integer = !n.opType().equals("Cast") && n.inputs().stream().allMatch(in -> in.isEmpty() || isInteger(in));
            for (int k = 0; k < n.outputs().size(); k++) {
                if (!n.outputs().get(k).isEmpty()) {
                    define(n.outputs().get(k), results[k]);
                    if (integer) {
                        types.put(n.outputs().get(k), DataType.INT64.code());
                    }
                }
            }
            return;
        }
        for (int k = 0; k < n.outputs().size(); k++) {
            if (!n.outputs().get(k).isEmpty()) {
                shapes.put(n.outputs().get(k), outShapes[k]);
            }
        }
        nodes.add(n);
    }

    /** Emits Reshape(data → target) producing {@code out}, with the target as a new constant. */
    void emitReshape(SourceNode sn, String nodeName, String data, int[] target, String out) throws ModelImportException {
        float[] t = new float[target.length];
        boolean hasZero = false;
        for (int k = 0; k < t.length; k++) {
            t[k] = target[k];
            hasZero |= target[k] == 0;
        }
        String shapeName = defineFresh(out + "_shape", new Tensor(new int[] {t.length}, t));
        // A literal 0 in the target means "copy the input dimension" unless allowzero is set.
        Map<String, Attribute> attrs = hasZero ? Map.of("allowzero", new Attribute.Int(1)) : Map.of();
        Node reshape = new Node(nodeName, "Reshape", List.of(data, shapeName), List.of(out), attrs);
        emit(sn, reshape);
    }

    /** The output shapes the node's kernel infers; a mismatch is the model's fault. */
    int[][] outputShapes(SourceNode sn, Node n) throws ModelImportException {
        int[][] in = new int[n.inputs().size()][];
        Tensor[] values = new Tensor[in.length];
        for (int k = 0; k < in.length; k++) {
            String name = n.inputs().get(k);
            if (!name.isEmpty()) {
                in[k] = shape(name);
                values[k] = constants.get(name);
            }
        }
        try {
            return Kernels.of(n.opType()).outputShapes(n, in, values);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
        }
    }

    // ---- values ----

    private void define(String name, Tensor value) {
        constants.put(name, value);
        shapes.put(name, value.shape());
    }

    /** A new constant of integer values (indices), typed INT64 like the integer constants of the model itself. */
    String defineIntegerConstant(String base, Tensor value) {
        String name = defineFresh(base, value);
        types.put(name, DataType.INT64.code());
        return name;
    }

    String defineFresh(String base, Tensor value) {
        String name = fresh(base);
        define(name, value);
        return name;
    }

    private void alias(String name, String target) {
        aliases.put(name, target);
        shapes.put(name, shapes.get(target));
    }

    String fresh(String base) {
        String name = base;
        for (int k = 1; names.contains(name); k++) {
            name = base + "_" + k;
        }
        names.add(name);
        return name;
    }

    int[] shape(String value) {
        int[] s = shapes.get(value);
        if (s == null) {
            throw new IllegalStateException("no shape for '" + value + "': nodes must be lowered in topological order");
        }
        return s;
    }

    Tensor constantInput(SourceNode sn, Node n, int index, String what) throws UnsupportedModelException {
        Tensor t = constants.get(n.inputs().get(index));
        if (t == null) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " takes its " + what + " from runtime data ('"
                    + n.inputs().get(index) + "'); zkml4j needs it to be a constant");
        }
        return t;
    }

    void arity(SourceNode sn, Node n, int min, int max) throws ModelFormatException {
        int count = n.inputs().size();
        if (count < min || count > max) {
            throw new ModelFormatException(source + ": " + sn.describe() + " has " + count + " input(s); " + n.opType()
                    + " takes " + (min == max ? String.valueOf(min) : min + " to " + max));
        }
        for (int k = 0; k < min; k++) {
            if (n.inputs().get(k).isEmpty()) {
                throw new ModelFormatException(source + ": " + sn.describe() + " leaves its required input " + k + " empty");
            }
        }
    }

    int axis(SourceNode sn, long axis, int rank, String what) throws ModelFormatException {
        try {
            return Shapes.normalizeAxis(axis, rank, what);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + sn.describe() + ": " + e.getMessage());
        }
    }

    private float exactInt(SourceNode sn, long v) throws UnsupportedModelException {
        if (v > TensorProto.MAX_EXACT_INT || v < -TensorProto.MAX_EXACT_INT) {
            throw new UnsupportedModelException(source + ": " + sn.describe() + " holds the integer " + v
                    + "; zkml4j keeps values as floats and accepts integers only up to 2^24 in magnitude");
        }
        return v;
    }

    /** The node with some attributes replaced and others removed. */
    private static Node with(Node n, Map<String, Attribute> replace, String... remove) {
        Map<String, Attribute> attrs = new HashMap<>(n.attributes());
        attrs.putAll(replace);
        for (String r : remove) {
            attrs.remove(r);
        }
        return new Node(n.name(), n.opType(), n.inputs(), n.outputs(), attrs);
    }

    static Attribute.Ints ints(long a, long b) {
        return new Attribute.Ints(new long[] {a, b});
    }
}
