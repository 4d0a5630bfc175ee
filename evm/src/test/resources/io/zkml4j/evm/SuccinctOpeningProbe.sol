// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {SuccinctOpening} from "./SuccinctOpening.sol";

/// Verifies a succinct opening made by the Java SolidityOpeningTest protocol: `check` reverts with the
/// reason unless the proof is valid.
contract SuccinctOpeningVerifier {
    /// header: logRowWidth, logCodeLength, logArity, queries, grindingBits, then each commitment's rows.
    /// termData: per term claim, commitment, polynomial, coefficient, kind (Claims': eq 0, explicit 1, product 2, powers 3),
    /// pool offset, weights' length, high point's length, numVars, rowStart, columnOffset; pool: the terms' points or
    /// weights, a product's high point or powers' points after its low weights or coefficients (packed extension elements).
    function check(bytes calldata proof, bytes[] calldata commitments, uint256[] calldata header, uint256[] calldata values,
                   uint256[] calldata termData, uint256[] calldata pool) public view {
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/test/succinct/v1");
        uint256[] memory rows = new uint256[](commitments.length);
        for (uint256 m = 0; m < rows.length; m++) {
            rows[m] = header[5 + m];
        }
        bytes[] memory encodings = new bytes[](commitments.length);
        for (uint256 m = 0; m < encodings.length; m++) {
            encodings[m] = commitments[m];
        }
        SuccinctOpening.Term[] memory terms = new SuccinctOpening.Term[](termData.length / 11);
        for (uint256 t = 0; t < terms.length; t++) {
            uint256 b = 11 * t;
            uint256[] memory weights = new uint256[](termData[b + 6]);
            for (uint256 i = 0; i < weights.length; i++) {
                weights[i] = pool[termData[b + 5] + i];
            }
            uint256[] memory high = new uint256[](termData[b + 7]);
            for (uint256 i = 0; i < high.length; i++) {
                high[i] = pool[termData[b + 5] + weights.length + i];
            }
            terms[t] = SuccinctOpening.Term(termData[b], termData[b + 1], termData[b + 2], termData[b + 3], uint8(termData[b + 4]), weights,
                high, termData[b + 8], termData[b + 9], termData[b + 10]);
        }
        SuccinctOpening.Params memory params = SuccinctOpening.Params(header[0], header[1], header[2], header[3], header[4]);
        v = SuccinctOpeningStatement.absorb(v, params, encodings, values, terms);
        SuccinctOpening.verifyAbsorbed(v, proof, params, encodings, rows, values, terms);
        FiatShamir.finish(v, proof);
    }
}

/// The statement's absorbing in a linked library of its own, as verifiers link OpeningStatement: the whole
/// opening inlined passes the contract size limit.
library SuccinctOpeningStatement {
    function absorb(FiatShamir.Verifier memory v, SuccinctOpening.Params memory p, bytes[] memory commitments, uint256[] memory values,
                    SuccinctOpening.Term[] memory terms) public pure returns (FiatShamir.Verifier memory) {
        SuccinctOpening.absorbStatement(v, p, commitments, values, terms);
        return v;
    }
}
