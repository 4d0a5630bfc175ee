// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";
import {MlpSection} from "./MlpSection.sol";

/// Runs a generated section verifier from the proof's start and returns its claims' digest.
contract SectionProbe {
    function check(bytes calldata proof, bytes calldata protocol, bytes calldata modelDigest, uint256[] calldata input,
                   uint256[] calldata output) external view returns (bytes32) {
        FiatShamir.Verifier memory v = FiatShamir.start(proof, protocol);
        (, uint256[] memory claims,,) = MlpSection.verify(v, proof, modelDigest, input, output);
        return Claims.digest(ClaimWords.unpack(claims));
    }
}
