// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Merkle} from "./Merkle.sol";

/// The verifier of zkml4j's FoldedEvaluation (Java io.zkml4j.core.pcs.basefold.FoldedEvaluation),
/// in two steps around the caller's first word: `start` runs the sumcheck of Σ_x c(x)·eq(z, x) = value
/// with the folds' roots (round i sends the linear Λ_i at 0 and 1, which must give the running claim
/// as (1 − z_i)·Λ_i(0) + z_i·Λ_i(1); the next claim is Λ_i(r_i)), checks the final constant against
/// the last claim, draws the queries and checks the committed layers' openings; the caller then opens
/// its first word at the queried leaves (`firstLeaves`, quadratic-extension values) and `finish`
/// checks every fold of every query. With `quartic` shapes, challenges, messages and every word after
/// the first fold are in the quartic extension (Goldilocks.e4*), each challenge drawn as two quadratic
/// ones, each value 32 bytes; otherwise everything stays in the quadratic extension. Words are
/// Reed–Solomon codewords in bit-reversed order; a fold maps the pair (a, b) = (P(x), P(−x)) at
/// positions 2i, 2i + 1 to (1 − r)·(a + b)/2 + r·(a − b)/(2x) at position i; a leaf holds 2^folds
/// consecutive positions.
library FoldedEvaluation {
    using Goldilocks for uint256;

    struct Shape {
        uint256 numVars;
        uint256 logCodeLength;
        uint256 firstFolds;
        uint256 logArity;
        uint256 queries;
        uint256 grindingBits;
        bool quartic;
    }

    /// A committed layer's opening: its distinct queried leaves (increasing) and where their values start.
    struct Layer {
        uint256[] leaves;
        uint256 offset;
    }

    struct State {
        uint256[] r;
        uint256 last;
        uint256[] queries;
        Layer[] layers; // index 0 unused: the caller's first word
    }

    function layerCount(Shape memory s) internal pure returns (uint256) {
        return 1 + (s.numVars - s.firstFolds + s.logArity - 1) / s.logArity;
    }

    function folds(Shape memory s, uint256 layer) internal pure returns (uint256) {
        if (layer == 0) return s.firstFolds;
        uint256 left = s.numVars - s.firstFolds - (layer - 1) * s.logArity;
        return left < s.logArity ? left : s.logArity;
    }

    function logSize(Shape memory s, uint256 layer) internal pure returns (uint256) {
        return layer == 0 ? s.logCodeLength : s.logCodeLength - s.firstFolds - (layer - 1) * s.logArity;
    }

    function logLeaves(Shape memory s, uint256 layer) internal pure returns (uint256) {
        return logSize(s, layer) - folds(s, layer);
    }

    /// Everything up to the first word's opening; reverts on a failed check.
    function start(FiatShamir.Verifier memory v, bytes calldata proof, Shape memory s, uint256[] memory point, uint256 value,
                   bytes memory label) internal pure returns (State memory st) {
        require(s.numVars >= 1 && point.length == s.numVars && s.logCodeLength > s.numVars && s.logCodeLength <= 30
            && s.firstFolds >= 1 && s.firstFolds <= s.numVars && s.firstFolds <= 6 && s.logArity >= 1 && s.logArity <= 6
            && s.queries >= 1, "folds: shape");
        uint256 layers = layerCount(s);
        bytes32[] memory roots = new bytes32[](layers);
        st.r = new uint256[](s.numVars);
        st.last = rounds(v, proof, s, point, value, st.r, roots, label);
        FiatShamir.verifyGrind(v, proof, abi.encodePacked(label, ".grind"), s.grindingBits);
        st.queries = FiatShamir.challengeIndices(v, abi.encodePacked(label, ".queries"), s.queries, 1 << logLeaves(s, 0));
        st.layers = new Layer[](layers);
        uint256 shift = 0;
        for (uint256 layer = 1; layer < layers; layer++) {
            shift += folds(s, layer);
            st.layers[layer] = openLayer(v, proof, s, layer, distinctShifted(st.queries, shift), roots[layer], label);
        }
    }

    /// The first word's queried leaves, distinct and increasing, which the caller opens in this order.
    function firstLeaves(State memory st) internal pure returns (uint256[] memory) {
        return distinctShifted(st.queries, 0);
    }

    /// Checks every fold of every query; first[k] holds the 2^firstFolds values of firstLeaves(st)[k].
    /// Public: it runs in this library's own deployed code (a DELEGATECALL), which keeps the contracts
    /// that use it under the 24,576-byte limit.
    function finish(bytes calldata proof, Shape memory s, State memory st, uint256[][] memory first) public pure {
        uint256[] memory leaves0 = firstLeaves(st);
        require(first.length == leaves0.length, "folds: first word");
        Inverses memory inv = inverses(s, st.layers.length);
        for (uint256 q = 0; q < st.queries.length; q++) {
            uint256 position = st.queries[q];
            uint256 round = 0;
            for (uint256 layer = 0; layer < st.layers.length; layer++) {
                uint256 f = folds(s, layer);
                uint256 leaf = layer == 0 ? position : position >> f;
                uint256[] memory values = layer == 0 ? copy(first[indexOf(leaves0, leaf)])
                    : leafValues(s, proof, st.layers[layer], 1 << f, leaf);
                foldLeaf(inv, layer, logLeaves(s, layer), f, leaf, values, st.r, round, s.quartic);
                round += f;
                uint256 expected;
                if (layer == st.layers.length - 1) {
                    expected = st.last;
                } else {
                    uint256 nf = folds(s, layer + 1);
                    Layer memory next = st.layers[layer + 1];
                    expected = valueAt(s, proof, next.offset + valueBytes(s) * (1 << nf) * indexOf(next.leaves, leaf >> nf),
                        leaf & ((1 << nf) - 1));
                }
                require(values[0] == expected, "folds: a fold does not match the next layer");
                position = leaf;
            }
        }
    }

    /// What the folds' 1/x are made of: per layer ω_L^−1, and per block size 2^j the factors ζ_j^−bitrev(i).
    struct Inverses {
        uint256[][] omegaPowers; // per layer, ω_L^−(2^k) for k below its logLeaves
        uint256[][] roots;
    }

    function inverses(Shape memory s, uint256 layers) private pure returns (Inverses memory out) {
        out.omegaPowers = new uint256[][](layers);
        uint256 maxFolds = s.firstFolds > s.logArity ? s.firstFolds : s.logArity;
        for (uint256 layer = 0; layer < layers; layer++) {
            uint256 logL = logLeaves(s, layer);
            uint256[] memory powers = new uint256[](logL);
            uint256 x = inverse(Goldilocks.rootOfUnity(logSize(s, layer)));
            for (uint256 k = 0; k < logL; k++) {
                powers[k] = x;
                x = mulmod(x, x, Goldilocks.P);
            }
            out.omegaPowers[layer] = powers;
        }
        out.roots = new uint256[][](maxFolds + 1);
        for (uint256 j = 1; j <= maxFolds; j++) {
            uint256 rootInverse = inverse(Goldilocks.rootOfUnity(j));
            out.roots[j] = new uint256[](1 << (j - 1));
            for (uint256 i = 0; i < out.roots[j].length; i++) {
                out.roots[j][i] = Goldilocks.pow(rootInverse, bitReverse(i, j - 1));
            }
        }
    }

    /// Folds one leaf's values in place: values[0] ends as the leaf's image in the next layer. The
    /// pair folds, (1 − r)·(a + b)/2 + r·(a − b)/(2x) = e + r·(o − e) with e = (a + b)/2 and
    /// o = (a − b)/(2x), run in assembly on the canonical values (the hot loop of the queries).
    function foldLeaf(Inverses memory inv, uint256 layer, uint256 logL, uint256 f, uint256 leaf, uint256[] memory values,
                      uint256[] memory r, uint256 round, bool quartic) private pure {
        uint256 blockInverse = blockStart(inv, layer, logL, leaf);
        for (uint256 t = 0; t < f; t++) {
            uint256[] memory roots = inv.roots[f - t];
            require(values.length >= 2 * roots.length, "folds: leaf");
            if (quartic) {
                foldPairs4(values, roots, blockInverse, r[round + t]);
            } else {
                foldPairs(values, roots, blockInverse, r[round + t]);
            }
            blockInverse = mulmod(blockInverse, blockInverse, Goldilocks.P);
        }
    }

    /// One fold of the first 2·roots.length values into the first roots.length, in the quadratic extension.
    function foldPairs(uint256[] memory values, uint256[] memory roots, uint256 blockInverse, uint256 challenge) private pure {
        uint256 half = roots.length;
        assembly ("memory-safe") {
            let p := 0xffffffff00000001
            let inverseTwo := 0x7fffffff80000001
            let mask := 0xffffffffffffffff
            let r0 := and(challenge, mask)
            let r1 := shr(64, challenge)
            let vp := add(values, 0x20)
            let rp := add(roots, 0x20)
            for { let i := 0 } lt(i, half) { i := add(i, 1) } {
                let a := mload(add(vp, mul(i, 0x40)))
                let b := mload(add(vp, add(mul(i, 0x40), 0x20)))
                let d := mulmod(mulmod(blockInverse, mload(add(rp, mul(i, 0x20))), p), inverseTwo, p)
                let a0 := and(a, mask)
                let a1 := shr(64, a)
                let b0 := and(b, mask)
                let b1 := shr(64, b)
                let e0 := mulmod(add(a0, b0), inverseTwo, p)
                let e1 := mulmod(add(a1, b1), inverseTwo, p)
                let t0 := addmod(mulmod(add(a0, sub(p, b0)), d, p), sub(p, e0), p)
                let t1 := addmod(mulmod(add(a1, sub(p, b1)), d, p), sub(p, e1), p)
                let y0 := addmod(e0, addmod(mulmod(r0, t0, p), mulmod(7, mulmod(r1, t1, p), p), p), p)
                let y1 := addmod(e1, addmod(mulmod(r0, t1, p), mulmod(r1, t0, p), p), p)
                mstore(add(vp, mul(i, 0x20)), or(y0, shl(64, y1)))
            }
        }
    }

    /// The same in the quartic extension: e and o lane by lane (their factors are base-field
    /// elements), then y = e + r·(o − e) with the product of Goldilocks.e4mul, each lane's four
    /// products (the Y^4 = 7 terms times 7) summed below 2^133 and reduced once.
    function foldPairs4(uint256[] memory values, uint256[] memory roots, uint256 blockInverse, uint256 challenge) private pure {
        uint256 half = roots.length;
        assembly ("memory-safe") {
            let p := 0xffffffff00000001
            let inverseTwo := 0x7fffffff80000001
            let mask := 0xffffffffffffffff
            let r0 := and(challenge, mask)
            let r1 := and(shr(64, challenge), mask)
            let r2 := and(shr(128, challenge), mask)
            let r3 := shr(192, challenge)
            let vp := add(values, 0x20)
            let rp := add(roots, 0x20)
            for { let i := 0 } lt(i, half) { i := add(i, 1) } {
                let a := mload(add(vp, mul(i, 0x40)))
                let b := mload(add(vp, add(mul(i, 0x40), 0x20)))
                let d := mulmod(mulmod(blockInverse, mload(add(rp, mul(i, 0x20))), p), inverseTwo, p)
                let t0 := 0
                let t1 := 0
                let t2 := 0
                let t3 := 0
                let e0 := 0
                let e1 := 0
                let e2 := 0
                let e3 := 0
                {
                    let x := and(a, mask)
                    let y := and(b, mask)
                    e0 := mulmod(add(x, y), inverseTwo, p)
                    t0 := addmod(mulmod(add(x, sub(p, y)), d, p), sub(p, e0), p)
                    x := and(shr(64, a), mask)
                    y := and(shr(64, b), mask)
                    e1 := mulmod(add(x, y), inverseTwo, p)
                    t1 := addmod(mulmod(add(x, sub(p, y)), d, p), sub(p, e1), p)
                    x := and(shr(128, a), mask)
                    y := and(shr(128, b), mask)
                    e2 := mulmod(add(x, y), inverseTwo, p)
                    t2 := addmod(mulmod(add(x, sub(p, y)), d, p), sub(p, e2), p)
                    x := shr(192, a)
                    y := shr(192, b)
                    e3 := mulmod(add(x, y), inverseTwo, p)
                    t3 := addmod(mulmod(add(x, sub(p, y)), d, p), sub(p, e3), p)
                }
                let y0 := addmod(e0, mod(add(mul(r0, t0), mul(7, add(mul(r1, t1), add(mul(r2, t3), mul(r3, t2))))), p), p)
                let y1 := addmod(e1, mod(add(add(mul(r0, t1), mul(r1, t0)), add(mul(r2, t2), mul(7, mul(r3, t3)))), p), p)
                let y2 := addmod(e2, mod(add(add(mul(r0, t2), mul(r2, t0)), mul(7, add(mul(r1, t3), mul(r3, t1)))), p), p)
                let y3 := addmod(e3, mod(add(add(mul(r0, t3), mul(r1, t2)), add(mul(r2, t1), mul(r3, t0))), p), p)
                mstore(add(vp, mul(i, 0x20)), or(or(y0, shl(64, y1)), or(shl(128, y2), shl(192, y3))))
            }
        }
    }

    /// 1/x at a leaf's start: ω_L^−bitrev(leaf) (bit i of the leaf is bit logL − 1 − i of its
    /// reversal), squared per fold; inside the block, times ζ_j^−bitrev(i).
    function blockStart(Inverses memory inv, uint256 layer, uint256 logL, uint256 leaf) private pure returns (uint256 blockInverse) {
        blockInverse = 1;
        uint256[] memory powers = inv.omegaPowers[layer];
        for (uint256 i = 0; i < logL; i++) {
            if ((leaf >> i) & 1 == 1) {
                blockInverse = mulmod(blockInverse, powers[logL - 1 - i], Goldilocks.P);
            }
        }
    }

    /// Element i of a record of quartic-extension values (two quadratic ones each) from `offset`.
    function e4At(bytes calldata proof, uint256 offset, uint256 i) internal pure returns (uint256) {
        return Goldilocks.e4(FiatShamir.extAt(proof, offset, 2 * i), FiatShamir.extAt(proof, offset, 2 * i + 1));
    }

    /// A folding challenge: in the quartic extension two of the quadratic one, a + b·Y; else one.
    function challenge(Shape memory s, FiatShamir.Verifier memory v, bytes memory label) internal pure returns (uint256) {
        uint256 a = FiatShamir.challengeExt(v, label);
        return s.quartic ? Goldilocks.e4(a, FiatShamir.challengeExt(v, label)) : a;
    }

    /// Bytes of a value in the proof: 32 in the quartic extension, 16 in the quadratic one.
    function valueBytes(Shape memory s) internal pure returns (uint256) {
        return s.quartic ? 32 : 16;
    }

    /// Value i of a record from `offset`, packed (a quadratic value is the same word in either field).
    function valueAt(Shape memory s, bytes calldata proof, uint256 offset, uint256 i) internal pure returns (uint256) {
        return s.quartic ? e4At(proof, offset, i) : FiatShamir.extAt(proof, offset, i);
    }

    /// The sumcheck rounds with the committed layers' roots; checks the final constant and returns it.
    function rounds(FiatShamir.Verifier memory v, bytes calldata proof, Shape memory s, uint256[] memory point,
                    uint256 value, uint256[] memory r, bytes32[] memory roots, bytes memory label)
        private pure returns (uint256 last)
    {
        uint256 n = s.numVars;
        bytes memory roundLabel = abi.encodePacked(label, ".round");
        bytes memory challengeLabel = abi.encodePacked(label, ".r");
        bytes memory rootLabel = abi.encodePacked(label, ".root");
        uint256 claim = value;
        uint256 committed = 0;
        uint256 wire = s.quartic ? 2 : 1; // quadratic values per quartic one
        for (uint256 i = 0; i < n; i++) {
            uint256 offset = FiatShamir.receiveExt(v, proof, roundLabel, 2 * wire);
            uint256 at0 = valueAt(s, proof, offset, 0);
            uint256 slope = Goldilocks.e4sub(valueAt(s, proof, offset, 1), at0);
            require(claim == Goldilocks.e4add(at0, Goldilocks.e4mul(point[i], slope)),
                "folds: a round's message does not sum to the running claim");
            r[i] = challenge(s, v, challengeLabel);
            claim = Goldilocks.e4add(at0, Goldilocks.e4mul(r[i], slope));
            if (i + 1 < n && i + 1 >= s.firstFolds && (i + 1 - s.firstFolds) % s.logArity == 0) {
                roots[++committed] = FiatShamir.receiveDigest(v, proof, rootLabel);
            }
        }
        last = valueAt(s, proof, FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".final"), wire), 0);
        require(claim == last, "folds: the folded constant does not match the sumcheck's last claim");
    }

    /// Reads one committed layer's opened leaves and Merkle paths, and checks them against its root.
    function openLayer(FiatShamir.Verifier memory v, bytes calldata proof, Shape memory s, uint256 layer,
                       uint256[] memory leaves, bytes32 root, bytes memory label) private pure returns (Layer memory out) {
        uint256 logL = logLeaves(s, layer);
        uint256 width = valueBytes(s) << folds(s, layer); // bytes of a leaf: 2^folds values
        out.leaves = leaves;
        out.offset = FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".opened"), (width / 16) * leaves.length);
        bytes32[] memory digests = new bytes32[](leaves.length);
        for (uint256 k = 0; k < leaves.length; k++) {
            digests[k] = Merkle.hashLeafFromCalldata(proof, 0, 0, out.offset + k * width, width);
        }
        require(Merkle.rootFromMultiProof(logL, leaves, digests, siblings(v, proof, abi.encodePacked(label, ".paths"), leaves, logL))
            == root, "folds: opened values do not match their Merkle root");
    }

    /// Receives the Merkle multi-proof of these leaves.
    function siblings(FiatShamir.Verifier memory v, bytes calldata proof, bytes memory label, uint256[] memory leaves, uint256 logL)
        internal pure returns (bytes32[] memory out)
    {
        uint256 count = Merkle.multiProofSize(leaves, logL);
        uint256 at = FiatShamir.receiveBytes(v, proof, label, 32 * count);
        out = new bytes32[](count);
        for (uint256 k = 0; k < count; k++) {
            out[k] = bytes32(proof[at + 32 * k:at + 32 * k + 32]);
        }
    }

    /// The leaf's values, read from the proof (received, so canonical): each lane 8 bytes little-endian,
    /// two lanes a value in the quadratic extension, four in the quartic one, packed as Goldilocks does.
    function leafValues(Shape memory s, bytes calldata proof, Layer memory layer, uint256 group, uint256 leaf)
        private pure returns (uint256[] memory values)
    {
        uint256 lanes = s.quartic ? 4 : 2;
        uint256 size = 8 * lanes * group;
        uint256 from = layer.offset + size * indexOf(layer.leaves, leaf);
        require(from + size <= proof.length, "folds: leaf outside the proof");
        values = new uint256[](group);
        assembly ("memory-safe") {
            let at := add(proof.offset, from)
            let vp := add(values, 0x20)
            // one 32-byte read holds a quadratic value's two lanes, or half of a quartic one
            for { let w := 0 } lt(w, div(mul(group, lanes), 2)) { w := add(w, 1) } {
                let word := calldataload(add(at, mul(w, 16)))
                let c0 := shr(192, word)
                let c1 := and(shr(128, word), 0xffffffffffffffff)
                c0 := or(shr(8, and(c0, 0xff00ff00ff00ff00)), shl(8, and(c0, 0x00ff00ff00ff00ff)))
                c0 := or(shr(16, and(c0, 0xffff0000ffff0000)), shl(16, and(c0, 0x0000ffff0000ffff)))
                c0 := or(shr(32, c0), shl(32, and(c0, 0xffffffff)))
                c1 := or(shr(8, and(c1, 0xff00ff00ff00ff00)), shl(8, and(c1, 0x00ff00ff00ff00ff)))
                c1 := or(shr(16, and(c1, 0xffff0000ffff0000)), shl(16, and(c1, 0x0000ffff0000ffff)))
                c1 := or(shr(32, c1), shl(32, and(c1, 0xffffffff)))
                let half := or(c0, shl(64, c1))
                switch lanes
                case 2 { mstore(add(vp, mul(w, 0x20)), half) }
                default {
                    let slot := add(vp, mul(shr(1, w), 0x20))
                    switch and(w, 1)
                    case 0 { mstore(slot, half) }
                    default { mstore(slot, or(mload(slot), shl(128, half))) }
                }
            }
        }
    }

    function copy(uint256[] memory a) private pure returns (uint256[] memory out) {
        out = new uint256[](a.length);
        for (uint256 i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
    }

    function inverse(uint256 x) private pure returns (uint256) {
        return Goldilocks.pow(x, Goldilocks.P - 2);
    }

    function bitReverse(uint256 value, uint256 bits) internal pure returns (uint256 out) {
        for (uint256 i = 0; i < bits; i++) {
            out = (out << 1) | ((value >> i) & 1);
        }
    }

    function indexOf(uint256[] memory sorted, uint256 x) internal pure returns (uint256) {
        uint256 lo = 0;
        uint256 hi = sorted.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (sorted[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        require(lo < sorted.length && sorted[lo] == x, "folds: a queried leaf was not opened");
        return lo;
    }

    /// The distinct values of (queries >> shift), increasing (insertion sort: a few hundred queries).
    function distinctShifted(uint256[] memory queries, uint256 shift) internal pure returns (uint256[] memory out) {
        uint256[] memory s = new uint256[](queries.length);
        uint256 count = 0;
        for (uint256 i = 0; i < queries.length; i++) {
            uint256 x = queries[i] >> shift;
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
