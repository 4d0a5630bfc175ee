// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Points} from "./Points.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";

/// What a generated circuit verifier calls (Java io.zkml4j.proof.CircuitSection and the relations'
/// verifier side): drawing points, the zero-knowledge sumcheck with a hidden claim (ZkSumcheck),
/// eq and multilinear evaluations, and the claims that tie revealed masked values and the
/// sumcheck mask to the commitments (ClaimTerms, SumcheckMask, MaskedInstance).
library CircuitChecks {
    using Goldilocks for uint256;

    /// The witness commitment's symbolic number (Java VectorRef.WITNESS): masks live there.
    uint256 internal constant WITNESS = 1;
    /// φ, the extension's generator (X² = 7).
    uint256 internal constant PHI = 1 << 64;
    /// ½ in the base field.
    uint256 internal constant HALF = 0x7fffffff80000001;

    /// A zero-knowledge sumcheck whose claimed sum stays hidden: only T = H + β·G is sent.
    struct HiddenRun {
        uint256[] point;
        uint256 beta;
        uint256 maskedSum;
        uint256 combinedFinal;
    }

    /// A section's state between the libraries it is written over (SectionVerifierWriter.sources): the points, the
    /// sumcheck's run, where the revealed values start, the claims the part adds (it starts from none; the first library
    /// appends them to its own), the hidden claim's terms so far (h of them)
    /// and values, and the lookups' own claims; the lists as ClaimWords.
    struct SectionState {
        uint256[][] pts;
        uint256[] coefficients;
        HiddenRun run;
        uint256 revealedAt;
        uint256[] claims;
        uint256[] hidden;
        uint256 h;
        uint256 atPoint;
        uint256 hiddenValue;
        uint256[] lookupsOwn;
    }

    /// Terms as ClaimWords (one claim of value zero holding them; unfilled terms are zeroed structs and stay so).
    function packTerms(Claims.Term[] memory terms) internal pure returns (uint256[] memory) {
        Claims.List memory l = Claims.create(1);
        Claims.push(l, Claims.Claim(terms, 0));
        return ClaimWords.pack(l);
    }

    /// The terms packTerms wrote.
    function unpackTerms(uint256[] memory words) internal pure returns (Claims.Term[] memory) {
        Claims.List memory l = ClaimWords.unpack(words);
        require(l.length == 1, "section state: one list of terms");
        return l.items[0].terms;
    }

    /// Claims as a list (for ClaimWords).
    function listOf(Claims.Claim[] memory claims) internal pure returns (Claims.List memory l) {
        l = Claims.create(claims.length);
        Claims.appendAll(l, claims);
    }

    /// ZkSumcheck.verifyHiddenClaim: β, then T, then the plain sumcheck of T with a degree per round.
    function verifyHiddenClaim(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory degrees, bytes memory label)
        internal view returns (HiddenRun memory run)
    {
        run.beta = FiatShamir.challengeExt(v, abi.encodePacked(label, ".beta"));
        require(run.beta != 0, "sumcheck: a zero beta would unmask it"); // the last claim divides by β (Java's inverse throws)
        run.maskedSum = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".maskedSum"), 1), 0);
        uint256[] memory claims = new uint256[](1);
        claims[0] = run.maskedSum;
        uint256[] memory vars = new uint256[](1);
        vars[0] = degrees.length;
        Sumcheck.Result memory res = Sumcheck.verifyBatched(v, proof, claims, vars, degrees, label);
        run.point = res.point;
        run.combinedFinal = res.finalClaim;
    }

    /// A public vector's multilinear extension at the first log2(length) coordinates of the point
    /// (a per-sample vector repeated over the batch's higher variables, where eq sums to one).
    function evaluatePrefix(uint256[] memory values, uint256[] memory point) internal pure returns (uint256) {
        uint256 n = 0;
        while ((uint256(1) << n) < values.length) {
            n++;
        }
        require(values.length == uint256(1) << n && n <= point.length, "public vector: not a power of two within the point");
        return Sumcheck.evaluateMultilinear(values, Sumcheck.prefix(point, n));
    }

    /// A gather's sparse map at (u, p) (Java GatherRelation.mapAt): Σ_e eq(u_low, target_e)·eq(p_low, source_e)·weight_e over
    /// the map's entries, times eq of the two points' batch coordinates. The map's first byte says how its entries follow
    /// (SectionVerifierWriter.mapBytes): its low bits 0: 16 bytes each, the target and source positions (4 bytes each) and
    /// the weight (8 bytes, a canonical base-field element); 1 or 2: a selection, entry e of target e and weight 1, its
    /// source position in 2 or 4 bytes. With 0x80 a second byte k follows: the entries are one block's, repeated in 2^k
    /// blocks at the top k bits of both positions, so the sum is the block's times eq of the points' top k coordinates.
    function sparseMapAt(bytes memory map, uint256[] memory u, uint256 targetVars, uint256[] memory p, uint256 sourceVars)
            internal pure returns (uint256 acc) {
        require(map.length >= 1 && (uint8(map[0]) & 0x7f) <= 2 && targetVars <= u.length && sourceVars <= p.length
                && u.length - targetVars == p.length - sourceVars, "sparse map: malformed map or points");
        uint256 kind = uint8(map[0]) & 0x7f;
        uint256 first = 1;
        uint256 blockVars = 0;
        if (uint8(map[0]) & 0x80 != 0) {
            require(map.length >= 2, "sparse map: no block count");
            blockVars = uint8(map[1]);
            first = 2;
        }
        require(blockVars <= targetVars && blockVars <= sourceVars, "sparse map: more blocks than positions");
        uint256 width = kind == 0 ? 16 : kind == 1 ? 2 : 4;
        require((map.length - first) % width == 0, "sparse map: a partial entry");
        uint256 n = (map.length - first) / width;
        Sides memory s = Sides(targetVars - blockVars, sourceVars - blockVars, new uint256[](0), new uint256[](0));
        require(kind == 0 || n <= uint256(1) << s.targetVars, "sparse map: a selection longer than its target");
        // A side's eq table costs 2^vars products, each entry's eq alone `vars`: a few entries over many positions use the latter.
        if (uint256(1) << s.targetVars <= 4 * (n + 1) * (s.targetVars + 1)) {
            s.eqU = Points.eqTable(Points.slice(u, 0, s.targetVars));
        }
        if (uint256(1) << s.sourceVars <= 4 * (n + 1) * (s.sourceVars + 1)) {
            s.eqS = Points.eqTable(Points.slice(p, 0, s.sourceVars));
        }
        for (uint256 e = 0; e < n; e++) {
            uint256 word;
            assembly ("memory-safe") {
                word := mload(add(add(map, add(32, first)), mul(e, width)))
            }
            // an entry is the first bytes of the word
            if (kind == 0) {
                acc = acc.eadd(eqSide(s.eqU, u, s.targetVars, word >> 224).emul(eqSide(s.eqS, p, s.sourceVars, (word >> 192) & 0xffffffff))
                    .emulBase((word >> 128) & 0xffffffffffffffff));
            } else {
                acc = acc.eadd(eqSide(s.eqU, u, s.targetVars, e).emul(eqSide(s.eqS, p, s.sourceVars, word >> (256 - 8 * width))));
            }
        }
        acc = acc.emul(Points.eq(Points.slice(u, targetVars - blockVars, targetVars), Points.slice(p, sourceVars - blockVars, sourceVars)));
        acc = acc.emul(Points.eq(Points.slice(u, targetVars, u.length), Points.slice(p, sourceVars, p.length)));
    }

    /// A gather map's constants at u (the extension of a vector of 2^vars positions at u's first `vars` coordinates), from
    /// their runs (SectionVerifierWriter.constantsBytes): a byte k, the constants being 2^k copies of a pattern over the low
    /// vars − k coordinates (eq over the copies sums to one), then per run of the pattern its start and end position (4 bytes
    /// each) and value (8 bytes, canonical): Σ value·(I_end − I_start)(u), with I_n the indicator of the first n positions.
    function runsAt(bytes memory runs, uint256[] memory u, uint256 vars) internal pure returns (uint256 acc) {
        require(runs.length >= 1 && (runs.length - 1) % 16 == 0 && vars <= u.length && uint8(runs[0]) <= vars,
            "constants: malformed runs or point");
        uint256 low = vars - uint8(runs[0]);
        for (uint256 e = 0; e < (runs.length - 1) / 16; e++) {
            uint256 word;
            assembly ("memory-safe") {
                word := mload(add(add(runs, 33), mul(e, 16)))
            }
            uint256 start = word >> 224;
            uint256 end = (word >> 192) & 0xffffffff;
            uint256 value = (word >> 128) & 0xffffffffffffffff;
            require(start < end && end <= uint256(1) << low && value < Goldilocks.P, "constants: a run outside its positions");
            acc = acc.eadd(prefixIndicator(u, low, end).esub(prefixIndicator(u, low, start)).emulBase(value));
        }
    }

    /// A map's two sides: the low variables of its target and source, and their eq tables where built (else empty).
    struct Sides {
        uint256 targetVars;
        uint256 sourceVars;
        uint256[] eqU;
        uint256[] eqS;
    }

    /// eq(point's first `vars` coordinates, index): from the table when built, else coordinate by coordinate. An index
    /// past the 2^vars positions reverts either way.
    function eqSide(uint256[] memory table, uint256[] memory point, uint256 vars, uint256 index) private pure returns (uint256 acc) {
        if (table.length != 0) {
            return table[index];
        }
        require(index >> vars == 0, "sparse map: a position past its side");
        acc = 1;
        for (uint256 j = 0; j < vars; j++) {
            uint256 x = point[j];
            acc = acc.emul((index >> j) & 1 == 1 ? x : uint256(1).esub(x));
        }
    }

    /// A convolution's im2col weights on one input sample (Java ConvRelation.inputWeights): H(j) = Σ eq(kg ‖ pixels,
    /// target) over the im2col entries reading input position j, the entries generated from the geometry as Java's
    /// CircuitCompiler lists them: output pixel p = (oh, ow), group g, input channel ci of the group and kernel offset
    /// (kh, kw) read input (g·Cg + ci, oh·sH + kh·dH − padTop, ow·sW + kw·dW − padLeft) where that lies inside the
    /// input, at im2col position (p·G + g)·K + (ci·kH + kh)·kW + kw (G and K the padded group and kernel counts). An
    /// input position (c, h, w) lies at c·channelStride + h·inW + w of the sample (SectionVerifierWriter checks the
    /// input's layout is so). geometry: outH, outW, groups, Cg, kH, kW, sH, sW, dH, dW, padTop, padLeft, inH, inW,
    /// channelStride, kernel variables, group variables, the sample's size. kg: the sumcheck's point over (k, g).
    function im2colWeights(uint256[] memory geometry, uint256[] memory kg, uint256[] memory pixels)
        internal pure returns (uint256[] memory h)
    {
        require(geometry.length == 18 && kg.length == geometry[15] + geometry[16], "convolution: malformed geometry");
        uint256[] memory eqK = Points.eqTable(Points.slice(kg, 0, geometry[15]));
        uint256[] memory eqG = Points.eqTable(Points.slice(kg, geometry[15], kg.length));
        uint256[] memory eqP = Points.eqTable(pixels);
        require(geometry[0] * geometry[1] <= eqP.length && geometry[2] <= eqG.length
            && geometry[3] * geometry[4] * geometry[5] <= eqK.length, "convolution: geometry past its point");
        h = new uint256[](geometry[17]);
        for (uint256 p = 0; p < geometry[0] * geometry[1]; p++) {
            uint256 oh = p / geometry[1];
            uint256 ow = p % geometry[1];
            for (uint256 g = 0; g < geometry[2]; g++) {
                uint256 e = eqG[g].emul(eqP[p]);
                for (uint256 ci = 0; ci < geometry[3]; ci++) {
                    addWindow(h, geometry, eqK, e, oh, ow, g * geometry[3] + ci, ci);
                }
            }
        }
    }

    /// One output pixel's kernel window over input channel `channel` (ci within its group), added to H with weight e·eq_K.
    function addWindow(uint256[] memory h, uint256[] memory geometry, uint256[] memory eqK, uint256 e, uint256 oh, uint256 ow,
                       uint256 channel, uint256 ci) private pure {
        for (uint256 kh = 0; kh < geometry[4]; kh++) {
            uint256 ih = oh * geometry[6] + kh * geometry[8]; // the row plus padTop
            if (ih < geometry[10] || ih - geometry[10] >= geometry[12]) {
                continue;
            }
            uint256 rowAt = channel * geometry[14] + (ih - geometry[10]) * geometry[13];
            for (uint256 kw = 0; kw < geometry[5]; kw++) {
                uint256 iw = ow * geometry[7] + kw * geometry[9];
                if (iw < geometry[11] || iw - geometry[11] >= geometry[13]) {
                    continue;
                }
                uint256 j = rowAt + iw - geometry[11];
                h[j] = h[j].eadd(eqK[(ci * geometry[4] + kh) * geometry[5] + kw].emul(e));
            }
        }
    }

    /// Σ_b eq(high, b)·Σ_j low_j·values[b·|low| + j]: product weights applied to a public vector (Java Weights.apply).
    function productAt(uint256[] memory low, uint256[] memory high, uint256[] memory values) internal pure returns (uint256 acc) {
        uint256[] memory eqHigh = Points.eqTable(high);
        require(values.length == low.length * eqHigh.length, "public vector: not the product weights' length");
        for (uint256 b = 0; b < eqHigh.length; b++) {
            uint256 sum = 0;
            for (uint256 j = 0; j < low.length; j++) {
                sum = sum.eadd(low[j].emulBase(values[b * low.length + j]));
            }
            acc = acc.eadd(sum.emul(eqHigh[b]));
        }
    }

    /// Σ_{i < n} eq(point's first `vars` coordinates, i): the extension of the indicator of the first n of 2^vars
    /// positions (a convolution's valid pixels), from the top bit down.
    function prefixIndicator(uint256[] memory point, uint256 vars, uint256 n) internal pure returns (uint256 acc) {
        require(vars <= point.length && n <= uint256(1) << vars, "indicator: past its point");
        if (n == uint256(1) << vars) {
            return 1;
        }
        uint256 path = 1; // eq of the coordinates above bit j with n's bits there
        for (uint256 j = vars; j > 0; j--) {
            uint256 x = point[j - 1];
            if ((n >> (j - 1)) & 1 == 1) {
                acc = acc.eadd(path.emul(uint256(1).esub(x))); // every index agreeing above, 0 here: below n
                path = path.emul(x);
            } else {
                path = path.emul(uint256(1).esub(x));
            }
        }
    }

    /// coefficient·(1 − u_from)·...·(1 − u_{end}): a smaller vector zero-extended to the point.
    function zeroExtension(uint256[] memory u, uint256 from) internal pure returns (uint256 acc) {
        acc = 1;
        for (uint256 i = from; i < u.length; i++) {
            acc = acc.emul(uint256(1).esub(u[i]));
        }
    }

    /// `count` copies of ½.
    function halves(uint256 count) internal pure returns (uint256[] memory out) {
        out = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            out[i] = HALF;
        }
    }

    /// A public tensor in proof layout (Java TensorLayout.place): sample b's value i at
    /// b·sampleSize + proofIndex[i], every other position the pad value; `values` holds the samples
    /// one after another (from `from`), and a padded batch repeats the first sample. Every value is a
    /// signed integer of `bits` bits as a field element (x or p + x): a statement outside that range
    /// is false whatever the proof (Java's Verifier.checkRange).
    function place(uint256[] memory values, uint256 from, uint256[] memory proofIndex, uint256 sampleSize, uint256 samples,
                   uint256 batchPadded, uint256 pad, uint256 bits) internal pure returns (uint256[] memory out) {
        uint256 n = proofIndex.length;
        require(samples >= 1 && samples <= batchPadded && values.length >= from + samples * n, "statement: too few public values");
        out = new uint256[](batchPadded * sampleSize);
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = pad;
        }
        for (uint256 b = 0; b < batchPadded; b++) {
            uint256 sample = from + (b < samples ? b : 0) * n;
            for (uint256 i = 0; i < n; i++) {
                uint256 x = values[sample + i];
                require(x < uint256(1) << (bits - 1) || (x < Goldilocks.P && x >= Goldilocks.P - (uint256(1) << (bits - 1))),
                    "statement: a public value is outside the proven range");
                out[b * sampleSize + proofIndex[i]] = x;
            }
        }
    }

    // ---- masked values (MaskedInstance, ClaimTerms) ----

    /// Where a committed mask is evaluated: (r_1..r_4, φ/(1 + φ)).
    function committedMaskPoint(uint256[] memory point) internal view returns (uint256[] memory p) {
        p = new uint256[](5);
        for (uint256 i = 0; i < 4; i++) {
            p[i] = point[1 + i];
        }
        p[4] = PHI.emul(uint256(1).eadd(PHI).einv());
    }

    /// r_0(1 − r_0)·(1 + φ).
    function committedMaskCoefficient(uint256[] memory point) internal pure returns (uint256) {
        return point[0].emul(uint256(1).esub(point[0])).emul(uint256(1).eadd(PHI));
    }

    /// The term r_0(1 − r_0)·R(r_1..r_4) of a committed mask R (ClaimTerms.foldMask), times `coefficient`.
    function maskTerm(uint256 commitment, uint256 mask, uint256[] memory point, uint256 coefficient)
        internal view returns (Claims.Term memory)
    {
        return Claims.eq(commitment, mask, committedMaskPoint(point), coefficient.emul(committedMaskCoefficient(point)));
    }

    /// The claim f'(point) = value for a vector revealed masked: f at point plus its mask's term (ClaimTerms.maskedClaim).
    function maskedClaim(uint256 commitment, uint256 polynomial, uint256 mask, uint256[] memory point, uint256 value)
        internal view returns (Claims.Claim memory c)
    {
        c.terms = new Claims.Term[](2);
        c.terms[0] = Claims.eq(commitment, polynomial, point, 1);
        c.terms[1] = maskTerm(WITNESS, mask, point, 1);
        c.value = value;
    }

    // ---- the sumcheck mask g (SumcheckMask): claims on its committed chunks ----

    function maskCoefficients(uint256[] memory degrees) internal pure returns (uint256 m) {
        m = 1;
        for (uint256 i = 0; i < degrees.length; i++) {
            m += degrees[i];
        }
    }

    /// SumcheckMask.tableLength: the committed table holds c0 parts then φ parts, padded to a power of two.
    function maskTableLength(uint256[] memory degrees) internal pure returns (uint256 length) {
        uint256 used = 2 * maskCoefficients(degrees) - 1;
        length = 1;
        while (length <= used) {
            length <<= 1;
        }
    }

    /// Weights w with Σ w[k]·table[k] = g(point): the monomials 1, r_i^e, then the same times φ.
    function maskWeights(uint256[] memory point, uint256[] memory degrees) internal pure returns (uint256[] memory w) {
        uint256 m = maskCoefficients(degrees);
        w = new uint256[](maskTableLength(degrees));
        w[0] = 1;
        uint256 at = 1;
        for (uint256 i = 0; i < point.length; i++) {
            uint256 p = 1;
            for (uint256 e = 1; e <= degrees[i]; e++) {
                p = p.emul(point[i]);
                w[at++] = p;
            }
        }
        for (uint256 k = 0; k < m; k++) {
            w[m + k] = w[k].emul(PHI);
        }
    }

    /// Weights w with Σ w[k]·table[k] = Σ_x g(x) = 2^n c₀ + 2^(n−1) Σ c_(i,e).
    function maskSumWeights(uint256[] memory degrees) internal pure returns (uint256[] memory w) {
        uint256 n = degrees.length;
        uint256 m = maskCoefficients(degrees);
        w = new uint256[](maskTableLength(degrees));
        uint256 all = Sumcheck.powerOfTwo(n);
        uint256 half = n == 0 ? 0 : Sumcheck.powerOfTwo(n - 1);
        for (uint256 k = 0; k < m; k++) {
            w[k] = k == 0 ? all : half;
            w[m + k] = w[k].emul(PHI);
        }
    }

    /// coefficient·Σ weights·g split along g's committed chunks (ClaimTerms.sumcheckMask), appended to `terms`.
    function maskChunkTerms(Claims.Term[] memory terms, uint256 at, uint256[] memory chunkPolynomials, uint256[] memory weights,
                            uint256 coefficient) internal pure returns (uint256) {
        uint256 width = weights.length / chunkPolynomials.length;
        for (uint256 k = 0; k < chunkPolynomials.length; k++) {
            terms[at++] = Claims.explicitWeights(WITNESS, chunkPolynomials[k], Points.slice(weights, k * width, (k + 1) * width), coefficient);
        }
        return at;
    }
}
