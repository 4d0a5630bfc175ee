package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.CircuitBounds;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.ExtVectorRef;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.proof.circuit.Im2colShape;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.LogUpPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.ReluPlan;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.circuit.ZeroCheck;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a quantised model into a {@link Circuit}: chooses each tensor's layout, assigns every
 * committed vector its place, plans each layer's relations and lookups, and sizes the sumcheck's
 * mask. Deterministic: the verifier recompiles the same circuit from the verifying key.
 *
 * <p>Only vectors that some relation reveals (at the end of the sumcheck) get a zero-knowledge
 * mask; vectors that appear only in linear commitment claims reveal nothing and need none.
 */
public final class CircuitCompiler {
    private static final long MIN = Activation.MIN;
    /** The name of the placeholder vector a model without weights commits to. */
    public static final String NO_WEIGHTS = "no-weights";
    /** The name of the placeholder vector a circuit without lookups commits to as its inverses. */
    public static final String NO_LOOKUPS = "no-lookups";

    private final QuantizedModel model;
    private final int batch;
    private final Circuit.Options options;
    private final Map<String, TensorPlan> tensors = new LinkedHashMap<>();
    private final List<LayerPlan> layers = new ArrayList<>();
    private final List<Decomposition> decompositions = new ArrayList<>();
    private final List<ReluPlan> relus = new ArrayList<>();
    private final List<ZeroCheck> zeroChecks = new ArrayList<>();
    private final List<LookupPlan> lookups = new ArrayList<>();
    /** Looked-up vectors by (table, variables), in planning order: they share inverse vectors once all are planned. */
    private final java.util.Map<List<Integer>, List<LookupPlan.Operand>> lookedUp = new java.util.LinkedHashMap<>();
    private final List<TablePlan> tables = new ArrayList<>();
    private final List<Circuit.VectorSpec> modelVectors = new ArrayList<>();
    private final List<Circuit.VectorSpec> witnessVectors = new ArrayList<>();
    private final List<Circuit.VectorSpec> inverseVectors = new ArrayList<>();
    /** Computed tensors whose values the statement shows, each to the shown tensor whose values it shares (its public root). */
    private final Map<String, String> publicOutputs = new HashMap<>();
    private final List<io.zkml4j.proof.circuit.GatherPlan> gathers = new ArrayList<>();
    private final List<io.zkml4j.proof.circuit.ProductPlan> products = new ArrayList<>();
    private final List<io.zkml4j.proof.circuit.LinearPlan> linears = new ArrayList<>();
    private final List<io.zkml4j.proof.circuit.SumPlan> sums = new ArrayList<>();
    private final List<Circuit.VectorSpec> datasetVectors = new ArrayList<>();
    private io.zkml4j.proof.circuit.AccuracyPlan accuracy;
    private final List<io.zkml4j.proof.circuit.ContractionPlan> contractions = new ArrayList<>();
    private final List<io.zkml4j.proof.circuit.SelectionPlan> selections = new ArrayList<>();
    private io.zkml4j.proof.circuit.TrainingPlan training;

    private CircuitCompiler(QuantizedModel model, int batch, Circuit.Options options) {
        this.model = model;
        this.batch = batch;
        this.options = options;
    }

    public static Circuit compile(QuantizedModel model, int batch, Circuit.Options options) {
        CircuitBounds.check(model, batch);
        return new CircuitCompiler(withComputedOutput(model), batch, options).run();
    }

    /**
     * A model whose output is its input, or the input reshaped or transposed, computes nothing a
     * proof could bind to the output's own values: such a model gets a final copy (an affine map
     * with scale 1), so the output is a computed tensor like any other.
     */
    static QuantizedModel withComputedOutput(QuantizedModel model) {
        Set<String> aliasesOfInput = new HashSet<>(Set.of(model.input()));
        for (QLayer l : model.layers()) {
            if (isAlias(l) && aliasesOfInput.contains(l.inputs().get(0))) {
                aliasesOfInput.add(l.output());
            }
        }
        if (!aliasesOfInput.contains(model.output())) {
            return model;
        }
        String copy = model.output() + "#copy";
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>(model.tensors());
        QuantizedModel.TensorSpec out = model.outputSpec();
        tensors.put(copy, out);
        List<QLayer> layers = new ArrayList<>(model.layers());
        layers.add(new QLayer.Affine(copy, model.output(), copy, 1, out.size(), new long[] {1}, new long[] {0},
                new Requant(0, Activation.IDENTITY)));
        return new QuantizedModel(model.name(), tensors, model.input(), copy, layers);
    }

    private Circuit run() {
        planModel();
        return finish();
    }

    /** Plans every tensor and layer of the model (and an accuracy or training statement's own steps). */
    private void planModel() {
        for (Map.Entry<String, QuantizedModel.TensorSpec> t : model.tensors().entrySet()) {
            if (t.getValue().size() == 0) {
                throw new UnsupportedOperationException("tensor '" + t.getKey() + "' of " + model.name() + " holds no values: nothing to prove");
            }
        }
        if (!committedOutput()) {
            markPublic(model.output());
        }
        markShownPorts();
        QuantizedModel.TensorSpec in = model.inputSpec();
        TensorLayout inputLayout = TensorLayout.flat(in.size(), batch);
        if (options.privateInput()) {
            // A private input is bound by nothing else: its values must be 16-bit and its padding zero.
            TensorPlan input = committed(model.input(), inputLayout, 0, true);
            rangeCheck(model.input() + "#range", input, -MIN, Activation.BITS);
            long[] padding = new long[inputLayout.sampleSize()];
            java.util.Arrays.fill(padding, 1);
            for (int i : inputLayout.proofIndex()) {
                padding[i] = 0;
            }
            zeroChecks.add(new ZeroCheck(model.input() + "#padding", input, padding));
        } else if (options.accuracy() != null) {
            throw new IllegalArgumentException("an accuracy circuit's input is the dataset's rows: private");
        } else {
            register(new TensorPlan(model.input(), inputLayout, TensorPlan.Visibility.PUBLIC, null, 0, model.input()));
        }
        AccuracyLowering accuracyLowering = options.accuracy() == null ? null : new AccuracyLowering(this, options.accuracy());
        if (accuracyLowering != null) {
            accuracyLowering.linkInput(tensors.get(model.input()));
        }
        TrainingLowering trainingLowering = options.training() == null ? null : new TrainingLowering(this, options.training());
        if (trainingLowering != null) {
            trainingLowering.linkInput(tensors.get(model.input()));
        }
        for (QLayer layer : model.layers()) {
            switch (layer) {
                case QLayer.Dense d -> dense(d);
                case QLayer.Conv c -> conv(c);
                case QLayer.MaxPool p -> maxPool(p);
                case QLayer.AvgPool p -> avgPool(p);
                case QLayer.Add a -> add(a);
                case QLayer.Mul m -> mul(m);
                case QLayer.Affine a -> affine(a);
                case QLayer.Activate a -> activate(a);
                case QLayer.Reshape r -> alias(r.output(), tensor(r.input()), identity(model.tensor(r.input()).size()));
                case QLayer.Transpose t -> alias(t.output(), tensor(t.input()),
                        transposeMap(model.tensor(t.input()).shape(), t.perm()));
                case QLayer.Concat c -> concat(c);
                case QLayer.Broadcast b -> copy(b.name(), b.input(), b.output(),
                        QLayer.Broadcast.sourceIndex(model.tensor(b.input()).shape(), model.tensor(b.output()).shape()), 0);
                case QLayer.Select s -> copy(s.name(), s.input(), s.output(), s.sourceIndex(), s.fill());
                case QLayer.MatMul m -> matMul(m);
            }
        }
        requireShownPublic(options.shownInputs(), model.inputPorts());
        requireShownPublic(options.shownOutputs(), model.outputPorts());
        if (tensors.get(model.output()).isPublic() == committedOutput()) {
            throw new IllegalStateException("the output of " + model.name() + " is " + (committedOutput() ? "" : "not ")
                    + "public in its circuit");
        }
        if (accuracyLowering != null) {
            accuracy = accuracyLowering.predict(tensors.get(model.output()));
        }
        if (trainingLowering != null) {
            training = trainingLowering.backward(tensors.get(model.output()));
        }
        if (modelVectors.isEmpty()) { // a model without weights (activations, pooling): its commitment holds zeros
            addVector(modelVectors, NO_WEIGHTS, VectorRef.MODEL, MaskedInstance.MIN_MASKED_VARS, -1, Circuit.VectorSpec.Kind.DATA);
        }
    }

    /** The inverse placeholder and the sumcheck mask, sized for the relations planned: the circuit. */
    private Circuit finish() {
        planLookups();
        LogUpPlan logUp = planTrees();
        if (inverseVectors.isEmpty()) { // nothing looked up: the inverse commitment holds zeros
            addVector(inverseVectors, NO_LOOKUPS, VectorRef.INVERSES, MaskedInstance.MIN_MASKED_VARS, -1, Circuit.VectorSpec.Kind.DATA);
        }
        Circuit partial = new Circuit(model, batch, options, tensors, layers, decompositions, relus, zeroChecks, lookups, tables, modelVectors, witnessVectors,
                inverseVectors, List.of(), new int[0], constraints(), accuracy, training, logUp);
        int[] degrees = degrees(Relations.build(partial));
        int length = SumcheckMask.tableLength(degrees);
        int chunk = Math.min(length, Circuit.MASK_CHUNK);
        List<VectorRef> libra = new ArrayList<>();
        for (int i = 0; i < length / chunk; i++) {
            libra.add(addVector(witnessVectors, "sumcheck-mask" + i, VectorRef.WITNESS, Integer.numberOfTrailingZeros(chunk), -1,
                    Circuit.VectorSpec.Kind.SUMCHECK_MASK));
        }
        return new Circuit(model, batch, options, tensors, layers, decompositions, relus, zeroChecks, lookups, tables, modelVectors, witnessVectors,
                inverseVectors, libra, degrees, constraints(), accuracy, training, logUp);
    }

    /**
     * One fraction tree per lookup and per table, each with its committed top layer and the fold
     * masks of every value its sumchecks reveal, and the masks of the sumchecks themselves: the top
     * layers' check, then one per layer down to the deepest leaves.
     */
    private LogUpPlan planTrees() {
        List<FractionTreePlan> trees = new ArrayList<>();
        for (LookupPlan l : lookups) {
            trees.add(tree("lookup." + l.operands().get(0).label(), l.table(), l, null,
                    l.numVars() + Integer.numberOfTrailingZeros(l.operands().size())));
        }
        for (int t = 0; t < tables.size(); t++) {
            trees.add(tree("table." + tables.get(t).label(), t, null, tables.get(t), tables.get(t).numVars()));
        }
        List<LogUpPlan.MaskedSumcheckPlan> sumchecks = new ArrayList<>();
        int top = FractionTreePlan.TOP_VARS;
        if (!trees.isEmpty()) {
            int depth = trees.stream().mapToInt(FractionTreePlan::numVars).max().orElseThrow();
            sumchecks.add(maskedSumcheck("logup.top", top));
            for (int l = top; l < depth; l++) {
                sumchecks.add(maskedSumcheck("logup.layer" + l, l));
            }
        }
        return new LogUpPlan(trees, sumchecks);
    }

    private FractionTreePlan tree(String label, int table, LookupPlan lookup, TablePlan tablePlan, int numVars) {
        int topVars = FractionTreePlan.TOP_VARS;
        ExtVectorRef top = extVector(label + ".top", topVars);
        List<VectorRef> topMasks = numVars > topVars ? List.of(foldMask(label + ".top.p"), foldMask(label + ".top.q")) : List.of();
        List<List<VectorRef>> layerMasks = new ArrayList<>();
        for (int l = topVars; l < numVars - 1; l++) {
            layerMasks.add(List.of(foldMask(label + ".l" + l + ".pL"), foldMask(label + ".l" + l + ".pR"), foldMask(label + ".l" + l + ".qL"),
                    foldMask(label + ".l" + l + ".qR")));
        }
        FractionTreePlan shape = new FractionTreePlan(label, table, lookup, tablePlan, numVars, top,
                topMasks, layerMasks, List.of());
        List<VectorRef> leafMasks = new ArrayList<>();
        for (int s = 0; s < shape.leafSlices(); s++) {
            leafMasks.add(foldMask(label + ".leaf" + s));
        }
        return new FractionTreePlan(label, table, lookup, tablePlan, numVars, top, topMasks, layerMasks, leafMasks);
    }

    /** A zero-knowledge sumcheck's mask over {@code vars} variables: degree 5 in x_0 (eq times two masked factors), 3 after. */
    private LogUpPlan.MaskedSumcheckPlan maskedSumcheck(String label, int vars) {
        int[] degrees = new int[vars];
        Arrays.fill(degrees, 3);
        degrees[0] = 5;
        int length = SumcheckMask.tableLength(degrees);
        int chunk = Math.min(length, Circuit.MASK_CHUNK);
        List<VectorRef> chunks = new ArrayList<>();
        for (int i = 0; i < length / chunk; i++) {
            chunks.add(addVector(witnessVectors, label + ".mask" + i, VectorRef.WITNESS, Integer.numberOfTrailingZeros(chunk), -1,
                    Circuit.VectorSpec.Kind.SUMCHECK_MASK));
        }
        return new LogUpPlan.MaskedSumcheckPlan(label, degrees, chunks);
    }

    private Circuit.Constraints constraints() {
        return new Circuit.Constraints(gathers, products, linears, sums, contractions, selections);
    }

    /** The output is committed when it is hashed, or shown port by port, or stated nowhere (accuracy, training). */
    private boolean committedOutput() {
        return options.hashedOutput() || options.shownOutputs() != null || options.accuracy() != null || options.training() != null;
    }

    /** Layers whose output is compiled as a view of their input's vector: reshape, transpose, an identity activation. */
    private static boolean isAlias(QLayer l) {
        return l instanceof QLayer.Reshape || l instanceof QLayer.Transpose
                || l instanceof QLayer.Activate a && a.requant().shift() == 0 && a.requant().activation().isIdentity();
    }

    /** A shown tensor and every tensor it aliases (through reshapes and transposes) are public, sharing its values. */
    private void markPublic(String name) {
        publicOutputs.put(name, name);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (QLayer l : model.layers()) {
                if (isAlias(l) && name.equals(publicOutputs.get(l.output())) && publicOutputs.putIfAbsent(l.inputs().get(0), name) == null) {
                    changed = true;
                }
            }
        }
    }

    /**
     * The ports a proof shows of a model of several inputs or outputs whose packed tensor is
     * private (some shown, some not): each shown port's tensor is public, and the layer computing it
     * (the input's copy out of the packed input, the output's own layer) ties it to the rest.
     */
    private void markShownPorts() {
        if (options.shownInputs() != null) {
            requirePorts("inputs", options.shownInputs(), model.inputPorts());
            for (int k = 0; k < model.inputPorts().size(); k++) {
                if (options.shownInputs().get(k)) {
                    markPublic(model.inputPorts().get(k).tensor());
                }
            }
        }
        if (options.shownOutputs() != null) {
            requirePorts("outputs", options.shownOutputs(), model.outputPorts());
            for (int k = 0; k < model.outputPorts().size(); k++) {
                if (options.shownOutputs().get(k)) {
                    markPublic(model.outputPorts().get(k).tensor());
                }
            }
        }
    }

    private void requirePorts(String what, List<Boolean> shown, List<QuantizedModel.Port> ports) {
        if (shown.size() != ports.size() || ports.size() < 2) {
            throw new IllegalArgumentException("the statement shows " + shown.size() + " " + what + " one by one; " + model.name()
                    + " has " + ports.size());
        }
        for (QuantizedModel.Port p : ports) {
            if (model.input().equals(p.tensor()) || model.output().equals(p.tensor())) {
                throw new IllegalArgumentException("port '" + p.name() + "' is not a tensor of its own");
            }
        }
    }

    /**
     * A shown port's tensor is public in the circuit, its values those its public root gets from the
     * statement. One that shares the private input's vector (an output that reshapes it) cannot be:
     * its stated values would be bound to nothing.
     */
    private void requireShownPublic(List<Boolean> shown, List<QuantizedModel.Port> ports) {
        for (int k = 0; shown != null && k < ports.size(); k++) {
            TensorPlan plan = tensors.get(ports.get(k).tensor());
            if (shown.get(k) && (!plan.isPublic() || plan.publicRoot() == null)) {
                throw new IllegalArgumentException("'" + ports.get(k).name() + "' holds the private input's values (its tensor '"
                        + plan.name() + "' is the input reshaped): it is shown only with the input public");
            }
        }
    }

    /** The root of the shown values a public tensor shares. */
    String publicRoot(String name) {
        return publicOutputs.get(name);
    }

    /** Per round, the largest degree any relation has there (round 0 carries the masks). */
    private static int[] degrees(List<Relation> relations) {
        int n = relations.stream().mapToInt(Relation::numVars).max().orElse(0);
        int[] d = new int[n];
        java.util.Arrays.fill(d, 1);
        for (Relation r : relations) {
            for (int round = 0; round < r.numVars(); round++) {
                d[round] = Math.max(d[round], round == 0 ? r.round0Degree() : r.laterDegree());
            }
        }
        return d;
    }

    // ---- layers ----

    private void dense(QLayer.Dense d) {
        TensorPlan input = tensor(d.input());
        int columns = input.layout().sampleSize();
        TensorLayout outputLayout = TensorLayout.flat(d.out(), batch);
        int rows = outputLayout.sampleSize();
        int weightVars = log(rows) + log(columns);
        VectorRef weight = modelVector(d.name() + ".weight", weightVars, true);
        VectorRef bias = modelVector(d.name() + ".bias", log(rows), false);
        RequantPlan rq = requant(d.name(), d.output(), outputLayout, d.requant(), 0);
        layers.add(new LayerPlan.Dense(d, input, weight, bias, rows, columns, rq));
    }

    private void conv(QLayer.Conv c) {
        QLayer.ConvGeometry g = c.geometry();
        TensorPlan input = tensor(c.input());
        int perGroup = g.outC() / g.groups();
        Im2colShape shape = Im2colShape.of(g); // sizes fit an int: CircuitBounds checked them
        int kernel = (int) shape.kernel();
        int groups = (int) shape.groups();
        int channelsPadded = (int) shape.channelsPadded();
        int pixels = (int) shape.pixels();
        TensorLayout outputLayout = TensorLayout.grouped(g.groups(), perGroup, g.outH(), g.outW(), pixels, batch);
        int channelVars = log(channelsPadded);
        VectorRef weight = modelVector(c.name() + ".weight", log(kernel) + channelVars + log(groups), true);
        VectorRef bias = modelVector(c.name() + ".bias", channelVars + log(groups), false);
        // im2col: positions (k, g, p) with k lowest; entries read the input at in-bounds positions.
        int sample = kernel * groups * pixels;
        List<int[]> entries = new ArrayList<>();
        int[] src = input.layout().proofIndex();
        for (int p = 0; p < g.outH() * g.outW(); p++) {
            int oh = p / g.outW(), ow = p % g.outW();
            for (int grp = 0; grp < g.groups(); grp++) {
                for (int ci = 0; ci < g.groupInC(); ci++) {
                    for (int kh = 0; kh < g.kH(); kh++) {
                        int ih = oh * g.strideH() + kh * g.dilationH() - g.padTop();
                        for (int kw = 0; kw < g.kW(); kw++) {
                            int iw = ow * g.strideW() + kw * g.dilationW() - g.padLeft();
                            if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) {
                                continue;
                            }
                            int k = (ci * g.kH() + kh) * g.kW() + kw;
                            int channel = grp * g.groupInC() + ci;
                            entries.add(new int[] {(p * groups + grp) * kernel + k, src[(channel * g.inH() + ih) * g.inW() + iw]});
                        }
                    }
                }
            }
        }
        SparseMap im2col = map(sample, input.layout().sampleSize(), entries, new long[sample]);
        // im2col is not committed: its value at the relation's point is a claim on the input (ConvRelation),
        // revealed under a mask of its own unless the input is public.
        VectorRef columnsMask = null;
        if (!input.isPublic()) {
            if (input.vector().commitment() == VectorRef.DATASET) {
                throw new UnsupportedOperationException(c.name() + " convolves the committed dataset directly; its claims must be evaluations");
            }
            columnsMask = foldMask(c.name() + ".im2col");
        }
        RequantPlan rq = requant(c.name(), c.output(), outputLayout, c.requant(), 0);
        layers.add(new LayerPlan.Conv(c, input, weight, bias, columnsMask, im2col, log(pixels), channelVars, log(groups), log(kernel), rq));
    }

    private void maxPool(QLayer.MaxPool p) {
        QLayer.PoolGeometry g = p.geometry();
        TensorPlan input = tensor(p.input());
        TensorLayout outputLayout = TensorLayout.channelMajor(g.channels(), g.outH(), g.outW(), batch);
        TensorPlan output = publicOutputs.containsKey(p.output())
                ? publicTensor(p.output(), outputLayout, 0)
                : committed(p.output(), outputLayout, 0, true);
        int window = g.kH() * g.kW();
        int sample = outputLayout.sampleSize();
        int[] out = outputLayout.proofIndex();
        boolean[] real = new boolean[sample];
        for (int o : out) {
            real[o] = true;
        }
        int[] src = input.layout().proofIndex();
        List<TensorPlan> differences = new ArrayList<>();
        List<SparseMap> maps = new ArrayList<>();
        long min = Goldilocks.fromSigned(MIN);
        for (int k = 0; k < window; k++) {
            long[] constants = new long[sample];
            for (int o = 0; o < sample; o++) {
                // Positions outside the input never win; at padding, window 0 equals y's padding (0)
                // so that the product there is zero too.
                constants[o] = !real[o] && k == 0 ? 0 : min;
            }
            List<int[]> entries = new ArrayList<>();
            int kh = k / g.kW(), kw = k % g.kW();
            for (int c = 0; c < g.channels(); c++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int o = out[(c * g.outH() + oh) * g.outW() + ow];
                        int ih = oh * g.strideH() + kh - g.padTop(), iw = ow * g.strideW() + kw - g.padLeft();
                        if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                            entries.add(new int[] {o, src[(c * g.inH() + ih) * g.inW() + iw]});
                            constants[o] = 0;
                        }
                    }
                }
            }
            maps.add(map(sample, input.layout().sampleSize(), entries, constants));
            TensorPlan diff = committed(p.name() + ".difference" + k, outputLayout, 0, true);
            differences.add(diff);
            rangeCheck(p.name() + ".difference" + k, diff, 0, Activation.BITS);
        }
        layers.add(new LayerPlan.MaxPool(p, input, output, differences, maps));
    }

    private void avgPool(QLayer.AvgPool p) {
        QLayer.PoolGeometry g = p.geometry();
        TensorPlan input = tensor(p.input());
        TensorLayout outputLayout = TensorLayout.channelMajor(g.channels(), g.outH(), g.outW(), batch);
        int[] out = outputLayout.proofIndex();
        int[] src = input.layout().proofIndex();
        List<int[]> entries = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (int c = 0; c < g.channels(); c++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int o = out[(c * g.outH() + oh) * g.outW() + ow];
                    for (int kh = 0; kh < g.kH(); kh++) {
                        for (int kw = 0; kw < g.kW(); kw++) {
                            int ih = oh * g.strideH() + kh - g.padTop(), iw = ow * g.strideW() + kw - g.padLeft();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                entries.add(new int[] {o, src[(c * g.inH() + ih) * g.inW() + iw]});
                                weights.add(Goldilocks.fromSigned(p.multipliers()[oh * g.outW() + ow]));
                            }
                        }
                    }
                }
            }
        }
        SparseMap sums = map(outputLayout.sampleSize(), input.layout().sampleSize(), entries, weights,
                new long[outputLayout.sampleSize()]);
        RequantPlan rq = requant(p.name(), p.output(), outputLayout, p.requant(), 0);
        layers.add(new LayerPlan.AvgPool(p, input, sums, rq));
    }

    private void add(QLayer.Add a) {
        TensorPlan x = tensor(a.a()), y = conform(a.name(), tensor(a.b()), tensor(a.a()).layout());
        long padAcc = Math.addExact(Math.multiplyExact(a.multA(), x.padValue()), Math.multiplyExact(a.multB(), y.padValue()));
        RequantPlan rq = requant(a.name(), a.output(), x.layout(), a.requant(), padAcc);
        layers.add(new LayerPlan.Add(a, x, y, rq));
    }

    private void mul(QLayer.Mul m) {
        TensorPlan x = tensor(m.a()), y = conform(m.name(), tensor(m.b()), tensor(m.a()).layout());
        long padAcc = Math.multiplyExact(m.multiplier(), Math.multiplyExact(x.padValue(), y.padValue()));
        RequantPlan rq = requant(m.name(), m.output(), x.layout(), m.requant(), padAcc);
        layers.add(new LayerPlan.Mul(m, x, y, rq));
    }

    private void affine(QLayer.Affine a) {
        TensorPlan x = tensor(a.input());
        int sample = x.layout().sampleSize();
        long[] scale = new long[sample];
        long[] shift = new long[sample];
        int[] idx = x.layout().proofIndex();
        for (int i = 0; i < idx.length; i++) {
            int channel = i / a.inner();
            scale[idx[i]] = Goldilocks.fromSigned(a.scale()[channel]);
            shift[idx[i]] = Goldilocks.fromSigned(a.shift()[channel]);
        }
        RequantPlan rq = requant(a.name(), a.output(), x.layout(), a.requant(), 0);
        layers.add(new LayerPlan.Affine(a, x, scale, shift, rq));
    }

    private void activate(QLayer.Activate a) {
        if (a.requant().shift() != 0) {
            throw new UnsupportedOperationException("layer " + a.name() + ": an activation with a shift is not supported");
        }
        TensorPlan input = tensor(a.input());
        Activation f = a.requant().activation();
        if (f.isIdentity()) { // the values pass through unchanged (they are already 16-bit)
            alias(a.output(), input, identity(model.tensor(a.input()).size()));
            return;
        }
        long pad = f.apply(input.padValue());
        TensorPlan output = publicOutputs.containsKey(a.output())
                ? publicTensor(a.output(), input.layout(), pad)
                : committed(a.output(), input.layout(), pad, true);
        layers.add(new LayerPlan.Activate(a, input, output));
        activation(a.name(), input, output, f);
    }

    /**
     * Checks y = f(t) for a 16-bit t (its range included): ReLU by sign decomposition, other
     * functions by their table of (t, f(t)) pairs.
     */
    private void activation(String label, TensorPlan t, TensorPlan y, Activation f) {
        // Training reads ReLU's derivative from the sign, so it always takes the sign decomposition.
        if (f.kind() == Activation.Kind.RELU && (options.training() != null || !tablePays(t.layout(), Activation.BITS))) {
            TensorLayout layout = t.layout();
            TensorPlan lo = committed(label + ".t.lo", layout, 0, true);
            TensorPlan hi = committed(label + ".t.hi", layout, 0, true);
            TensorPlan sign = committed(label + ".sign", layout, 0, true);
            lookup(label + ".t.lo", rangeTable(TablePlan.RANGE_BITS), List.of(new LookupPlan.Column(lo, 1, 0)), layout);
            lookup(label + ".sign", signTable(), List.of(new LookupPlan.Column(hi, 1, 0), new LookupPlan.Column(sign, 1, 0)), layout);
            decompositions.add(new Decomposition(label + ".t", t, 0, List.of(lo, hi)));
            relus.add(new ReluPlan(label + ".relu", t, sign, y));
        } else if (options.training() != null && TablePlan.hasDerivative(f)) {
            TrainingLowering.lookUpWithDerivative(this, options.training(), label, t, y, f);
        } else {
            lookup(label + ".activation", activationTable(f), List.of(new LookupPlan.Column(t, 1, 0), new LookupPlan.Column(y, 1, 0)),
                    t.layout());
        }
    }

    /**
     * limb in [0, 2^bits) for bits ≤ 8: the limb itself in the 8-bit table, and for fewer bits also
     * 2^(8 − bits)·limb. Both are needed: the scaled lookup alone admits any field element
     * v/2^(8 − bits) with v in the table, not only small integers.
     */
    private void limbLookups(String label, TensorPlan limb, int bits) {
        limbLookups(label, limb, bits, TablePlan.RANGE_BITS);
    }

    /** The same with limbs of {@code limbBits} bits, looked up in the range table of that width. */
    private void limbLookups(String label, TensorPlan limb, int bits, int limbBits) {
        lookup(label, rangeTable(limbBits), List.of(new LookupPlan.Column(limb, 1, 0)), limb.layout());
        if (bits < limbBits) {
            lookup(label + ".top", rangeTable(limbBits), List.of(new LookupPlan.Column(limb, 1L << (limbBits - bits), 0)), limb.layout());
        }
    }

    /**
     * value + offset in [0, 2^bits) by limbs of 16 bits when the vector has at least 2^16 positions
     * (the 16-bit table then costs no more than the values it saves: half the limbs and lookups of
     * 8-bit ones), else as {@link #rangeCheck(String, TensorPlan, long, int)}. A top limb of 8 to 15
     * bits is looked up once in a table of exactly its range, which the vector's 2^16 positions pay
     * for, instead of twice in the 16-bit one (itself and scaled to its width): a training step's
     * 26-bit update remainders of the 784×128 layer take 131K lookups fewer.
     */
    void rangeCheckWide(String label, TensorPlan value, long offset, int bits) {
        if (value.layout().size() < 1L << TablePlan.MAX_RANGE_BITS || bits <= TablePlan.MAX_RANGE_BITS) {
            rangeCheck(label, value, offset, bits);
            return;
        }
        int limbBits = TablePlan.MAX_RANGE_BITS;
        int count = (bits + limbBits - 1) / limbBits;
        int topBits = bits - (count - 1) * limbBits;
        List<TensorPlan> limbs = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            TensorPlan limb = committed(label + ".limb" + l, value.layout(), 0, true);
            limbs.add(limb);
            if (l < count - 1 || topBits == limbBits) {
                limbLookups(label + ".limb" + l, limb, limbBits, limbBits);
            } else if (topBits >= TablePlan.RANGE_BITS) {
                lookup(label + ".limb" + l, rangeTable(topBits), List.of(new LookupPlan.Column(limb, 1, 0)), limb.layout());
            } else {
                limbLookups(label + ".limb" + l, limb, topBits);
            }
        }
        decompositions.add(new Decomposition(label, value, offset, limbs, limbBits));
    }

    /** The model vectors' positions the weights proof's circuits range-check together, at most (one larger vector alone). */
    static final int WEIGHT_PART_POSITIONS = 1 << 22;

    /**
     * The weights proof's circuits: the model's vectors, laid out as in every proof of the model,
     * range-checked part by part (consecutive vectors of at most {@link #WEIGHT_PART_POSITIONS}
     * positions together), each part's circuit holding nothing but its vectors' range checks, so that
     * proving the widths of a large model needs memory for one part at a time, not the whole model.
     */
    public static final class WeightParts {
        private final QuantizedModel model;
        private final List<LayerPlan> layers;
        private final List<Circuit.VectorSpec> modelVectors;
        private final List<int[]> ranges = new ArrayList<>();

        private WeightParts(QuantizedModel model, List<LayerPlan> layers, List<Circuit.VectorSpec> modelVectors, long partPositions) {
            this.model = model;
            this.layers = layers;
            this.modelVectors = modelVectors;
            long positions = 0;
            int from = 0;
            for (int i = 0; i < modelVectors.size(); i++) {
                long size = 1L << modelVectors.get(i).ref().numVars();
                if (i > from && positions + size > partPositions) {
                    ranges.add(new int[] {from, i});
                    from = i;
                    positions = 0;
                }
                positions += size;
            }
            ranges.add(new int[] {from, modelVectors.size()});
        }

        /** How many parts (and weights-proof transcripts) the model has. */
        public int count() {
            return ranges.size();
        }

        /** The model vectors of part k: [from, to) in the circuit's order. */
        public int[] range(int k) {
            return ranges.get(k).clone();
        }

        public int vectors() {
            return modelVectors.size();
        }

        /**
         * Part k's circuit: every model vector v_i of the part lies in [−2^(w_i−1), 2^(w_i−1)) and is zero
         * wherever the layout holds no weight; widths holds one width per model vector (all parts').
         */
        public Circuit circuit(int k, List<Integer> widths) {
            if (widths.size() != modelVectors.size()) {
                throw new IllegalArgumentException("one weight width per model vector: " + modelVectors.size() + ", got " + widths.size());
            }
            int[] r = ranges.get(k);
            CircuitCompiler c = new CircuitCompiler(model, 1, Circuit.Options.DEFAULT);
            c.modelVectors.addAll(modelVectors); // the commitment's vectors, all of them, in their places
            long[][] occupied = io.zkml4j.proof.witness.ModelVectors.occupancy(layers, modelVectors, r[0], r[1]);
            for (int i = r[0]; i < r[1]; i++) {
                c.weightRange(i, widths.get(i), occupied[i]);
            }
            return c.finish();
        }
    }

    /** The weights proof's parts for a model (its layout compiled once, for all of them). */
    public static WeightParts weightParts(QuantizedModel model) {
        return weightParts(model, WEIGHT_PART_POSITIONS);
    }

    /** The same with parts of another size (tests split small models). */
    static WeightParts weightParts(QuantizedModel model, long partPositions) {
        CircuitBounds.check(model, 1);
        CircuitCompiler layout = new CircuitCompiler(withComputedOutput(model), 1, Circuit.Options.DEFAULT);
        layout.planModel();
        return new WeightParts(layout.model, List.copyOf(layout.layers), List.copyOf(layout.modelVectors), partPositions);
    }

    /**
     * Model vector i lies in [−2^(w−1), 2^(w−1)). A vector smaller than a masked one is
     * range-checked zero-extended (its limbs cover the extension with the offset).
     */
    private void weightRange(int i, int bits, long[] occupied) {
        VectorRef v = modelVectors.get(i).ref();
        if (bits < 1 || bits > MAX_WEIGHT_BITS) {
            throw new IllegalArgumentException(v.name() + ": a weight width is 1 to " + MAX_WEIGHT_BITS + " bits, got " + bits);
        }
        TensorPlan value = register(new TensorPlan(v.name() + "#value", new TensorLayout(new int[0], 1 << v.numVars(), 1),
                TensorPlan.Visibility.COMMITTED, v, 0, null));
        long offset = 1L << (bits - 1);
        // One part looked up in a table of the whole range where that pays (most weights of 9 to 16 bits:
        // half the committed values and lookups of 8-bit limbs, or less), else 8-bit limbs.
        RangeParts parts = rangeParts(v.name() + "#range", TensorLayout.raw(1 << v.numVars(), 1), bits);
        decompositions.add(new Decomposition(v.name() + "#range", value, offset, parts.parts(), parts.partBits()));
        List<TensorPlan> limbs = parts.parts();
        // Padding holds no weight: there the parts are those of the offset alone, so the value is 0
        // (without this, padding rows and columns could carry hidden extra neurons).
        long[] padding = new long[limbs.get(0).layout().size()];
        java.util.Arrays.fill(padding, 1);
        for (int x = 0; x < occupied.length; x++) {
            padding[x] = occupied[x] != 0 ? 0 : 1;
        }
        for (int l = 0; l < limbs.size(); l++) {
            long digit = io.zkml4j.proof.witness.Witness.part(offset, l, limbs.size(), parts.partBits());
            zeroChecks.add(new ZeroCheck(v.name() + "#padding" + l, limbs.get(l), padding, digit));
        }
    }

    /** Widest weight the weights proof checks: beyond it the accumulators leave the field's signed range anyway. */
    public static final int MAX_WEIGHT_BITS = 62;

    /**
     * value + offset in [0, 2^bits): one lookup in a table of exactly that range when the vector
     * has at least as many positions as the table rows (so the table costs no more than it saves),
     * else 8-bit limbs recomposed by a linear check.
     */
    void rangeCheck(String label, TensorPlan value, long offset, int bits) {
        if (tablePays(value.layout(), bits) && value.vector().masked()) { // a looked-up vector is revealed at the sumcheck's point
            lookup(label, rangeTable(bits), List.of(new LookupPlan.Column(value, 1, offset)), value.layout());
            return;
        }
        rangeCheck(label, value, value.layout(), offset, bits);
    }

    /** A lookup of each position in a table of 2^bits rows costs no more than limbs: at most 16 bits, and at least as many positions. */
    private static boolean tablePays(TensorLayout layout, int bits) {
        return bits <= TablePlan.MAX_RANGE_BITS && bits > TablePlan.RANGE_BITS && layout.size() >= 1L << bits;
    }

    /**
     * A committed value in [0, 2^bits), as the parts it is committed in: itself (one lookup in a
     * table of that range, when that pays) or 8-bit limbs; part l weighs 2^(partBits·l).
     */
    RangeParts rangeParts(String label, TensorLayout layout, int bits) {
        if (tablePays(layout, bits)) {
            TensorPlan r = committed(label, layout, 0, true);
            lookup(label, rangeTable(bits), List.of(new LookupPlan.Column(r, 1, 0)), layout);
            return new RangeParts(List.of(r), bits);
        }
        return new RangeParts(limbs(label, layout, bits), TablePlan.RANGE_BITS);
    }

    /** The parts of a range-checked value, part l weighing 2^(partBits·l) (the last one holds the remaining high bits). */
    record RangeParts(List<TensorPlan> parts, int partBits) {}

    /**
     * value + offset in [0, 2^bits): 8-bit limbs, each looked up in the range table (the top one
     * scaled so that it has only the remaining bits), recomposed by a linear check.
     */
    private List<TensorPlan> rangeCheck(String label, TensorPlan value, TensorLayout limbLayout, long offset, int bits) {
        List<TensorPlan> limbs = limbs(label, limbLayout, bits);
        decompositions.add(new Decomposition(label, value, offset, limbs));
        return limbs;
    }

    /** Committed 8-bit limbs (the top one with the remaining bits) of a value in [0, 2^bits), each looked up in the range table. */
    List<TensorPlan> limbs(String label, TensorLayout layout, int bits) {
        int count = (bits + TablePlan.RANGE_BITS - 1) / TablePlan.RANGE_BITS;
        int topBits = bits - (count - 1) * TablePlan.RANGE_BITS;
        List<TensorPlan> limbs = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            TensorPlan limb = committed(label + ".limb" + l, layout, 0, true);
            limbs.add(limb);
            limbLookups(label + ".limb" + l, limb, l == count - 1 ? topBits : TablePlan.RANGE_BITS);
        }
        return limbs;
    }

    void contraction(io.zkml4j.proof.circuit.ContractionPlan plan) {
        contractions.add(plan);
    }

    void selection(io.zkml4j.proof.circuit.SelectionPlan plan) {
        selections.add(plan);
    }

    /** A zero-knowledge mask of its own for one folded reveal of a vector (a second reveal of a vector at another point needs another mask). */
    VectorRef foldMask(String label) {
        int index = reserveMask(MaskedInstance.MIN_MASKED_VARS, label);
        VectorRef mask = new VectorRef(label + ".foldmask", VectorRef.WITNESS, index, -1, MaskedInstance.COMMITTED_MASK_VARS);
        witnessVectors.set(index, new Circuit.VectorSpec(mask, Circuit.VectorSpec.Kind.MASK, null));
        return mask;
    }

    /** A model vector seen as a tensor of its own layout (all positions addressed directly). */
    TensorPlan modelTensor(VectorRef v) {
        return register(new TensorPlan(v.name() + "#value", TensorLayout.raw(1 << v.numVars(), 1), TensorPlan.Visibility.COMMITTED, v, 0, null));
    }

    /** The previous value of a model vector (the weights before a training step's), seen as a tensor in its layout. */
    TensorPlan previousTensor(VectorRef v) {
        VectorRef previous = new VectorRef(v.name() + "#previous", VectorRef.PREVIOUS, v.poly(), -1, v.numVars());
        return register(new TensorPlan(previous.name(), TensorLayout.raw(1 << v.numVars(), 1), TensorPlan.Visibility.COMMITTED, previous, 0, null));
    }

    /** The plans of the layers compiled so far. */
    List<LayerPlan> layerPlans() {
        return layers;
    }

    /** A tensor or auxiliary vector by name, or null. */
    TensorPlan planOf(String name) {
        return tensors.get(name);
    }

    /** Each position of a layout looks up (d, E(d)) in the softmax's exponential table. */
    void expLookup(String label, TensorPlan gap, TensorPlan exp, int activationFraction) {
        int t = table(TablePlan.Kind.EXP, null, activationFraction, "exp" + activationFraction);
        lookup(label, t, List.of(new LookupPlan.Column(gap, 1, 0), new LookupPlan.Column(exp, 1, 0)), gap.layout());
    }

    QuantizedModel model() {
        return model;
    }

    void gather(io.zkml4j.proof.circuit.GatherPlan plan) {
        gathers.add(plan);
    }

    void product(io.zkml4j.proof.circuit.ProductPlan plan) {
        products.add(plan);
    }

    void linear(io.zkml4j.proof.circuit.LinearPlan plan) {
        linears.add(plan);
    }

    void sum(io.zkml4j.proof.circuit.SumPlan plan) {
        sums.add(plan);
    }

    void zeroCheck(ZeroCheck check) {
        zeroChecks.add(check);
    }

    int batch() {
        return batch;
    }

    /** A vector of the dataset commitment (in the order the dataset commits them), seen as a committed tensor. */
    TensorPlan datasetTensor(String name, TensorLayout layout) {
        VectorRef v = addVector(datasetVectors, name, VectorRef.DATASET, layout.numVars(), -1, Circuit.VectorSpec.Kind.DATA);
        return register(new TensorPlan(name, layout, TensorPlan.Visibility.COMMITTED, v, 0, null));
    }

    /** A public tensor the statement fixes (its values are its own name's in the public tensors). */
    TensorPlan statementTensor(String name, TensorLayout layout) {
        return register(new TensorPlan(name, layout, TensorPlan.Visibility.PUBLIC, null, 0, name));
    }

    /**
     * A product of two computed matrices: each gathered into a padded matrix layout, then one
     * contraction over the inner index (A summed in its layout, B folded at the output's column);
     * the output is laid out [rows][columns] to match. One sample at a time: both operands carry
     * the batch, which a contraction cannot share.
     */
    /**
     * The first layer a proof of several samples cannot hold (a product of two computed tensors,
     * attention: both operands carry the batch, see {@link #matMul}), or null: such a model is proved
     * one sample at a time.
     */
    static String sampleAtATime(QuantizedModel model) {
        return model.layers().stream().filter(l -> l instanceof QLayer.MatMul).map(QLayer::name).findFirst().orElse(null);
    }

    private void matMul(QLayer.MatMul m) {
        if (batch != 1) {
            throw new UnsupportedOperationException("layer " + m.name() + ": a product of two computed tensors is proved one sample at a "
                    + "time (this proof has " + batch + ")");
        }
        io.zkml4j.proof.circuit.MatMulShape shape = io.zkml4j.proof.circuit.MatMulShape.of(m); // sizes fit an int: CircuitBounds checked them
        int rows = (int) shape.rows(), inner = (int) shape.inner(), columns = (int) shape.columns();
        TensorPlan a = tensor(m.a()), b = tensor(m.b());
        TensorPlan aMatrix = committed(m.name() + ".a", TensorLayout.raw(rows * inner, batch), 0, true);
        TensorPlan bMatrix = committed(m.name() + ".b", TensorLayout.raw(inner * columns, batch), 0, true);
        List<int[]> aEntries = new ArrayList<>();
        int[] aSrc = a.layout().proofIndex();
        for (int i = 0; i < m.rows(); i++) {
            for (int k = 0; k < m.inner(); k++) {
                aEntries.add(new int[] {i * inner + k, aSrc[i * m.inner() + k]});
            }
        }
        List<int[]> bEntries = new ArrayList<>();
        int[] bSrc = b.layout().proofIndex();
        for (int k = 0; k < m.inner(); k++) {
            for (int j = 0; j < m.columns(); j++) {
                bEntries.add(new int[] {k * columns + j, bSrc[k * m.columns() + j]});
            }
        }
        SparseMap aMap = map(rows * inner, a.layout().sampleSize(), aEntries, new long[rows * inner]);
        SparseMap bMap = map(inner * columns, b.layout().sampleSize(), bEntries, new long[inner * columns]);
        int[] outIndex = new int[m.rows() * m.columns()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.columns(); j++) {
                outIndex[i * m.columns() + j] = i * columns + j;
            }
        }
        TensorLayout outputLayout = new TensorLayout(outIndex, rows * columns, batch);
        RequantPlan rq = requant(m.name(), m.output(), outputLayout, m.requant(), 0);
        layers.add(new LayerPlan.MatMul(m, a, b, aMatrix, bMatrix, aMap, bMap, rq));
        int innerVars = log(inner);
        contraction(new io.zkml4j.proof.circuit.ContractionPlan("matmul." + m.name(), aMatrix, innerVars, true, bMatrix, log(columns), false,
                foldMask("matmul." + m.name()), false, m.multiplier(), rq.accumulatorTerms(), rq.accumulatorConstant(), rq.output().numVars()));
    }

    /**
     * y itself when it is laid out as {@code layout}, else a committed copy in that layout tied to
     * it by a gather (a residual connection adds tensors that two different layers laid out).
     */
    private TensorPlan conform(String layer, TensorPlan y, TensorLayout layout) {
        if (y.layout().equals(layout)) {
            return y;
        }
        int[] to = layout.proofIndex();
        int[] from = y.layout().proofIndex();
        if (to.length != from.length) {
            throw new IllegalStateException("layer " + layer + ": operands of " + from.length + " and " + to.length + " values");
        }
        long[] constants = new long[layout.sampleSize()];
        java.util.Arrays.fill(constants, Goldilocks.fromSigned(y.padValue())); // padding keeps y's padding value
        List<int[]> entries = new ArrayList<>();
        for (int i = 0; i < to.length; i++) {
            entries.add(new int[] {to[i], from[i]});
            constants[to[i]] = 0;
        }
        TensorPlan copy = committed(layer + "." + y.name() + "#relaid", layout, y.padValue(), true);
        gather(io.zkml4j.proof.circuit.GatherPlan.defining("relayout." + layer + "." + y.name(),
                map(layout.sampleSize(), y.layout().sampleSize(), entries, constants), y, copy));
        return copy;
    }

    /**
     * A layer that copies values by a public index map (Broadcast, Select): output[i] =
     * input[from[i]], or {@code fill} where from[i] is −1; one gather, out = map(in) + fills, and no
     * relation of its own.
     */
    private void copy(String name, String inputName, String outputName, int[] from, long fill) {
        TensorPlan input = tensor(inputName);
        TensorLayout outputLayout = TensorLayout.flat(from.length, batch);
        TensorPlan output = publicOutputs.containsKey(outputName)
                ? publicTensor(outputName, outputLayout, 0)
                : committed(outputName, outputLayout, 0, true);
        int[] src = input.layout().proofIndex();
        int[] dst = outputLayout.proofIndex();
        long[] constants = new long[outputLayout.sampleSize()];
        List<int[]> entries = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0) {
                constants[dst[i]] = Goldilocks.fromSigned(fill);
            } else {
                entries.add(new int[] {dst[i], src[from[i]]});
            }
        }
        SparseMap map = map(outputLayout.sampleSize(), input.layout().sampleSize(), entries, constants);
        gather(new io.zkml4j.proof.circuit.GatherPlan("copy." + name, map, input, io.zkml4j.proof.circuit.LinearTerm.sum(output)));
    }

    private void concat(QLayer.Concat c) {
        int[] shape = model.tensor(c.output()).shape();
        TensorLayout outputLayout = shape.length == 3 ? TensorLayout.channelMajor(shape[0], shape[1], shape[2], batch)
                : TensorLayout.flat(model.tensor(c.output()).size(), batch);
        TensorPlan output = publicOutputs.containsKey(c.output())
                ? publicTensor(c.output(), outputLayout, 0)
                : committed(c.output(), outputLayout, 0, true);
        int outer = 1;
        for (int d = 0; d < c.axis(); d++) {
            outer *= shape[d];
        }
        int block = model.tensor(c.output()).size() / outer;
        List<TensorPlan> inputs = new ArrayList<>();
        List<TensorPlan> parts = new ArrayList<>();
        List<SparseMap> maps = new ArrayList<>();
        int offset = 0;
        for (int k = 0; k < c.inputs().size(); k++) {
            TensorPlan in = tensor(c.inputs().get(k));
            int inBlock = model.tensor(c.inputs().get(k)).size() / outer;
            List<int[]> entries = new ArrayList<>();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inBlock; j++) {
                    entries.add(new int[] {outputLayout.proofIndex()[o * block + offset + j], in.layout().proofIndex()[o * inBlock + j]});
                }
            }
            offset += inBlock;
            inputs.add(in);
            maps.add(map(outputLayout.sampleSize(), in.layout().sampleSize(), entries, new long[outputLayout.sampleSize()]));
            parts.add(committed(c.name() + ".part" + k, outputLayout, 0, false));
        }
        layers.add(new LayerPlan.Concat(c, inputs, parts, maps, output));
    }

    /**
     * Plans t, the remainder limbs and their lookups for a layer writing {@code outputName};
     * {@code padAcc} is the accumulator at padding positions (so the padding satisfies the relations).
     */
    private RequantPlan requant(String layerName, String outputName, TensorLayout layout, Requant rq, long padAcc) {
        Activation f = rq.activation();
        long tPad = rq.round(padAcc, "padding of layer " + layerName);
        long rPad = rq.remainder(padAcc, tPad);
        long pad = f.apply(tPad);
        TensorPlan output = publicOutputs.containsKey(outputName)
                ? publicTensor(outputName, layout, pad)
                : committed(outputName, layout, pad, true);
        TensorPlan t = f.isIdentity() ? output : committed(layerName + ".t", layout, tPad, true);
        int shift = rq.shift();
        List<TensorPlan> limbs = new ArrayList<>();
        int topBits;
        if (tablePays(layout, shift)) {
            // The whole remainder in one table of 2^shift rows.
            TensorPlan r = committed(layerName + ".r", layout, rPad, true);
            limbs.add(r);
            lookup(layerName + ".r", rangeTable(shift), List.of(new LookupPlan.Column(r, 1, 0)), layout);
            topBits = shift;
        } else {
            int count = RequantPlan.limbCount(shift);
            topBits = shift - (count - 1) * RequantPlan.LIMB_BITS;
            for (int l = 0; l < count; l++) {
                long limbPad = (rPad >>> (RequantPlan.LIMB_BITS * l)) & ((1L << RequantPlan.LIMB_BITS) - 1);
                TensorPlan limb = committed(layerName + ".r" + l, layout, limbPad, true);
                limbs.add(limb);
                limbLookups(layerName + ".r" + l, limb, l == count - 1 ? topBits : RequantPlan.LIMB_BITS);
            }
        }
        if (f.isIdentity()) {
            if (!t.isPublic()) { // 2^15 + t in [0, 2^16)
                rangeCheck(layerName + ".t", t, -MIN, Activation.BITS);
            }
        } else {
            activation(layerName, t, output, f);
        }
        return new RequantPlan(shift, t, output, limbs, topBits);
    }

    void lookup(String label, int table, List<LookupPlan.Column> columns, TensorLayout layout) {
        lookedUp.computeIfAbsent(List.of(table, layout.numVars()), k -> new ArrayList<>()).add(new LookupPlan.Operand(label, columns));
    }

    /**
     * Groups the looked-up vectors of each table and size, in planning order, into powers of two up
     * to {@link LookupPlan#MAX_OPERANDS}, a lookup (one fraction tree) each.
     */
    private void planLookups() {
        for (var e : lookedUp.entrySet()) {
            int table = e.getKey().get(0), n = e.getKey().get(1);
            List<LookupPlan.Operand> operands = e.getValue();
            for (int i = 0; i < operands.size(); ) {
                int size = Math.min(LookupPlan.MAX_OPERANDS, Integer.highestOneBit(operands.size() - i));
                lookups.add(new LookupPlan(table, operands.subList(i, i + size), n));
                i += size;
            }
        }
        lookedUp.clear();
    }

    private int rangeTable(int bits) {
        return table(TablePlan.Kind.RANGE, null, bits, bits == TablePlan.RANGE_BITS ? "range8" : "range" + bits);
    }

    private int signTable() {
        return table(TablePlan.Kind.SIGN, null, TablePlan.RANGE_BITS, "sign8");
    }

    private int activationTable(Activation f) {
        return table(TablePlan.Kind.ACTIVATION, f, Activation.BITS, "table." + f.describe());
    }

    int derivativeTable(Activation f, int fractionBits) {
        return table(TablePlan.Kind.DERIVATIVE, f, fractionBits, "table." + f.describe() + ".derivative");
    }

    /** The index of a table, added on first use. */
    private int table(TablePlan.Kind kind, Activation f, int bits, String label) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).kind() == kind && java.util.Objects.equals(f, tables.get(i).activation()) && tables.get(i).bits() == bits) {
                return i;
            }
        }
        LookupTable table = switch (kind) {
            case RANGE -> TablePlan.rangeTable(bits);
            case SIGN -> TablePlan.signTable();
            case ACTIVATION -> TablePlan.activationTable(f);
            case DERIVATIVE -> TablePlan.derivativeTable(f, bits);
            case EXP -> TablePlan.expTable(bits);
        };
        int n = table.numVars();
        VectorRef m = addVector(witnessVectors, label + ".multiplicities", VectorRef.WITNESS, n, -1, Circuit.VectorSpec.Kind.DATA);
        tables.add(new TablePlan(label, kind, f, bits, table, m));
        return tables.size() - 1;
    }

    // ---- tensors and vectors ----

    private TensorPlan tensor(String name) {
        TensorPlan p = tensors.get(name);
        if (p == null) {
            throw new IllegalStateException("tensor '" + name + "' is used before it is computed");
        }
        return p;
    }

    private TensorPlan publicTensor(String name, TensorLayout layout, long pad) {
        return register(new TensorPlan(name, layout, TensorPlan.Visibility.PUBLIC, null, pad, publicOutputs.get(name)));
    }

    TensorPlan committed(String name, TensorLayout layout, long pad, boolean masked) {
        int n = layout.numVars();
        VectorRef v = addVector(witnessVectors, name, VectorRef.WITNESS, n, masked ? reserveMask(n, name) : -1,
                Circuit.VectorSpec.Kind.DATA);
        if (masked) {
            fixMask(v);
        }
        return register(new TensorPlan(name, layout, TensorPlan.Visibility.COMMITTED, v, pad, null));
    }

    /** Adds a plan; a name used twice (a model tensor and an internal vector, say) is refused. */
    private TensorPlan register(TensorPlan plan) {
        if (tensors.putIfAbsent(plan.name(), plan) != null) {
            throw new UnsupportedOperationException("the name '" + plan.name() + "' is used twice in model " + model.name()
                    + " (as a tensor and as a vector the proof adds, or by two tensors); rename the tensor");
        }
        return plan;
    }

    private ExtVectorRef extVector(String name, int numVars) {
        VectorRef c0 = addVector(inverseVectors, name + ".c0", VectorRef.INVERSES, numVars, reserveMask(numVars, name),
                Circuit.VectorSpec.Kind.DATA);
        VectorRef c1 = addVector(inverseVectors, name + ".c1", VectorRef.INVERSES, numVars, reserveMask(numVars, name),
                Circuit.VectorSpec.Kind.DATA);
        fixMask(c0);
        fixMask(c1);
        return new ExtVectorRef(c0, c1);
    }

    /** Another name for the same values in the same layout. */
    void alias(String name, TensorPlan source) {
        alias(name, source, identity(source.layout().logicalSize()));
    }

    private void alias(String name, TensorPlan source, int[] newToOld) {
        register(new TensorPlan(name, source.layout().alias(newToOld), source.visibility(), source.vector(), source.padValue(),
                source.publicRoot()));
    }

    private VectorRef modelVector(String name, int numVars, boolean masked) {
        VectorRef v = addVector(modelVectors, name, VectorRef.MODEL, numVars, masked ? reserveMask(numVars, name) : -1,
                Circuit.VectorSpec.Kind.DATA);
        if (masked) {
            fixMask(v);
        }
        return v;
    }

    /** Reserves a witness slot for a mask; {@link #fixMask} records whose it is. */
    private int reserveMask(int numVars, String name) {
        if (numVars < MaskedInstance.MIN_MASKED_VARS) {
            throw new IllegalStateException(name + " has " + numVars + " variables, fewer than a mask needs");
        }
        witnessVectors.add(null);
        return witnessVectors.size() - 1;
    }

    private void fixMask(VectorRef v) {
        VectorRef mask = new VectorRef(v.name() + ".mask", VectorRef.WITNESS, v.mask(), -1, MaskedInstance.COMMITTED_MASK_VARS);
        witnessVectors.set(v.mask(), new Circuit.VectorSpec(mask, Circuit.VectorSpec.Kind.MASK, v));
    }

    private static VectorRef addVector(List<Circuit.VectorSpec> list, String name, int commitment, int numVars, int mask,
                                       Circuit.VectorSpec.Kind kind) {
        VectorRef ref = new VectorRef(name, commitment, list.size(), mask, numVars);
        list.add(new Circuit.VectorSpec(ref, kind, null));
        return ref;
    }

    // ---- helpers ----

    private static SparseMap map(int targetSize, int sourceSize, List<int[]> entries, long[] constants) {
        List<Long> ones = new ArrayList<>(java.util.Collections.nCopies(entries.size(), 1L));
        return map(targetSize, sourceSize, entries, ones, constants);
    }

    private static SparseMap map(int targetSize, int sourceSize, List<int[]> entries, List<Long> weights, long[] constants) {
        int[] target = new int[entries.size()];
        int[] source = new int[entries.size()];
        long[] w = new long[entries.size()];
        for (int e = 0; e < target.length; e++) {
            target[e] = entries.get(e)[0];
            source[e] = entries.get(e)[1];
            w[e] = weights.get(e);
        }
        return new SparseMap(targetSize, sourceSize, target, source, w, constants);
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return id;
    }

    /** For each output (row-major) index of the transposed tensor, the input index it reads. */
    private static int[] transposeMap(int[] shape, int[] perm) {
        long[] idx = new long[(int) io.zkml4j.model.ir.Tensor.size(shape)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        long[] moved = io.zkml4j.model.quant.QuantizedExecutor.transpose(idx, shape, perm);
        int[] out = new int[moved.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) moved[i];
        }
        return out;
    }

    private static int log(int powerOfTwo) {
        return Integer.numberOfTrailingZeros(powerOfTwo);
    }
}
