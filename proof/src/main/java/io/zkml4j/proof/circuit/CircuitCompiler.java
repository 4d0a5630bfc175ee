package io.zkml4j.proof.circuit;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a quantised model into a {@link Circuit}: assigns every committed vector its place,
 * plans each layer's relations and lookups, and sizes the sumcheck's mask. Deterministic: the
 * verifier recompiles the same circuit from the verifying key.
 */
public final class CircuitCompiler {
    private final QuantizedModel model;
    private final int batch;
    private final Circuit.Options options;
    private final Map<String, TensorPlan> tensors = new LinkedHashMap<>();
    private final List<LayerPlan> layers = new ArrayList<>();
    private final List<LookupPlan> lookups = new ArrayList<>();
    private final List<TablePlan> tables = new ArrayList<>();
    private final List<Circuit.VectorSpec> modelVectors = new ArrayList<>();
    private final List<Circuit.VectorSpec> witnessVectors = new ArrayList<>();
    private final List<Circuit.VectorSpec> inverseVectors = new ArrayList<>();
    private final List<int[]> relationShapes = new ArrayList<>(); // {numVars, round0Degree, laterDegree}

    private CircuitCompiler(QuantizedModel model, int batch, Circuit.Options options) {
        this.model = model;
        this.batch = batch;
        this.options = options;
    }

    public static Circuit compile(QuantizedModel model, int batch, Circuit.Options options) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        return new CircuitCompiler(model, batch, options).run();
    }

    private Circuit run() {
        QuantizedModel.TensorSpec in = model.inputSpec();
        TensorLayout inputLayout = TensorLayout.flat(in.size(), batch);
        tensors.put(model.input(), options.privateInput()
                ? committed(model.input(), inputLayout, 0)
                : new TensorPlan(model.input(), inputLayout, TensorPlan.Visibility.PUBLIC, null, 0));
        for (QLayer layer : model.layers()) {
            switch (layer) {
                case QLayer.Dense d -> dense(d);
                case QLayer.Activate a -> activate(a);
                case QLayer.Reshape r -> alias(r.output(), tensors.get(r.input()), identity(model.tensor(r.input()).size()));
                default -> throw new UnsupportedOperationException("layer " + layer.name() + " (" + layer.getClass().getSimpleName()
                        + ") cannot be proven yet");
            }
        }
        for (TablePlan t : tables) {
            relationShapes.add(new int[] {t.numVars(), 4, 3}); // eq·g'·(α − T) − eq·m'
        }
        int n = relationShapes.stream().mapToInt(s -> s[0]).max().orElse(0);
        int[] degrees = new int[n];
        for (int[] s : relationShapes) {
            for (int round = 0; round < s[0]; round++) {
                degrees[round] = Math.max(degrees[round], round == 0 ? s[1] : s[2]);
            }
        }
        for (int round = 0; round < n; round++) {
            degrees[round] = Math.max(degrees[round], 1);
        }
        // Instances with fewer variables are constant in the later rounds; every round still needs degree >= 1.
        int maskLength = SumcheckMask.tableLength(degrees);
        VectorRef libra = addVector(witnessVectors, "sumcheck-mask", VectorRef.WITNESS, Integer.numberOfTrailingZeros(maskLength),
                -1, Circuit.VectorSpec.Kind.SUMCHECK_MASK, null);
        return new Circuit(model, batch, options, tensors, layers, lookups, tables, modelVectors, witnessVectors, inverseVectors,
                libra, degrees);
    }

    private void dense(QLayer.Dense d) {
        TensorPlan input = tensors.get(d.input());
        int columns = input.layout().sampleSize();
        TensorLayout outputLayout = TensorLayout.flat(d.out(), batch);
        int rows = outputLayout.sampleSize();
        // The weight matrix has at least MIN_SIZE entries (it is masked when revealed).
        int weightVars = Integer.numberOfTrailingZeros(rows) + Integer.numberOfTrailingZeros(columns);
        if ((1 << weightVars) < TensorLayout.MIN_SIZE) {
            throw new UnsupportedOperationException("layer " + d.name() + " is too small to prove with hidden weights");
        }
        VectorRef weight = modelVector(d.name() + ".weight", weightVars, true);
        VectorRef bias = modelVector(d.name() + ".bias", Integer.numberOfTrailingZeros(rows), false);
        RequantPlan rq = requant(d.name(), d.output(), outputLayout, d.requant());
        layers.add(new LayerPlan.Dense(d, input, weight, bias, rows, columns, rq));
        relationShapes.add(new int[] {Integer.numberOfTrailingZeros(columns), input.isPublic() ? 3 : 4, 2});
    }

    private void activate(QLayer.Activate a) {
        if (a.requant().shift() != 0) {
            throw new UnsupportedOperationException("layer " + a.name() + ": an activation with a shift is not supported");
        }
        TensorPlan input = tensors.get(a.input());
        Activation f = a.requant().activation();
        boolean last = a.output().equals(model.output());
        TensorPlan output = last
                ? new TensorPlan(a.output(), input.layout(), TensorPlan.Visibility.PUBLIC, null, f.apply(0))
                : committed(a.output(), input.layout(), f.apply(0));
        tensors.put(a.output(), output);
        layers.add(new LayerPlan.Activate(a, input, output));
        if (!f.isIdentity() && !(input.isPublic() && output.isPublic())) {
            lookup(a.name() + ".activation", activationTable(f), List.of(new LookupPlan.Column(input, 1, 0),
                    new LookupPlan.Column(output, 1, 0)), input.layout());
        }
    }

    /** Plans t, the limbs and their lookups for a layer writing {@code outputName}. */
    private RequantPlan requant(String layerName, String outputName, TensorLayout layout, io.zkml4j.model.quant.Requant rq) {
        Activation f = rq.activation();
        boolean last = outputName.equals(model.output());
        long pad = f.apply(0);
        TensorPlan output = last
                ? new TensorPlan(outputName, layout, TensorPlan.Visibility.PUBLIC, null, pad)
                : committed(outputName, layout, pad);
        tensors.put(outputName, output);
        TensorPlan t = f.isIdentity() ? output : committed(layerName + ".t", layout, 0);
        int shift = rq.shift();
        int count = RequantPlan.limbCount(shift);
        int topBits = shift - (count - 1) * RequantPlan.LIMB_BITS;
        List<TensorPlan> limbs = new ArrayList<>();
        long half = shift == 0 ? 0 : 1L << (shift - 1); // padding has acc = 0, so r = 2^(shift−1)
        for (int l = 0; l < count; l++) {
            long limbPad = (half >>> (RequantPlan.LIMB_BITS * l)) & ((1L << RequantPlan.LIMB_BITS) - 1);
            TensorPlan limb = committed(layerName + ".r" + l, layout, limbPad);
            limbs.add(limb);
            lookup(layerName + ".r" + l, rangeTable(), List.of(new LookupPlan.Column(limb, 1, 0)), layout);
            if (l == count - 1 && topBits < RequantPlan.LIMB_BITS) {
                lookup(layerName + ".r" + l + ".top", rangeTable(),
                        List.of(new LookupPlan.Column(limb, 1L << (RequantPlan.LIMB_BITS - topBits), 0)), layout);
            }
        }
        if (f.isIdentity()) {
            if (!t.isPublic()) { // 2^15 + t in [0, 2^16)
                lookup(layerName + ".t", rangeTable(), List.of(new LookupPlan.Column(t, 1, -Activation.MIN)), layout);
            }
        } else if (!(t.isPublic() && output.isPublic())) {
            lookup(layerName + ".activation", activationTable(f), List.of(new LookupPlan.Column(t, 1, 0),
                    new LookupPlan.Column(output, 1, 0)), layout);
        }
        return new RequantPlan(shift, t, output, limbs, topBits);
    }

    private void lookup(String label, int table, List<LookupPlan.Column> columns, TensorLayout layout) {
        int n = layout.numVars();
        VectorRef c0 = addVector(inverseVectors, label + ".inv0", VectorRef.INVERSES, n, mask(n, label + ".inv0"),
                Circuit.VectorSpec.Kind.DATA, null);
        VectorRef c1 = addVector(inverseVectors, label + ".inv1", VectorRef.INVERSES, n, mask(n, label + ".inv1"),
                Circuit.VectorSpec.Kind.DATA, null);
        linkMasks(c0, c1);
        lookups.add(new LookupPlan(label, table, List.copyOf(columns), n, new ExtVectorRef(c0, c1)));
        boolean committedColumn = columns.stream().anyMatch(c -> !c.tensor().isPublic());
        relationShapes.add(new int[] {n, committedColumn ? 5 : 4, 3}); // eq·h'·(α − v') − eq
    }

    private int rangeTable() {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).isRange()) {
                return i;
            }
        }
        return addTable(null, LookupTable.range(Activation.BITS), "range16");
    }

    private int activationTable(Activation f) {
        for (int i = 0; i < tables.size(); i++) {
            if (f.equals(tables.get(i).activation())) {
                return i;
            }
        }
        return addTable(f, TablePlan.activationTable(f), "table." + f.describe());
    }

    private int addTable(Activation f, LookupTable table, String label) {
        int n = table.numVars();
        VectorRef m = addVector(witnessVectors, label + ".multiplicities", VectorRef.WITNESS, n, mask(n, label + ".m"),
                Circuit.VectorSpec.Kind.DATA, null);
        fixMask(m);
        VectorRef g0 = addVector(inverseVectors, label + ".inv0", VectorRef.INVERSES, n, mask(n, label + ".inv0"),
                Circuit.VectorSpec.Kind.DATA, null);
        VectorRef g1 = addVector(inverseVectors, label + ".inv1", VectorRef.INVERSES, n, mask(n, label + ".inv1"),
                Circuit.VectorSpec.Kind.DATA, null);
        linkMasks(g0, g1);
        tables.add(new TablePlan(label, f, table, witnessVectors.get(m.poly()).ref(), new ExtVectorRef(g0, g1)));
        return tables.size() - 1;
    }

    // ---- vector allocation ----

    private TensorPlan committed(String name, TensorLayout layout, long pad) {
        int n = layout.numVars();
        VectorRef v = addVector(witnessVectors, name, VectorRef.WITNESS, n, mask(n, name), Circuit.VectorSpec.Kind.DATA, null);
        VectorRef fixed = fixMask(v);
        TensorPlan plan = new TensorPlan(name, layout, TensorPlan.Visibility.COMMITTED, fixed, pad);
        tensors.put(name, plan);
        return plan;
    }

    private void alias(String name, TensorPlan source, int[] newToOld) {
        tensors.put(name, new TensorPlan(name, source.layout().alias(newToOld), source.visibility(), source.vector(), source.padValue()));
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return id;
    }

    private VectorRef modelVector(String name, int numVars, boolean masked) {
        VectorRef v = addVector(modelVectors, name, VectorRef.MODEL, numVars, masked ? mask(numVars, name) : -1,
                Circuit.VectorSpec.Kind.DATA, null);
        return masked ? fixMask(v) : v;
    }

    /** Reserves a mask in the witness commitment, returning its index (the target is recorded by fixMask). */
    private int mask(int numVars, String name) {
        if (numVars < MaskedInstance.MIN_MASKED_VARS) {
            throw new IllegalStateException(name + " has " + numVars + " variables, fewer than a mask needs");
        }
        witnessVectors.add(null); // placeholder until fixMask knows the vector
        return witnessVectors.size() - 1;
    }

    /** Records the mask slot reserved for v. */
    private VectorRef fixMask(VectorRef v) {
        VectorRef mask = new VectorRef(v.name() + ".mask", VectorRef.WITNESS, v.mask(), -1, MaskedInstance.MASK_VARS);
        witnessVectors.set(v.mask(), new Circuit.VectorSpec(mask, Circuit.VectorSpec.Kind.MASK, v));
        return v;
    }

    private void linkMasks(VectorRef... vs) {
        for (VectorRef v : vs) {
            fixMask(v);
        }
    }

    private static VectorRef addVector(List<Circuit.VectorSpec> list, String name, int commitment, int numVars, int mask,
                                       Circuit.VectorSpec.Kind kind, VectorRef maskOf) {
        VectorRef ref = new VectorRef(name, commitment, list.size(), mask, numVars);
        list.add(new Circuit.VectorSpec(ref, kind, maskOf));
        return ref;
    }

    /** The field element of a signed value. */
    static long field(long v) {
        return Goldilocks.fromSigned(v);
    }
}
