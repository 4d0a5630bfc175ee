// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Merkle} from "./Merkle.sol";
import {FoldedEvaluation} from "./FoldedEvaluation.sol";
import {Points} from "./Points.sol";
import {Claims} from "./Claims.sol";

/// The verifier of zkml4j's succinct opening of Ligero commitments (Java io.zkml4j.core.pcs.SuccinctOpening,
/// with LigeroPcs's claim reduction and OpeningWeights): the statement bound to the transcript, the
/// masked reduction sumcheck to a point ρ over the column variables, the folds of u = v + β·w at
/// (ρ, 0), whose first word the verifier computes at each queried pair of columns from the opened
/// columns of every matrix (the commitments, then the opening's mask matrix).
///
/// The shapes a generated verifier knows from its key come in as data: per commitment its encoding
/// (absorbed as Java absorbs it; the root is read from it) and its row count; per claim term its
/// polynomial's rows and columns (`Term`).
library SuccinctOpening {
    using Goldilocks for uint256;

    struct Params {
        uint256 logRowWidth;
        uint256 logCodeLength;
        uint256 logArity;
        uint256 queries;
        uint256 grindingBits;
    }

    /// One term of a claim: coefficient·⟨weights, polynomial⟩, its weights of a Claims kind. Eq weights
    /// carry the point, explicit ones the weight vector (packed extension elements), product ones the
    /// explicit low weights in `weights` and the eq point over the remaining variables in `high`, powers
    /// ones the coefficients in `weights` and the base points in `high`.
    /// numVars, rowStart and columnOffset are the polynomial's shape in its commitment's layout.
    struct Term {
        uint256 claim;
        uint256 commitment;
        uint256 polynomial;
        uint256 coefficient;
        uint8 kind;
        uint256[] weights;
        uint256[] high;
        uint256 numVars;
        uint256 rowStart;
        uint256 columnOffset;
    }

    uint256 private constant MASK_S = 0;
    uint256 private constant MASK_R = 2;
    uint256 private constant MASK_A = 4;
    uint256 private constant MASK_Q = 6;

    /// Reverts unless the proof shows every claim Σ_t coefficient_t·⟨weights_t, polynomial_t⟩ = values[claim].
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes[] memory commitments,
                    uint256[] memory rows, uint256[] memory values, Term[] memory terms) internal view {
        absorbStatement(v, p, commitments, values, terms);
        verifyAbsorbed(v, proof, p, commitments, rows, values, terms);
    }

    /// verify after absorbStatement (a verifier that holds both exceeds the contract size limit: OpeningClaims absorbs the
    /// statement in a linked library, OpeningStatement). Reads the terms' polynomials' shapes, which absorbing does not.
    function verifyAbsorbed(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes[] memory commitments,
                            uint256[] memory rows, uint256[] memory values, Term[] memory terms) internal view {
        require(rows.length == commitments.length && p.logCodeLength > p.logRowWidth + 1, "opening: shape");
        checkTerms(commitments.length, p.logRowWidth, terms);
        uint256 a = p.logRowWidth;
        bytes32[] memory roots = new bytes32[](commitments.length + 1);
        for (uint256 m = 0; m < commitments.length; m++) {
            roots[m] = rootOf(commitments[m]);
        }
        roots[commitments.length] = FiatShamir.receiveDigest(v, proof, "pcs.maskRoot");
        // The reduction: λ per claim, the masked sumcheck over the column variables, S(ρ), λ_S.
        uint256[] memory lambda = new uint256[](values.length);
        uint256 claim = 0;
        for (uint256 j = 0; j < values.length; j++) {
            lambda[j] = FiatShamir.challengeExt(v, "pcs.lambda");
            claim = claim.eadd(lambda[j].emul(values[j]));
        }
        uint256 maskSum = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "pcs.reduce.maskSum", 1), 0);
        uint256 reduceBeta = FiatShamir.challengeExt(v, "pcs.reduce.beta");
        Sumcheck.Result memory run = Sumcheck.verify(v, proof, claim.eadd(reduceBeta.emul(maskSum)), a, 2, "pcs.reduce");
        uint256 s = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "pcs.maskEval", 1), 0);
        uint256 lambdaS = FiatShamir.challengeExt(v, "pcs.lambdaS");
        uint256 target = run.finalClaim.eadd(lambdaS.emul(s));
        uint256[][] memory weights = evaluationWeights(rows, a, terms, lambda, run.point, reduceBeta, lambdaS);
        // The proximity combination, y = ⟨w, eq(ρ)⟩ and β: the rows' weights become e + β·g.
        uint256 maskRows = MASK_Q + 2 * a;
        uint256 gammaCount = maskRows - 2;
        for (uint256 m = 0; m < rows.length; m++) {
            gammaCount += rows[m];
        }
        uint256[] memory gammas = new uint256[](gammaCount);
        for (uint256 i = 0; i < gammaCount; i++) {
            gammas[i] = FiatShamir.challengeExt(v, "pcs.gamma");
        }
        uint256 y = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "pcs.proximityEval", 1), 0);
        uint256 beta = FiatShamir.challengeExt(v, "pcs.beta");
        addProximity(weights, gammas, beta);
        // The folds of u at (ρ, 0), the first word from the columns.
        FoldedEvaluation.Shape memory shape = FoldedEvaluation.Shape(a + 1, p.logCodeLength, 1, p.logArity, p.queries, p.grindingBits,
            false);
        uint256[] memory point = new uint256[](a + 1);
        for (uint256 i = 0; i < a; i++) {
            point[i] = run.point[i];
        }
        FoldedEvaluation.State memory st = FoldedEvaluation.start(v, proof, shape, point, target.eadd(beta.emul(y)), "pcs.fold");
        // finish reads only the folds' records, all before this position: the linked call copies the
        // proof up to here into memory, not the opened columns that follow (most of the proof's bytes).
        uint256 foldsEnd = v.position;
        uint256[] memory leaves = FoldedEvaluation.firstLeaves(st);
        FoldedEvaluation.finish(proof[:foldsEnd], shape, st, firstWord(v, proof, p, roots, weights, leaves));
    }

    /// The terms' shapes, as LigeroPcs.checkStatement (review fix: nothing checked them, and the points and
    /// weights are data). An explicit vector longer than its polynomial reached into the next one in a
    /// shared row (⟨w_lo ‖ w_hi, P0⟩ accepted for ⟨w_lo, P0⟩ + ⟨w_hi, P1⟩), a shorter one claimed part of
    /// it, a point's extra coordinates were ignored, a missing one reverted with a Panic, and a term
    /// past the last commitment weighted the opening's own mask matrix, which the prover chooses.
    function checkTerms(uint256 commitments, uint256 a, Term[] memory terms) private pure {
        for (uint256 t = 0; t < terms.length; t++) {
            Term memory term = terms[t];
            require(term.commitment < commitments, "opening: a term names no commitment");
            if (term.kind == Claims.EXPLICIT) {
                require(term.numVars <= a && term.weights.length == 1 << term.numVars,
                    "opening: explicit weights need one per value of a polynomial within a row");
            } else if (term.kind == Claims.POWERS) {
                // Java's Weights.Powers and LigeroPcs.checkStatement: a coefficient per point, a polynomial within a row
                require(term.numVars <= a && term.weights.length == term.high.length,
                    "opening: powers weights need a coefficient per point and a polynomial within a row");
            } else if (term.kind == Claims.PRODUCT) {
                // Java's Weights.Product and LigeroPcs.checkStatement: a power-of-two count of low weights, eq over the rest
                uint256 m = log2Exact(term.weights.length);
                require(m + term.high.length == term.numVars, "opening: product weights need low and high variables that make the polynomial's");
            } else {
                require(term.kind == Claims.EQ && term.weights.length == term.numVars,
                    "opening: an evaluation point needs one coordinate per variable");
            }
        }
    }

    /// The opening's bounds and statement, as SuccinctOpening.verify and LigeroPcs.absorbStatement: each commitment's
    /// encoding, then per claim its value and per term (commitment, polynomial, coefficient) with its point, its explicit
    /// weights (the first time a vector occurs; later, the index of its first occurrence among distinct ones) or its
    /// product weights.
    function absorbStatement(FiatShamir.Verifier memory v, Params memory p, bytes[] memory commitments, uint256[] memory values,
                             Term[] memory terms) internal pure {
        uint256[] memory bound = new uint256[](3);
        (bound[0], bound[1], bound[2]) = (p.logArity, p.queries, p.grindingBits);
        FiatShamir.absorbPublicField(v, "pcs.succinct", bound);
        for (uint256 m = 0; m < commitments.length; m++) {
            FiatShamir.absorbPublicBytes(v, "pcs.commitment", commitments[m]);
        }
        bytes32[] memory seen = new bytes32[](terms.length);
        uint256 distinct = 0;
        uint256 t = 0;
        uint256[] memory one = new uint256[](1);
        uint256[] memory four = new uint256[](4);
        for (uint256 j = 0; j < values.length; j++) {
            one[0] = values[j];
            FiatShamir.absorbPublicExt(v, "pcs.claim.value", one);
            for (; t < terms.length && terms[t].claim == j; t++) {
                Term memory term = terms[t];
                (four[0], four[1], four[2], four[3]) = (term.commitment, term.polynomial, term.coefficient.c0(), term.coefficient.c1());
                FiatShamir.absorbPublicField(v, "pcs.claim.term", four);
                if (term.kind == Claims.EQ) {
                    FiatShamir.absorbPublicExt(v, "pcs.claim.point", term.weights);
                    continue;
                }
                if (term.kind == Claims.PRODUCT) { // absorbed whole, never as a repeat (Java's absorbStatement)
                    FiatShamir.absorbPublicExt(v, "pcs.claim.lowWeights", term.weights);
                    FiatShamir.absorbPublicExt(v, "pcs.claim.highPoint", term.high);
                    continue;
                }
                // Explicit and powers weights share Java's one index of distinct weights; a powers hash covers its points too:
                // keccak of a tag and both arrays' hashes (65 bytes, which no vector of words hashes), apart from any explicit
                // vector. (Review fix: the hashes XORed cancelled for arrays of the same words, every such weights object
                // hashing to 0 or 1, so distinct ones were absorbed as "sameWeights" where Java absorbs them.)
                bytes32 h = wordsHash(term.weights);
                if (term.kind == Claims.POWERS) {
                    h = keccak256(abi.encodePacked(bytes1(0x03), h, wordsHash(term.high)));
                }
                uint256 earlier = distinct;
                for (uint256 k = 0; k < distinct; k++) {
                    if (seen[k] == h) {
                        earlier = k;
                        break;
                    }
                }
                if (earlier == distinct) {
                    seen[distinct++] = h;
                    if (term.kind == Claims.POWERS) {
                        FiatShamir.absorbPublicField(v, "pcs.claim.powerPoints", term.high);
                        FiatShamir.absorbPublicExt(v, "pcs.claim.powerCoefficients", term.weights);
                    } else {
                        FiatShamir.absorbPublicExt(v, "pcs.claim.weights", term.weights);
                    }
                } else {
                    one[0] = earlier;
                    FiatShamir.absorbPublicField(v, "pcs.claim.sameWeights", one);
                }
            }
        }
        require(t == terms.length, "opening: terms out of claim order");
    }

    /// keccak256(abi.encodePacked(a)), hashed where the words lie (a copy would grow memory by a
    /// vector of up to 2^a words per term).
    function wordsHash(uint256[] memory a) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            h := keccak256(add(a, 0x20), shl(5, mload(a)))
        }
    }

    /// The root inside a commitment's encoding: magic (4), version (2), parameters (11 bytes, the hash
    /// name's length and name, and 6 bytes when its top bit says a succinct opening follows), root.
    function rootOf(bytes memory encoding) private pure returns (bytes32 root) {
        uint256 nameByte = uint8(encoding[17]);
        uint256 at = 18 + (nameByte & 0x7f) + ((nameByte & 0x80) != 0 ? 6 : 0);
        require(encoding.length >= at + 32, "opening: commitment encoding");
        assembly ("memory-safe") {
            root := mload(add(add(encoding, 0x20), at))
        }
    }

    /// Row weights of the evaluation combination (OpeningWeights.evaluation), one array per matrix, the mask last.
    function evaluationWeights(uint256[] memory rows, uint256 a, Term[] memory terms, uint256[] memory lambda, uint256[] memory rho,
                               uint256 reduceBeta, uint256 lambdaS) private pure returns (uint256[][] memory w) {
        w = new uint256[][](rows.length + 1);
        for (uint256 m = 0; m < rows.length; m++) {
            w[m] = new uint256[](rows[m]);
        }
        w[rows.length] = new uint256[](MASK_Q + 2 * a);
        ExplicitCache memory cache = ExplicitCache(new uint256[](terms.length), new uint256[](terms.length), 0);
        for (uint256 t = 0; t < terms.length; t++) {
            Term memory term = terms[t];
            // Product weights wider than a row are 2^(m − a) row-wide slices (LigeroPcs.fitRows): slice s weights rows s + slices·r.
            uint256 m = term.kind == Claims.PRODUCT ? log2Exact(term.weights.length) : 0;
            uint256 slices = m > a ? uint256(1) << (m - a) : 1;
            uint256[] memory rowWeights = rowWeightsOf(term, a, m);
            uint256[] memory target = w[term.commitment];
            for (uint256 s = 0; s < slices; s++) {
                uint256 scale = lambda[term.claim].emul(term.coefficient).emul(columnWeightAt(term, a, rho, cache, m, s, slices));
                for (uint256 r = 0; r < rowWeights.length; r++) {
                    uint256 row = term.rowStart + s + slices * r;
                    target[row] = target[row].eadd(scale.emul(rowWeights[r]));
                }
            }
        }
        uint256[] memory mask = w[rows.length];
        putPair(mask, MASK_S, lambdaS);
        putPair(mask, MASK_A, reduceBeta);
        for (uint256 i = 0; i < a; i++) {
            putPair(mask, MASK_Q + 2 * i, reduceBeta.emul(rho[i]));
        }
    }

    /// Explicit weight vectors evaluated at ρ so far, by memory pointer: the claims hand one array to
    /// every term that shares its weights (ClaimWords), and each evaluation reads 2^numVars words.
    struct ExplicitCache {
        uint256[] pointers;
        uint256[] values;
        uint256 count;
    }

    /// The weights of the rows a term's polynomial spans (one row when it fits in one): eq over the point's coordinates
    /// above the row's for eq weights; for product weights of 2^m low ones, eq over the high point's coordinates above
    /// the row's (all of them when the low weights fill rows).
    function rowWeightsOf(Term memory term, uint256 a, uint256 m) private pure returns (uint256[] memory rowWeights) {
        if (term.numVars <= a) { // explicit weights always: checkTerms
            rowWeights = new uint256[](1);
            rowWeights[0] = 1;
        } else if (term.kind == Claims.EQ) {
            rowWeights = eqTable(term.weights, a, term.numVars);
        } else {
            rowWeights = eqTable(term.high, m < a ? a - m : 0, term.high.length);
        }
    }

    /// The term's column weights at ρ: over its own window of the row, times the bits of its offset above it. Product
    /// weights (low weights of 2^m, eq(high) above them): slice s of `slices` of the low weights at ρ's first coordinates,
    /// times eq of the high point's coordinates inside the window with ρ's.
    function columnWeightAt(Term memory term, uint256 a, uint256[] memory rho, ExplicitCache memory cache, uint256 m, uint256 s,
                            uint256 slices) private pure returns (uint256 w) {
        uint256 vars = term.numVars;
        uint256 own = vars < a ? vars : a;
        if (term.kind == Claims.EXPLICIT) {
            w = explicitAt(term.weights, rho, vars, cache); // vars <= a: checkTerms
        } else if (term.kind == Claims.POWERS) {
            w = powersAt(term.weights, term.high, rho, vars, cache); // vars <= a: checkTerms
        } else if (term.kind == Claims.PRODUCT) {
            uint256 low = m < a ? m : a;
            w = slices == 1 ? explicitAt(term.weights, rho, low, cache)
                : Sumcheck.evaluateMultilinear(Points.slice(term.weights, s << low, (s + 1) << low), Sumcheck.prefix(rho, low));
            for (uint256 i = low; i < own; i++) {
                w = w.emul(eq1(term.high[i - m], rho[i]));
            }
        } else {
            w = 1;
            for (uint256 i = 0; i < own; i++) {
                w = w.emul(eq1(term.weights[i], rho[i]));
            }
        }
        for (uint256 i = vars; i < a; i++) {
            w = w.emul(((term.columnOffset >> i) & 1) == 1 ? rho[i] : uint256(1).esub(rho[i]));
        }
    }

    /// log2(n) for a power of two n >= 1 (of at most 2^40); reverts otherwise.
    function log2Exact(uint256 n) private pure returns (uint256 k) {
        require(n != 0 && n & (n - 1) == 0 && n <= uint256(1) << 40, "opening: product weights need a power-of-two count of low weights");
        while ((uint256(1) << k) < n) {
            k++;
        }
    }

    /// The multilinear extension of explicit weights at a prefix of ρ (its length fixed by the vector's:
    /// checkTerms), evaluated once per array of 64 words or more (shorter ones cost less than a search).
    function explicitAt(uint256[] memory weights, uint256[] memory rho, uint256 vars, ExplicitCache memory cache)
        private pure returns (uint256 w)
    {
        if (weights.length < 64) {
            return Sumcheck.evaluateMultilinear(weights, Sumcheck.prefix(rho, vars));
        }
        uint256 pointer;
        assembly ("memory-safe") {
            pointer := weights
        }
        (bool found, uint256 at) = cached(cache, pointer);
        if (found) {
            return cache.values[at];
        }
        w = Sumcheck.evaluateMultilinear(weights, Sumcheck.prefix(rho, vars));
        cache.pointers[at] = pointer;
        cache.values[at] = w;
        cache.count++;
    }

    /// Powers weights' extension at ρ's first `vars` coordinates (Java's Weights.Powers.at):
    /// Σ_s c_s·Π_b (1 − ρ_b + ρ_b·x_s^(2^b)), t·vars products; once per coefficient array, which the terms of
    /// one piece share (the sealed opening's every row combination and part).
    function powersAt(uint256[] memory coefficients, uint256[] memory points, uint256[] memory rho, uint256 vars,
                      ExplicitCache memory cache) private pure returns (uint256 w) {
        uint256 pointer; // both arrays' (memory pointers fit 64 bits) and the variables, apart from any explicit vector's
        assembly ("memory-safe") {
            pointer := or(shl(128, points), or(shl(192, add(vars, 1)), coefficients))
        }
        (bool found, uint256 at) = cached(cache, pointer);
        if (found) {
            return cache.values[at];
        }
        for (uint256 s = 0; s < points.length; s++) {
            uint256 term = coefficients[s];
            uint256 square = points[s]; // x_s^(2^b)
            for (uint256 b = 0; b < vars; b++) {
                uint256 r = rho[b];
                term = term.emul(uint256(1).esub(r).eadd(r.emulBase(square)));
                square = mulmod(square, square, Goldilocks.P);
            }
            w = w.eadd(term);
        }
        cache.pointers[at] = pointer;
        cache.values[at] = w;
        cache.count++;
    }

    /// Where the cache holds the weights at `pointer` (found), or the slot for them (not found).
    function cached(ExplicitCache memory cache, uint256 pointer) private pure returns (bool, uint256) {
        for (uint256 i = 0; i < cache.count; i++) {
            if (cache.pointers[i] == pointer) {
                return (true, i);
            }
        }
        return (false, cache.count);
    }

    /// The proximity weights (OpeningWeights.proximity) times β added to the evaluation weights: a
    /// challenge per row, except the mask's R pair, which has the fixed weights 1 and φ.
    function addProximity(uint256[][] memory w, uint256[] memory gammas, uint256 beta) private pure {
        uint256 g = 0;
        uint256 maskIndex = w.length - 1;
        for (uint256 m = 0; m < w.length; m++) {
            uint256[] memory rowWeights = w[m];
            for (uint256 r = 0; r < rowWeights.length; r++) {
                if (m == maskIndex && r == MASK_R) {
                    rowWeights[r] = rowWeights[r].eadd(beta);
                    rowWeights[r + 1] = rowWeights[r + 1].eadd(timesPhi(beta));
                    r++;
                    continue;
                }
                rowWeights[r] = rowWeights[r].eadd(beta.emul(gammas[g++]));
            }
        }
    }

    /// The first word at the queried pairs: every matrix's columns 2q and 2q + 1 opened and checked
    /// against its root, combined with the rows' weights.
    function firstWord(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes32[] memory roots,
                       uint256[][] memory weights, uint256[] memory leaves) private pure returns (uint256[][] memory first) {
        uint256 count = 2 * leaves.length;
        uint256[] memory columns = new uint256[](count);
        for (uint256 k = 0; k < leaves.length; k++) {
            columns[2 * k] = 2 * leaves[k];
            columns[2 * k + 1] = 2 * leaves[k] + 1;
        }
        uint256[] memory acc = new uint256[](count);
        for (uint256 m = 0; m < roots.length; m++) {
            uint256 height = weights[m].length;
            uint256 salts = FiatShamir.receiveBytes(v, proof, "pcs.salts", 16 * count);
            uint256 values = FiatShamir.receiveBase(v, proof, "pcs.columns", count * height);
            bytes32[] memory digests = new bytes32[](count);
            uint256[] memory rowWeights = weights[m];
            for (uint256 q = 0; q < count; q++) {
                uint256 from = values + 8 * height * q;
                digests[q] = Merkle.hashLeafFromCalldata(proof, salts + 16 * q, 16, from, 8 * height);
                acc[q] = acc[q].eadd(columnDot(proof, from, rowWeights));
            }
            bytes32[] memory siblings = FoldedEvaluation.siblings(v, proof, "pcs.merkle", columns, p.logCodeLength);
            require(Merkle.rootFromMultiProof(p.logCodeLength, columns, digests, siblings) == roots[m],
                "opening: opened columns do not match their Merkle root");
        }
        first = new uint256[][](leaves.length);
        for (uint256 k = 0; k < leaves.length; k++) {
            first[k] = new uint256[](2);
            first[k][0] = acc[2 * k];
            first[k][1] = acc[2 * k + 1];
        }
    }

    /// Σ_r w_r·column_r for the column of w.length little-endian words at proof[from..] (canonical: the
    /// record was received): the products (below 2^128) summed without reduction, then reduced once.
    function columnDot(bytes calldata proof, uint256 from, uint256[] memory w) private pure returns (uint256) {
        uint256 n = w.length;
        require(from + 8 * n <= proof.length, "opening: column outside the proof");
        uint256 s0;
        uint256 s1;
        assembly ("memory-safe") {
            let at := add(proof.offset, from)
            let wp := add(w, 0x20)
            for { let r := 0 } lt(r, n) { r := add(r, 1) } {
                let x := shr(192, calldataload(add(at, mul(r, 8))))
                x := or(shr(8, and(x, 0xff00ff00ff00ff00)), shl(8, and(x, 0x00ff00ff00ff00ff)))
                x := or(shr(16, and(x, 0xffff0000ffff0000)), shl(16, and(x, 0x0000ffff0000ffff)))
                x := or(shr(32, x), shl(32, and(x, 0xffffffff)))
                let wr := mload(add(wp, mul(r, 0x20)))
                s0 := add(s0, mul(and(wr, 0xffffffffffffffff), x))
                s1 := add(s1, mul(shr(64, wr), x))
            }
        }
        return Goldilocks.ext(s0 % Goldilocks.P, s1 % Goldilocks.P);
    }

    /// eq(point[from..to), ·) over 2^(to − from) indices, the lowest coordinate the index's lowest bit.
    function eqTable(uint256[] memory point, uint256 from, uint256 to) private pure returns (uint256[] memory t) {
        t = new uint256[](1 << (to - from));
        t[0] = 1;
        uint256 size = 1;
        for (uint256 i = from; i < to; i++) {
            uint256 x = point[i];
            uint256 one = uint256(1).esub(x);
            for (uint256 k = 0; k < size; k++) {
                uint256 e = t[k];
                t[k + size] = e.emul(x);
                t[k] = e.emul(one);
            }
            size <<= 1;
        }
    }

    /// eq(x, y) for one coordinate: x·y + (1 − x)(1 − y).
    function eq1(uint256 x, uint256 y) private pure returns (uint256) {
        return x.emul(y).eadd(uint256(1).esub(x).emul(uint256(1).esub(y)));
    }

    /// w on an extension-valued row stored as its (c0, φ) pair of rows: w and w·φ.
    function putPair(uint256[] memory weights, uint256 row, uint256 w) private pure {
        weights[row] = w;
        weights[row + 1] = timesPhi(w);
    }

    /// w·φ for φ = X in F_p[X]/(X² − 7): (c0 + c1·X)·X = 7·c1 + c0·X.
    function timesPhi(uint256 w) private pure returns (uint256) {
        return Goldilocks.ext(mulmod(7, w.c1(), Goldilocks.P), w.c0());
    }
}
