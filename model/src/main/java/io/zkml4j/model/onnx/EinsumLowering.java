package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Einsum of one or two operands as the operators it abbreviates. A label repeated in one operand
 * takes the diagonal (a Gather at constant indices); a label in one operand only and not in the
 * output is summed (ReduceSum); two operands become one matrix product: each transposed to
 * [shared, own kept, contracted] (or [shared, contracted, own kept]), reshaped to three axes, a
 * MatMul (of computed matrices, or by a constant), then reshaped and transposed to the output's
 * order. An ellipsis stands for the leading axes the labels leave.
 */
final class EinsumLowering {
    private final NodeLowering lowering;

    EinsumLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, 2);
        String equation = n.stringAttr("equation", "").replace(" ", "");
        int arrow = equation.indexOf("->");
        String[] operands = (arrow < 0 ? equation : equation.substring(0, arrow)).split(",", -1);
        if (operands.length != n.inputs().size()) {
            throw format(sn, "equation '" + equation + "' has " + operands.length + " operands for " + n.inputs().size() + " inputs");
        }
        // The ellipsis covers the leading axes the labels leave; its labels are right-aligned across operands (broadcasting).
        int ellipsisRank = 0;
        for (int k = 0; k < operands.length; k++) {
            int named = operands[k].replace("...", "").length();
            if (operands[k].contains("...")) {
                ellipsisRank = Math.max(ellipsisRank, lowering.shape(n.inputs().get(k)).length - named);
            }
        }
        List<List<Character>> labels = new ArrayList<>();
        for (int k = 0; k < operands.length; k++) {
            labels.add(expand(sn, operands[k], lowering.shape(n.inputs().get(k)).length, ellipsisRank));
        }
        List<Character> output;
        if (arrow >= 0) {
            output = expand(sn, equation.substring(arrow + 2), -1, ellipsisRank);
        } else { // implicit output: the ellipsis, then the labels that appear once, in alphabetical order
            output = new ArrayList<>();
            for (char c = '0'; c < '0' + ellipsisRank; c++) {
                output.add(c);
            }
            Map<Character, Integer> counts = new HashMap<>();
            labels.forEach(l -> l.forEach(c -> counts.merge(c, 1, Integer::sum)));
            counts.keySet().stream().filter(c -> Character.isLetter(c) && counts.get(c) == 1).sorted().forEach(output::add);
        }
        Map<Character, Integer> sizes = new HashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            int[] shape = lowering.shape(n.inputs().get(k));
            for (int a = 0; a < shape.length; a++) {
                Integer before = sizes.put(labels.get(k).get(a), shape[a]);
                if (before != null && before != shape[a] && before != 1 && shape[a] != 1) {
                    throw format(sn, "label '" + labels.get(k).get(a) + "' has sizes " + before + " and " + shape[a]);
                }
                if (before != null && before != shape[a]) {
                    throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " broadcasts label '" + labels.get(k).get(a)
                            + "'; zkml4j takes Einsum labels of one size");
                }
            }
        }
        for (char c : output) {
            if (!sizes.containsKey(c)) {
                throw format(sn, "output label '" + c + "' is in no operand");
            }
        }
        String y = n.outputs().get(0);
        List<String> values = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            Set<Character> elsewhere = new LinkedHashSet<>(output);
            for (int j = 0; j < labels.size(); j++) {
                if (j != k) {
                    elsewhere.addAll(labels.get(j));
                }
            }
            values.add(reduceAlone(sn, n, diagonal(sn, n, n.inputs().get(k), labels.get(k), y), labels.get(k), elsewhere, y));
        }
        if (values.size() == 1) {
            permute(sn, n, values.get(0), labels.get(0), output, sizes, y);
            return;
        }
        product(sn, n, values, labels, output, sizes, y);
    }

    /**
     * A term's labels, one per axis, the ellipsis as digits for the axes it covers, right-aligned
     * to the widest ellipsis ({@code ellipsisRank}); {@code rank} −1 for the output, whose ellipsis
     * covers all of them.
     */
    private List<Character> expand(SourceNode sn, String term, int rank, int ellipsisRank) throws ModelFormatException {
        List<Character> out = new ArrayList<>();
        boolean dots = term.contains("...");
        String named = term.replace("...", "");
        for (char c : named.toCharArray()) {
            if (!Character.isLetter(c)) {
                throw format(sn, "label '" + c + "' is not a letter");
            }
        }
        int covered = !dots ? 0 : rank < 0 ? ellipsisRank : rank - named.length();
        if (covered < 0 || rank >= 0 && named.length() + covered != rank || term.indexOf("...") != term.lastIndexOf("...")) {
            throw format(sn, "term '" + term + "' does not fit an operand of rank " + rank);
        }
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("...", i)) {
                for (int e = 0; e < covered; e++) {
                    out.add((char) ('0' + ellipsisRank - covered + e));
                }
                i += 2;
            } else {
                out.add(term.charAt(i));
            }
        }
        return out;
    }

    /** A label repeated within the operand: its diagonal, as one axis (the first occurrence's place). */
    private String diagonal(SourceNode sn, Node n, String value, List<Character> labels, String y) throws ModelImportException {
        while (new LinkedHashSet<>(labels).size() < labels.size()) {
            int first = -1, second = -1;
            for (int a = 0; a < labels.size() && second < 0; a++) {
                for (int b = a + 1; b < labels.size(); b++) {
                    if (labels.get(a).equals(labels.get(b))) {
                        first = a;
                        second = b;
                        break;
                    }
                }
            }
            int[] shape = lowering.shape(value);
            int[] out = new int[shape.length - 1];
            for (int a = 0, at = 0; a < shape.length; a++) {
                if (a != second) {
                    out[at++] = shape[a];
                }
            }
            int[] strides = Shapes.strides(shape);
            int size = 1;
            for (int d : out) {
                size *= d;
            }
            float[] pick = new float[size];
            int[] coordinate = new int[out.length];
            for (int i = 0; i < size; i++) {
                int source = 0;
                for (int a = 0, at = 0; a < shape.length; a++) {
                    int c = a == second ? coordinate[first] : coordinate[at++];
                    source += c * strides[a];
                }
                pick[i] = source;
                Shapes.advance(coordinate, out);
            }
            String flat = lowering.fresh(y + "_flat");
            lowering.emitReshape(sn, n.name(), value, new int[] {Math.multiplyExact(shape.length == 0 ? 1 : strides[0], shape[0])}, flat);
            String indices = lowering.defineIntegerConstant(y + "_diagonal", new Tensor(new int[] {size}, pick));
            String picked = lowering.fresh(y + "_picked");
            lowering.emit(sn, new Node(n.name(), "Gather", List.of(flat, indices), List.of(picked), Map.of("axis", new Attribute.Int(0))));
            value = lowering.fresh(y + "_diagonal");
            lowering.emitReshape(sn, n.name(), picked, out, value);
            labels.remove(second);
        }
        return value;
    }

    /** Sums the axes whose label appears nowhere else (not in the output, not in the other operand). */
    private String reduceAlone(SourceNode sn, Node n, String value, List<Character> labels, Set<Character> elsewhere, String y)
            throws ModelImportException {
        List<Long> axes = new ArrayList<>();
        for (int a = 0; a < labels.size(); a++) {
            if (!elsewhere.contains(labels.get(a))) {
                axes.add((long) a);
            }
        }
        if (axes.isEmpty()) {
            return value;
        }
        String out = lowering.fresh(y + "_summed");
        lowering.emit(sn, new Node(n.name(), "ReduceSum", List.of(value), List.of(out), Map.of("axes",
                new Attribute.Ints(axes.stream().mapToLong(Long::longValue).toArray()), "keepdims", new Attribute.Int(0))));
        for (int i = axes.size() - 1; i >= 0; i--) {
            labels.remove((int) (long) axes.get(i));
        }
        return out;
    }

    /** One operand left: a transpose to the output's order (or a copy under the output's name). */
    private void permute(SourceNode sn, Node n, String value, List<Character> labels, List<Character> output, Map<Character, Integer> sizes,
                         String y) throws ModelImportException {
        if (!new LinkedHashSet<>(labels).equals(new LinkedHashSet<>(output)) || labels.size() != output.size()) {
            throw format(sn, "the output labels " + output + " are not the operand's " + labels);
        }
        long[] perm = new long[output.size()];
        boolean identity = true;
        for (int a = 0; a < perm.length; a++) {
            perm[a] = labels.indexOf(output.get(a));
            identity &= perm[a] == a;
        }
        lowering.emit(sn, identity ? new Node(n.name(), "Identity", List.of(value), List.of(y), Map.of())
                : new Node(n.name(), "Transpose", List.of(value), List.of(y), Map.of("perm", new Attribute.Ints(perm))));
    }

    /** Two operands: [shared, kept of A, contracted]·[shared, contracted, kept of B], then the output's order. */
    private void product(SourceNode sn, Node n, List<String> values, List<List<Character>> labels, List<Character> output,
                         Map<Character, Integer> sizes, String y) throws ModelImportException {
        List<Character> a = labels.get(0), b = labels.get(1);
        List<Character> shared = new ArrayList<>(), contracted = new ArrayList<>(), keptA = new ArrayList<>(), keptB = new ArrayList<>();
        for (char c : a) {
            if (b.contains(c)) {
                (output.contains(c) ? shared : contracted).add(c);
            } else {
                keptA.add(c);
            }
        }
        for (char c : b) {
            if (!a.contains(c)) {
                keptB.add(c);
            }
        }
        List<Character> orderA = concat(shared, keptA, contracted);
        List<Character> orderB = concat(shared, contracted, keptB);
        // A leading shared label of size 1 (the batch axis of a model of one sample) stays an axis of its own, so that
        // each sample stays a sample: [1, shared, rows, inner] rather than [shared, rows, inner].
        boolean leadingOne = !shared.isEmpty() && sizes.get(shared.get(0)) == 1 && a.get(0) == shared.get(0) && b.get(0) == shared.get(0)
                && size(shared, sizes) > 1;
        int s = size(shared, sizes);
        String ma = matrix(sn, n, values.get(0), a, orderA, leadingOne ? new int[] {1, s, size(keptA, sizes), size(contracted, sizes)}
                : new int[] {s, size(keptA, sizes), size(contracted, sizes)}, y);
        String mb = matrix(sn, n, values.get(1), b, orderB, leadingOne ? new int[] {1, s, size(contracted, sizes), size(keptB, sizes)}
                : new int[] {s, size(contracted, sizes), size(keptB, sizes)}, y);
        String product = lowering.fresh(y + "_product");
        lowering.emit(sn, new Node(n.name(), "MatMul", List.of(ma, mb), List.of(product), Map.of()));
        List<Character> result = concat(shared, keptA, keptB);
        int[] unfolded = result.stream().mapToInt(sizes::get).toArray();
        String shaped = lowering.fresh(y + "_unfolded");
        lowering.emitReshape(sn, n.name(), product, unfolded, shaped);
        permute(sn, n, shaped, result, output, sizes, y);
    }

    /** An operand transposed to {@code order} and reshaped to three axes (four with a leading 1). */
    private String matrix(SourceNode sn, Node n, String value, List<Character> labels, List<Character> order, int[] three, String y)
            throws ModelImportException {
        long[] perm = new long[order.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = labels.indexOf(order.get(i));
        }
        String moved = lowering.fresh(y + "_operand");
        lowering.emit(sn, new Node(n.name(), "Transpose", List.of(value), List.of(moved), Map.of("perm", new Attribute.Ints(perm))));
        String shaped = lowering.fresh(y + "_matrix");
        lowering.emitReshape(sn, n.name(), moved, three, shaped);
        return shaped;
    }

    @SafeVarargs
    private static List<Character> concat(List<Character>... parts) {
        List<Character> out = new ArrayList<>();
        for (List<Character> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private static int size(List<Character> labels, Map<Character, Integer> sizes) {
        int s = 1;
        for (char c : labels) {
            s = Math.multiplyExact(s, sizes.get(c));
        }
        return s;
    }

    private ModelFormatException format(SourceNode sn, String message) {
        return new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + message);
    }
}
