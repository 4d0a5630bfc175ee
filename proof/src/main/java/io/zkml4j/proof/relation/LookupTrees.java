package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.FractionTree;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.proof.circuit.LogUpPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LogUp by GKR in zero knowledge (Papini and Haböck, "Improving logarithmic derivative lookups
 * using GKR", 2023, with every revealed value masked): the lookups' inverses are never committed.
 * Each lookup and each table is a fraction tree ({@link FractionTreePlan}) of which only layer
 * {@link FractionTreePlan#TOP_VARS} is committed, as fractions u = p/q. For every member (section)
 * proven together:
 * <ol>
 * <li>the balance of each table: Σ u over its lookups' trees minus Σ u over its own tree is zero
 *     (a commitment claim of value zero; each u sums its subtree's leaves);</li>
 * <li>the top check: Σ_y eq(τ, y)·Σ_t λ_t·[u_t(y)·q_t(y) − p_t(y)] = 0 over the committed layer, so
 *     u = p/q there (q is a product of α − leaf values, non-zero unless α hit a value committed
 *     before it was drawn);</li>
 * <li>layer by layer, p_l(ρ) + μ·q_l(ρ) = Σ_x eq(ρ, x)·[p_L q_R + p_R q_L + μ·q_L q_R](x) over the
 *     children's halves, batched over every tree deeper than l; a fresh τ folds the two halves' values
 *     into the next claim at (r, τ);</li>
 * <li>at the leaves, each half of a lookup tree's leaves is revealed as one masked value and tied to
 *     its operands' committed columns by one linear claim (α − tuple is affine in the columns); a
 *     table tree's halves reveal its multiplicities, its public rows the verifier computes.</li>
 * </ol>
 * Every sumcheck is the masked one of {@link ZkSumcheck#proveHiddenClaim} with a committed mask of
 * its own, and every table it reveals at its end carries a committed mask used only there (the
 * tree's fold masks, or the top's own mask), so each revealed value is uniformly random; the hidden
 * claim carries those masks' terms. Soundness is GKR's: each layer's sumcheck, then the fold at τ.
 */
public final class LookupTrees {
    private LookupTrees() {}

    /** What a section's trees claim: per member its own claims (revealed leaves and tops, balances) and the claims spanning members. */
    public record Claims(List<List<LinearClaim>> own, List<SharedClaim> shared) {}

    /** A value known as a constant minus committed terms: a layer's p or q at the next point. */
    private record Carried(Ext2 constant, List<LinearClaim.Term> terms) {
        Carried scaled(Ext2 c) {
            return new Carried(constant.mul(c), scaleTerms(terms, c));
        }

        Carried plus(Carried o) {
            List<LinearClaim.Term> t = new ArrayList<>(terms);
            t.addAll(o.terms);
            return new Carried(constant.add(o.constant), t);
        }
    }

    private static List<LinearClaim.Term> scaleTerms(List<LinearClaim.Term> terms, Ext2 c) {
        List<LinearClaim.Term> out = new ArrayList<>();
        for (LinearClaim.Term t : terms) {
            out.add(new LinearClaim.Term(t.commitment(), t.polynomial(), t.weights(), t.coefficient().mul(c)));
        }
        return out;
    }

    /** One table of a sumcheck step: what it is and how both sides read it. */
    private enum Kind { TOP, DERIVED, ONES, LEAF_Q, LEAF_M, TABLE_Q }

    /**
     * A child table of one tree in one step. {@code layer}/{@code half}: the layer whose table (or half
     * of it, −1 for whole) it is, the leaves' for LEAF_Q, LEAF_M and TABLE_Q; {@code slice}: the leaf slice of LEAF_Q, LEAF_M and TABLE_Q;
     * {@code masks}: its fold mask (DERIVED, LEAF_M, LEAF_Q).
     */
    private record Slot(Kind kind, boolean numerator, int layer, int half, FractionTreePlan.LeafSlice slice, List<VectorRef> masks) {
        int revealCount() {
            return switch (kind) {
                case TOP, DERIVED, LEAF_M, LEAF_Q -> 1;
                case ONES, TABLE_Q -> 0;
            };
        }
    }

    /** Tree t's slots in the top check: u, then p and q of the committed layer. */
    private static List<Slot> topSlots(FractionTreePlan t) {
        int top = FractionTreePlan.TOP_VARS;
        if (t.numVars() > top) {
            return List.of(new Slot(Kind.TOP, false, top, -1, null, List.of()),
                    new Slot(Kind.DERIVED, true, top, -1, null, List.of(t.topMasks().get(0))),
                    new Slot(Kind.DERIVED, false, top, -1, null, List.of(t.topMasks().get(1))));
        }
        return List.of(new Slot(Kind.TOP, false, top, -1, null, List.of()), leafP(t, 0), leafQ(t, 0));
    }

    /** Tree t's slots in layer l's sumcheck: p_L, p_R, q_L, q_R, the halves of layer l + 1. */
    private static List<Slot> layerSlots(FractionTreePlan t, int l) {
        if (l + 1 < t.numVars()) {
            List<VectorRef> m = t.layerMasks().get(l - FractionTreePlan.TOP_VARS);
            return List.of(new Slot(Kind.DERIVED, true, l + 1, 0, null, List.of(m.get(0))), new Slot(Kind.DERIVED, true, l + 1, 1, null, List.of(m.get(1))),
                    new Slot(Kind.DERIVED, false, l + 1, 0, null, List.of(m.get(2))), new Slot(Kind.DERIVED, false, l + 1, 1, null, List.of(m.get(3))));
        }
        return List.of(leafP(t, 0), leafP(t, 1), leafQ(t, 0), leafQ(t, 1));
    }

    private static Slot leafP(FractionTreePlan t, int s) {
        return t.isTable() ? new Slot(Kind.LEAF_M, true, t.numVars(), leafHalf(t, s), t.slice(s), List.of(t.leafMasks().get(s)))
                : new Slot(Kind.ONES, true, -1, -1, null, List.of());
    }

    private static Slot leafQ(FractionTreePlan t, int s) {
        return t.isTable() ? new Slot(Kind.TABLE_Q, false, t.numVars(), leafHalf(t, s), t.slice(s), List.of())
                : new Slot(Kind.LEAF_Q, false, t.numVars(), leafHalf(t, s), t.slice(s), List.of(t.leafMasks().get(s)));
    }

    /** Which half of the leaves slice s is: −1 for all of them when the committed layer is the leaves. */
    private static int leafHalf(FractionTreePlan t, int s) {
        return t.leafSlices() == 1 ? -1 : s;
    }

    /** A member's tree in a step. */
    private record Active(int member, int tree) {}

    // ---- prover ----

    public static Claims prove(Circuit circuit, List<Witness> members, Challenges c, ProverChannel ch, String label) {
        return new Run(circuit, members.size(), c, label, members, ch, null, null).run();
    }

    // ---- verifier ----

    public static Claims verify(Circuit circuit, List<PublicTensors> pubs, Challenges c, VerifierChannel ch, String label)
            throws InvalidProofException {
        try {
            return new Run(circuit, pubs.size(), c, label, null, null, ch, pubs).run();
        } catch (Rejected e) {
            throw e.cause;
        }
    }

    /** Carries a verifier's InvalidProofException through the shared run. */
    private static final class Rejected extends RuntimeException {
        final InvalidProofException cause;

        Rejected(InvalidProofException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** One run of the steps, by the prover (members, pch) or the verifier (vch, pubs): the same order of challenges and claims. */
    private static final class Run {
        private final Circuit circuit;
        private final LogUpPlan plan;
        private final int m;
        private final Challenges c;
        private final String label;
        private final List<Witness> members;
        private final ProverChannel pch;
        private final VerifierChannel vch;
        private final List<PublicTensors> pubs;
        private final List<List<LinearClaim>> own = new ArrayList<>();
        private final List<SharedClaim> shared = new ArrayList<>();

        Run(Circuit circuit, int m, Challenges c, String label, List<Witness> members, ProverChannel pch, VerifierChannel vch, List<PublicTensors> pubs) {
            this.circuit = circuit;
            this.plan = circuit.logUp();
            this.m = m;
            this.c = c;
            this.label = label;
            this.members = members;
            this.pch = pch;
            this.vch = vch;
            this.pubs = pubs;
            for (int i = 0; i < m; i++) {
                own.add(new ArrayList<>());
            }
        }

        private boolean prover() {
            return members != null;
        }

        private Ext2[] challenges(String name, int count) {
            return prover() ? pch.challengeExts(name, count) : vch.challengeExts(name, count);
        }

        Claims run() {
            List<FractionTreePlan> trees = plan.trees();
            if (trees.isEmpty()) {
                return new Claims(own, shared);
            }
            balances();
            int top = FractionTreePlan.TOP_VARS;
            // The top check.
            List<Active> all = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                for (int t = 0; t < trees.size(); t++) {
                    all.add(new Active(i, t));
                }
            }
            Ext2[] lambda = challenges(label + ".top.batch", all.size());
            Ext2[] tau = challenges(label + ".top.tau", top);
            List<List<Slot>> slots = new ArrayList<>();
            List<ProductSumInstance.Term> terms = new ArrayList<>();
            for (int a = 0; a < all.size(); a++) {
                slots.add(topSlots(trees.get(all.get(a).tree())));
                int base = 3 * a;
                terms.add(new ProductSumInstance.Term(lambda[a], base, base + 2));
                terms.add(new ProductSumInstance.Term(lambda[a].neg(), base + 1));
            }
            List<List<LinearClaim.Term>> noTerms = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                noTerms.add(List.of());
            }
            Step step = stepWithHidden(0, label + ".top", all, slots, terms, tau, null, null, Ext2.ZERO, noTerms); // the claimed sum is zero
            Ext2 f = Ext2.ZERO;
            for (int a = 0; a < all.size(); a++) {
                Ext2[] v = step.values.get(a);
                f = f.add(lambda[a].mul(v[0].mul(v[2]).sub(v[1])));
            }
            finish(step, Multilinear.eq(tau, step.point).mul(f), 0);
            // Each tree's claims on its committed layer, at the top check's point.
            Ext2[] rho = step.point;
            Carried[] pClaim = new Carried[all.size()];
            Carried[] qClaim = new Carried[all.size()];
            for (int a = 0; a < all.size(); a++) {
                if (trees.get(all.get(a).tree()).numVars() > top) {
                    pClaim[a] = step.carried(a, 1);
                    qClaim[a] = step.carried(a, 2);
                }
            }
            for (int l = top; l < plan.depth(); l++) {
                List<Integer> active = new ArrayList<>();
                for (int a = 0; a < all.size(); a++) {
                    if (trees.get(all.get(a).tree()).numVars() > l) {
                        active.add(a);
                    }
                }
                String name = label + ".layer" + l;
                Ext2 mu = challenges(name + ".mu", 1)[0];
                Ext2[] batch = challenges(name + ".batch", active.size());
                Ext2 hiddenConstant = Ext2.ZERO;
                List<Active> stepMembers = new ArrayList<>();
                slots = new ArrayList<>();
                terms = new ArrayList<>();
                List<List<LinearClaim.Term>> hiddenTerms = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    hiddenTerms.add(new ArrayList<>());
                }
                Ext2[] claimValues = prover() ? new Ext2[active.size()] : null;
                for (int k = 0; k < active.size(); k++) {
                    int a = active.get(k);
                    Active who = all.get(a);
                    stepMembers.add(who);
                    slots.add(layerSlots(trees.get(who.tree()), l));
                    Carried combined = pClaim[a].plus(qClaim[a].scaled(mu));
                    if (prover()) {
                        claimValues[k] = valueOn(combined, who.member());
                    }
                    Carried claim = combined.scaled(batch[k]);
                    hiddenConstant = hiddenConstant.add(claim.constant);
                    hiddenTerms.get(who.member()).addAll(claim.terms);
                    int base = 4 * k;
                    terms.add(new ProductSumInstance.Term(batch[k], base, base + 3));
                    terms.add(new ProductSumInstance.Term(batch[k], base + 1, base + 2));
                    terms.add(new ProductSumInstance.Term(batch[k].mul(mu), base + 2, base + 3));
                }
                step = stepWithHidden(1 + l - top, name, stepMembers, slots, terms, rho, mu, claimValues, hiddenConstant, hiddenTerms);
                f = Ext2.ZERO;
                for (int k = 0; k < active.size(); k++) {
                    Ext2[] v = step.values.get(k);
                    f = f.add(batch[k].mul(v[0].mul(v[3]).add(v[1].mul(v[2])).add(mu.mul(v[2].mul(v[3])))));
                }
                finish(step, Multilinear.eq(rho, step.point).mul(f), 1 + l - top);
                Ext2 t = challenges(name + ".tau", 1)[0];
                Ext2 notT = Ext2.ONE.sub(t);
                for (int k = 0; k < active.size(); k++) {
                    int a = active.get(k);
                    if (trees.get(all.get(a).tree()).numVars() > l + 1) {
                        pClaim[a] = step.carried(k, 0).scaled(notT).plus(step.carried(k, 1).scaled(t));
                        qClaim[a] = step.carried(k, 2).scaled(notT).plus(step.carried(k, 3).scaled(t));
                    }
                }
                rho = Arrays.copyOf(step.point, l + 1);
                rho[l] = t;
            }
            return new Claims(own, shared);
        }

        /** Each member's balance per table: Σ u over the table's lookup trees minus Σ u over its own tree is zero. */
        private void balances() {
            Ext2 phi = Ext2.of(0, 1);
            for (int i = 0; i < m; i++) {
                for (int table = 0; table < circuit.tables().size(); table++) {
                    List<LinearClaim.Term> terms = new ArrayList<>();
                    for (FractionTreePlan t : plan.trees()) {
                        if (t.table() == table) {
                            Ext2 sign = t.isTable() ? Ext2.ONE.neg() : Ext2.ONE;
                            terms.add(ClaimTerms.sum(t.top().c0(), sign));
                            terms.add(ClaimTerms.sum(t.top().c1(), sign.mul(phi)));
                        }
                    }
                    own.get(i).add(new LinearClaim(terms, Ext2.ZERO));
                }
            }
        }

        /** The result of one step's sumcheck: its point, each active tree's slot values (masked, as revealed), and the raw revealed values; its claims are collected as it is made. */
        private final class Step {
            final List<List<Slot>> slots;
            final Ext2[] point;
            final Ext2 beta;
            final Ext2 maskedSum;
            final Ext2 combinedFinal;
            final List<Ext2[]> values = new ArrayList<>();
            final List<Ext2[][]> reveals = new ArrayList<>();

            Step(List<Active> who, List<List<Slot>> slots, Ext2[] point, Ext2 beta, Ext2 maskedSum, Ext2 combinedFinal, Ext2[] flat) {
                this.slots = slots;
                this.point = point;
                this.beta = beta;
                this.maskedSum = maskedSum;
                this.combinedFinal = combinedFinal;
                int at = 0;
                for (int a = 0; a < who.size(); a++) {
                    List<Slot> s = slots.get(a);
                    Ext2[] v = new Ext2[s.size()];
                    Ext2[][] r = new Ext2[s.size()][];
                    for (int k = 0; k < s.size(); k++) {
                        r[k] = Arrays.copyOfRange(flat, at, at + s.get(k).revealCount());
                        at += s.get(k).revealCount();
                        v[k] = value(who.get(a), s.get(k), r[k], point);
                    }
                    values.add(v);
                    reveals.add(r);
                    claims(who.get(a), s, r, point);
                }
            }

            /** Slot k of active tree a as the next layer's claim: its revealed value less its fold mask's term. */
            Carried carried(int a, int k) {
                Slot s = slots.get(a).get(k);
                if (s.kind() != Kind.DERIVED) {
                    throw new IllegalStateException("only a derived layer carries a claim");
                }
                LinearClaim.Term mask = ClaimTerms.foldMask(s.masks().get(0), point);
                return new Carried(reveals.get(a)[k][0], List.of(new LinearClaim.Term(mask.commitment(), mask.polynomial(), mask.weights(),
                        mask.coefficient().neg())));
            }
        }

        /**
         * Runs step {@code index}'s masked sumcheck with the hidden claim H = constant + Σ terms (the
         * prover's instance knows its value), reveals every slot's value, and states "T = H + β·Σ g".
         */
        private Step stepWithHidden(int index, String name, List<Active> who, List<List<Slot>> slots, List<ProductSumInstance.Term> terms,
                                    Ext2[] eqPoint, Ext2 mu, Ext2[] claimValues, Ext2 hiddenConstant, List<List<LinearClaim.Term>> hiddenTerms) {
            LogUpPlan.MaskedSumcheckPlan maskPlan = plan.sumchecks().get(index);
            Step step;
            if (prover()) {
                Proving proving = index == 0 ? topInstance(who, slots, terms, eqPoint) : layerInstance(who, slots, terms, eqPoint, mu, claimValues);
                ZkSumcheck.HiddenRun run = ZkSumcheck.proveHiddenClaim(proving.instance(), proving.claim(), members.get(0).logUpMask(index), pch, name);
                Ext2 r0 = run.point()[0];
                if (r0.mul(Ext2.ONE.sub(r0)).isZero()) { // every revealed value's mask is scaled by r0·(1 − r0)
                    throw new IllegalStateException("the sumcheck's first challenge is 0 or 1, which would unmask every revealed value; refusing");
                }
                List<Ext2> flat = new ArrayList<>();
                for (int a = 0; a < who.size(); a++) {
                    for (int k = 0; k < slots.get(a).size(); k++) {
                        flat.addAll(Arrays.asList(reveal(slots.get(a).get(k), proving.value(a, k))));
                    }
                }
                Ext2[] revealed = flat.toArray(new Ext2[0]);
                pch.sendExt(name + ".revealed", ExtVectors.of(revealed));
                step = new Step(who, slots, run.point(), run.beta(), run.maskedSum(), run.combinedFinal(), revealed);
            } else {
                try {
                    ZkSumcheck.HiddenVerification run = ZkSumcheck.verifyHiddenClaim(maskPlan.degrees(), vch, name);
                    int count = 0;
                    for (List<Slot> s : slots) {
                        for (Slot slot : s) {
                            count += slot.revealCount();
                        }
                    }
                    Ext2[] revealed = ExtVectors.toArray(vch.receiveExt(name + ".revealed", count));
                    step = new Step(who, slots, run.point(), run.beta(), run.maskedSum(), run.combinedFinal(), revealed);
                } catch (InvalidProofException e) {
                    throw new Rejected(e);
                }
            }
            // T = H + β·Σ g, i.e. Σ H's terms + β·Σ g = T − H's constant.
            List<List<LinearClaim.Term>> perMember = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                List<LinearClaim.Term> t = new ArrayList<>(hiddenTerms.get(i));
                if (i == 0) {
                    t.addAll(ClaimTerms.sumcheckMask(maskPlan.chunks(), SumcheckMask.sumWeights(maskPlan.degrees()), step.beta));
                }
                perMember.add(t);
            }
            shared.add(new SharedClaim(perMember, step.maskedSum.sub(hiddenConstant)));
            return step;
        }

        /** The sumcheck's last step: the trees' value at the point plus β·g(r) is the final claim, stated as a claim on g. */
        private void finish(Step step, Ext2 treesAtPoint, int index) {
            LogUpPlan.MaskedSumcheckPlan maskPlan = plan.sumchecks().get(index);
            List<List<LinearClaim.Term>> perMember = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                perMember.add(i == 0 ? ClaimTerms.sumcheckMask(maskPlan.chunks(), SumcheckMask.weights(step.point, maskPlan.degrees()), Ext2.ONE) : List.of());
            }
            shared.add(new SharedClaim(perMember, step.combinedFinal.sub(treesAtPoint).mul(step.beta.inverse())));
        }

        // ---- the slots ----

        /**
         * Appends slot s's table and mask (the prover's): u, or (half of) a layer of the tree — at the
         * leaves the prover's own α − tuple values and multiplicities, which the leaf claims then hold
         * against the committed columns and the public table.
         */
        private void addTable(Active who, Slot s, List<long[]> tables, List<long[]> masks) {
            Witness w = members.get(who.member());
            FractionTreePlan t = plan.trees().get(who.tree());
            switch (s.kind()) {
                case TOP -> {
                    tables.add(interleave(w.vector(t.top().c0()), w.vector(t.top().c1())));
                    masks.add(extensionMask(w, t.top()));
                }
                case DERIVED, LEAF_Q, LEAF_M, TABLE_Q -> {
                    InPlace slot = inPlace(who, s);
                    long[] layer = slot.array();
                    int length = s.half() < 0 ? layer.length : layer.length / 2;
                    tables.add(length == layer.length ? layer : Arrays.copyOfRange(layer, slot.from(), slot.from() + length));
                    masks.add(layerMask(who, s));
                }
                case ONES -> throw new IllegalStateException("all-one numerators have no table");
            }
        }

        /** A tree layer's slot where it lies: the layer's array, and where the slot's half (or the whole, for no half) starts. */
        private record InPlace(long[] array, int from) {}

        private InPlace inPlace(Active who, Slot s) {
            FractionTree tree = members.get(who.member()).fractionTree(who.tree());
            long[] layer = s.numerator() ? tree.numerators(s.layer()) : tree.denominators(s.layer());
            return new InPlace(layer, s.half() < 0 ? 0 : s.half() * (layer.length / 2)); // the child bit is the highest variable
        }

        /** A tree layer's slot's fold mask (none for a public table's denominators). */
        private long[] layerMask(Active who, Slot s) {
            return s.kind() == Kind.TABLE_Q ? null : MaskedInstance.fromCommitted(members.get(who.member()).vector(s.masks().get(0)));
        }

        /** A step's prover instance, and each slot's (masked) table value at its end. */
        private interface Proving {
            SumcheckProverInstance instance();

            /** The instance's sum over the cube: the hidden claim's value. */
            Ext2 claim();

            /** Slot k of active tree a at the final point (one for all-one numerators). */
            Ext2 value(int a, int k);
        }

        /** The top check: one product-sum instance over every tree's u, p and q (a factor of one left out). */
        private Proving topInstance(List<Active> who, List<List<Slot>> slots, List<ProductSumInstance.Term> terms, Ext2[] eqPoint) {
            List<long[]> tables = new ArrayList<>();
            List<long[]> masks = new ArrayList<>();
            int vars = eqPoint.length;
            List<Integer> slotTable = new ArrayList<>();
            for (int a = 0; a < who.size(); a++) {
                for (Slot s : slots.get(a)) {
                    slotTable.add(s.kind() == Kind.ONES ? -1 : tables.size());
                    if (s.kind() != Kind.ONES) {
                        addTable(who.get(a), s, tables, masks);
                    }
                }
            }
            List<ProductSumInstance.Term> tableTerms = new ArrayList<>();
            int ones = -1;
            for (ProductSumInstance.Term term : terms) {
                int[] factors = Arrays.stream(term.tables()).map(slotTable::get).filter(i -> i >= 0).toArray();
                if (factors.length == 0) {
                    if (ones < 0) {
                        ones = tables.size();
                        long[] one = new long[2 << vars];
                        for (int i = 0; i < one.length; i += 2) {
                            one[i] = 1;
                        }
                        tables.add(one);
                        masks.add(null);
                    }
                    factors = new int[] {ones};
                }
                tableTerms.add(new ProductSumInstance.Term(term.coefficient(), factors));
            }
            MaskedInstance instance = new MaskedInstance(tables.toArray(new long[0][]), masks.toArray(new long[0][]), tableTerms, eqPoint);
            int perTree = slots.isEmpty() ? 0 : slots.get(0).size();
            return new Proving() {
                public SumcheckProverInstance instance() {
                    return instance;
                }

                public Ext2 claim() {
                    return Ext2.ZERO; // the top check is a zero-check
                }

                public Ext2 value(int a, int k) {
                    int t = slotTable.get(a * perTree + k);
                    return t < 0 ? Ext2.ONE : instance.finalTableValues()[t];
                }
            };
        }

        /**
         * A layer: one masked fraction-layer instance per tree (p_L, p_R, q_L, q_R), batched with the
         * terms' coefficients (λ, λ, λμ) — each tree's claim p(ρ) + μ·q(ρ) from its own layer.
         */
        private Proving layerInstance(List<Active> who, List<List<Slot>> slots, List<ProductSumInstance.Term> terms, Ext2[] eqPoint, Ext2 mu,
                                      Ext2[] claims) {
            int vars = eqPoint.length;
            List<io.zkml4j.core.logup.MaskedFractionLayerInstance> instances = new ArrayList<>();
            Ext2[] coefficients = new Ext2[who.size()];
            for (int a = 0; a < who.size(); a++) {
                long[][] arrays = new long[4][];
                int[] from = new int[4];
                long[][] masks = new long[4][];
                for (int k = 0; k < 4; k++) {
                    Slot s = slots.get(a).get(k);
                    if (s.kind() != Kind.ONES) { // a layer's halves are read where they lie, not copied
                        InPlace t = inPlace(who.get(a), s);
                        if (t.array().length != (s.half() < 0 ? 2L : 4L) << vars) { // as the copies' lengths were checked
                            throw new IllegalStateException("slot " + s.kind() + " of layer " + s.layer() + " holds " + t.array().length
                                    + " longs for a sumcheck of " + vars + " variables");
                        }
                        arrays[k] = t.array();
                        from[k] = t.from();
                        masks[k] = layerMask(who.get(a), s);
                    }
                }
                Ext2 lambda = terms.get(3 * a).coefficient(); // the tree's batching coefficient (its terms: λ, λ, λμ)
                instances.add(new io.zkml4j.core.logup.MaskedFractionLayerInstance(eqPoint, mu, arrays, from, masks));
                coefficients[a] = lambda;
            }
            io.zkml4j.core.sumcheck.BatchedInstance batched = new io.zkml4j.core.sumcheck.BatchedInstance(instances, coefficients, claims);
            int[] numVars = new int[who.size()];
            Arrays.fill(numVars, vars);
            Ext2 claim = io.zkml4j.core.sumcheck.BatchedInstance.combinedClaim(coefficients, claims, numVars);
            return new Proving() {
                public SumcheckProverInstance instance() {
                    return batched;
                }

                public Ext2 claim() {
                    return claim;
                }

                public Ext2 value(int a, int k) {
                    return instances.get(a).finalValues()[k];
                }
            };
        }

        /**
         * A carried claim's value on the prover's witness: the tree's p(ρ) + μ·q(ρ), the sum its next
         * layer's sumcheck starts from. Taken from the revealed values less their fold masks (a few
         * dozen mask values), not by evaluating the layer's table at ρ.
         */
        private Ext2 valueOn(Carried claim, int member) {
            Witness w = members.get(member);
            Ext2 v = claim.constant;
            for (LinearClaim.Term t : claim.terms) {
                v = v.add(t.coefficient().mul(io.zkml4j.core.pcs.Weights.apply(t.weights(), w.vector(t.commitment(), t.polynomial()))));
            }
            return v;
        }

        /** Slot s's revealed values: its table's masked value at the point (none for ones and public rows). */
        private Ext2[] reveal(Slot s, Ext2 tableValue) {
            return s.revealCount() == 0 ? new Ext2[0] : new Ext2[] {tableValue};
        }

        /** Slot s's value at the point from its revealed values (both sides). */
        private Ext2 value(Active who, Slot s, Ext2[] revealed, Ext2[] point) {
            FractionTreePlan t = plan.trees().get(who.tree());
            return switch (s.kind()) {
                case TOP, DERIVED, LEAF_M, LEAF_Q -> revealed[0];
                case ONES -> Ext2.ONE;
                case TABLE_Q -> {
                    LookupTable tbl = t.tablePlan().table();
                    Ext2[] full = fullPoint(point, s.slice());
                    Ext2 v = Ext2.ZERO;
                    for (int col = tbl.columns() - 1; col >= 0; col--) {
                        v = v.mul(c.beta(t.table())).add(tbl.evaluate(col, full));
                    }
                    yield c.alpha(t.table()).sub(v);
                }
            };
        }

        /** The claims tying slot values revealed at the point to the commitments (each member's own). */
        private void claims(Active who, List<Slot> slots, Ext2[][] revealed, Ext2[] point) {
            FractionTreePlan t = plan.trees().get(who.tree());
            List<LinearClaim> out = own.get(who.member());
            for (int k = 0; k < slots.size(); k++) {
                Slot s = slots.get(k);
                switch (s.kind()) {
                    case TOP -> out.add(ClaimTerms.maskedClaim(t.top(), point, revealed[k][0]));
                    case LEAF_M -> out.add(new LinearClaim(List.of(ClaimTerms.plain(t.tablePlan().multiplicities(), fullPoint(point, s.slice()), Ext2.ONE),
                            ClaimTerms.foldMask(s.masks().get(0), point)), revealed[k][0]));
                    case LEAF_Q -> out.add(leafClaim(who, t, s, point, revealed[k][0]));
                    default -> { } // derived values carry into the next claim; ones and public rows need nothing
                }
            }
        }

        /**
         * A lookup slice's revealed value tied to its columns: at the point r = (r_low, r_op), the slice's
         * table is Σ_o eq(r_op, o)·(α − tuple_o(r_low)) plus its fold mask's term, linear in the committed
         * columns at r_low (with the slice's fixed variables); the public columns and constants move to the value.
         */
        private LinearClaim leafClaim(Active who, FractionTreePlan t, Slot s, Ext2[] point, Ext2 revealed) {
            List<LookupPlan.Operand> ops = s.slice().operands();
            int opBits = Integer.numberOfTrailingZeros(ops.size());
            int low = point.length - opBits;
            Ext2[] lowPoint = Arrays.copyOf(point, low);
            Ext2[] opPoint = Arrays.copyOfRange(point, low, point.length);
            List<LinearClaim.Term> terms = new ArrayList<>();
            Ext2 value = revealed;
            for (int o = 0; o < ops.size(); o++) {
                Ext2 weight = Multilinear.eq(opPoint, Multilinear.bits(o, opBits));
                Compressed a = compressed(t.table(), ops.get(o));
                value = value.sub(weight.mul(a.constant()));
                for (int col = 0; col < ops.get(o).columns().size(); col++) {
                    LookupPlan.Column column = ops.get(o).columns().get(col);
                    Ext2 c = weight.mul(a.coefficients()[col]);
                    if (column.tensor().isPublic()) {
                        value = value.sub(c.mul(publicValue(who.member(), column, s.slice(), lowPoint)));
                    } else {
                        terms.add(ClaimTerms.plain(column.tensor().vector(), fullPoint(lowPoint, s.slice()), c));
                    }
                }
            }
            terms.add(ClaimTerms.foldMask(s.masks().get(0), point));
            return new LinearClaim(terms, value);
        }

        /** A public column of an operand slice at the point (the prover reads its own copy of the public tensor). */
        private Ext2 publicValue(int member, LookupPlan.Column column, FractionTreePlan.LeafSlice slice, Ext2[] point) {
            Ext2[] full = fullPoint(point, slice);
            return prover() ? Multilinear.evaluateBase(members.get(member).tensor(column.tensor().name()), full)
                    : pubs.get(member).evaluate(column.tensor(), full);
        }

        /** Operand i's A = α − Σ_c β^c·(scale_c·column_c + offset_c) as constant + Σ_c coefficient_c·column_c. */
        private Compressed compressed(int table, LookupPlan.Operand operand) {
            Ext2 beta = c.beta(table);
            Ext2 constant = c.alpha(table);
            Ext2[] coefficients = new Ext2[operand.columns().size()];
            Ext2 power = Ext2.ONE;
            for (int col = 0; col < coefficients.length; col++) {
                LookupPlan.Column column = operand.columns().get(col);
                coefficients[col] = power.mul(Goldilocks.fromSigned(column.scale())).neg();
                constant = constant.sub(power.mul(Goldilocks.fromSigned(column.offset())));
                power = power.mul(beta);
            }
            return new Compressed(constant, coefficients);
        }
    }

    private record Compressed(Ext2 constant, Ext2[] coefficients) {}

    /** A slice's point in its whole vector: the step's point, then the slice's fixed highest variables. */
    private static Ext2[] fullPoint(Ext2[] point, FractionTreePlan.LeafSlice slice) {
        Ext2[] full = Arrays.copyOf(point, point.length + slice.bits());
        for (int b = 0; b < slice.bits(); b++) {
            full[point.length + b] = Ext2.fromBase((slice.index() >> b) & 1);
        }
        return full;
    }

    static long[] interleave(long[] c0, long[] c1) {
        long[] out = new long[2 * c0.length];
        for (int i = 0; i < c0.length; i++) {
            out[2 * i] = c0[i];
            out[2 * i + 1] = c1[i];
        }
        return out;
    }

    /** The mask of an extension vector whose parts carry their own masks: R_c0 + φ·R_c1. */
    static long[] extensionMask(Witness w, io.zkml4j.proof.circuit.ExtVectorRef h) {
        long[] mask = w.mask(h.c0());
        ExtVectors.addScaled(mask, Ext2.of(0, 1), w.mask(h.c1()));
        return mask;
    }
}
