// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {Poseidon2Constants} from "./Poseidon2Constants.sol";

/// zkml4j's Poseidon2 permutation over Goldilocks (width 12, x^7, 8 full and 22 partial rounds) and
/// its sponge (rate 8, capacity lanes 8 and 9 start as the message length and the domain, each block
/// overwrites the rate, the digest is lanes 0..3), as the Java Poseidon2 and Poseidon2Sponge compute
/// them. The constants come from the generated Poseidon2Constants.sol.
library Poseidon2 {
    uint256 internal constant P = 0xffffffff00000001;
    uint256 internal constant ROUNDS = 30;

    /// True for the partial rounds, rounds 4..25.
    function isPartial(uint256 round) internal pure returns (bool) {
        return round >= 4 && round < 26;
    }

    /// The round constant of `round` for `lane` (0 for lanes 1..11 of a partial round).
    function roundConstant(bytes memory table, uint256 round, uint256 lane) internal pure returns (uint256) {
        uint256 index;
        if (round < 4) {
            index = 12 * round + lane;
        } else if (round < 26) {
            if (lane != 0) return 0;
            index = 48 + (round - 4);
        } else {
            index = 70 + 12 * (round - 26) + lane;
        }
        return word64(table, index);
    }

    function word64(bytes memory table, uint256 index) internal pure returns (uint256 w) {
        assembly ("memory-safe") {
            w := shr(192, mload(add(add(table, 0x20), mul(index, 8))))
        }
    }

    /// Permutes a state of 12 canonical elements in place. The constants are read in their stored order
    /// (12 per full round, 1 per partial round) by a running offset.
    function permute(uint256[12] memory s) internal pure {
        bytes memory rc = Poseidon2Constants.ROUND_CONSTANTS;
        bytes memory d = Poseidon2Constants.INTERNAL_DIAGONAL;
        uint256 next = 0;
        externalLayer(s);
        unchecked {
            for (uint256 r = 0; r < ROUNDS; r++) {
                if (isPartial(r)) {
                    s[0] = sbox(addmod(s[0], word64(rc, next++), P));
                    uint256 sum = 0;
                    for (uint256 i = 0; i < 12; i++) {
                        sum += s[i]; // 12 canonical values: far below 2^256
                    }
                    sum %= P;
                    for (uint256 i = 0; i < 12; i++) {
                        s[i] = addmod(mulmod(s[i], word64(d, i), P), sum, P);
                    }
                } else {
                    for (uint256 i = 0; i < 12; i++) {
                        s[i] = sbox(addmod(s[i], word64(rc, next++), P));
                    }
                    externalLayer(s);
                }
            }
        }
    }

    function sbox(uint256 x) internal pure returns (uint256) {
        uint256 x2 = mulmod(x, x, P);
        uint256 x3 = mulmod(x2, x, P);
        return mulmod(mulmod(x3, x3, P), x, P);
    }

    /// circ(2·M4, M4, M4): M4 on each block of four, then each block plus the sum of the blocks.
    /// Canonical inputs stay far below 2^256 in plain integer sums; reduced once at the end.
    function externalLayer(uint256[12] memory s) internal pure {
        unchecked {
            for (uint256 b = 0; b < 12; b += 4) {
                uint256 x0 = s[b];
                uint256 x1 = s[b + 1];
                uint256 x2 = s[b + 2];
                uint256 x3 = s[b + 3];
                uint256 t0 = x0 + x1;
                uint256 t1 = x2 + x3;
                uint256 t2 = 2 * x1 + t1;
                uint256 t3 = 2 * x3 + t0;
                uint256 t4 = 4 * t1 + t3;
                uint256 t5 = 4 * t0 + t2;
                s[b] = t3 + t5;
                s[b + 1] = t5;
                s[b + 2] = t2 + t4;
                s[b + 3] = t4;
            }
            for (uint256 i = 0; i < 4; i++) {
                uint256 sum = s[i] + s[4 + i] + s[8 + i];
                s[i] = (s[i] + sum) % P;
                s[4 + i] = (s[4 + i] + sum) % P;
                s[8 + i] = (s[8 + i] + sum) % P;
            }
        }
    }

    /// The sponge's digest of the all-zero message of `length` elements in `domain` (what a padding
    /// sponge of a hash proof hashes). Public: linked, so its code stays out of the caller's.
    function hashZeros(uint256 length, uint256 domain) public pure returns (uint256[4] memory digest) {
        uint256[12] memory s;
        s[8] = length % P;
        s[9] = domain % P;
        uint256 blocks = length == 0 ? 1 : (length + 7) / 8;
        for (uint256 b = 0; b < blocks; b++) {
            for (uint256 i = 0; i < 8; i++) {
                s[i] = 0;
            }
            permute(s);
        }
        for (uint256 i = 0; i < 4; i++) {
            digest[i] = s[i];
        }
    }
}
