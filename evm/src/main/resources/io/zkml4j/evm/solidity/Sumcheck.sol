// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";

/// The sumcheck verifier, as zkml4j's Java Sumcheck.verify: each round's polynomial of degree d
/// travels as its values at 0, 2, 3, ..., d (the value at 1 is the claim minus the value at 0),
/// and the challenge r of the round turns it into the next claim s(r).
library Sumcheck {
    using Goldilocks for uint256;

    struct Result {
        uint256[] point;      // r_0 .. r_{n-1}, extension elements
        uint256 finalClaim;   // what Σ alphas[i]·f_i(point prefix) must equal
        uint256[] alphas;     // the batching coefficients 1, a, a^2, ...
    }

    /// One instance over `numVars` variables of round degree `degree`; `label` is the Java label.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, uint256 claim, uint256 numVars,
                    uint256 degree, bytes memory label) internal view returns (Result memory) {
        uint256[] memory claims = new uint256[](1);
        claims[0] = claim;
        uint256[] memory vars = new uint256[](1);
        vars[0] = numVars;
        uint256[] memory degrees = new uint256[](numVars);
        for (uint256 i = 0; i < numVars; i++) {
            degrees[i] = degree;
        }
        return verifyBatched(v, proof, claims, vars, degrees, label);
    }

    /// Several instances in one run over n = max numVars variables, as Java's verifyBatched: the
    /// claims are combined with powers of a challenge, instance i is scaled by 2^(n - numVars[i]),
    /// and roundDegrees[j] is the degree of round j.
    function verifyBatched(FiatShamir.Verifier memory v, bytes calldata proof, uint256[] memory claims,
                           uint256[] memory numVars, uint256[] memory roundDegrees, bytes memory label)
        internal view returns (Result memory res)
    {
        uint256 k = claims.length;
        require(k > 0 && numVars.length == k, "sumcheck: one claim and variable count per instance");
        uint256 n = 0;
        for (uint256 i = 0; i < k; i++) {
            if (numVars[i] > n) n = numVars[i];
        }
        require(roundDegrees.length == n, "sumcheck: one degree per round");
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".claims"), claims);
        res.alphas = new uint256[](k);
        res.alphas[0] = 1;
        if (k > 1) {
            uint256 a = FiatShamir.challengeExt(v, abi.encodePacked(label, ".batch"));
            for (uint256 i = 1; i < k; i++) {
                res.alphas[i] = res.alphas[i - 1].emul(a);
            }
        }
        uint256 claim = 0;
        for (uint256 i = 0; i < k; i++) {
            claim = claim.eadd(claims[i].emul(res.alphas[i]).emulBase(powerOfTwo(n - numVars[i])));
        }
        bytes memory roundLabel = abi.encodePacked(label, ".round");
        bytes memory challengeLabel = abi.encodePacked(label, ".r");
        res.point = new uint256[](n);
        // Scratch reused by every round (memory is never freed on the EVM).
        uint256 maxDegree = 1;
        for (uint256 round = 0; round < n; round++) {
            if (roundDegrees[round] > maxDegree) maxDegree = roundDegrees[round];
        }
        uint256[] memory values = new uint256[](maxDegree + 1);
        uint256[] memory suffix = new uint256[](maxDegree + 2);
        uint256[] memory weights;
        for (uint256 round = 0; round < n; round++) {
            uint256 degree = roundDegrees[round];
            require(degree >= 1, "sumcheck: round degrees are at least 1");
            if (weights.length != degree + 1) {
                weights = lagrangeWeights(degree);
            }
            uint256 offset = FiatShamir.receiveExt(v, proof, roundLabel, degree);
            values[0] = FiatShamir.extAt(proof, offset, 0);
            values[1] = claim.esub(values[0]);
            for (uint256 i = 2; i <= degree; i++) {
                values[i] = FiatShamir.extAt(proof, offset, i - 1);
            }
            uint256 r = FiatShamir.challengeExt(v, challengeLabel);
            res.point[round] = r;
            claim = evaluateAt(values, degree + 1, weights, r, suffix);
        }
        res.finalClaim = claim;
    }

    /// Reverts unless Σ alphas[i]·values[i] equals the final claim (values[i] = f_i at its prefix of the point).
    function check(Result memory res, uint256[] memory values, bytes memory label) internal pure {
        require(values.length == res.alphas.length, "sumcheck: one final value per instance");
        uint256 acc = 0;
        for (uint256 i = 0; i < values.length; i++) {
            acc = acc.eadd(res.alphas[i].emul(values[i]));
        }
        require(acc == res.finalClaim, string(abi.encodePacked("sumcheck '", label,
            "': the final evaluation does not match the last round's claim")));
    }

    /// The first `count` coordinates of the point (where an instance of `count` variables is evaluated).
    function prefix(uint256[] memory point, uint256 count) internal pure returns (uint256[] memory out) {
        out = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            out[i] = point[i];
        }
    }

    function powerOfTwo(uint256 e) internal pure returns (uint256) {
        uint256 r = 1;
        for (uint256 i = 0; i < e; i++) {
            r = addmod(r, r, Goldilocks.P);
        }
        return r;
    }

    /// w_i = 1 / Π_{j≠i} (i − j), the barycentric weights of the nodes 0..d.
    function lagrangeWeights(uint256 degree) internal view returns (uint256[] memory w) {
        w = new uint256[](degree + 1);
        for (uint256 i = 0; i <= degree; i++) {
            uint256 den = 1;
            for (uint256 j = 0; j <= degree; j++) {
                if (j != i) {
                    den = den.mul(i > j ? i - j : Goldilocks.P - (j - i));
                }
            }
            w[i] = Goldilocks.inv(den);
        }
    }

    /// The polynomial through (i, values[i]) at x: Σ values[i]·w_i·Π_{j≠i}(x − j), with prefix and
    /// suffix products, so no division (and x on a node needs no special case).
    function evaluate(uint256[] memory values, uint256[] memory weights, uint256 x) internal pure returns (uint256) {
        return evaluateAt(values, values.length, weights, x, new uint256[](values.length + 1));
    }

    /// The same over the first `n` values, with caller-provided scratch for the n + 1 suffix products.
    function evaluateAt(uint256[] memory values, uint256 n, uint256[] memory weights, uint256 x,
                        uint256[] memory suffix) internal pure returns (uint256) {
        suffix[n] = 1;
        for (uint256 j = n; j > 0; j--) {
            suffix[j - 1] = suffix[j].emul(x.esub(j - 1));
        }
        uint256 prefix_ = 1;
        uint256 acc = 0;
        for (uint256 i = 0; i < n; i++) {
            acc = acc.eadd(values[i].emul(prefix_.emul(suffix[i + 1])).emulBase(weights[i]));
            prefix_ = prefix_.emul(x.esub(i));
        }
        return acc;
    }

    /// The multilinear extension of a table (base or packed extension values) at a point, binding
    /// x_0 (the index's lowest bit) first, as the Java Multilinear does.
    function evaluateMultilinear(uint256[] memory table, uint256[] memory point) internal pure returns (uint256) {
        uint256 n = table.length;
        require(n == 1 << point.length, "table length is not 2^(point length)");
        if (n == 1) {
            return table[0];
        }
        // The first fold reads the table and writes half of it anew (the table is left as it is).
        n >>= 1;
        uint256[] memory t = new uint256[](n);
        uint256 r = point[0];
        for (uint256 i = 0; i < n; i++) {
            uint256 lo = table[2 * i];
            t[i] = lo.eadd(r.emul(table[2 * i + 1].esub(lo)));
        }
        for (uint256 k = 1; k < point.length; k++) {
            n >>= 1;
            r = point[k];
            for (uint256 i = 0; i < n; i++) {
                uint256 lo = t[2 * i];
                t[i] = lo.eadd(r.emul(t[2 * i + 1].esub(lo)));
            }
        }
        return t[0];
    }
}
