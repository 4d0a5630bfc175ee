// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Merkle} from "./Merkle.sol";

/// The verifier of a Basefold opening, as zkml4j's Java BasefoldPcs.verify: the sumcheck of
/// Σ_x f(x)·eq(z, x) = value interleaved with FRI folds of the committed Reed–Solomon codeword, the
/// final constant against the sumcheck's last claim, then the queries: every committed codeword's
/// opened leaves against its Merkle root, and every fold at the queried positions. Codeword ℓ is
/// committed before round k·ℓ and folded by min(k, n − k·ℓ) rounds; its leaf j holds the positions
/// j + s·2^logLeaves(ℓ).
library Basefold {
    using Goldilocks for uint256;

    struct Params {
        uint256 numVars;
        uint256 logBlowup;
        uint256 logArity;
        uint256 queries;
        uint256 grindingBits;
    }

    /// One committed codeword's opening: its distinct queried leaves (increasing) and where their values start.
    struct Layer {
        uint256[] leaves;
        uint256 offset;
    }

    function folds(Params memory p, uint256 layer) internal pure returns (uint256) {
        uint256 left = p.numVars - layer * p.logArity;
        return left < p.logArity ? left : p.logArity;
    }

    function logLeaves(Params memory p, uint256 layer) internal pure returns (uint256) {
        return p.numVars + p.logBlowup - layer * p.logArity - folds(p, layer);
    }

    /// Reverts unless the proof shows that the polynomial committed under `root` takes `value` at `point`.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes32 root,
                    uint256[] memory point, uint256 value, bytes memory label) internal view {
        uint256 n = p.numVars;
        require(n >= 1 && point.length == n && p.logArity >= 1 && n + p.logBlowup <= 32, "basefold: parameters");
        FiatShamir.absorbPublicBytes(v, abi.encodePacked(label, ".root"), abi.encodePacked(root));
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".point"), point);
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".value"), values);
        uint256 layers = (n + p.logArity - 1) / p.logArity;
        bytes32[] memory roots = new bytes32[](layers);
        roots[0] = root;
        uint256[] memory r = new uint256[](n);
        uint256 last = rounds(v, proof, p, point, value, r, roots, label);
        FiatShamir.verifyGrind(v, proof, abi.encodePacked(label, ".grind"), p.grindingBits);
        uint256[] memory queries = FiatShamir.challengeIndices(v, abi.encodePacked(label, ".queries"), p.queries,
            1 << logLeaves(p, 0));
        Layer[] memory opened = new Layer[](layers);
        for (uint256 layer = 0; layer < layers; layer++) {
            opened[layer] = openLayer(v, proof, p, layer, queries, roots[layer], label);
        }
        // Per layer, 1/ω_i for its first round i = k·ℓ (ω_i = ω^(2^i)), and the same to the 2^logLeaves.
        uint256[] memory inverseGenerators = new uint256[](layers);
        uint256[] memory inverseSteps = new uint256[](layers);
        uint256 omegaInverse = Goldilocks.pow(Goldilocks.rootOfUnity(n + p.logBlowup), Goldilocks.P - 2);
        for (uint256 layer = 0; layer < layers; layer++) {
            inverseGenerators[layer] = Goldilocks.pow(omegaInverse, 1 << (layer * p.logArity));
            inverseSteps[layer] = Goldilocks.pow(inverseGenerators[layer], 1 << logLeaves(p, layer));
        }
        for (uint256 q = 0; q < queries.length; q++) {
            checkFolds(proof, p, opened, r, queries[q], last, inverseGenerators, inverseSteps);
        }
    }

    /// The sumcheck rounds with the folded codewords' roots; checks the final constant and returns it.
    function rounds(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, uint256[] memory point,
                    uint256 value, uint256[] memory r, bytes32[] memory roots, bytes memory label)
        private view returns (uint256 last)
    {
        uint256 n = p.numVars;
        bytes memory roundLabel = abi.encodePacked(label, ".round");
        bytes memory challengeLabel = abi.encodePacked(label, ".r");
        bytes memory rootLabel = abi.encodePacked(label, ".root");
        uint256[] memory weights = Sumcheck.lagrangeWeights(2);
        uint256[] memory round = new uint256[](3);
        uint256[] memory suffix = new uint256[](4);
        uint256 claim = value;
        for (uint256 i = 0; i < n; i++) {
            uint256 offset = FiatShamir.receiveExt(v, proof, roundLabel, 2);
            round[0] = FiatShamir.extAt(proof, offset, 0);
            round[1] = claim.esub(round[0]);
            round[2] = FiatShamir.extAt(proof, offset, 1);
            r[i] = FiatShamir.challengeExt(v, challengeLabel);
            claim = Sumcheck.evaluateAt(round, 3, weights, r[i], suffix);
            if ((i + 1) % p.logArity == 0 && i + 1 < n) {
                roots[(i + 1) / p.logArity] = FiatShamir.receiveDigest(v, proof, rootLabel);
            }
        }
        last = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".final"), 1), 0);
        uint256 eq = 1;
        for (uint256 i = 0; i < n; i++) {
            // eq(z_i, r_i) = z_i·r_i + (1 − z_i)(1 − r_i)
            eq = eq.emul(point[i].emul(r[i]).eadd(uint256(1).esub(point[i]).emul(uint256(1).esub(r[i]))));
        }
        require(claim == last.emul(eq), "basefold: the folded constant does not match the sumcheck's last claim");
    }

    /// Reads one codeword's opened leaves and their Merkle paths, and checks them against its root.
    function openLayer(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, uint256 layer,
                       uint256[] memory queries, bytes32 root, bytes memory label) private pure returns (Layer memory out) {
        uint256 logL = logLeaves(p, layer);
        uint256 group = 1 << folds(p, layer);
        out.leaves = distinctSorted(queries, (1 << logL) - 1);
        uint256 count = out.leaves.length;
        bytes memory openedLabel = abi.encodePacked(label, ".opened");
        out.offset = layer == 0 ? FiatShamir.receiveBase(v, proof, openedLabel, group * count)
            : FiatShamir.receiveExt(v, proof, openedLabel, group * count);
        uint256 width = (layer == 0 ? 8 : 16) * group;
        bytes32[] memory digests = new bytes32[](count);
        for (uint256 k = 0; k < count; k++) {
            uint256 start = out.offset + k * width;
            digests[k] = Merkle.hashLeaf("", proof[start:start + width]);
        }
        uint256 siblingCount = Merkle.multiProofSize(out.leaves, logL);
        uint256 paths = FiatShamir.receiveBytes(v, proof, abi.encodePacked(label, ".paths"), 32 * siblingCount);
        bytes32[] memory siblings = new bytes32[](siblingCount);
        for (uint256 k = 0; k < siblingCount; k++) {
            siblings[k] = bytes32(proof[paths + 32 * k:paths + 32 * k + 32]);
        }
        require(Merkle.rootFromMultiProof(logL, out.leaves, digests, siblings) == root,
            "basefold: opened values do not match their Merkle root");
    }

    /// Folds the query's leaf in every layer and checks each result against the next layer (the last against the constant).
    function checkFolds(bytes calldata proof, Params memory p, Layer[] memory opened, uint256[] memory r,
                        uint256 query, uint256 last, uint256[] memory inverseGenerators, uint256[] memory inverseSteps)
        private pure
    {
        for (uint256 layer = 0; layer < opened.length; layer++) {
            uint256 logL = logLeaves(p, layer);
            uint256 f = folds(p, layer);
            uint256 j = query & ((1 << logL) - 1);
            uint256[] memory values = leafValues(proof, opened[layer], layer == 0, 1 << f, j);
            uint256 firstRound = layer * p.logArity;
            // 1/x for position j + s·2^logL in round i's domain: ω_i^−j · (ω_i^−2^logL)^s, ω_i = ω^(2^i).
            uint256 inverseX = Goldilocks.pow(inverseGenerators[layer], j);
            uint256 inverseStep = inverseSteps[layer];
            for (uint256 t = 0; t < f; t++) {
                uint256 half = (1 << f) >> (t + 1);
                uint256 xs = inverseX;
                for (uint256 s = 0; s < half; s++) {
                    values[s] = foldPair(values[s], values[s + half], r[firstRound + t], xs);
                    xs = mulmod(xs, inverseStep, Goldilocks.P);
                }
                inverseX = mulmod(inverseX, inverseX, Goldilocks.P);
                inverseStep = mulmod(inverseStep, inverseStep, Goldilocks.P);
            }
            uint256 expected;
            if (layer == opened.length - 1) {
                expected = last;
            } else {
                // Only the one value the fold lands on: leaf j mod 2^nextLogL, slot j >> nextLogL.
                uint256 nextLogL = logLeaves(p, layer + 1);
                Layer memory next = opened[layer + 1];
                uint256 k = indexOf(next.leaves, j & ((1 << nextLogL) - 1));
                expected = FiatShamir.extAt(proof, next.offset + 16 * (1 << folds(p, layer + 1)) * k, j >> nextLogL);
            }
            require(values[0] == expected, "basefold: a fold does not match the next layer");
        }
    }

    /// (a + b)/2 + r·(a − b)/(2x), given 1/x.
    function foldPair(uint256 a, uint256 b, uint256 r, uint256 inverseX) private pure returns (uint256) {
        uint256 inverseTwo = 0x7fffffff80000001; // (p + 1) / 2
        return a.eadd(b).emulBase(inverseTwo).eadd(r.emul(a.esub(b).emulBase(mulmod(inverseTwo, inverseX, Goldilocks.P))));
    }

    /// The values of opened leaf `leaf` (packed extension elements).
    function leafValues(bytes calldata proof, Layer memory layer, bool base, uint256 group, uint256 leaf)
        private pure returns (uint256[] memory values)
    {
        uint256 k = indexOf(layer.leaves, leaf);
        values = new uint256[](group);
        for (uint256 s = 0; s < group; s++) {
            values[s] = base ? FiatShamir.baseAt(proof, layer.offset + 8 * group * k, s)
                : FiatShamir.extAt(proof, layer.offset + 16 * group * k, s);
        }
    }

    function indexOf(uint256[] memory sorted, uint256 x) private pure returns (uint256) {
        uint256 lo = 0;
        uint256 hi = sorted.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (sorted[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        require(lo < sorted.length && sorted[lo] == x, "basefold: a queried leaf was not opened");
        return lo;
    }

    /// The distinct values of (queries & mask), increasing (insertion sort: a few hundred queries).
    function distinctSorted(uint256[] memory queries, uint256 mask) private pure returns (uint256[] memory out) {
        uint256[] memory s = new uint256[](queries.length);
        uint256 count = 0;
        for (uint256 i = 0; i < queries.length; i++) {
            uint256 x = queries[i] & mask;
            uint256 j = count;
            while (j > 0 && s[j - 1] > x) {
                j--;
            }
            if (j > 0 && s[j - 1] == x) {
                continue;
            }
            for (uint256 m = count; m > j; m--) {
                s[m] = s[m - 1];
            }
            s[j] = x;
            count++;
        }
        out = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            out[i] = s[i];
        }
    }
}
