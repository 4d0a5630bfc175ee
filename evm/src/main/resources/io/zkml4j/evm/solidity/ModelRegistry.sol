// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IZkmlVerifier} from "./IZkmlVerifier.sol";

/// A ledger of proven predictions: a model owner registers the verifier of its committed model,
/// and anyone submits a prediction with its proof; the registry records it only if that model's
/// verifier accepts the proof for those public values.
contract ModelRegistry {
    struct Model {
        address owner;
        IZkmlVerifier verifier;
        uint256 predictions;
    }

    mapping(bytes32 => Model) public models;
    /// keccak256 of each recorded prediction's public values, by model and index.
    mapping(bytes32 => mapping(uint256 => bytes32)) public predictions;

    event ModelRegistered(bytes32 indexed key, address indexed owner, address verifier);
    event PredictionRecorded(bytes32 indexed key, uint256 indexed index, address indexed submitter, bytes32 statement);

    /// Registers a model by its verifier; the key digest the verifier states names it.
    function register(IZkmlVerifier verifier) external returns (bytes32 key) {
        key = verifier.keyDigest();
        require(models[key].owner == address(0), "registry: this model is registered already");
        models[key] = Model(msg.sender, verifier, 0);
        emit ModelRegistered(key, msg.sender, address(verifier));
    }

    /// Records a proven prediction of model `key`; reverts unless its verifier accepts the proof.
    function submit(bytes32 key, bytes calldata proof, uint256[] calldata publicInputs) external returns (uint256 index) {
        Model storage m = models[key];
        require(address(m.verifier) != address(0), "registry: no model with this key");
        require(m.verifier.verify(proof, publicInputs), "registry: the proof does not verify for this model");
        index = m.predictions++;
        bytes32 statement = keccak256(abi.encode(publicInputs));
        predictions[key][index] = statement;
        emit PredictionRecorded(key, index, msg.sender, statement);
    }
}
