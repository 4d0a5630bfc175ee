// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";

/// The verifier's side of zkml4j's Fiat–Shamir transcript with Keccak-256, byte for byte as the
/// Java FiatShamirVerifier: it reads the proof's records in order, absorbs each into the hash
/// chain, and derives every challenge from the chain, never from the proof.
///
/// Proof layout: "ZKML", format version (2 bytes LE), protocol length (4 bytes LE), protocol, then
/// records of kind (1 byte), element count (4 bytes LE) and the elements (field elements as 8-byte
/// little-endian canonical values, extension elements as two of them).
/// Hash chain: state = H(0x01 ‖ state ‖ kind ‖ u32(label length) ‖ label ‖ u64(length) ‖ data) per
/// message; a challenge reads H(0x03 ‖ seed ‖ u32(i)) blocks from seed = H(0x02 ‖ state ‖ label) and
/// then sets state = H(0x04 ‖ seed ‖ u32(blocks used)). All integers little-endian.
library FiatShamir {
    struct Verifier {
        bytes32 state;
        uint256 position; // the next unread byte of the proof
    }

    uint8 internal constant BASE = 1;
    uint8 internal constant EXT = 2;
    uint8 internal constant DIGEST = 3;
    uint8 internal constant BYTES = 4;
    uint8 internal constant NONCE = 5;
    uint8 internal constant PUBLIC_BYTES = 0x40;
    uint8 internal constant PUBLIC_FIELD = 0x41;

    /// Checks the proof's header names `protocol` and starts the chain from it.
    function start(bytes calldata proof, bytes memory protocol) internal pure returns (Verifier memory v) {
        uint256 n = protocol.length;
        require(proof.length >= 10 + n, "proof: truncated header");
        require(bytes4(proof[0:4]) == bytes4("ZKML"), "proof: not a zkml4j proof");
        require(proof[4] == 0x01 && proof[5] == 0x00, "proof: unsupported format version");
        require(le32(proof, 6) == n && keccak256(proof[10:10 + n]) == keccak256(protocol), "proof: another protocol");
        v.state = keccak256(abi.encodePacked("zkml4j/transcript/v1|keccak256|", protocol));
        v.position = 10 + n;
    }

    /// A transcript of `protocol` that reads no proof: it only absorbs public data and draws
    /// challenges (a Basefold commitment's out-of-domain point, drawn from its root alone).
    function derive(bytes memory protocol) internal pure returns (Verifier memory v) {
        v.state = keccak256(abi.encodePacked("zkml4j/transcript/v1|keccak256|", protocol));
    }

    /// Rejects bytes after the last record.
    function finish(Verifier memory v, bytes calldata proof) internal pure {
        require(v.position == proof.length, "proof: trailing bytes");
    }

    // ---- public data ----

    function absorbPublicBytes(Verifier memory v, bytes memory label, bytes memory data) internal pure {
        absorbMemory(v, PUBLIC_BYTES, label, data);
    }

    /// Absorbs base-field elements as 8-byte little-endian words. Each must be canonical (< p): the
    /// word absorbed is the value itself, so anything wider would leave bits unbound (review fix: a
    /// value x + k·2^64 used to be absorbed as x, while the kit's arithmetic, which reads the whole
    /// word, saw another element, so one proof verified for many public inputs; and x + p, which
    /// Java reduces before absorbing, drew other challenges). Callers holding Java-style 64-bit words
    /// in [p, 2^64) reduce them first.
    function absorbPublicField(Verifier memory v, bytes memory label, uint256[] memory elements) internal pure {
        for (uint256 i = 0; i < elements.length; i++) {
            require(elements[i] < Goldilocks.P, "non-canonical public value");
        }
        v.state = absorbWords(v.state, label, elements, 1);
    }

    /// Absorbs extension elements as the Java side's interleaved (c0, c1) base-field words. Each must
    /// be packed canonically: both coordinates < p and nothing above bit 127 (review fix: such bits
    /// used to be dropped from the transcript, c1 truncated to 64 bits).
    function absorbPublicExt(Verifier memory v, bytes memory label, uint256[] memory elements) internal pure {
        for (uint256 i = 0; i < elements.length; i++) {
            uint256 e = elements[i];
            require(e >> 128 == 0 && Goldilocks.c0(e) < Goldilocks.P && Goldilocks.c1(e) < Goldilocks.P, "non-canonical public value");
        }
        v.state = absorbWords(v.state, label, elements, 2);
    }

    // ---- prover messages ----

    /// Reads a record of `count` extension elements, absorbs it, and returns its payload's offset.
    function receiveExt(Verifier memory v, bytes calldata proof, bytes memory label, uint256 count)
        internal pure returns (uint256 offset)
    {
        offset = receiveRecord(v, proof, EXT, label, count, 16);
        for (uint256 i = 0; i < 2 * count; i++) {
            require(le64(proof, offset + 8 * i) < Goldilocks.P, "proof: non-canonical field element");
        }
    }

    function receiveBase(Verifier memory v, bytes calldata proof, bytes memory label, uint256 count)
        internal pure returns (uint256 offset)
    {
        offset = receiveRecord(v, proof, BASE, label, count, 8);
        for (uint256 i = 0; i < count; i++) {
            require(le64(proof, offset + 8 * i) < Goldilocks.P, "proof: non-canonical field element");
        }
    }

    function receiveDigest(Verifier memory v, bytes calldata proof, bytes memory label) internal pure returns (bytes32) {
        uint256 offset = receiveRecord(v, proof, DIGEST, label, 1, 32);
        return bytes32(proof[offset:offset + 32]);
    }

    /// Reads a record of `length` raw bytes and returns its payload's offset.
    function receiveBytes(Verifier memory v, bytes calldata proof, bytes memory label, uint256 length)
        internal pure returns (uint256 offset)
    {
        return receiveRecord(v, proof, BYTES, label, length, 1);
    }

    /// Checks the prover's proof of work, as Java's verifyGrind: H(H(0x05 ‖ state ‖ u32(label length) ‖
    /// label) ‖ nonce) has `bits` leading zero bits, against the state before the nonce is absorbed.
    function verifyGrind(Verifier memory v, bytes calldata proof, bytes memory label, uint256 bits) internal pure {
        if (bits == 0) {
            return;
        }
        bytes32 prefix = keccak256(abi.encodePacked(uint8(0x05), v.state, le32Bytes(label.length), label));
        uint256 offset = receiveRecord(v, proof, NONCE, label, 1, 8);
        bytes32 work = keccak256(abi.encodePacked(prefix, proof[offset:offset + 8]));
        require(uint256(work) >> (256 - bits) == 0, "proof: the proof-of-work nonce misses its target");
    }

    /// The i-th extension element of a payload read by receiveExt.
    function extAt(bytes calldata proof, uint256 offset, uint256 i) internal pure returns (uint256) {
        return Goldilocks.ext(le64(proof, offset + 16 * i), le64(proof, offset + 16 * i + 8));
    }

    function baseAt(bytes calldata proof, uint256 offset, uint256 i) internal pure returns (uint256) {
        return le64(proof, offset + 8 * i);
    }

    function receiveRecord(Verifier memory v, bytes calldata proof, uint8 kind, bytes memory label, uint256 count,
                           uint256 elementBytes) private pure returns (uint256 offset) {
        uint256 p = v.position;
        require(proof.length >= p + 5, "proof: truncated record");
        require(uint8(proof[p]) == kind, "proof: unexpected record kind");
        require(le32(proof, p + 1) == count, "proof: unexpected element count");
        offset = p + 5;
        uint256 end = offset + count * elementBytes;
        require(proof.length >= end, "proof: truncated record");
        v.state = absorbHash(v.state, kind, label, proof[offset:end]);
        v.position = end;
    }

    /// H(0x01 ‖ state ‖ kind ‖ u32(label length) ‖ label ‖ u64(length) ‖ data), in scratch memory.
    function absorbMemory(Verifier memory v, uint8 kind, bytes memory label, bytes memory data) private pure {
        uint256 at = messageHeader(v.state, kind, label, data.length);
        bytes32 h;
        assembly ("memory-safe") {
            let m := mload(0x40)
            let length := mload(data)
            mcopy(at, add(data, 0x20), length)
            h := keccak256(m, sub(add(at, length), m))
        }
        v.state = h;
    }

    /// A public-field message of canonical elements, `lanes` 64-bit words each (the low one first), built
    /// in scratch memory past the free-memory pointer: nothing is allocated, however long the vector (the
    /// opening's statement absorbs weight vectors of thousands of elements).
    function absorbWords(bytes32 state, bytes memory label, uint256[] memory elements, uint256 lanes)
        private pure returns (bytes32 h)
    {
        uint256 n = elements.length;
        uint256 at = messageHeader(state, PUBLIC_FIELD, label, 8 * lanes * n);
        assembly ("memory-safe") {
            let m := mload(0x40)
            let ep := add(elements, 0x20)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let e := mload(add(ep, shl(5, i)))
                for { let lane := 0 } lt(lane, lanes) { lane := add(lane, 1) } {
                    let x := and(shr(shl(6, lane), e), 0xffffffffffffffff)
                    x := or(shr(8, and(x, 0xff00ff00ff00ff00)), shl(8, and(x, 0x00ff00ff00ff00ff)))
                    x := or(shr(16, and(x, 0xffff0000ffff0000)), shl(16, and(x, 0x0000ffff0000ffff)))
                    x := or(shr(32, x), shl(32, and(x, 0xffffffff)))
                    mstore(at, shl(192, x)) // the 24 bytes after it are overwritten next or left out of the hash
                    at := add(at, 8)
                }
            }
            h := keccak256(m, sub(at, m))
        }
    }

    /// Writes 0x01 ‖ state ‖ kind ‖ u32(label length) ‖ label ‖ u64(length) at the free-memory pointer
    /// (not allocated) and returns where the payload goes.
    function messageHeader(bytes32 state, uint8 kind, bytes memory label, uint256 length) private pure returns (uint256 at) {
        uint256 labelLength = label.length;
        uint256 labelLe = uint256(uint32(le32Bytes(labelLength))) << 224;
        uint256 lengthLe = toLittleEndian64(length) << 192;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(248, 0x01))
            mstore(add(m, 1), state)
            mstore(add(m, 33), shl(248, kind))
            mstore(add(m, 34), labelLe)
            mcopy(add(m, 38), add(label, 0x20), labelLength)
            at := add(add(m, 38), labelLength)
            mstore(at, lengthLe)
            at := add(at, 8)
        }
    }

    /// H(0x01 ‖ state ‖ kind ‖ u32(label length) ‖ label ‖ u64(length) ‖ payload), built in scratch
    /// memory past the free-memory pointer (nothing is allocated: a proof has thousands of records).
    function absorbHash(bytes32 state, uint8 kind, bytes memory label, bytes calldata payload)
        private pure returns (bytes32 h)
    {
        uint256 at = messageHeader(state, kind, label, payload.length);
        assembly ("memory-safe") {
            calldatacopy(at, payload.offset, payload.length)
            h := keccak256(mload(0x40), sub(add(at, payload.length), mload(0x40)))
        }
    }

    /// H(tag ‖ digest ‖ u32(i)) in scratch memory.
    function hashTagged(uint8 tag, bytes32 digest, uint256 i) private pure returns (bytes32 h) {
        uint256 iLe = uint256(uint32(le32Bytes(i))) << 224;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(248, tag))
            mstore(add(m, 1), digest)
            mstore(add(m, 33), iLe)
            h := keccak256(m, 37)
        }
    }

    /// The seed of a challenge: H(0x02 ‖ state ‖ u32(label length) ‖ label), in scratch memory.
    function challengeSeed(bytes32 state, bytes memory label) private pure returns (bytes32 h) {
        uint256 labelLength = label.length;
        uint256 labelLe = uint256(uint32(le32Bytes(labelLength))) << 224;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(248, 0x02))
            mstore(add(m, 1), state)
            mstore(add(m, 33), labelLe)
            mcopy(add(m, 37), add(label, 0x20), labelLength)
            h := keccak256(m, add(37, labelLength))
        }
    }

    // ---- challenges ----

    /// A uniform extension element (two base elements by rejection of words >= p).
    function challengeExt(Verifier memory v, bytes memory label) internal pure returns (uint256) {
        WordStream memory s = openStream(v, label);
        uint256 c0 = nextWordBelow(s, Goldilocks.P);
        uint256 c1 = nextWordBelow(s, Goldilocks.P);
        closeStream(v, s);
        releaseStream(s);
        return Goldilocks.ext(c0, c1);
    }

    /// `count` indices uniform in [0, bound), by rejecting words at or above the largest multiple of bound.
    function challengeIndices(Verifier memory v, bytes memory label, uint256 count, uint256 bound)
        internal pure returns (uint256[] memory out)
    {
        require(bound > 0 && bound < 2 ** 31, "index bound");
        uint256 limit = 2 ** 64 - (2 ** 64 % bound); // words below it map uniformly
        out = new uint256[](count);
        WordStream memory s = openStream(v, label);
        for (uint256 i = 0; i < count; i++) {
            out[i] = nextWordBelow(s, limit) % bound;
        }
        closeStream(v, s);
        releaseStream(s);
    }

    /// The output stream of one challenge: 8-byte little-endian words of H(0x03 ‖ seed ‖ u32(i)).
    struct WordStream {
        bytes32 seed;
        bytes32 current; // the block being read
        uint256 blocks;  // blocks hashed so far
        uint256 word;    // words of the current block used (4: none left)
    }

    function openStream(Verifier memory v, bytes memory label) private pure returns (WordStream memory s) {
        s.seed = challengeSeed(v.state, label);
        s.word = 4;
    }

    /// The next word below `limit`, skipping (rejecting) the others.
    function nextWordBelow(WordStream memory s, uint256 limit) private pure returns (uint256 w) {
        do {
            if (s.word == 4) {
                s.current = hashTagged(0x03, s.seed, s.blocks);
                s.blocks++;
                s.word = 0;
            }
            w = toLittleEndian64(uint64(bytes8(s.current << (64 * s.word))));
            s.word++;
        } while (w >= limit);
    }

    /// Ratchets the state past the blocks the challenge used.
    function closeStream(Verifier memory v, WordStream memory s) private pure {
        v.state = hashTagged(0x04, s.seed, s.blocks);
    }

    /// Gives the stream's memory back when it was the last allocation (a verifier draws thousands of
    /// challenges, and the EVM's memory costs grow with the square of its size). Nothing refers to it
    /// after its challenge is drawn, and nothing is allocated between openStream and this call.
    /// 0x80 is WordStream's size, four words: change both together.
    function releaseStream(WordStream memory s) private pure {
        assembly ("memory-safe") {
            if eq(mload(0x40), add(s, 0x80)) {
                mstore(0x40, s)
            }
        }
    }

    // ---- little-endian integers ----

    /// The 8 bytes at proof[offset] read as a little-endian integer.
    function le64(bytes calldata proof, uint256 offset) internal pure returns (uint256) {
        return toLittleEndian64(uint64(bytes8(proof[offset:offset + 8])));
    }

    function le32(bytes calldata proof, uint256 offset) internal pure returns (uint256) {
        bytes4 b = bytes4(proof[offset:offset + 4]);
        return uint256(uint8(b[0])) | uint256(uint8(b[1])) << 8 | uint256(uint8(b[2])) << 16 | uint256(uint8(b[3])) << 24;
    }

    /// Reverses the byte order of a 64-bit value.
    function toLittleEndian64(uint256 x) internal pure returns (uint256) {
        x = ((x & 0xff00ff00ff00ff00) >> 8) | ((x & 0x00ff00ff00ff00ff) << 8);
        x = ((x & 0xffff0000ffff0000) >> 16) | ((x & 0x0000ffff0000ffff) << 16);
        return (x >> 32) | ((x & 0xffffffff) << 32);
    }

    function le32Bytes(uint256 x) internal pure returns (bytes4) {
        return bytes4(uint32((x & 0xff) << 24 | (x & 0xff00) << 8 | (x & 0xff0000) >> 8 | (x >> 24) & 0xff));
    }
}
