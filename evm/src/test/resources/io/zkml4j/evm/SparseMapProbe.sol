// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {CircuitChecks} from "./CircuitChecks.sol";

/// Calls CircuitChecks.sparseMapAt with a map as SectionVerifierWriter.mapBytes writes it, and CircuitChecks.runsAt with
/// constants as SectionVerifierWriter.constantsBytes writes them (SparseMapTest).
contract SparseMapProbe {
    function at(bytes calldata map, uint256[] calldata u, uint256 targetVars, uint256[] calldata p, uint256 sourceVars)
            external pure returns (uint256) {
        return CircuitChecks.sparseMapAt(map, u, targetVars, p, sourceVars);
    }

    function constantsAt(bytes calldata runs, uint256[] calldata u, uint256 vars) external pure returns (uint256) {
        return CircuitChecks.runsAt(runs, u, vars);
    }
}
