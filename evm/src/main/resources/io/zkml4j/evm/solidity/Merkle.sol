// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// Keccak-256 Merkle trees as zkml4j's Java MerkleTree builds them: leaves H(0x00 ‖ salt ‖ data),
/// inner nodes H(0x01 ‖ left ‖ right), leaf j at node 2^k + j. A multi-path opening lists, level by
/// level from the leaves up and left to right, exactly the siblings that the opened leaves do not
/// determine; the verifier knows from the indices alone where each one belongs.
library Merkle {
    function hashNode(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40) // scratch beyond the free-memory pointer, not allocated
            mstore8(m, 0x01)
            mstore(add(m, 1), left)
            mstore(add(m, 33), right)
            h := keccak256(m, 65)
        }
    }

    function hashLeaf(bytes memory salt, bytes memory data) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(0x00), salt, data));
    }

    /// hashLeaf of a salt and data that lie in the proof (saltLength bytes at saltAt, length bytes at
    /// dataAt), hashed in scratch memory: nothing is allocated, so thousands of leaves cost no memory growth.
    function hashLeafFromCalldata(bytes calldata proof, uint256 saltAt, uint256 saltLength, uint256 dataAt, uint256 length)
        internal pure returns (bytes32 h)
    {
        require(saltAt + saltLength <= proof.length && dataAt + length <= proof.length, "merkle: leaf outside the proof");
        assembly ("memory-safe") {
            let m := mload(0x40) // scratch beyond the free-memory pointer, not allocated
            mstore8(m, 0x00)
            calldatacopy(add(m, 1), add(proof.offset, saltAt), saltLength)
            calldatacopy(add(add(m, 1), saltLength), add(proof.offset, dataAt), length)
            h := keccak256(m, add(add(1, saltLength), length))
        }
    }

    /// How many siblings a multi-path opening of these (strictly increasing) leaves has.
    function multiProofSize(uint256[] memory sortedIndices, uint256 logLeaves) internal pure returns (uint256 size) {
        uint256 count = sortedIndices.length;
        uint256[] memory level = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            level[i] = sortedIndices[i];
        }
        for (uint256 depth = 0; depth < logLeaves; depth++) {
            uint256 next = 0;
            for (uint256 i = 0; i < count; i++) {
                if (i + 1 < count && level[i + 1] == (level[i] ^ 1)) {
                    i++;
                } else {
                    size++;
                }
                level[next++] = level[i] >> 1;
            }
            count = next;
        }
    }

    /// The root that the leaves (digests in index order) and the canonical siblings determine.
    /// Reverts unless the indices are strictly increasing and inside the tree and every sibling is used.
    function rootFromMultiProof(uint256 logLeaves, uint256[] memory sortedIndices, bytes32[] memory leafDigests,
                                bytes32[] memory siblings) internal pure returns (bytes32) {
        uint256 count = sortedIndices.length;
        require(count > 0 && count == leafDigests.length, "merkle: one digest per opened leaf");
        require(logLeaves < 64, "merkle: tree too deep");
        uint256 n = 1 << logLeaves;
        uint256[] memory level = new uint256[](count);
        bytes32[] memory digests = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            require(sortedIndices[i] < n, "merkle: leaf index outside the tree");
            require(i == 0 || sortedIndices[i] > sortedIndices[i - 1], "merkle: leaf indices not strictly increasing");
            level[i] = n + sortedIndices[i];
            digests[i] = leafDigests[i];
        }
        // Level by level, in place: a pair of opened siblings hashes together, a lone node with the next
        // sibling of the proof (the hot loop of every opening: in assembly, hashing in scratch memory).
        uint256 used = 0;
        bool short = false;
        uint256 siblingCount = siblings.length;
        assembly ("memory-safe") {
            let lp := add(level, 0x20)
            let dp := add(digests, 0x20)
            let sp := add(siblings, 0x20)
            let scratch := mload(0x40) // beyond the free-memory pointer, not allocated
            for { let depth := 0 } lt(depth, logLeaves) { depth := add(depth, 1) } {
                let next := 0
                for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                    let node := mload(add(lp, shl(5, i)))
                    let left := 0
                    let right := 0
                    let j := add(i, 1)
                    let paired := 0
                    if lt(j, count) { paired := eq(mload(add(lp, shl(5, j))), xor(node, 1)) }
                    switch paired
                    case 1 {
                        left := mload(add(dp, shl(5, i)))
                        right := mload(add(dp, shl(5, j)))
                        i := j
                    }
                    default {
                        if iszero(lt(used, siblingCount)) {
                            short := 1
                            break
                        }
                        let s := mload(add(sp, shl(5, used)))
                        used := add(used, 1)
                        switch and(node, 1)
                        case 0 {
                            left := mload(add(dp, shl(5, i)))
                            right := s
                        }
                        default {
                            left := s
                            right := mload(add(dp, shl(5, i)))
                        }
                    }
                    mstore8(scratch, 0x01)
                    mstore(add(scratch, 1), left)
                    mstore(add(scratch, 33), right)
                    mstore(add(lp, shl(5, next)), shr(1, node))
                    mstore(add(dp, shl(5, next)), keccak256(scratch, 65))
                    next := add(next, 1)
                }
                if short { break }
                count := next
            }
        }
        require(!short, "merkle: too few siblings");
        require(used == siblings.length, "merkle: too many siblings");
        return digests[0];
    }
}
