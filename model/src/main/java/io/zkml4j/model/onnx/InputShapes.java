package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import java.util.List;

/**
 * The declared types of graph inputs and outputs: zkml4j needs float tensors with static shapes,
 * except that an unknown or symbolic batch dimension (the first) is fixed to 1.
 */
final class InputShapes {
    private InputShapes() {}

    /** The static shape of a runtime graph input. */
    static int[] fix(ValueInfoProto in, String source) throws ModelImportException {
        String what = source + ": graph input '" + in.name() + "'";
        if (in.name().isEmpty()) {
            throw new ModelFormatException(source + ": " + in.location() + " has no name");
        }
        if (in.kind() != ValueInfoProto.TypeKind.TENSOR) {
            throw new UnsupportedModelException(what + " is " + kindName(in.kind()) + "; zkml4j takes tensor inputs only");
        }
        DataType type = DataType.ofCode(in.elemType());
        if (type == null || !type.isFloat() && !type.isInteger()) {
            throw new UnsupportedModelException(what + " has element type " + DataType.nameOf(in.elemType())
                    + "; zkml4j runs float models, so runtime inputs must be FLOAT or DOUBLE, or integers that index an embedding "
                    + "(integer tensors are also accepted as initializers and constants)");
        }
        List<ValueInfoProto.Dimension> dims = in.dims();
        if (dims == null) {
            throw new UnsupportedModelException(what + " has no shape; zkml4j needs static input shapes");
        }
        int[] shape = new int[dims.size()];
        for (int k = 0; k < shape.length; k++) {
            ValueInfoProto.Dimension d = dims.get(k);
            if (d.hasValue()) {
                if (d.value() < 0 || d.value() > Integer.MAX_VALUE) {
                    throw new ModelFormatException(what + " has invalid dimension " + d.value() + " at position " + k);
                }
                shape[k] = (int) d.value();
            } else if (k == 0) {
                shape[k] = 1; // the batch dimension: zkml4j proves one example at a time
            } else {
                throw new UnsupportedModelException(what + " has " + (d.param().isEmpty() ? "an unknown" : "a symbolic ('"
                        + d.param() + "')") + " dimension at position " + k + " of " + dims
                        + "; zkml4j fixes only the batch dimension (position 0) to 1, all others must be static");
            }
        }
        try {
            Shapes.size(shape);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(what + ": " + e.getMessage());
        }
        return shape;
    }

    /** True for an integer runtime input: zkml4j reads it only as the indices of embedding lookups. */
    static boolean isInteger(ValueInfoProto in) {
        DataType type = DataType.ofCode(in.elemType());
        return type != null && type.isInteger();
    }

    /** Checks a value bound to a graph input against the input's declared static dimensions. */
    static void checkBound(ValueInfoProto in, int[] shape, String source) throws ModelImportException {
        if (in.kind() != ValueInfoProto.TypeKind.TENSOR) {
            throw new UnsupportedModelException(source + ": graph input '" + in.name() + "' is " + kindName(in.kind())
                    + "; only tensor inputs can be bound");
        }
        List<ValueInfoProto.Dimension> dims = in.dims();
        boolean mismatch = dims != null && dims.size() != shape.length;
        for (int k = 0; !mismatch && dims != null && k < dims.size(); k++) {
            mismatch = dims.get(k).hasValue() && dims.get(k).value() != shape[k];
        }
        if (mismatch) {
            throw new IllegalArgumentException(source + ": the value bound to graph input '" + in.name() + "' has shape "
                    + Shapes.toString(shape) + ", but the input is declared " + dims);
        }
    }

    /** Checks a graph output's inferred shape against the static dimensions it declares, if any. */
    static void checkDeclared(ValueInfoProto out, int[] inferred, String source) throws ModelFormatException {
        List<ValueInfoProto.Dimension> dims = out.dims();
        if (out.kind() != ValueInfoProto.TypeKind.TENSOR || dims == null) {
            return;
        }
        boolean mismatch = dims.size() != inferred.length;
        for (int k = 0; !mismatch && k < dims.size(); k++) {
            mismatch = dims.get(k).hasValue() && dims.get(k).value() != inferred[k];
        }
        if (mismatch) {
            throw new ModelFormatException(source + ": graph output '" + out.name() + "' is declared with shape " + dims
                    + ", but the graph computes " + Shapes.toString(inferred));
        }
    }

    private static String kindName(ValueInfoProto.TypeKind kind) {
        return switch (kind) {
            case MISSING -> "declared without a type";
            case SEQUENCE -> "a sequence";
            case MAP -> "a map";
            case OPTIONAL -> "an optional value";
            case SPARSE_TENSOR -> "a sparse tensor";
            default -> "not a tensor";
        };
    }
}
