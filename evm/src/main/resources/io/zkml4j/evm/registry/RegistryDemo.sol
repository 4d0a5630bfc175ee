// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ModelRegistry} from "./ModelRegistry.sol";
import {ModelVerifier} from "./ModelVerifier.sol";

/// `zkml demo evm` on the local chain: deploys the registry and the model's verifier (written by
/// zkml export-verifier as ModelVerifier), registers the model, and submits predictions as anyone would.
contract RegistryDemo {
    ModelRegistry public registry;
    ModelVerifier public verifier;
    bytes32 public key;

    constructor() {
        registry = new ModelRegistry();
        verifier = new ModelVerifier();
        key = registry.register(verifier);
    }

    function submit(bytes calldata proof, uint256[] calldata publicInputs) external returns (uint256) {
        return registry.submit(key, proof, publicInputs);
    }

    function recorded() external view returns (uint256 count) {
        (,, count) = registry.models(key);
    }

    function gasByPart(bytes calldata proof, uint256[] calldata publicInputs) external view returns (uint256[3] memory) {
        return verifier.gasByPart(proof, publicInputs);
    }
}
