// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {FoldedEvaluation} from "./FoldedEvaluation.sol";
import {Merkle} from "./Merkle.sol";

/// The verifier of a Basefold opening, as zkml4j's Java BasefoldPcs.verify: the statement (root,
/// point, value) bound to the transcript, then FoldedEvaluation (challenges from the quadratic
/// extension, or the quartic one in the list-decoding regime) with the committed codeword as its
/// first word, whose queried leaves (2^k consecutive base-field values) are read and checked against
/// the root here.
library Basefold {
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

    /// Reverts unless the proof shows that the polynomial committed under `root` takes `value` at `point`.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Params memory p, bytes32 root,
                    uint256[] memory point, uint256 value, bytes memory label) internal view {
        // Java's BasefoldParameters and BasefoldPcs.Commitment bounds (review: a contract taking them from calldata relied on them unchecked)
        require(p.numVars >= 1 && p.logBlowup >= 1 && p.logBlowup <= 6 && p.numVars + p.logBlowup <= 30 && p.logArity >= 1
            && p.logArity <= 6 && p.queries >= 1 && p.queries <= 4096 && p.grindingBits <= 30, "basefold: parameters");
        FiatShamir.absorbPublicBytes(v, abi.encodePacked(label, ".root"), abi.encodePacked(root));
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".point"), point);
        uint256[] memory values = new uint256[](1);
        values[0] = value;
        FiatShamir.absorbPublicExt(v, abi.encodePacked(label, ".value"), values);
        FoldedEvaluation.Shape memory s = shape(p);
        FoldedEvaluation.State memory st = FoldedEvaluation.start(v, proof, s, point, value, label);
        FoldedEvaluation.finish(proof, s, st, openFirst(v, proof, s, FoldedEvaluation.firstLeaves(st), root, label));
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
