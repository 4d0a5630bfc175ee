// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {CircuitChecks} from "./CircuitChecks.sol";

/// Calls CircuitChecks.sparseMapAt with a map as SectionVerifierWriter.mapBytes writes it (SparseMapTest).
contract SparseMapProbe {
    function at(bytes calldata map, uint256[] calldata u, uint256 targetVars, uint256[] calldata p, uint256 sourceVars)
            external pure returns (uint256) {
        return CircuitChecks.sparseMapAt(map, u, targetVars, p, sourceVars);
    }
}
