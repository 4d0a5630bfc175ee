// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {FoldedEvaluation} from "./FoldedEvaluation.sol";
import {Goldilocks} from "./Goldilocks.sol";
import {Merkle} from "./Merkle.sol";
import {Sumcheck} from "./Sumcheck.sol";

/// The verifier of a Basefold opening, as zkml4j's Java BasefoldPcs.verify: the statement (root,
/// point, value) bound to the transcript, then FoldedEvaluation (challenges from the quadratic
/// extension, or the quartic one in the list-decoding regime) with the committed codeword as its
/// first word, whose queried leaves (2^k consecutive base-field values) are read and checked against
/// the root here. In the list-decoding regime the commitment also holds its value at an
/// out-of-domain point drawn from the root alone, and the folds prove the claim at a point t* of
/// the line from the claimed point to that one, whose values at t = 0..n the prover sends.
library Basefold {
    using Goldilocks for uint256;

    struct Params {
        uint256 numVars;
        uint256 logBlowup;
        uint256 logArity;
        uint256 queries;
        uint256 grindingBits;
        bool listDecoding; // quartic challenges (Java's BasefoldParameters.listDecoding)
    }

    function shape(Params memory p) internal pure returns (FoldedEvaluation.Shape memory) {
        return FoldedEvaluation.Shape(p.numVars, p.numVars + p.logBlowup, p.logArity < p.numVars ? p.logArity : p.numVars, p.logArity,
            p.queries, p.grindingBits, p.listDecoding);
    }

    /// Reverts unless the proof shows that the polynomial committed under `root` (with its value
    /// `outOfDomain` at the root's out-of-domain point in the list-decoding regime; 0 and unused in
    /// the other) takes `value` at `point`.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes32 root, uint256 outOfDomain,
                    uint256[] memory point, uint256 value, bytes memory label) internal view {
        // Java's BasefoldParameters and BasefoldPcs.Commitment bounds (review: a contract taking them from calldata relied on them unchecked)
        require(p.numVars >= 1 && p.logBlowup >= 1 && p.logBlowup <= 6 && p.numVars + p.logBlowup <= 30 && p.logArity >= 1
            && p.logArity <= 6 && p.queries >= 1 && p.queries <= 4096 && p.grindingBits <= 30 && point.length == p.numVars,
            "basefold: parameters");
        require(p.listDecoding || outOfDomain == 0, "basefold: an out-of-domain value in unique decoding");
        FiatShamir.absorbPublicBytes(v, abi.encodePacked(label, ".root"), abi.encodePacked(root));
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".point"), point);
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".value"), values);
        uint256[] memory foldedAt = point;
        uint256 foldedValue = value;
        if (p.listDecoding) {
            values[0] = outOfDomain;
            FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".outOfDomain"), values);
            (foldedAt, foldedValue) = throughLine(v, proof, root, outOfDomain, point, value, label);
        }
        FoldedEvaluation.Shape memory s = shape(p);
        FoldedEvaluation.State memory st = FoldedEvaluation.start(v, proof, s, foldedAt, foldedValue, label);
        FoldedEvaluation.finish(proof, s, st, openFirst(v, proof, s, FoldedEvaluation.firstLeaves(st), root, label));
    }

    /// The root's out-of-domain point: a transcript of its own that absorbs the root alone (Java's BasefoldPcs.outOfDomainPoint).
    function outOfDomainPoint(bytes32 root, uint256 numVars) internal pure returns (uint256[] memory z) {
        FiatShamir.Verifier memory t = FiatShamir.derive("zkml4j/basefold/out-of-domain/v1");
        FiatShamir.absorbPublicBytes(t, "basefold.root", abi.encodePacked(root));
        z = new uint256[](numVars);
        for (uint256 i = 0; i < numVars; i++) {
            z[i] = FiatShamir.challengeExt(t, "basefold.point");
        }
    }

    /// The line q(t) = f(point + t·(z_ood − point)) at t = 0..n, checked to start at `value` and reach
    /// `outOfDomain` at t = 1; the claim the folds then prove: the line's point and value at t*.
    function throughLine(FiatShamir.Verifier memory v, bytes calldata proof, bytes32 root, uint256 outOfDomain, uint256[] memory point,
                         uint256 value, bytes memory label) private view returns (uint256[] memory at, uint256 atValue) {
        uint256 n = point.length;
        uint256 offset = FiatShamir.receiveExt(v, proof, abi.encodePacked(label, ".line"), n + 1);
        uint256[] memory line = new uint256[](n + 1);
        for (uint256 t = 0; t <= n; t++) {
            line[t] = FiatShamir.extAt(proof, offset, t);
        }
        require(line[0] == value, "basefold: the line through the point does not start at the claimed value");
        require(line[1] == outOfDomain, "basefold: the line does not reach the commitment's out-of-domain value");
        uint256 r = FiatShamir.challengeExt(v, abi.encodePacked(label, ".lineAt"));
        uint256[] memory outside = outOfDomainPoint(root, n);
        at = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            at[i] = point[i].eadd(r.emul(outside[i].esub(point[i])));
        }
        atValue = Sumcheck.evaluate(line, Sumcheck.lagrangeWeights(n), r);
    }

    /// The committed codeword's queried leaves, checked against its root, as extension values.
    function openFirst(FiatShamir.Verifier memory v, bytes calldata proof, FoldedEvaluation.Shape memory s, uint256[] memory leaves,
                       bytes32 root, bytes memory label) private pure returns (uint256[][] memory first) {
        uint256 group = 1 << s.firstFolds;
        uint256 logL = s.logCodeLength - s.firstFolds;
        uint256 offset = FiatShamir.receiveBase(v, proof, abi.encodePacked(label, ".first"), group * leaves.length);
        bytes32[] memory digests = new bytes32[](leaves.length);
        first = new uint256[][](leaves.length);
        for (uint256 k = 0; k < leaves.length; k++) {
            uint256 from = offset + 8 * group * k;
            digests[k] = Merkle.hashLeafFromCalldata(proof, 0, 0, from, 8 * group);
            first[k] = new uint256[](group);
            for (uint256 t = 0; t < group; t++) {
                first[k][t] = FiatShamir.baseAt(proof, from, t);
            }
        }
        bytes32[] memory siblings = FoldedEvaluation.siblings(v, proof, abi.encodePacked(label, ".firstPaths"), leaves, logL);
        require(Merkle.rootFromMultiProof(logL, leaves, digests, siblings) == root, "basefold: opened values do not match their Merkle root");
    }
}
