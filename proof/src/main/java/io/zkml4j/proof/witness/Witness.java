package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.FractionTree;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.proof.circuit.LogUpPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.ReluPlan;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The prover's values for every vector of a circuit: tensors in proof layout (public ones too),
 * the witness commitment's vectors (activations, remainder limbs, multiplicities, masks, the
 * sumcheck mask), and, once the lookup challenges are known, the inverses.
 */
public final class Witness {
    private final Circuit circuit;
    private final long[][] model;
    private final long[][] dataset;
    private long[][] previous; // a training step's weights one step back, or null
    private final long[][] witness;
    private long[][] inverses;
    private FractionTree[] fractionTrees;
    private List<SumcheckMask> logUpMasks = List.of();
    private final Map<String, long[]> tensors = new HashMap<>();
    private final SumcheckMask sumcheckMask;
    private final List<long[]> outputs;
    private Deviation deviation = Deviation.HONEST;

    private Witness(Circuit circuit, long[][] model, long[][] dataset, long[][] witness, SumcheckMask sumcheckMask, List<long[]> outputs) {
        this.circuit = circuit;
        this.model = model;
        this.dataset = dataset;
        this.witness = witness;
        this.sumcheckMask = sumcheckMask;
        this.outputs = outputs;
    }

    /**
     * Runs the model on each input (already quantised) and lays out everything the proof commits to.
     * Randomness for the masks comes from {@code random}.
     */
    public static Witness build(Circuit circuit, long[][] model, List<long[]> inputs, Random random) {
        return build(circuit, model, inputs, random, Deviation.HONEST);
    }

    /**
     * A way for soundness tests to play a dishonest prover: change the execution trace before the
     * witness is laid out, or committed vectors after, and commit to lookups whose values are not
     * in their tables. An honest prover uses {@link #HONEST}.
     */
    public interface Deviation {
        Deviation HONEST = new Deviation() {};

        /** Changes the values of sample b's execution (arrays may be modified in place). */
        default void alterTrace(int b, QuantizedExecutor.Trace trace) {}

        /** Changes laid-out vectors (through {@link Witness#replace}). */
        default void alterWitness(Witness w) {}

        /** The input (full vector) a convolution's im2col is gathered from: the committed one unless a test's prover convolves another. */
        default long[] convolutionInput(String layer, long[] committed) {
            return committed;
        }

        /**
         * Changes an accuracy circuit's own vectors (the prediction, gaps, labels, matches) right after
         * they are computed, before their range limbs and the lookups' multiplicities are derived.
         */
        default void alterAccuracy(Witness w) {}

        /** Changes a training step's own vectors right after they are computed, before their range limbs and multiplicities. */
        default void alterTraining(Witness w) {}

        /** The inputs whose hashes the proof states, for hashed inputs: the real ones unless a test hashes others. */
        default java.util.List<long[]> hashedInputs(java.util.List<long[]> inputs) {
            return inputs;
        }

        /** The outputs whose hashes the proof states, for hashed outputs: the real ones unless a test hashes others. */
        default java.util.List<long[]> hashedOutputs(java.util.List<long[]> outputs) {
            return outputs;
        }

        /**
         * For a looked-up tuple (signed values) missing from its table: the table tuple to count
         * and invert in its place, so that the LogUp sums still balance. Null (the honest
         * prover) fails instead.
         */
        default long[] substituteTuple(TablePlan table, long[] tuple) {
            return null;
        }

        /**
         * Changes the committed tops of the fraction trees once computed for the lookup challenges
         * (indexed as the circuit's inverse vectors); the trees themselves ({@link #fractionTree}) may be
         * changed in place here too.
         */
        default void alterInverses(Witness w, Ext2[] alphas, Ext2[] betas, long[][] inverses) {}
    }

    public static Witness build(Circuit circuit, long[][] model, List<long[]> inputs, Random random, Deviation deviation) {
        return build(circuit, model, null, inputs, random, deviation);
    }

    /**
     * The same for a circuit over a committed dataset (an accuracy circuit): {@code dataset} holds
     * the dataset commitment's vectors, and {@code inputs} are its rows already rescaled, one for
     * every slot of the padded batch (a padding row's slot holds what the commitment holds there,
     * rescaled: the circuit proves every slot's rescaling, so no slot may repeat another row).
     */
    public static Witness build(Circuit circuit, long[][] model, long[][] dataset, List<long[]> inputs, Random random, Deviation deviation) {
        if ((dataset != null) != (circuit.accuracy() != null)) {
            throw new IllegalArgumentException("a circuit over a dataset needs the dataset's vectors, and only it");
        }
        return build(circuit, model, dataset, null, circuit.model(), inputs, random, deviation, null);
    }

    /**
     * A training step's witness: {@code executed} is the forward model with the step's weights (whose
     * vectors, in circuit layout, are {@code model}), {@code inputs} the batch's rows rescaled into
     * activations (its inputs), {@code batch} the same rows as committed and their labels.
     */
    public static Witness buildTraining(Circuit circuit, long[][] model, long[][] previous, QuantizedModel executed, TrainingBatch batch,
                                        List<long[]> inputs, Random random, Deviation deviation) {
        if (circuit.training() == null) {
            throw new IllegalArgumentException("not a training circuit");
        }
        return build(circuit, model, null, batch, executed, inputs, random, deviation, previous);
    }

    private static Witness build(Circuit circuit, long[][] model, long[][] dataset, TrainingBatch batch, QuantizedModel executed,
                                 List<long[]> inputs, Random random, Deviation deviation, long[][] previous) {
        int expected = dataset != null ? circuit.batchPadded() : circuit.batch();
        if (inputs.size() != expected) {
            throw new IllegalArgumentException("the circuit is for " + expected + " inputs" + (dataset != null ? " (its padded batch)" : "")
                    + ", got " + inputs.size());
        }
        QuantizedModel m = circuit.model();
        QuantizedExecutor.Trace[] traces = new QuantizedExecutor.Trace[inputs.size()];
        java.util.stream.IntStream.range(0, traces.length).parallel().forEach(b -> traces[b] = QuantizedExecutor.run(executed, inputs.get(b)));
        for (int b = 0; b < traces.length; b++) {
            deviation.alterTrace(b, traces[b]);
        }
        long[][] w = new long[circuit.witnessVectors().size()][];
        Witness wit = new Witness(circuit, model, dataset, w, SumcheckMask.random(circuit.libraDegrees(), random),
                java.util.Arrays.stream(traces).limit(circuit.batch()).map(t -> t.value(m.output())).toList());
        wit.deviation = deviation;
        wit.previous = previous;
        // Tensors: every model tensor with a plan, in its layout.
        for (Map.Entry<String, TensorPlan> e : circuit.tensors().entrySet()) {
            String name = e.getKey();
            TensorPlan plan = e.getValue();
            if (!m.tensors().containsKey(name)) {
                continue; // auxiliary (t of a layer), filled below
            }
            long[][] samples = new long[traces.length][];
            for (int b = 0; b < traces.length; b++) {
                samples[b] = traces[b].value(name);
            }
            wit.putTensor(plan, plan.layout().place(samples, plan.padValue()));
        }
        int samples = circuit.batchPadded();
        for (LayerPlan plan : circuit.layers()) {
            if (plan.requant() != null) {
                wit.requantWitness(plan.layer().name(), plan.requant(), traces);
            }
            switch (plan) {
                case LayerPlan.MaxPool p -> {
                    long[] x = wit.tensor(p.input().name());
                    long[] y = wit.tensor(p.output().name());
                    for (int k = 0; k < p.maps().size(); k++) {
                        long[] d = p.maps().get(k).applyAll(x, samples);
                        for (int i = 0; i < d.length; i++) {
                            d[i] = Goldilocks.sub(y[i], d[i]);
                        }
                        wit.putField(p.differences().get(k), d);
                    }
                }
                case LayerPlan.MatMul mm -> {
                    wit.putField(mm.aMatrix(), mm.aMap().applyAll(wit.tensor(mm.a().name()), samples));
                    wit.putField(mm.bMatrix(), mm.bMap().applyAll(wit.tensor(mm.b().name()), samples));
                }
                case LayerPlan.Concat c -> {
                    for (int k = 0; k < c.maps().size(); k++) {
                        wit.putField(c.parts().get(k), c.maps().get(k).applyAll(wit.tensor(c.inputs().get(k).name()), samples));
                    }
                }
                default -> { }
            }
        }
        // Tensors copied into another layout (after the layers: their sources are layer outputs).
        for (io.zkml4j.proof.circuit.GatherPlan g : circuit.constraints().gathers()) {
            if (g.definesTarget()) {
                wit.putField(g.target().get(0).tensor(), g.map().applyAll(wit.tensor(g.source().name()), samples));
            }
        }
        // ReLU signs first: a training step's backward pass reads them.
        for (ReluPlan r : circuit.relus()) {
            long[] t = wit.tensor(r.t().name());
            long[] sign = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                sign[i] = Goldilocks.toSigned(t[i]) >= 0 ? 1 : 0;
            }
            wit.putField(r.sign(), sign);
        }
        if (circuit.accuracy() != null) {
            AccuracyWitness.fill(wit, circuit.accuracy());
            deviation.alterAccuracy(wit);
        }
        if (circuit.training() != null) {
            TrainingWitness.fill(wit, circuit.training(), batch);
            deviation.alterTraining(wit);
        }
        wit.complete(random);
        return wit;
    }

    /**
     * The witness of one of the weights proof's circuits (range checks of model vectors only): no
     * input, nothing run.
     */
    public static Witness buildWeights(Circuit circuit, long[][] model, Random random, Deviation deviation) {
        if (!circuit.layers().isEmpty() || !circuit.tensors().values().stream().allMatch(t -> t.vector() != null)) {
            throw new IllegalArgumentException("not a weights circuit");
        }
        Witness wit = new Witness(circuit, model, null, new long[circuit.witnessVectors().size()][],
                SumcheckMask.random(circuit.libraDegrees(), random), List.of());
        wit.deviation = deviation;
        wit.complete(random);
        return wit;
    }

    /** The range limbs, the lookups' multiplicities, the masks: what follows from the values laid out. */
    private void complete(Random random) {
        for (Decomposition d : circuit.decompositions()) {
            decompose(d);
        }
        deviation.alterWitness(this);
        multiplicities();
        for (Circuit.VectorSpec spec : circuit.witnessVectors()) {
            int i = spec.ref().poly();
            switch (spec.kind()) {
                case MASK -> witness[i] = MaskedInstance.randomCommittedMask(random);
                case SUMCHECK_MASK -> { } // below, in chunks
                case DATA -> {
                    if (witness[i] == null) {
                        throw new IllegalStateException("witness vector " + spec.ref().name() + " has no value");
                    }
                }
            }
        }
        fillChunks(sumcheckMask, circuit.libraMasks());
        List<SumcheckMask> masks = new java.util.ArrayList<>();
        for (LogUpPlan.MaskedSumcheckPlan s : circuit.logUp().sumchecks()) {
            SumcheckMask m = SumcheckMask.random(s.degrees(), random);
            fillChunks(m, s.chunks());
            masks.add(m);
        }
        logUpMasks = List.copyOf(masks);
    }

    /** A sumcheck mask's table, committed in the given chunks. */
    private void fillChunks(SumcheckMask m, List<VectorRef> chunks) {
        long[] mask = m.table();
        int chunk = mask.length / chunks.size();
        for (int c = 0; c < chunks.size(); c++) {
            witness[chunks.get(c).poly()] = java.util.Arrays.copyOfRange(mask, c * chunk, (c + 1) * chunk);
        }
    }

    private void putTensor(TensorPlan plan, long[] values) {
        long[] field = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            field[i] = Goldilocks.fromSigned(values[i]);
        }
        putField(plan, field);
    }

    void putField(TensorPlan plan, long[] field) {
        if (field.length != plan.layout().size()) {
            throw new IllegalStateException(plan.name() + ": " + field.length + " values for " + plan.layout().size() + " positions");
        }
        tensors.put(plan.name(), field);
        if (!plan.isPublic() && witness[plan.vector().poly()] == null) {
            witness[plan.vector().poly()] = field;
        }
    }

    /** t (when not the output itself) and the remainder limbs of one layer. */
    private void requantWitness(String layer, RequantPlan rq, QuantizedExecutor.Trace[] traces) {
        TensorLayout layout = rq.output().layout();
        if (rq.t() != rq.output()) {
            long[][] t = new long[traces.length][];
            for (int b = 0; b < traces.length; b++) {
                t[b] = traces[b].layers().get(layer).requantized();
            }
            putTensor(rq.t(), layout.place(t, rq.t().padValue()));
        }
        for (int l = 0; l < rq.limbs().size(); l++) {
            long[][] limb = new long[traces.length][];
            for (int b = 0; b < traces.length; b++) {
                long[] r = traces[b].layers().get(layer).remainder();
                limb[b] = new long[r.length];
                for (int i = 0; i < r.length; i++) {
                    limb[b][i] = part(r[i], l, rq.limbs().size(), RequantPlan.LIMB_BITS);
                }
            }
            TensorPlan plan = rq.limbs().get(l);
            putTensor(plan, layout.place(limb, plan.padValue()));
        }
    }

    /**
     * Part l of {@code count} parts of {@code bits} bits each of a remainder: the last part holds
     * all the remaining high bits (all of them, for a single part).
     */
    public static long part(long remainder, int l, int count, int bits) {
        long shifted = remainder >>> (bits * l);
        return l == count - 1 ? shifted : shifted & ((1L << bits) - 1);
    }

    /** The 8-bit limbs of value + offset (the top one keeps the sign). */
    private void decompose(Decomposition d) {
        long[] v = java.util.Arrays.copyOf(tensor(d.value().name()), d.limbs().get(0).layout().size()); // zero-extended to the limbs
        int count = d.limbs().size();
        long[][] limbs = new long[count][v.length];
        for (int i = 0; i < v.length; i++) {
            long x = Goldilocks.toSigned(v[i]) + d.offset();
            for (int l = 0; l < count; l++) {
                int bits = d.limbBits();
                long limb = l == count - 1 ? x >> (bits * l) : (x >> (bits * l)) & ((1L << bits) - 1);
                limbs[l][i] = Goldilocks.fromSigned(limb);
            }
        }
        for (int l = 0; l < count; l++) {
            putField(d.limbs().get(l), limbs[l]);
        }
    }

    /** Counts every lookup's rows in its table; fails if a row is missing (the witness is wrong). */
    private void multiplicities() {
        long[][] counts = new long[circuit.tables().size()][];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = new long[1 << circuit.tables().get(t).numVars()];
        }
        // Honest operands find their rows on all cores, a deviating prover's in order; the counting is sequential.
        List<LookupPlan.Operand> operands = new java.util.ArrayList<>();
        List<Integer> tableOf = new java.util.ArrayList<>();
        for (LookupPlan l : circuit.lookups()) {
            for (LookupPlan.Operand o : l.operands()) {
                operands.add(o);
                tableOf.add(l.table());
            }
        }
        boolean parallel = deviation == Deviation.HONEST;
        java.util.stream.IntStream indices = java.util.stream.IntStream.range(0, operands.size());
        int[][] rowsOf = (parallel ? indices.parallel() : indices).mapToObj(i -> {
            TablePlan table = circuit.tables().get(tableOf.get(i));
            long[][] cols = columns(operands.get(i));
            int[] rows = new int[cols[0].length];
            java.util.stream.IntStream positions = java.util.stream.IntStream.range(0, rows.length); // one large operand would hold a core alone
            (parallel ? positions.parallel() : positions).forEach(x -> rows[x] = rowAt(table, cols, x, operands.get(i).label()));
            return rows;
        }).toArray(int[][]::new);
        for (int i = 0; i < rowsOf.length; i++) {
            long[] into = counts[tableOf.get(i)];
            for (int row : rowsOf[i]) {
                into[row]++;
            }
        }
        for (int t = 0; t < counts.length; t++) {
            witness[circuit.tables().get(t).multiplicities().poly()] = counts[t];
        }
    }

    /** The signed tuple looked up at position x, which must be in the table (or substituted by a deviating prover). */
    private long[] tuple(TablePlan table, long[][] cols, int x, String label) {
        long[] values = signedTuple(cols, x);
        return table.rowOf(values) >= 0 ? values : substitute(table, values, x, label);
    }

    /** The table row of the tuple looked up at position x, or of a deviating prover's substitute for it (the row found once, not twice). */
    private int rowAt(TablePlan table, long[][] cols, int x, String label) {
        long[] values = signedTuple(cols, x);
        int row = table.rowOf(values);
        return row >= 0 ? row : table.rowOf(substitute(table, values, x, label));
    }

    private static long[] signedTuple(long[][] cols, int x) {
        long[] values = new long[cols.length];
        for (int c = 0; c < cols.length; c++) {
            values[c] = Goldilocks.toSigned(cols[c][x]);
        }
        return values;
    }

    /** A deviating prover's substitute for a tuple outside its table; an honest prover's wrong witness fails here. */
    private long[] substitute(TablePlan table, long[] values, int x, String label) {
        long[] substitute = deviation.substituteTuple(table, values);
        if (substitute == null || table.rowOf(substitute) < 0) {
            throw new IllegalStateException("lookup " + label + " position " + x + ": " + java.util.Arrays.toString(values) + " is not in "
                    + table.label());
        }
        return substitute;
    }

    /** The field values of a looked-up operand's columns, scale·v + offset, at every position. */
    public long[][] columns(LookupPlan.Operand operand) {
        long[][] cols = new long[operand.columns().size()][];
        for (int c = 0; c < cols.length; c++) {
            LookupPlan.Column col = operand.columns().get(c);
            long[] v = tensor(col.tensor().name());
            long[] out = new long[v.length];
            long scale = Goldilocks.fromSigned(col.scale());
            long offset = Goldilocks.fromSigned(col.offset());
            for (int i = 0; i < v.length; i++) {
                out[i] = Goldilocks.add(Goldilocks.mul(scale, v[i]), offset);
            }
            cols[c] = out;
        }
        return cols;
    }

    /**
     * Builds every fraction tree once the lookup challenges (α, β per table) are drawn, and the
     * committed part of each: its layer {@link FractionTreePlan#TOP_VARS} as fractions p/q (what the
     * inverse commitment holds).
     */
    public void computeInverses(Ext2[] alphas, Ext2[] betas) {
        List<FractionTreePlan> plans = circuit.logUp().trees();
        FractionTree[] built = new FractionTree[plans.size()];
        long[][] inv = new long[circuit.inverseVectors().size()][];
        // Tables first: an α that makes a denominator vanish is then refused on public data alone
        // (every honest lookup value is a table row), so a live verifier learns nothing from where
        // the prover stopped.
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).isTable()) {
                built[i] = tableTree(plans.get(i), alphas, betas);
                split(topFractions(built[i]), plans.get(i).top().c0().poly(), plans.get(i).top().c1().poly(), inv);
            }
        }
        java.util.stream.IntStream lookups = java.util.stream.IntStream.range(0, plans.size()).filter(i -> !plans.get(i).isTable());
        (deviation == Deviation.HONEST ? lookups.parallel() : lookups).forEach(i -> {
            built[i] = lookupTree(plans.get(i), alphas, betas);
            split(topFractions(built[i]), plans.get(i).top().c0().poly(), plans.get(i).top().c1().poly(), inv);
        });
        for (int i = 0; i < inv.length; i++) {
            if (inv[i] == null) { // the placeholder of a circuit without lookups
                inv[i] = new long[1 << circuit.inverseVectors().get(i).ref().numVars()];
            }
        }
        this.fractionTrees = built;
        deviation.alterInverses(this, alphas, betas, inv);
        this.inverses = inv;
    }

    /** A table's tree: numerators its multiplicities, denominators α − Σ_c β^c·row_c. */
    private FractionTree tableTree(FractionTreePlan plan, Ext2[] alphas, Ext2[] betas) {
        LookupTable tbl = plan.tablePlan().table();
        int rows = 1 << tbl.numVars();
        long[][] cols = new long[tbl.columns()][rows];
        for (int c = 0; c < tbl.columns(); c++) {
            for (int j = 0; j < rows; j++) {
                cols[c][j] = tbl.value(j, c);
            }
        }
        long[] denominators = new long[2 * rows];
        compress(cols, alphas[plan.table()], betas[plan.table()], denominators, 0);
        return new FractionTree(io.zkml4j.core.poly.ExtVectors.fromBase(witness[plan.tablePlan().multiplicities().poly()]), denominators);
    }

    /** A lookup's tree: unit numerators, denominators α − tuple for each operand's positions, operands side by side. */
    private FractionTree lookupTree(FractionTreePlan plan, Ext2[] alphas, Ext2[] betas) {
        LookupPlan l = plan.lookup();
        int size = 1 << l.numVars();
        long[] denominators = new long[2 * size * l.operands().size()];
        for (int o = 0; o < l.operands().size(); o++) {
            LookupPlan.Operand operand = l.operands().get(o);
            long[][] cols = columns(operand);
            if (deviation != Deviation.HONEST) { // a deviating prover's leaves are its substitutes
                TablePlan table = circuit.tables().get(l.table());
                for (int x = 0; x < cols[0].length; x++) {
                    long[] t = tuple(table, cols, x, operand.label());
                    for (int c = 0; c < cols.length; c++) {
                        cols[c][x] = Goldilocks.fromSigned(t[c]);
                    }
                }
            }
            compress(cols, alphas[l.table()], betas[l.table()], denominators, o * size);
        }
        return new FractionTree(null, denominators);
    }

    /** α − Σ_c β^c·col_c(x) for every x, stored from position {@code at} of an interleaved extension vector. */
    private static void compress(long[][] cols, Ext2 alpha, Ext2 beta, long[] into, int at) {
        long a0 = alpha.c0, a1 = alpha.c1;
        if (cols.length == 1) { // one column (a range check): α − v, v in the base field
            long[] v = cols[0];
            for (int x = 0; x < v.length; x++) {
                into[2 * (at + x)] = Goldilocks.sub(a0, v[x]);
                into[2 * (at + x) + 1] = a1;
            }
            return;
        }
        if (cols.length == 2) { // a pair: α − v − β·w
            long b0 = beta.c0, b1 = beta.c1;
            long[] v = cols[0], w = cols[1];
            for (int x = 0; x < v.length; x++) {
                into[2 * (at + x)] = Goldilocks.sub(Goldilocks.sub(a0, v[x]), Goldilocks.mul(b0, w[x]));
                into[2 * (at + x) + 1] = Goldilocks.sub(a1, Goldilocks.mul(b1, w[x]));
            }
            return;
        }
        for (int x = 0; x < cols[0].length; x++) {
            Ext2 v = Ext2.ZERO;
            for (int c = cols.length - 1; c >= 0; c--) {
                v = v.mul(beta).add(Ext2.fromBase(cols[c][x]));
            }
            alpha.sub(v).store(into, at + x);
        }
    }

    /** A tree's committed layer: p/q at each of its nodes (a vanishing q means α hit a looked-up value: prove again). */
    private static long[] topFractions(FractionTree tree) {
        int layer = FractionTreePlan.TOP_VARS;
        long[] p = tree.numerators(layer);
        long[] q = Inverses.batchInvert(tree.denominators(layer));
        for (int x = 0; x < q.length / 2; x++) {
            Ext2.at(q, x).mul(Ext2.at(p, x)).store(q, x);
        }
        return q;
    }

    /** Tree i of the circuit's {@link io.zkml4j.proof.circuit.LogUpPlan}, built by {@link #computeInverses}. */
    public FractionTree fractionTree(int i) {
        if (fractionTrees == null) {
            throw new IllegalStateException("fraction trees are built after the lookup challenges");
        }
        return fractionTrees[i];
    }

    /** Whether the fraction trees are built (they are freed after their commitment and rebuilt for their sumchecks). */
    public boolean hasFractionTrees() {
        return fractionTrees != null;
    }

    /** Frees the fraction trees: a kept witness then holds only what the opening needs (they are several values per looked-up value). */
    public void releaseFractionTrees() {
        fractionTrees = null;
    }

    /** The mask of the LogUp plan's zero-knowledge sumcheck s. */
    public SumcheckMask logUpMask(int s) {
        return logUpMasks.get(s);
    }

    private static void split(long[] ext, int c0, int c1, long[][] into) {
        long[][] parts = io.zkml4j.core.poly.ExtVectors.components(ext);
        into[c0] = parts[0];
        into[c1] = parts[1];
    }

    public Circuit circuit() {
        return circuit;
    }

    /** Replaces a committed tensor's values (field elements, proof layout): for dishonest-prover tests. */
    public void replace(String tensor, long[] field) {
        TensorPlan plan = circuit.tensor(tensor);
        if (plan.isPublic() || field.length != plan.layout().size()) {
            throw new IllegalArgumentException("cannot replace " + tensor);
        }
        tensors.put(tensor, field);
        witness[plan.vector().poly()] = field;
    }

    /** Values of a vector in any commitment. */
    public long[] vector(VectorRef ref) {
        return vector(ref.commitment(), ref.poly());
    }

    /** Values of polynomial {@code poly} of commitment {@code commitment} ({@link VectorRef#WITNESS} and the others). */
    public long[] vector(int commitment, int poly) {
        return switch (commitment) {
            case VectorRef.MODEL -> model[poly];
            case VectorRef.DATASET -> dataset[poly];
            case VectorRef.PREVIOUS -> previous[poly];
            case VectorRef.WITNESS -> witness[poly];
            case VectorRef.INVERSES -> {
                if (inverses == null) {
                    throw new IllegalStateException("inverses are computed after the lookup challenges");
                }
                yield inverses[poly];
            }
            default -> throw new IllegalArgumentException("unknown commitment " + commitment);
        };
    }

    /** The values a convolution's im2col gathers: its input's full vector (a deviating prover's own, in tests). */
    public long[] convolutionInput(io.zkml4j.proof.circuit.LayerPlan.Conv conv) {
        return deviation.convolutionInput(conv.layer().name(), tensor(conv.input().name()));
    }

    /** The mask of a masked vector, as interleaved extension values. */
    public long[] mask(VectorRef ref) {
        return MaskedInstance.fromCommitted(witness[ref.mask()]);
    }

    /** A tensor's full vector in proof layout (field elements), public or committed. */
    public long[] tensor(String name) {
        long[] v = tensors.get(name);
        if (v == null) {
            TensorPlan plan = circuit.tensor(name);
            v = plan.isPublic() ? null : vector(plan.vector());
            if (v == null) {
                throw new IllegalStateException("no values for tensor '" + name + "'");
            }
        }
        return v;
    }

    public long[][] witnessVectors() {
        return witness;
    }

    public long[][] inverseVectors() {
        return inverses;
    }

    public SumcheckMask sumcheckMask() {
        return sumcheckMask;
    }

    /** The integer outputs, one per input. */
    public List<long[]> outputs() {
        return outputs;
    }
}
