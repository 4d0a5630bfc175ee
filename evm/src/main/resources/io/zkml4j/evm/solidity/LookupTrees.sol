// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Points} from "./Points.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Claims} from "./Claims.sol";

/// The verifier of the lookups' fraction trees (LogUp by GKR), as Java's LookupTrees.verify for one
/// member: the same draws and records, and the same claims (own ones, then the shared ones alone) in
/// the same order, with the Java verifier's symbolic commitment and polynomial numbers. Every
/// sumcheck is the masked one whose final check becomes a claim, so nothing here compares values:
/// what the proof says is checked by the opening of the claims.
///
/// A vector is named by a ref, commitment << 64 | polynomial. Plan holds what the circuit fixes:
/// tables, trees (per tree its committed top, fold masks and, for a lookup, its operands' columns)
/// and the masks of the sumchecks (the top check, then layer 5, 6, ...); `decode` reads it from the
/// numbers LookupTreesPlan writes (statements filling the structs would take more code than fits a contract).
library LookupTrees {
    using Goldilocks for uint256;

    uint256 internal constant TOP_VARS = 5;              // FractionTreePlan.TOP_VARS
    uint256 internal constant WITNESS = 1;               // VectorRef.WITNESS: where the masks of vectors lie
    uint256 internal constant NO_MASK = type(uint256).max;
    uint256 internal constant PHI = 1 << 64;              // φ = X
    uint256 internal constant PART_SELECTOR = 0x2aaaaaaa80000000d555555480000002; // φ/(1 + φ)
    uint256 internal constant HALF = 0x7fffffff80000001;  // 1/2

    // How a table's columns are evaluated at a point.
    uint8 internal constant RANGE = 0;    // [0, 2^n): Σ_j 2^j·r_j
    uint8 internal constant SIGN = 1;     // (j − 2^(n−1), [j ≥ 2^(n−1)]): the counting table less 2^(n−1), and r_{n−1}
    uint8 internal constant EXPLICIT = 2; // the columns written out (values)

    struct Table {
        uint8 kind;
        uint256 numVars;
        uint256 columns;
        uint256 multiplicities; // ref
        uint256[][] values;     // EXPLICIT: each column's 2^numVars values
    }

    /// A looked-up vector of tuples: column c is scales[c]·vector c + offsets[c] (field elements).
    struct Operand {
        uint256[] columns; // refs of committed vectors
        uint256[] scales;
        uint256[] offsets;
    }

    struct Tree {
        uint256 table;
        bool isTable;
        uint256 numVars;
        uint256[4] top;        // refs of the top's c0 and c1, then their masks' polynomials in WITNESS (NO_MASK: none)
        uint256[2] topMasks;   // fold masks of the committed layer's p and q
        uint256[] layerMasks;  // per layer l = 5 .. numVars − 2: the fold masks of p_L, p_R, q_L, q_R
        uint256[2] leafMasks;  // per leaf slice
        Operand[] operands;    // a lookup's (none for a table's tree)
    }

    struct MaskedSumcheck {
        uint256[] degrees; // per round
        uint256[] chunks;  // refs of the committed mask's chunks
    }

    struct Plan {
        Table[] tables;
        Tree[] trees;
        MaskedSumcheck[] sumchecks; // the top check, then one per layer 5 .. depth − 1
        uint256 depth;              // the deepest tree's variables
    }

    /// A value known as a constant minus committed terms (a layer's p or q at the next point).
    struct Carried {
        uint256 value;
        Claims.Term[] terms;
    }

    /// One sumcheck's end: its point, β, the masked sum, the final claim and the revealed values.
    struct Step {
        uint256[] point;
        uint256 beta;
        uint256 maskedSum;
        uint256 combinedFinal;
        uint256 revealed;        // offset of the revealed record
        uint256[] maskPoint;     // (r_1..r_4, φ/(1 + φ)): where a fold mask is evaluated
        uint256 maskCoefficient; // r_0(1 − r_0)(1 + φ): its coefficient
    }

    struct Run {
        Plan plan;
        uint256[] alphas;
        uint256[] betas;
        Claims.List own;
        Claims.List shared;
        Carried[] p; // per tree, its claim on the layer the next sumcheck reduces
        Carried[] q;
    }

    function ref(uint256 commitment, uint256 polynomial) internal pure returns (uint256) {
        return commitment << 64 | polynomial;
    }

    // ---- the plan, from the compact words LookupTreesPlan writes ----

    /// Unsigned LEB128 numbers (7 bits a byte, low groups first) read in turn: most of a plan's numbers take one byte.
    struct Reader {
        bytes data;
        uint256 at;
    }

    function next(Reader memory rd) private pure returns (uint256 w) {
        bytes memory d = rd.data;
        uint256 at = rd.at;
        uint256 end = d.length;
        unchecked {
            for (uint256 shift = 0; ; shift += 7) {
                require(at < end && shift < 64, "lookups: the plan is truncated");
                uint256 b;
                assembly ("memory-safe") {
                    b := byte(0, mload(add(add(d, 0x20), at)))
                }
                at++;
                w |= (b & 0x7f) << shift;
                if (b < 0x80) break;
            }
        }
        rd.at = at;
    }

    /// A ref written as two words, commitment and polynomial.
    function nextRef(Reader memory rd) private pure returns (uint256) {
        uint256 commitment = next(rd);
        return ref(commitment, next(rd));
    }

    function nextList(Reader memory rd, bool refs) private pure returns (uint256[] memory out) {
        out = new uint256[](next(rd));
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = refs ? nextRef(rd) : next(rd);
        }
    }

    /// The plan from LookupTreesPlan's numbers (one hex"..." constant: compact code, decoded once per proof).
    function decode(bytes memory data) internal pure returns (Plan memory plan) {
        Reader memory rd = Reader(data, 0);
        plan.depth = next(rd);
        plan.tables = new Table[](next(rd));
        for (uint256 i = 0; i < plan.tables.length; i++) {
            Table memory t = plan.tables[i];
            t.kind = uint8(next(rd));
            t.numVars = next(rd);
            t.columns = next(rd);
            t.multiplicities = nextRef(rd);
            if (t.kind == EXPLICIT) {
                t.values = new uint256[][](t.columns);
                for (uint256 c = 0; c < t.columns; c++) {
                    t.values[c] = new uint256[](1 << t.numVars);
                    for (uint256 j = 0; j < t.values[c].length; j++) {
                        t.values[c][j] = next(rd);
                    }
                }
            }
        }
        plan.trees = new Tree[](next(rd));
        for (uint256 i = 0; i < plan.trees.length; i++) {
            Tree memory t = plan.trees[i];
            t.table = next(rd);
            t.isTable = next(rd) == 1;
            t.numVars = next(rd);
            t.top[0] = nextRef(rd);
            t.top[1] = nextRef(rd);
            for (uint256 k = 2; k < 4; k++) {
                uint256 m = next(rd);
                t.top[k] = m == type(uint64).max ? NO_MASK : m;
            }
            t.topMasks[0] = nextRef(rd);
            t.topMasks[1] = nextRef(rd);
            t.layerMasks = nextList(rd, true);
            t.leafMasks[0] = nextRef(rd);
            t.leafMasks[1] = nextRef(rd);
            t.operands = new Operand[](next(rd));
            for (uint256 o = 0; o < t.operands.length; o++) {
                Operand memory op = t.operands[o];
                uint256 columns = next(rd);
                op.columns = new uint256[](columns);
                op.scales = new uint256[](columns);
                op.offsets = new uint256[](columns);
                for (uint256 c = 0; c < columns; c++) {
                    op.columns[c] = nextRef(rd);
                    op.scales[c] = next(rd);
                    op.offsets[c] = next(rd);
                }
            }
        }
        plan.sumchecks = new MaskedSumcheck[](next(rd));
        for (uint256 i = 0; i < plan.sumchecks.length; i++) {
            plan.sumchecks[i].degrees = nextList(rd, false);
            plan.sumchecks[i].chunks = nextList(rd, true);
        }
        require(rd.at == data.length, "lookups: trailing plan bytes");
    }

    /// Reads and draws what Java's LookupTrees.verify does (labels under `label`) and appends its claims to `out`.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Plan memory plan, uint256[] memory alphas,
                    uint256[] memory betas, bytes memory label, Claims.List memory out) internal view {
        verify(v, proof, plan, alphas, betas, label, out, out);
    }

    /// The same, in this library's own deployed code (a DELEGATECALL: a verifier that holds it
    /// would not fit the contract size limit), from the plan's bytes; the transcript comes back
    /// advanced, with the own claims and the shared ones apart (a circuit verifier places them apart).
    function verifyFromPlan(FiatShamir.Verifier memory v, bytes calldata proof, bytes memory planBytes, uint256[] memory alphas,
                            uint256[] memory betas, bytes memory label)
        public view returns (FiatShamir.Verifier memory, Claims.Claim[] memory own, Claims.Claim[] memory shared)
    {
        Claims.List memory o = Claims.create(8);
        Claims.List memory s = Claims.create(8);
        verify(v, proof, decode(planBytes), alphas, betas, label, o, s);
        return (v, Claims.toArray(o), Claims.toArray(s));
    }

    /// The own claims to `own`, the shared ones to `shared`.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Plan memory plan, uint256[] memory alphas,
                    uint256[] memory betas, bytes memory label, Claims.List memory own, Claims.List memory shared) internal view {
        uint256 n = plan.trees.length;
        if (n == 0) {
            return;
        }
        require(alphas.length == plan.tables.length && betas.length == plan.tables.length, "lookups: one alpha and beta per table");
        require(plan.sumchecks.length == 1 + plan.depth - TOP_VARS, "lookups: one masked sumcheck per layer");
        Run memory r;
        r.plan = plan;
        r.alphas = alphas;
        r.betas = betas;
        r.own = Claims.create(plan.tables.length + 3 * n);
        r.shared = Claims.create(2 * plan.sumchecks.length);
        r.p = new Carried[](n);
        r.q = new Carried[](n);
        balances(r);
        uint256[] memory rho = topCheck(v, proof, r, label);
        for (uint256 l = TOP_VARS; l < plan.depth; l++) {
            rho = layer(v, proof, r, label, l, rho);
        }
        Claims.append(own, r.own);
        Claims.append(shared, r.shared);
    }

    /// Per table: Σ u over its lookups' trees minus Σ u over its own tree is zero (u = c0 + φ·c1 summed over the top).
    function balances(Run memory r) private pure {
        uint256 half = HALF;
        uint256[] memory halves = new uint256[](TOP_VARS);
        for (uint256 i = 0; i < TOP_VARS; i++) {
            halves[i] = half;
        }
        uint256 size = 1 << TOP_VARS; // Σ_x f(x) = 2^n·f̃(½, ..., ½)
        Tree[] memory trees = r.plan.trees;
        for (uint256 table = 0; table < r.plan.tables.length; table++) {
            uint256 count = 0;
            for (uint256 a = 0; a < trees.length; a++) {
                if (trees[a].table == table) count += 2;
            }
            Claims.Claim memory c;
            c.terms = new Claims.Term[](count);
            uint256 k = 0;
            for (uint256 a = 0; a < trees.length; a++) {
                Tree memory t = trees[a];
                if (t.table != table) continue;
                uint256 sign = t.isTable ? Goldilocks.P - size : size;
                c.terms[k++] = Claims.eq(t.top[0] >> 64, t.top[0] & Goldilocks.MASK, halves, sign);
                c.terms[k++] = Claims.eq(t.top[1] >> 64, t.top[1] & Goldilocks.MASK, halves, sign << 64);
            }
            Claims.push(r.own, c);
        }
    }

    // ---- the top check ----

    /// Σ_y Points.eq(τ, y)·Σ_t λ_t·[u_t(y)·q_t(y) − p_t(y)] = 0 over the committed layer; returns its point.
    function topCheck(FiatShamir.Verifier memory v, bytes calldata proof, Run memory r, bytes memory label)
        private view returns (uint256[] memory)
    {
        Tree[] memory trees = r.plan.trees;
        uint256[] memory lambda = Points.draw(v, abi.encodePacked(label, ".top.batch"), trees.length);
        uint256[] memory tau = Points.draw(v, abi.encodePacked(label, ".top.tau"), TOP_VARS);
        uint256 count = 0;
        for (uint256 a = 0; a < trees.length; a++) {
            count += trees[a].numVars > TOP_VARS ? 3 : 2;
        }
        MaskedSumcheck memory sc = r.plan.sumchecks[0];
        Step memory s = hidden(v, proof, sc, abi.encodePacked(label, ".top"), count);
        hiddenClaim(r, sc, s, new Claims.Term[](0), 0); // the claimed sum is zero
        uint256 f = 0;
        uint256 at = 0;
        for (uint256 a = 0; a < trees.length; a++) {
            Tree memory t = trees[a];
            uint256 u = revealed(proof, s, at++);
            topClaim(r, t, s, u);
            uint256 pv;
            uint256 qv;
            if (t.numVars > TOP_VARS) {
                pv = revealed(proof, s, at++);
                qv = revealed(proof, s, at++);
                r.p[a] = carried(pv, t.topMasks[0], s, 1);
                r.q[a] = carried(qv, t.topMasks[1], s, 1);
            } else if (t.isTable) { // the committed layer is the leaves: multiplicities over public rows
                pv = revealed(proof, s, at++);
                Claims.push(r.own, multiplicityClaim(r, t, 0, s, pv));
                qv = tableDenominator(r, t, fullPoint(s.point, t.numVars == TOP_VARS ? 0 : 1, 0));
            } else { // ... or ones over α − tuple
                pv = 1;
                qv = revealed(proof, s, at++);
                Claims.push(r.own, leafClaim(r, t, 0, s, qv));
            }
            f = f.eadd(lambda[a].emul(u.emul(qv).esub(pv)));
        }
        finish(r, sc, s, Points.eq(tau, s.point).emul(f));
        return s.point;
    }

    /// The claim u'(point) = value on the committed top (c0 + φ·c1, each masked).
    function topClaim(Run memory r, Tree memory t, Step memory s, uint256 value) private pure {
        uint256 terms = (t.top[2] == NO_MASK ? 1 : 2) + (t.top[3] == NO_MASK ? 1 : 2);
        Claims.Claim memory c;
        c.terms = new Claims.Term[](terms);
        uint256 k = masked(c.terms, 0, t.top[0], t.top[2], s, 1);
        masked(c.terms, k, t.top[1], t.top[3], s, PHI);
        c.value = value;
        Claims.push(r.own, c);
    }

    /// coefficient·f'(point) for a masked vector: f at the point, and its mask at the mask point. Returns the next free index.
    function masked(Claims.Term[] memory terms, uint256 k, uint256 vector, uint256 mask, Step memory s, uint256 coefficient)
        private pure returns (uint256)
    {
        terms[k++] = Claims.eq(vector >> 64, vector & Goldilocks.MASK, s.point, coefficient);
        if (mask != NO_MASK) {
            terms[k++] = Claims.eq(WITNESS, mask, s.maskPoint, coefficient.emul(s.maskCoefficient));
        }
        return k;
    }

    // ---- a layer ----

    /// Layer l: p_l(ρ) + μ·q_l(ρ) = Σ_x Points.eq(ρ, x)·[p_L q_R + p_R q_L + μ·q_L q_R](x), batched over the trees deeper than l.
    function layer(FiatShamir.Verifier memory v, bytes calldata proof, Run memory r, bytes memory label, uint256 l,
                   uint256[] memory rho) private view returns (uint256[] memory next) {
        Tree[] memory trees = r.plan.trees;
        bytes memory name = abi.encodePacked(label, ".layer", decimal(l));
        uint256 mu = FiatShamir.challengeExt(v, abi.encodePacked(name, ".mu"));
        uint256 active = 0;
        uint256 count = 0;
        uint256 hiddenCount = 0;
        for (uint256 a = 0; a < trees.length; a++) {
            if (trees[a].numVars > l) {
                active++;
                count += trees[a].numVars > l + 1 ? 4 : 2;
                hiddenCount += r.p[a].terms.length + r.q[a].terms.length;
            }
        }
        uint256[] memory batch = Points.draw(v, abi.encodePacked(name, ".batch"), active);
        // The hidden claim: Σ_k batch_k·(p_k + μ·q_k), constants apart from terms.
        Claims.Term[] memory hiddenTerms = new Claims.Term[](hiddenCount);
        uint256 hiddenConstant = 0;
        {
            uint256 k = 0;
            uint256 h = 0;
            for (uint256 a = 0; a < trees.length; a++) {
                if (trees[a].numVars <= l) continue;
                uint256 muBatch = mu.emul(batch[k]);
                hiddenConstant = hiddenConstant.eadd(r.p[a].value.emul(batch[k])).eadd(r.q[a].value.emul(muBatch));
                h = copyScaled(hiddenTerms, h, r.p[a].terms, batch[k]);
                h = copyScaled(hiddenTerms, h, r.q[a].terms, muBatch);
                k++;
            }
        }
        MaskedSumcheck memory sc = r.plan.sumchecks[1 + l - TOP_VARS];
        Step memory s = hidden(v, proof, sc, name, count);
        hiddenClaim(r, sc, s, hiddenTerms, hiddenConstant);
        // Each tree's p_L, p_R, q_L, q_R at the point: revealed, or at the leaves ones and public rows.
        uint256[4][] memory values = new uint256[4][](trees.length);
        uint256 f = 0;
        {
            uint256 k = 0;
            uint256 at = 0;
            for (uint256 a = 0; a < trees.length; a++) {
                Tree memory t = trees[a];
                if (t.numVars <= l) continue;
                uint256[4] memory x = values[a];
                if (t.numVars > l + 1) {
                    for (uint256 j = 0; j < 4; j++) {
                        x[j] = revealed(proof, s, at++);
                    }
                } else if (t.isTable) {
                    x[0] = revealed(proof, s, at++);
                    x[1] = revealed(proof, s, at++);
                    Claims.push(r.own, multiplicityClaim(r, t, 0, s, x[0]));
                    Claims.push(r.own, multiplicityClaim(r, t, 1, s, x[1]));
                    x[2] = tableDenominator(r, t, fullPoint(s.point, 1, 0));
                    x[3] = tableDenominator(r, t, fullPoint(s.point, 1, 1));
                } else {
                    x[0] = 1;
                    x[1] = 1;
                    x[2] = revealed(proof, s, at++);
                    x[3] = revealed(proof, s, at++);
                    Claims.push(r.own, leafClaim(r, t, 0, s, x[2]));
                    Claims.push(r.own, leafClaim(r, t, 1, s, x[3]));
                }
                f = f.eadd(batch[k].emul(x[0].emul(x[3]).eadd(x[1].emul(x[2])).eadd(mu.emul(x[2].emul(x[3])))));
                k++;
            }
        }
        finish(r, sc, s, Points.eq(rho, s.point).emul(f));
        // A fresh τ folds each deeper tree's halves into its claim at (r, τ).
        uint256 tauL = FiatShamir.challengeExt(v, abi.encodePacked(name, ".tau"));
        uint256 notTau = uint256(1).esub(tauL);
        for (uint256 a = 0; a < trees.length; a++) {
            Tree memory t = trees[a];
            if (t.numVars <= l + 1) continue;
            uint256 m = 4 * (l - TOP_VARS);
            uint256[4] memory x = values[a];
            r.p[a] = plus(carried(x[0], t.layerMasks[m], s, notTau), carried(x[1], t.layerMasks[m + 1], s, tauL));
            r.q[a] = plus(carried(x[2], t.layerMasks[m + 2], s, notTau), carried(x[3], t.layerMasks[m + 3], s, tauL));
        }
        next = new uint256[](l + 1);
        for (uint256 i = 0; i < l; i++) {
            next[i] = s.point[i];
        }
        next[l] = tauL;
    }

    /// scale·(a revealed value less its fold mask's term): a derived layer's value as the next claim.
    function carried(uint256 value, uint256 mask, Step memory s, uint256 scale) private pure returns (Carried memory c) {
        c.value = value.emul(scale);
        c.terms = new Claims.Term[](1);
        c.terms[0] = Claims.eq(mask >> 64, mask & Goldilocks.MASK, s.maskPoint,
            uint256(0).esub(s.maskCoefficient).emul(scale));
    }

    function plus(Carried memory a, Carried memory b) private pure returns (Carried memory c) {
        c.value = a.value.eadd(b.value);
        c.terms = new Claims.Term[](a.terms.length + b.terms.length);
        for (uint256 i = 0; i < a.terms.length; i++) {
            c.terms[i] = a.terms[i];
        }
        for (uint256 i = 0; i < b.terms.length; i++) {
            c.terms[a.terms.length + i] = b.terms[i];
        }
    }

    /// Copies of `from` with coefficients times `scale` into `to` from index k (fresh terms: claims already made keep theirs).
    function copyScaled(Claims.Term[] memory to, uint256 k, Claims.Term[] memory from, uint256 scale)
        private pure returns (uint256)
    {
        for (uint256 i = 0; i < from.length; i++) {
            Claims.Term memory t = from[i];
            to[k++] = Claims.eq(t.commitment, t.polynomial, t.weights, t.coefficient.emul(scale));
        }
        return k;
    }

    // ---- the leaves ----

    /// A table tree's leaf slice s: its multiplicities at the slice's full point plus the fold mask's term equal the revealed value.
    function multiplicityClaim(Run memory r, Tree memory t, uint256 slice, Step memory s, uint256 value)
        private pure returns (Claims.Claim memory c)
    {
        uint256 m = r.plan.tables[t.table].multiplicities;
        c.terms = new Claims.Term[](2);
        c.terms[0] = Claims.eq(m >> 64, m & Goldilocks.MASK, fullPoint(s.point, t.numVars == TOP_VARS ? 0 : 1, slice), 1);
        c.terms[1] = foldMask(t.leafMasks[slice], s);
        c.value = value;
    }

    /// α − Σ_c β^c·column_c(point) of the tree's public table.
    function tableDenominator(Run memory r, Tree memory t, uint256[] memory point) private pure returns (uint256) {
        Table memory table = r.plan.tables[t.table];
        uint256 beta = r.betas[t.table];
        uint256 acc = 0;
        for (uint256 col = table.columns; col > 0; col--) {
            acc = acc.emul(beta).eadd(column(table, col - 1, point));
        }
        return r.alphas[t.table].esub(acc);
    }

    /// A public table's column's multilinear extension at a point.
    function column(Table memory table, uint256 col, uint256[] memory point) private pure returns (uint256) {
        require(point.length == table.numVars, "lookups: a table's point has its variables");
        if (table.kind == EXPLICIT) {
            return Sumcheck.evaluateMultilinear(table.values[col], point);
        }
        uint256 acc = 0;
        uint256 power = 1;
        for (uint256 j = 0; j < point.length; j++) {
            acc = acc.eadd(point[j].emulBase(power));
            power = power << 1; // below p: at most 2^(numVars − 1)
        }
        if (table.kind == RANGE) {
            return acc;
        }
        require(table.kind == SIGN && table.columns == 2, "lookups: unknown table kind");
        return col == 0 ? acc.esub(power >> 1) : point[point.length - 1];
    }

    /**
     * A lookup tree's leaf slice s tied to its columns: at r = (r_low, r_op) the slice is
     * Σ_o Points.eq(r_op, o)·(α − tuple_o(r_low)) plus its fold mask's term; the constants move to the value.
     */
    function leafClaim(Run memory r, Tree memory t, uint256 slice, Step memory s, uint256 value)
        private pure returns (Claims.Claim memory c)
    {
        // The slice: all operands (leaves = top), half of them, or a lone operand's half (its highest variable fixed).
        uint256 from = 0;
        uint256 to = t.operands.length;
        uint256 bits = 0;
        if (t.numVars > TOP_VARS) {
            if (to >= 2) {
                from = slice * (to / 2);
                to = from + to / 2;
            } else {
                bits = 1;
            }
        }
        uint256 opBits = log2(to - from);
        uint256 low = s.point.length - opBits;
        uint256[] memory lowPoint = new uint256[](low + bits);
        for (uint256 i = 0; i < low; i++) {
            lowPoint[i] = s.point[i];
        }
        if (bits == 1) {
            lowPoint[low] = slice;
        }
        uint256 count = 1;
        for (uint256 o = from; o < to; o++) {
            count += t.operands[o].columns.length;
        }
        c.terms = new Claims.Term[](count);
        uint256 k = 0;
        uint256 alpha = r.alphas[t.table];
        uint256 beta = r.betas[t.table];
        for (uint256 o = from; o < to; o++) {
            uint256 weight = 1; // Points.eq(r_op, o)
            for (uint256 j = 0; j < opBits; j++) {
                uint256 x = s.point[low + j];
                weight = weight.emul(((o - from) >> j) & 1 == 1 ? x : uint256(1).esub(x));
            }
            Operand memory op = t.operands[o];
            uint256 constant_ = alpha;
            uint256 power = 1;
            for (uint256 col = 0; col < op.columns.length; col++) {
                constant_ = constant_.esub(power.emulBase(op.offsets[col]));
                uint256 coefficient = uint256(0).esub(power.emulBase(op.scales[col])).emul(weight);
                c.terms[k++] = Claims.eq(op.columns[col] >> 64, op.columns[col] & Goldilocks.MASK, lowPoint, coefficient);
                power = power.emul(beta);
            }
            value = value.esub(weight.emul(constant_));
        }
        c.terms[k] = foldMask(t.leafMasks[slice], s);
        c.value = value;
    }

    // ---- the masked sumchecks ----

    /// β, the masked sum, the rounds (Sumcheck under `name`) and `count` revealed values.
    function hidden(FiatShamir.Verifier memory v, bytes calldata proof, MaskedSumcheck memory sc, bytes memory name, uint256 count)
        private view returns (Step memory s)
    {
        s.beta = FiatShamir.challengeExt(v, abi.encodePacked(name, ".beta"));
        s.maskedSum = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(name, ".maskedSum"), 1), 0);
        uint256[] memory claims = new uint256[](1);
        claims[0] = s.maskedSum;
        uint256[] memory vars = new uint256[](1);
        vars[0] = sc.degrees.length;
        Sumcheck.Result memory res = Sumcheck.verifyBatched(v, proof, claims, vars, sc.degrees, name);
        s.point = res.point;
        s.combinedFinal = res.finalClaim;
        s.revealed = FiatShamir.receiveExt(v, proof, abi.encodePacked(name, ".revealed"), count);
        require(s.point.length >= TOP_VARS, "lookups: a masked sumcheck has at least 5 variables");
        s.maskPoint = new uint256[](TOP_VARS);
        for (uint256 i = 0; i < TOP_VARS - 1; i++) {
            s.maskPoint[i] = s.point[i + 1];
        }
        s.maskPoint[TOP_VARS - 1] = PART_SELECTOR;
        uint256 r0 = s.point[0];
        s.maskCoefficient = r0.emul(uint256(1).esub(r0)).emul(1 | PHI);
    }

    function revealed(bytes calldata proof, Step memory s, uint256 i) private pure returns (uint256) {
        return FiatShamir.extAt(proof, s.revealed, i);
    }

    /// The term r_0(1 − r_0)·R(r_1..r_4) of a fold mask R.
    function foldMask(uint256 mask, Step memory s) private pure returns (Claims.Term memory) {
        return Claims.eq(mask >> 64, mask & Goldilocks.MASK, s.maskPoint, s.maskCoefficient);
    }

    /// T = H + β·Σ g: Σ H's terms + β·Σ_x g(x) = T − H's constant.
    function hiddenClaim(Run memory r, MaskedSumcheck memory sc, Step memory s, Claims.Term[] memory terms, uint256 constant_)
        private pure
    {
        Claims.Claim memory c;
        c.terms = maskTerms(terms, sc.chunks, sumWeights(sc.degrees), s.beta);
        c.value = s.maskedSum.esub(constant_);
        Claims.push(r.shared, c);
    }

    /// The trees' value at the point plus β·g(r) is the final claim: g(r) = (final − trees)/β.
    function finish(Run memory r, MaskedSumcheck memory sc, Step memory s, uint256 treesAtPoint) private view {
        Claims.Claim memory c;
        c.terms = maskTerms(new Claims.Term[](0), sc.chunks, pointWeights(s.point, sc.degrees), 1);
        c.value = s.combinedFinal.esub(treesAtPoint).emul(s.beta.einv());
        Claims.push(r.shared, c);
    }

    /// `before`, then coefficient·Σ weights·g split along the mask's chunks (explicit weights within each).
    function maskTerms(Claims.Term[] memory before, uint256[] memory chunks, uint256[] memory weights, uint256 coefficient)
        private pure returns (Claims.Term[] memory terms)
    {
        terms = new Claims.Term[](before.length + chunks.length);
        for (uint256 i = 0; i < before.length; i++) {
            terms[i] = before[i];
        }
        uint256 width = weights.length / chunks.length;
        for (uint256 k = 0; k < chunks.length; k++) {
            uint256[] memory w = new uint256[](width);
            for (uint256 i = 0; i < width; i++) {
                w[i] = weights[k * width + i];
            }
            terms[before.length + k] = Claims.explicitWeights(chunks[k] >> 64, chunks[k] & Goldilocks.MASK, w, coefficient);
        }
    }

    /// The committed mask table's length: c0 parts then φ parts of 1 + Σ d_i coefficients, padded to a power of two.
    function maskLayout(uint256[] memory degrees) private pure returns (uint256 m, uint256 length) {
        m = 1;
        for (uint256 i = 0; i < degrees.length; i++) {
            m += degrees[i];
        }
        length = 1;
        while (length <= 2 * m - 1) {
            length <<= 1;
        }
    }

    /// Weights w with Σ w·table = g(point): the monomials 1, r_i, ..., r_i^{d_i} on the c0 parts, φ times them on the φ parts.
    function pointWeights(uint256[] memory point, uint256[] memory degrees) private pure returns (uint256[] memory w) {
        (uint256 m, uint256 length) = maskLayout(degrees);
        w = new uint256[](length);
        w[0] = 1;
        w[m] = PHI;
        uint256 at = 1;
        for (uint256 i = 0; i < point.length; i++) {
            uint256 p = 1;
            for (uint256 e = 1; e <= degrees[i]; e++) {
                p = p.emul(point[i]);
                w[at] = p;
                w[m + at] = timesPhi(p);
                at++;
            }
        }
    }

    /// Weights w with Σ w·table = Σ_x g(x) = 2^n c₀ + 2^{n−1} Σ c_{i,e}.
    function sumWeights(uint256[] memory degrees) private pure returns (uint256[] memory w) {
        (uint256 m, uint256 length) = maskLayout(degrees);
        uint256 n = degrees.length;
        w = new uint256[](length);
        for (uint256 k = 0; k < m; k++) {
            uint256 c = Sumcheck.powerOfTwo(k == 0 ? n : n - 1);
            w[k] = c;
            w[m + k] = c << 64;
        }
    }

    function timesPhi(uint256 a) private pure returns (uint256) {
        return Goldilocks.mul(a >> 64, Goldilocks.W) | ((a & Goldilocks.MASK) << 64);
    }

    // ---- helpers ----

    /// The point with `bits` (0 or 1) more coordinates: the bits of index.
    function fullPoint(uint256[] memory point, uint256 bits, uint256 index) private pure returns (uint256[] memory out) {
        out = new uint256[](point.length + bits);
        for (uint256 i = 0; i < point.length; i++) {
            out[i] = point[i];
        }
        if (bits == 1) {
            out[point.length] = index & 1;
        }
    }

    function log2(uint256 x) private pure returns (uint256 k) {
        require(x != 0 && x & (x - 1) == 0, "lookups: a power of two of operands");
        while (x > 1) {
            x >>= 1;
            k++;
        }
    }

    function decimal(uint256 x) private pure returns (bytes memory) {
        if (x == 0) return "0";
        uint256 digits = 0;
        for (uint256 y = x; y > 0; y /= 10) digits++;
        bytes memory out = new bytes(digits);
        for (; x > 0; x /= 10) {
            out[--digits] = bytes1(uint8(48 + x % 10));
        }
        return out;
    }
}
