// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ModelRegistry} from "./ModelRegistry.sol";
import {MlpVerifier} from "./MlpVerifier.sol";
import {CnnVerifier} from "./CnnVerifier.sol";

/// Drives the registry on the local chain: deploys the verifiers of two keys (the bundled MLP's and the
/// bundled CNN's) and the registry, registers both models, then submits as anyone would.
contract RegistryScenario {
    ModelRegistry public registry;
    MlpVerifier public mlp;
    CnnVerifier public cnn;

    constructor() {
        registry = new ModelRegistry();
        mlp = new MlpVerifier();
        cnn = new CnnVerifier();
        registry.register(mlp);
        registry.register(cnn);
    }

    function submit(bytes32 key, bytes calldata proof, uint256[] calldata publicInputs) external returns (uint256) {
        return registry.submit(key, proof, publicInputs);
    }

    function recorded(bytes32 key) external view returns (uint256 count) {
        (,, count) = registry.models(key);
    }

    function check(bytes calldata proof, uint256[] calldata publicInputs) external view {
        mlp.check(proof, publicInputs);
    }

    function checkCnn(bytes calldata proof, uint256[] calldata publicInputs) external view {
        cnn.check(proof, publicInputs);
    }
}
