// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Points} from "./Points.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";
import {SpongeHashProof} from "./SpongeHashProof.sol";

/// The verifier of zkml4j's sealed evaluation reduction (Java io.zkml4j.core.sealed.SealedEvaluationReduction.verify),
/// which runs before the sealed opening: every claim naming the sealed commitment is merged into one
/// (claim j scaled by λ^j), and a zero-knowledge sumcheck with a hidden claim turns its sealed part into one
/// evaluation per named polynomial. Reads reduction.mask, draws reduction.lambda and reduction.beta, reads
/// reduction.maskedSum and the rounds; appends Java's claims in order: the untouched claims, the merged
/// claim (its sealed part replaced by T − β·Σg) and the sumcheck's end.
library SealedEvaluationReduction {
    using Goldilocks for uint256;

    uint256 internal constant DEGREE = 2;
    uint256 internal constant MAX_TERMS = 1 << 24;
    uint256 internal constant PHI = 1 << 64;

    struct Merge {
        uint256 n;
        uint256 value;
        uint256 otherCount;
        Claims.Term[] otherTerms;
        uint256[] sealedCount;      // per polynomial
        Claims.Term[][] sealedTerms; // per polynomial, its terms scaled by λ^j
    }

    /// `numVars`: the sealed commitment's polynomials' variables. Appends the claims to `out`; returns the
    /// mask commitment's root. The reduction's code is inlined into the caller; verifyLinked is the same
    /// through a linked library call.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory numVars, uint256 sealedIndex,
                    Claims.List memory claims, uint256 maskIndex, Claims.List memory out) internal view returns (bytes32 maskRoot)
    {
        return reduce(v, proof, numVars, sealedIndex, claims, maskIndex, out);
    }

    /// verify through SealedReductionRun.run (DELEGATECALL): the caller's code holds only the call; the
    /// claims cross as ClaimWords.
    function verifyLinked(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory numVars, uint256 sealedIndex,
                          Claims.List memory claims, uint256 maskIndex, Claims.List memory out) internal view returns (bytes32 maskRoot)
    {
        FiatShamir.Verifier memory after_;
        uint256[] memory reduced;
        (after_, reduced, maskRoot) = SealedReductionRun.run(v, proof, numVars, sealedIndex, ClaimWords.pack(claims), maskIndex);
        v.state = after_.state;
        v.position = after_.position;
        Claims.append(out, ClaimWords.unpack(reduced));
    }

    /// The reduction (called by SealedReductionRun.run): appends its claims to `out`, returns the mask's root.
    function reduce(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory numVars, uint256 sealedIndex,
                    Claims.List memory claims, uint256 maskIndex, Claims.List memory out) internal view returns (bytes32 maskRoot)
    {
        uint256 n = maxNamedVars(numVars, sealedIndex, claims);
        maskRoot = FiatShamir.receiveDigest(v, proof, "reduction.mask");
        uint256 lambda = FiatShamir.challengeExt(v, "reduction.lambda");
        Merge memory m = merge(numVars, sealedIndex, claims, lambda, n, out);
        // ZkSumcheck.verifyHiddenClaim: β, then T = S + β·Σg, then the rounds.
        uint256 beta = FiatShamir.challengeExt(v, "reduction.beta");
        uint256 masked = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "reduction.maskedSum", 1), 0);
        uint256[] memory sums = new uint256[](1);
        sums[0] = masked;
        uint256[] memory vars = new uint256[](1);
        vars[0] = n;
        uint256[] memory degrees = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            degrees[i] = DEGREE;
        }
        Sumcheck.Result memory res = Sumcheck.verifyBatched(v, proof, sums, vars, degrees, "reduction");
        // The merged claim: other terms, −β·Σg; value Σ λ^j·value_j − T.
        Claims.Claim memory merged;
        merged.terms = new Claims.Term[](m.otherCount + 1);
        for (uint256 i = 0; i < m.otherCount; i++) {
            merged.terms[i] = m.otherTerms[i];
        }
        merged.terms[m.otherCount] = Claims.explicitWeights(maskIndex, 0, sumWeights(n), uint256(0).esub(beta));
        merged.value = m.value.esub(masked);
        Claims.push(out, merged);
        Claims.push(out, end(m, numVars, sealedIndex, maskIndex, res.point, beta, res.finalClaim));
    }

    /// The sumcheck's end: Σ_p 2^{n_p − n}·W_p(ρ_p)·D_p(ρ_p) + β·g(ρ) = final.
    function end(Merge memory m, uint256[] memory numVars, uint256 sealedIndex, uint256 maskIndex, uint256[] memory rho,
                 uint256 beta, uint256 finalClaim) private view returns (Claims.Claim memory c)
    {
        uint256 named = 0;
        for (uint256 p = 0; p < numVars.length; p++) {
            if (m.sealedCount[p] > 0) named++;
        }
        c.terms = new Claims.Term[](named + 1);
        uint256 at = 0;
        for (uint256 p = 0; p < numVars.length; p++) {
            if (m.sealedCount[p] == 0) continue;
            uint256[] memory own = Points.slice(rho, 0, numVars[p]);
            uint256 w = 0;
            for (uint256 k = 0; k < m.sealedCount[p]; k++) {
                Claims.Term memory t = m.sealedTerms[p][k];
                w = w.eadd(t.coefficient.emul(Points.eq(t.weights, own)));
            }
            uint256 scale = Goldilocks.inv(Goldilocks.pow(2, m.n - numVars[p]));
            c.terms[at++] = Claims.eq(sealedIndex, p, own, w.emulBase(scale));
        }
        c.terms[at] = Claims.explicitWeights(maskIndex, 0, maskWeights(rho), beta);
        c.value = finalClaim;
    }

    function maxNamedVars(uint256[] memory numVars, uint256 sealedIndex, Claims.List memory claims) private pure returns (uint256 n) {
        bool any = false;
        for (uint256 c = 0; c < claims.length; c++) {
            Claims.Term[] memory terms = claims.items[c].terms;
            for (uint256 k = 0; k < terms.length; k++) {
                if (terms[k].commitment == sealedIndex) {
                    require(terms[k].polynomial < numVars.length, "sealed reduction: a claim names a polynomial the commitment lacks");
                    uint256 nv = numVars[terms[k].polynomial];
                    if (!any || nv > n) n = nv;
                    any = true;
                }
            }
        }
        require(any && n >= 1, "sealed reduction: no claim names a polynomial of at least one variable");
    }

    /// Splits the claims: untouched ones go to `out` at once (Java lists them first), the others merge.
    function merge(uint256[] memory numVars, uint256 sealedIndex, Claims.List memory claims, uint256 lambda, uint256 n,
                   Claims.List memory out) private pure returns (Merge memory m)
    {
        m.n = n;
        uint256 total = 0;
        for (uint256 c = 0; c < claims.length; c++) {
            total += claims.items[c].terms.length;
        }
        m.otherTerms = new Claims.Term[](total);
        m.sealedCount = new uint256[](numVars.length);
        m.sealedTerms = new Claims.Term[][](numVars.length);
        for (uint256 p = 0; p < numVars.length; p++) {
            m.sealedTerms[p] = new Claims.Term[](total);
        }
        uint256 power = 1;
        uint256 count = 0;
        for (uint256 c = 0; c < claims.length; c++) {
            Claims.Claim memory claim = claims.items[c];
            if (!names(claim, sealedIndex)) {
                Claims.push(out, claim);
                continue;
            }
            for (uint256 k = 0; k < claim.terms.length; k++) {
                Claims.Term memory t = claim.terms[k];
                Claims.Term memory scaled = Claims.Term(t.commitment, t.polynomial, t.kind, t.weights, t.high, t.coefficient.emul(power));
                if (t.commitment != sealedIndex) {
                    m.otherTerms[m.otherCount++] = scaled;
                    continue;
                }
                require(t.kind == Claims.EQ, "sealed reduction: claims on a sealed commitment must be evaluations (eq weights)");
                require(t.weights.length == numVars[t.polynomial], "sealed reduction: a claim's point has the wrong number of coordinates");
                require(++count <= MAX_TERMS, "sealed reduction: too many terms on the sealed commitment");
                m.sealedTerms[t.polynomial][m.sealedCount[t.polynomial]++] = scaled;
            }
            m.value = m.value.eadd(claim.value.emul(power));
            power = power.emul(lambda);
        }
    }

    function names(Claims.Claim memory claim, uint256 sealedIndex) private pure returns (bool) {
        for (uint256 k = 0; k < claim.terms.length; k++) {
            if (claim.terms[k].commitment == sealedIndex) return true;
        }
        return false;
    }

    /// SumcheckMask.tableLength for n variables of degree 2.
    function tableLength(uint256 n) internal pure returns (uint256) {
        uint256 m = 1 + DEGREE * n;
        uint256 x = 2 * m - 1;
        uint256 h = 1;
        while (2 * h <= x) h <<= 1;
        return h << 1;
    }

    /// SumcheckMask.weights(ρ, 2, ..., 2).
    function maskWeights(uint256[] memory point) internal pure returns (uint256[] memory w) {
        uint256 n = point.length;
        uint256 m = 1 + DEGREE * n;
        w = new uint256[](tableLength(n));
        w[0] = 1;
        w[m] = PHI;
        uint256 at = 1;
        for (uint256 i = 0; i < n; i++) {
            uint256 p = 1;
            for (uint256 e = 1; e <= DEGREE; e++) {
                p = p.emul(point[i]);
                w[at] = p;
                w[m + at] = p.emul(PHI);
                at++;
            }
        }
    }

    /// SumcheckMask.sumWeights(2, ..., 2): 2^n for the constant, 2^{n−1} for every other coefficient (n ≥ 1).
    function sumWeights(uint256 n) internal pure returns (uint256[] memory w) {
        uint256 m = 1 + DEGREE * n;
        w = new uint256[](tableLength(n));
        uint256 all = Goldilocks.pow(2, n);
        uint256 half = Goldilocks.pow(2, n - 1);
        for (uint256 k = 0; k < m; k++) {
            uint256 c = k == 0 ? all : half;
            w[k] = c;
            w[m + k] = c.emul(PHI);
        }
    }
}

/// The reduction's linked entry point: SealedEvaluationReduction.verify calls it by DELEGATECALL.
library SealedReductionRun {
    /// Returns the advanced transcript (a library call copies it), the claims (as ClaimWords) and the mask's root.
    function run(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory numVars, uint256 sealedIndex,
                 uint256[] memory claimWords, uint256 maskIndex)
        public view returns (FiatShamir.Verifier memory, uint256[] memory, bytes32 maskRoot)
    {
        Claims.List memory claims = ClaimWords.unpack(claimWords);
        Claims.List memory out = Claims.create(claims.length + 2);
        maskRoot = SealedEvaluationReduction.reduce(v, proof, numVars, sealedIndex, claims, maskIndex, out);
        return (v, ClaimWords.pack(out), maskRoot);
    }
}
