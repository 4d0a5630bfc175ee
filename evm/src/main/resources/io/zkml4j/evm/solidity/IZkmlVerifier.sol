// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// A verifier contract that zkml export-verifier writes, as a registry (or any contract) calls it.
interface IZkmlVerifier {
    /// True when the proof is valid for these public values (never reverts for a bad proof).
    function verify(bytes calldata proof, uint256[] calldata publicInputs) external view returns (bool);

    /// The digest of the verifying key the contract was written for (the model's commitment included).
    function keyDigest() external view returns (bytes32);
}
