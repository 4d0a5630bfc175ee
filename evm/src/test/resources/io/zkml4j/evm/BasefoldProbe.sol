// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {Basefold} from "./Basefold.sol";

/// Verifies a standalone Basefold opening made by the Java BasefoldPcsTest protocol.
contract BasefoldVerifier {
    /// params: numVars, logBlowup, logArity, queries, grindingBits, listDecoding (0 or 1); outOfDomain: the commitment's
    /// value at its out-of-domain point (list decoding; else 0).
    function check(bytes calldata proof, uint256[] calldata params, bytes32 root, uint256 outOfDomain, uint256[] calldata point, uint256 value)
        public view
    {
        require(params.length == 6 && params[5] <= 1, "six parameters");
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/test/basefold/v1");
        Basefold.verify(v, proof, Basefold.Params(params[0], params[1], params[2], params[3], params[4], params[5] == 1), root, outOfDomain,
            point, value, "pcs");
        FiatShamir.finish(v, proof);
    }

    function verify(bytes calldata proof, uint256[] calldata params, bytes32 root, uint256 outOfDomain, uint256[] calldata point, uint256 value)
        external view returns (bool)
    {
        try this.check(proof, params, root, outOfDomain, point, value) {
            return true;
        } catch (bytes memory reason) {
            require(reason.length != 0, "verify: out of gas");
            return false;
        }
    }
}
