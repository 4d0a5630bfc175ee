// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";

/// Entry points for the review of the memory-growth cuts (GasReviewTest): public vectors absorbed in
/// scratch memory, challenge streams that give their memory back, and ClaimWords with shared vectors.
contract GasReviewProbe {
    string internal constant PROTOCOL = "zkml4j/evm-test/review/v1";

    function freePointer() private pure returns (uint256 p) {
        assembly ("memory-safe") {
            p := mload(0x40)
        }
    }

    /// Absorbs `elements` (lanes 1: base field, 2: packed extension) under `label`, then draws a
    /// challenge. Returns the challenge, whether the elements and a sentinel allocated after them are
    /// intact, and how far the free-memory pointer moved over the absorb.
    function absorbThenChallenge(bytes calldata header, bytes memory label, uint256[] memory elements, uint256 lanes)
        external pure returns (uint256 challenge, bool intact, uint256 grown)
    {
        FiatShamir.Verifier memory v = FiatShamir.start(header, bytes(PROTOCOL));
        bytes32 before = keccak256(abi.encodePacked(elements));
        uint256[] memory sentinel = new uint256[](3);
        sentinel[0] = 0xdead;
        sentinel[1] = 0xbeef;
        sentinel[2] = type(uint256).max;
        bytes32 labelBefore = keccak256(label);
        uint256 f = freePointer();
        if (lanes == 1) {
            FiatShamir.absorbPublicField(v, label, elements);
        } else {
            FiatShamir.absorbPublicExt(v, label, elements);
        }
        grown = freePointer() - f;
        intact = keccak256(abi.encodePacked(elements)) == before && keccak256(label) == labelBefore
            && sentinel[0] == 0xdead && sentinel[1] == 0xbeef && sentinel[2] == type(uint256).max;
        challenge = FiatShamir.challengeExt(v, "c");
    }

    /// `rounds` times: a one-word array holding its round, an extension challenge, `count` indices
    /// below `bound`. Returns the challenges and indices in order, then 1 if every array still holds
    /// its round, then how far the free-memory pointer moved over the challenges alone.
    function streams(bytes calldata header, uint256 rounds, uint256 count, uint256 bound) external pure returns (uint256[] memory out) {
        FiatShamir.Verifier memory v = FiatShamir.start(header, bytes(PROTOCOL));
        uint256[][] memory marks = new uint256[][](rounds);
        uint256[][] memory indices = new uint256[][](rounds);
        uint256[] memory exts = new uint256[](rounds);
        uint256 released = 0;
        bytes memory e = "e"; // allocated here, not between the pointer readings
        bytes memory q = "q";
        for (uint256 r = 0; r < rounds; r++) {
            marks[r] = new uint256[](1);
            marks[r][0] = r + 1;
            uint256 f = freePointer();
            exts[r] = FiatShamir.challengeExt(v, e);
            released += freePointer() - f;
            indices[r] = FiatShamir.challengeIndices(v, q, count, bound);
        }
        out = new uint256[](rounds * (1 + count) + 2);
        uint256 at = 0;
        bool ok = true;
        for (uint256 r = 0; r < rounds; r++) {
            out[at++] = exts[r];
            for (uint256 i = 0; i < count; i++) {
                out[at++] = indices[r][i];
            }
            ok = ok && marks[r].length == 1 && marks[r][0] == r + 1 && indices[r].length == count;
        }
        out[at++] = ok ? 1 : 0;
        out[at++] = released;
    }

    /// Claims.digest of the unpacked words.
    function unpackDigest(uint256[] memory words) external pure returns (bytes32) {
        return Claims.digest(ClaimWords.unpack(words));
    }

    /// A list whose terms share long and short vectors by pointer, packed and unpacked: returns the
    /// digest before and after, the words' length, whether the unpacked terms share as the packed did,
    /// and the words themselves.
    function roundTrip(uint256 longLength) external pure returns (bytes32 d0, bytes32 d1, uint256 size, bool shared, uint256[] memory words) {
        uint256[] memory big = new uint256[](longLength);
        uint256[] memory other = new uint256[](longLength);
        uint256[] memory small = new uint256[](3);
        for (uint256 i = 0; i < longLength; i++) {
            big[i] = i + 1;
            other[i] = i + 1; // equal content, another array: written twice
        }
        small[0] = 7;
        Claims.List memory l = Claims.create(2);
        Claims.Claim memory a;
        a.value = 11;
        a.terms = new Claims.Term[](3);
        a.terms[0] = Claims.Term(1, 2, Claims.EXPLICIT, big, small, 3);
        a.terms[1] = Claims.Term(1, 3, Claims.EXPLICIT, big, new uint256[](0), 4);
        a.terms[2] = Claims.Term(0, 0, Claims.EQ, small, big, 5); // the long one as a high point
        Claims.push(l, a);
        Claims.Claim memory b;
        b.value = 12;
        b.terms = new Claims.Term[](2);
        b.terms[0] = Claims.Term(2, 0, Claims.EXPLICIT, other, small, 6);
        b.terms[1] = Claims.Term(2, 1, Claims.EXPLICIT, big, small, 7);
        Claims.push(l, b);
        d0 = Claims.digest(l);
        words = ClaimWords.pack(l);
        size = words.length;
        Claims.List memory u = ClaimWords.unpack(words);
        d1 = Claims.digest(u);
        Claims.Term[] memory ta = u.items[0].terms;
        Claims.Term[] memory tb = u.items[1].terms;
        if (longLength >= 64) { // ClaimWords.SHARED_MIN
            shared = same(ta[0].weights, ta[1].weights) && same(ta[0].weights, ta[2].high) && same(ta[0].weights, tb[1].weights)
                && !same(ta[0].weights, tb[0].weights) && !same(ta[0].high, ta[2].weights);
        } else {
            shared = !same(ta[0].weights, ta[1].weights) && !same(ta[0].weights, tb[1].weights);
        }
    }

    function same(uint256[] memory x, uint256[] memory y) private pure returns (bool r) {
        assembly ("memory-safe") {
            r := eq(x, y)
        }
    }
}
