package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.exec.UnaryFunction;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An embedding lookup: Gather from a constant table [V, ...] along axis 0 at computed indices (the
 * token ids a model takes as input), lowered to operators zkml4j proves: the indices' one-hot rows
 * h[i, v] = [index_i = v, or v − V for a negative index] (one table lookup of index − v per row),
 * then h times the table (a product with constant, hidden weights). An index outside [−V, V), which
 * ONNX calls an error, gives a row of zeros.
 *
 * <p>The one-hot is exact while index − v keeps integer resolution in 16 bits, which bounds the
 * table to {@link #MAX_ROWS} rows (GPT-2's 50,257 are beyond it: such models take embeddings as input).
 */
final class EmbeddingLowering {
    /** Most rows of an embedding table: index − row spans 2V units, and must resolve integers well in 16 bits. */
    static final int MAX_ROWS = 2048;
    /** Most one-hot entries (indices × rows) of one lookup. */
    static final long MAX_ONE_HOT = 1L << 24;

    private final NodeLowering lowering;

    EmbeddingLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n, Tensor table) throws ModelImportException {
        String indices = n.inputs().get(1);
        String y = n.outputs().get(0);
        int[] tableShape = table.shape();
        if (tableShape.length < 1) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " gathers from a scalar");
        }
        int axis = lowering.axis(sn, n.intAttr("axis", 0), tableShape.length, "axis");
        int rows = tableShape[0];
        if (axis != 0) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " gathers along axis " + axis
                    + " at computed indices; zkml4j looks up rows (axis 0) of a constant table only");
        }
        if (rows > MAX_ROWS) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " looks up one of " + rows
                    + " rows at computed indices; zkml4j proves lookups in tables of at most " + MAX_ROWS
                    + " rows (feed the embeddings as the model's input instead)");
        }
        if (rows == 0 || Shapes.size(tableShape) == 0) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " looks up rows of an empty table "
                    + Shapes.toString(tableShape));
        }
        int[] idx = lowering.shape(indices);
        long entries = (long) Shapes.size(idx) * rows;
        if (entries > MAX_ONE_HOT) { // index − row for every index and row: bounded before anything is sized by it
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " looks up " + Shapes.size(idx) + " indices in "
                    + rows + " rows: " + entries + " one-hot entries, above zkml4j's bound of " + MAX_ONE_HOT);
        }
        int width = Shapes.size(tableShape) / rows;
        // index − v for every row v: the indices as a column against the constant row numbers.
        String asColumn = lowering.fresh(y + "_index_column");
        lowering.emitReshape(sn, n.name() + "/column", indices, append(idx, 1), asColumn);
        float[] numbers = new float[rows];
        for (int v = 0; v < rows; v++) {
            numbers[v] = v;
        }
        String rowNumbers = lowering.defineFresh(y + "_row_numbers", new Tensor(new int[] {rows}, numbers));
        String spreadShape = shapeConstant(y + "_spread_shape", append(idx, rows));
        String spreadIndices = lowering.fresh(y + "_index_per_row");
        lowering.emit(sn, new Node(n.name() + "/spread", "Expand", List.of(asColumn, spreadShape), List.of(spreadIndices), Map.of()));
        String difference = lowering.fresh(y + "_index_minus_row");
        lowering.emit(sn, new Node(n.name() + "/difference", "Sub", List.of(spreadIndices, rowNumbers), List.of(difference), Map.of()));
        String oneHot = lowering.fresh(y + "_one_hot");
        lowering.emit(sn, new Node(n.name() + "/one_hot", UnaryFunction.INDEX_MATCHES.opType(), List.of(difference), List.of(oneHot),
                Map.of("rows", new Attribute.Int(rows))));
        // The one-hot rows times the table, flattened to [V, width], then the lookup's own shape.
        float[] values = table.data().clone();
        String weights = lowering.defineFresh(y + "_table", new Tensor(new int[] {rows, width}, values));
        String product = lowering.fresh(y + "_rows");
        lowering.emit(sn, new Node(n.name() + "/rows", "MatMul", List.of(oneHot, weights), List.of(product), Map.of()));
        lowering.emitReshape(sn, n.name(), product, append(idx, Arrays.copyOfRange(tableShape, 1, tableShape.length)), y);
    }

    private static int[] append(int[] a, int... b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A shape as an INT64 constant (Expand's second input). */
    private String shapeConstant(String base, int[] shape) {
        float[] f = new float[shape.length];
        for (int i = 0; i < shape.length; i++) {
            f[i] = shape[i];
        }
        return lowering.defineIntegerConstant(base, new Tensor(new int[] {shape.length}, f));
    }
}
