// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Points} from "./Points.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Claims} from "./Claims.sol";
import {Poseidon2} from "./Poseidon2.sol";
import {Poseidon2Constants} from "./Poseidon2Constants.sol";

/// The verifier of zkml4j's zero-knowledge proof that committed messages hash to public digests under
/// the Poseidon2 sponge (Java io.zkml4j.core.hashproof.SpongeHashProof.verify, with
/// PermutationConstraints and the verifier's side of SeptimicSumInstance): it reads and draws what the
/// Java verifier reads and draws, checks the zero-knowledge sumcheck of the permutation steps, and
/// returns the claims on the caller's commitment that the Java verifier returns, term for term.
///
/// Trace tables: table(stage, lane) = 12·stage + lane for the 32 stages (input, the 30 rounds' S-box
/// inputs, output); then the packed masks (polynomial 384) and the Libra mask (385), from `first`.
library SpongeHashProof {
    using Goldilocks for uint256;

    uint256 internal constant LANES = 12;
    uint256 internal constant STAGES = 32;
    uint256 internal constant OUTPUT_STAGE = 31;
    uint256 internal constant TABLES = 384;
    uint256 internal constant MASKS = 384;
    uint256 internal constant LIBRA = 385;
    uint256 internal constant STEPS = 372;
    uint256 internal constant SBOX_COUNT = 118;
    uint256 internal constant MASK_VARS = 4;
    uint256 internal constant MIN_MASKED_VARS = 5;
    uint256 internal constant MASK_SLOT_VARS = 7;
    uint256 internal constant DEGREE = 8;
    uint256 internal constant LAST_DEGREE = 15;
    uint256 internal constant RATE = 8;
    uint256 internal constant PHI = 1 << 64;

    /// SpongeShape: `sponges` messages of `messageLength` elements, hashed in `domain`.
    struct Shape {
        uint256 sponges;
        uint256 messageLength;
        uint256 domain;
    }

    /// The permutation steps' random combination (PermutationConstraints): a_T, b_T of the S-box tables, H.
    struct Constraints {
        uint256[] linear;
        uint256[] septic;
        uint256 constant_;
    }

    /// What the sumcheck leaves for the claims.
    struct Run {
        uint256 n;
        uint256[] point;
        uint256 maskValue;
        uint256[] revealed;
    }

    function blocks(Shape memory s) internal pure returns (uint256) {
        return s.messageLength <= RATE ? 1 : (s.messageLength + RATE - 1) / RATE;
    }

    function logBlocks(Shape memory s) internal pure returns (uint256) {
        return ceilLog2(blocks(s));
    }

    function numVars(Shape memory s) internal pure returns (uint256) {
        uint256 n = logBlocks(s) + ceilLog2(s.sponges);
        return n < MIN_MASKED_VARS ? MIN_MASKED_VARS : n;
    }

    function ceilLog2(uint256 n) internal pure returns (uint256 k) {
        while ((1 << k) < n) k++;
    }

    /// Variables of the Libra mask's table (SumcheckMask.tableLength of the round degrees).
    function libraVars(Shape memory s) internal pure returns (uint256) {
        return log2(tableLength(numVars(s)));
    }

    /// The variables of each polynomial the proof adds to its commitment (Java tableVars): the
    /// tables, the packed masks (32 values in each of 2^7 slots), the Libra mask.
    function tableVars(Shape memory s) internal pure returns (uint256[] memory nv) {
        nv = new uint256[](TABLES + 2);
        uint256 n = numVars(s);
        for (uint256 i = 0; i < TABLES; i++) {
            nv[i] = n;
        }
        nv[MASKS] = 12;
        nv[LIBRA] = libraVars(s);
    }

    function tableLength(uint256 n) internal pure returns (uint256) {
        uint256 m = 1 + DEGREE * (n - 1) + LAST_DEGREE; // coefficients of the mask
        uint256 x = 2 * m - 1;
        uint256 h = 1;
        while (2 * h <= x) h <<= 1;
        return h << 1;
    }

    function log2(uint256 x) internal pure returns (uint256 k) {
        while ((1 << k) < x) k++;
    }

    /// The Java verify: `digests` holds 4 canonical elements per real sponge. Returns the advanced
    /// transcript (a library call copies memory) and the claims, in Java's order.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Shape memory s, uint256[] memory digests,
                    bytes memory label, uint256 commitment, uint256 first)
        public view returns (FiatShamir.Verifier memory, Claims.Claim[] memory)
    {
        require(s.sponges >= 1 && s.sponges <= 1 << 16 && s.messageLength >= 1 && s.messageLength <= 1 << 16, "hash proof: shape");
        require(digests.length == 4 * s.sponges, "hash proof: one digest per sponge");
        Run memory run;
        run.n = numVars(s);
        FiatShamir.absorbPublicField(v, abi.encodePacked(label, ".shape"), triple(s.sponges, s.messageLength, s.domain));
        FiatShamir.absorbPublicField(v, abi.encodePacked(label, ".digests"), digests); // reverts unless canonical
        uint256[] memory tau = Points.draw(v, abi.encodePacked(label, ".tau"), run.n);
        Constraints memory pc = constraints(Points.draw(v, abi.encodePacked(label, ".steps"), STEPS));
        uint256 expectedValue = sumcheck(v, proof, pc.constant_, run, label);
        uint256 last = run.point[run.n - 1];
        require(last.emul(uint256(1).esub(last)) != 0, string(abi.encodePacked(label, ": the last challenge is 0 or 1")));
        uint256 off = FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".revealed"), 1 + SBOX_COUNT);
        run.revealed = new uint256[](1 + SBOX_COUNT);
        for (uint256 i = 0; i <= SBOX_COUNT; i++) {
            run.revealed[i] = FiatShamir.extAt(proof, off, i);
        }
        uint256 combination = run.revealed[0];
        for (uint256 i = 0; i < SBOX_COUNT; i++) {
            uint256 x = run.revealed[1 + i];
            uint256 x3 = x.emul(x).emul(x);
            combination = combination.eadd(pc.septic[i].emul(x3.emul(x3).emul(x)));
        }
        require(Points.eq(tau, run.point).emul(combination) == expectedValue,
            string(abi.encodePacked(label, ": the permutation steps do not hold (sumcheck's final value)")));
        Claims.Claim[] memory out = claims(v, s, pc, run, digests, label, commitment, first);
        return (v, out);
    }

    /// ZkSumcheck.verify with the round degrees 8, ..., 8, 15: returns final − β·g(r).
    function sumcheck(FiatShamir.Verifier memory v, bytes calldata proof, uint256 claim, Run memory run, bytes memory label)
        private view returns (uint256)
    {
        uint256 maskSum = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".maskSum"), 1), 0);
        uint256 beta = FiatShamir.challengeExt(v, abi.encodePacked(label, ".beta"));
        uint256[] memory claims_ = new uint256[](1);
        claims_[0] = claim.eadd(beta.emul(maskSum));
        uint256[] memory vars = new uint256[](1);
        vars[0] = run.n;
        Sumcheck.Result memory res = Sumcheck.verifyBatched(v, proof, claims_, vars, roundDegrees(run.n), label);
        run.point = res.point;
        run.maskValue = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".maskValue"), 1), 0);
        return res.finalClaim.esub(beta.emul(run.maskValue));
    }

    function roundDegrees(uint256 n) internal pure returns (uint256[] memory d) {
        d = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            d[i] = DEGREE;
        }
        d[n - 1] = LAST_DEGREE;
    }

    // ---- the permutation's steps (PermutationConstraints) ----

    /// True when stage `stage` lane `lane` is an S-box input (stages 1..30: round stage − 1).
    function hasSbox(uint256 stage, uint256 lane) internal pure returns (bool) {
        if (stage < 1 || stage > 30) return false;
        return !Poseidon2.isPartial(stage - 1) || lane == 0;
    }

    /// a_T, b_T and H from a coefficient per step: step (s, l) for s ≥ 1 adds β to a of (s, l), β·c_s[l]
    /// to H, and −(Mᵀβ_s)_j to a or b of (s − 1, j), M the layer before stage s.
    function constraints(uint256[] memory beta) internal pure returns (Constraints memory pc) {
        uint256[] memory a = new uint256[](TABLES);
        uint256[] memory b = new uint256[](TABLES);
        uint256 h = 0;
        bytes memory rc = Poseidon2Constants.ROUND_CONSTANTS;
        bytes memory d = Poseidon2Constants.INTERNAL_DIAGONAL;
        uint256[] memory bs = new uint256[](LANES);
        for (uint256 stage = 1; stage < STAGES; stage++) {
            for (uint256 l = 0; l < LANES; l++) {
                uint256 bk = beta[(stage - 1) * LANES + l];
                bs[l] = bk;
                a[stage * LANES + l] = a[stage * LANES + l].eadd(bk);
                if (stage != OUTPUT_STAGE) {
                    uint256 c = Poseidon2.roundConstant(rc, stage - 1, l);
                    if (c != 0) h = h.eadd(bk.emulBase(c));
                }
            }
            bool internalLayer = stage != 1 && Poseidon2.isPartial(stage - 2);
            uint256[] memory t = internalLayer ? internalTransposed(bs, d) : externalTransposed(bs);
            for (uint256 j = 0; j < LANES; j++) {
                uint256 source = (stage - 1) * LANES + j;
                if (hasSbox(stage - 1, j)) {
                    b[source] = b[source].esub(t[j]);
                } else {
                    a[source] = a[source].esub(t[j]);
                }
            }
        }
        pc.linear = a;
        pc.septic = new uint256[](SBOX_COUNT);
        uint256 k = 0;
        for (uint256 tIndex = 0; tIndex < TABLES; tIndex++) {
            if (hasSbox(tIndex / LANES, tIndex % LANES)) {
                pc.septic[k++] = b[tIndex];
            }
        }
        pc.constant_ = h;
    }

    /// (J + diag(d))ᵀ·β = Σβ + d_j·β_j (the matrix is symmetric).
    function internalTransposed(uint256[] memory bs, bytes memory d) private pure returns (uint256[] memory t) {
        t = new uint256[](LANES);
        uint256 sum = 0;
        for (uint256 l = 0; l < LANES; l++) {
            sum = sum.eadd(bs[l]);
        }
        for (uint256 j = 0; j < LANES; j++) {
            t[j] = sum.eadd(bs[j].emulBase(Poseidon2.word64(d, j)));
        }
    }

    /// circ(2·M4, M4, M4)ᵀ·β: block J is M4ᵀ·(β_J + Σ_I β_I).
    function externalTransposed(uint256[] memory bs) private pure returns (uint256[] memory t) {
        t = new uint256[](LANES);
        for (uint256 j = 0; j < 4; j++) {
            uint256 s = bs[j].eadd(bs[4 + j]).eadd(bs[8 + j]);
            for (uint256 blk = 0; blk < 12; blk += 4) {
                bs[blk + j] = bs[blk + j].eadd(s); // bs is the caller's scratch: refilled every stage
            }
        }
        for (uint256 blk = 0; blk < 12; blk += 4) {
            uint256 u0 = bs[blk];
            uint256 u1 = bs[blk + 1];
            uint256 u2 = bs[blk + 2];
            uint256 u3 = bs[blk + 3];
            // columns of M4 (rows 5 7 1 3 / 4 6 1 1 / 1 3 5 7 / 1 1 4 6)
            t[blk] = u0.emulBase(5).eadd(u1.emulBase(4)).eadd(u2).eadd(u3);
            t[blk + 1] = u0.emulBase(7).eadd(u1.emulBase(6)).eadd(u2.emulBase(3)).eadd(u3);
            t[blk + 2] = u0.eadd(u1).eadd(u2.emulBase(5)).eadd(u3.emulBase(4));
            t[blk + 3] = u0.emulBase(3).eadd(u1).eadd(u2.emulBase(7)).eadd(u3.emulBase(6));
        }
    }

    // ---- the claims ----

    function claims(FiatShamir.Verifier memory v, Shape memory s, Constraints memory pc, Run memory run, uint256[] memory digests,
                    bytes memory label, uint256 commitment, uint256 first) private view returns (Claims.Claim[] memory out)
    {
        uint256 lb = logBlocks(s);
        uint256 nb = blocks(s);
        uint256 used = s.messageLength - (nb - 1) * RATE;
        out = new Claims.Claim[](2 + 4 + (used < RATE ? 1 : 0) + 4);
        out[0] = revealedClaim(v, pc, run, label, commitment, first);
        // The Libra mask at r.
        out[1] = Claims.single(Claims.explicitWeights(commitment, first + LIBRA, maskWeights(run.point), 1), run.maskValue);
        // Chaining of the capacity lanes between blocks.
        uint256[] memory z = Points.draw(v, abi.encodePacked(label, ".chain"), run.n);
        uint256[] memory zBlock = Points.slice(z, 0, lb);
        uint256[] memory zSponge = Points.slice(z, lb, run.n);
        uint256 firstBlock = Points.eq(zBlock, Points.bits(0, lb));
        for (uint256 l = RATE; l < LANES; l++) {
            Claims.Claim memory c;
            c.terms = new Claims.Term[](nb);
            c.terms[0] = Claims.eq(commitment, first + l, z, 1);
            for (uint256 bl = 0; bl + 1 < nb; bl++) {
                c.terms[1 + bl] = Claims.eq(commitment, first + OUTPUT_STAGE * LANES + l, Points.concat(Points.bits(bl, lb), zSponge),
                    uint256(0).esub(Points.eq(zBlock, Points.bits(bl + 1, lb))));
            }
            uint256 iv = l == RATE ? s.messageLength : l == RATE + 1 ? s.domain : 0;
            c.value = firstBlock.emulBase(iv % Goldilocks.P);
            out[2 + l - RATE] = c;
        }
        uint256 k = 6;
        // Zero padding of the last block's unused lanes.
        if (used < RATE) {
            uint256[] memory zp = Points.draw(v, abi.encodePacked(label, ".padding"), run.n - lb);
            uint256[] memory lastPoint = Points.concat(Points.bits(nb - 1, lb), zp);
            uint256[] memory w = Points.draw(v, abi.encodePacked(label, ".paddingLanes"), RATE - used);
            Claims.Claim memory c;
            c.terms = new Claims.Term[](RATE - used);
            for (uint256 l = used; l < RATE; l++) {
                c.terms[l - used] = Claims.eq(commitment, first + l, lastPoint, w[l - used]);
            }
            out[k++] = c;
        }
        // Digests: the output's first lanes at each sponge's last block, at a random sponge point.
        uint256[] memory zd = Points.draw(v, abi.encodePacked(label, ".digest"), run.n - lb);
        uint256[] memory eqSponges = Points.eqTable(zd);
        uint256[] memory at = Points.concat(Points.bits(nb - 1, lb), zd);
        uint256[4] memory padding = Poseidon2.hashZeros(s.messageLength, s.domain);
        for (uint256 l = 0; l < 4; l++) {
            uint256 value = 0;
            for (uint256 sp = 0; sp < eqSponges.length; sp++) {
                uint256 d = sp < s.sponges ? digests[4 * sp + l] : padding[l];
                value = value.eadd(eqSponges[sp].emulBase(d));
            }
            out[k++] = Claims.single(Claims.eq(commitment, first + OUTPUT_STAGE * LANES + l, at, 1), value);
        }
    }

    /// Σ μ_k·v_k = Σ_T coef_T·T̃(r) + Σ_k μ_k·c·M̃(q, k): the revealed values in one random combination.
    function revealedClaim(FiatShamir.Verifier memory v, Constraints memory pc, Run memory run, bytes memory label,
                           uint256 commitment, uint256 first) private view returns (Claims.Claim memory c)
    {
        uint256[] memory mu = Points.draw(v, abi.encodePacked(label, ".combine"), 1 + SBOX_COUNT);
        uint256[] memory coefficient = new uint256[](TABLES);
        uint256 nonZero = 0;
        uint256 k = 0;
        for (uint256 t = 0; t < TABLES; t++) {
            coefficient[t] = mu[0].emul(pc.linear[t]);
            if (hasSbox(t / LANES, t % LANES)) {
                coefficient[t] = coefficient[t].eadd(mu[1 + k++]);
            }
            if (coefficient[t] != 0) nonZero++;
        }
        c.terms = new Claims.Term[](nonZero + 1 + SBOX_COUNT);
        k = 0;
        for (uint256 t = 0; t < TABLES; t++) {
            if (coefficient[t] != 0) {
                c.terms[k++] = Claims.eq(commitment, first + t, run.point, coefficient[t]);
            }
        }
        uint256 last = run.point[run.n - 1];
        // q = (r_0..r_3, φ/(1 + φ)); scale = v(1 − v)(1 + φ) for the masking variable v.
        uint256[] memory q = new uint256[](MASK_VARS + 1);
        for (uint256 i = 0; i < MASK_VARS; i++) {
            q[i] = run.point[i];
        }
        q[MASK_VARS] = PHI.emul(Goldilocks.einv(Goldilocks.ext(1, 1)));
        uint256 scale = last.emul(uint256(1).esub(last)).emul(Goldilocks.ext(1, 1));
        uint256 value = 0;
        for (uint256 j = 0; j <= SBOX_COUNT; j++) {
            c.terms[k++] = Claims.eq(commitment, first + MASKS, Points.concat(q, Points.bits(j, MASK_SLOT_VARS)), mu[j].emul(scale));
            value = value.eadd(mu[j].emul(run.revealed[j]));
        }
        c.value = value;
    }

    /// SumcheckMask.weights(r, degrees): 1, then r_i^1..r_i^{d_i} per variable, as c0 entries and again times φ.
    function maskWeights(uint256[] memory point) internal pure returns (uint256[] memory w) {
        uint256 n = point.length;
        uint256 m = 1 + DEGREE * (n - 1) + LAST_DEGREE;
        w = new uint256[](tableLength(n));
        w[0] = 1;
        w[m] = PHI;
        uint256 at = 1;
        for (uint256 i = 0; i < n; i++) {
            uint256 d = i == n - 1 ? LAST_DEGREE : DEGREE;
            uint256 p = 1;
            for (uint256 e = 1; e <= d; e++) {
                p = p.emul(point[i]);
                w[at] = p;
                w[m + at] = p.emul(PHI);
                at++;
            }
        }
    }

    function triple(uint256 a, uint256 b, uint256 c) private pure returns (uint256[] memory t) {
        t = new uint256[](3);
        t[0] = a;
        t[1] = b;
        t[2] = c;
    }

    /// The messageTerm of a caller: coefficient·Σ_s Points.eq(spongePoint, s)·message_s[element].
    function messageTerm(Shape memory s, uint256 commitment, uint256 first, uint256 element, uint256[] memory spongePoint,
                         uint256 coefficient) internal pure returns (Claims.Term memory) {
        require(element < s.messageLength, "hash proof: element outside the messages");
        uint256 lb = logBlocks(s);
        require(spongePoint.length == numVars(s) - lb, "hash proof: sponge point length");
        return Claims.eq(commitment, first + element % RATE, Points.concat(Points.bits(element / RATE, lb), spongePoint), coefficient);
    }
}
