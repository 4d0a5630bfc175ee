// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// Constant arrays in generated verifiers: a hex string of 8-byte big-endian words read as a
/// uint256[] (one element per word), so a key's tables take 8 bytes of code per entry.
library Words {
    function unpack(bytes memory packed) internal pure returns (uint256[] memory w) {
        require(packed.length % 8 == 0, "words: not a whole number of 8-byte words");
        uint256 n = packed.length / 8;
        w = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            uint256 word;
            assembly ("memory-safe") {
                word := shr(192, mload(add(add(packed, 32), mul(i, 8))))
            }
            w[i] = word;
        }
    }
}
