// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// Goldilocks arithmetic (p = 2^64 - 2^32 + 1), its quadratic extension F_p[X]/(X^2 - 7) and the
/// quartic extension over that, E[Y]/(Y^2 - X), as zkml4j's Java verifier computes them (Ext2, Ext4).
/// Every value handled here is canonical (< p): values read from a proof are checked on reading, and
/// every operation reduces its result. A quadratic element a0 + a1·X is packed in one word as
/// a0 | a1 << 64, a quartic one a + b·Y as a | b << 128.
library Goldilocks {
    uint256 internal constant P = 0xffffffff00000001;
    uint256 internal constant W = 7;
    uint256 internal constant MASK = 0xffffffffffffffff;
    uint256 internal constant MASK128 = 0xffffffffffffffffffffffffffffffff;

    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a, b, P);
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a, P - b, P);
    }

    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        return mulmod(a, b, P);
    }

    /// a^(p-2) through the modexp precompile. Reverts for a ≡ 0, as Java's inverse throws (review fix:
    /// it returned 0, so a check dividing by a value the prover can make zero could pass).
    function inv(uint256 a) internal view returns (uint256 r) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20)
            mstore(add(m, 0x20), 0x20)
            mstore(add(m, 0x40), 0x20)
            mstore(add(m, 0x60), a)
            mstore(add(m, 0x80), 0xfffffffeffffffff)
            mstore(add(m, 0xa0), 0xffffffff00000001)
            if iszero(staticcall(gas(), 0x05, m, 0xc0, m, 0x20)) { revert(0, 0) }
            r := mload(m)
        }
        require(r != 0, "inverse of zero"); // a^(p-2) = 0 exactly when a ≡ 0 mod p
    }

    /// base^exponent by squaring and multiplying.
    function pow(uint256 base, uint256 exponent) internal pure returns (uint256 r) {
        r = 1;
        while (exponent != 0) {
            if (exponent & 1 != 0) {
                r = mulmod(r, base, P);
            }
            base = mulmod(base, base, P);
            exponent >>= 1;
        }
    }

    /// A primitive 2^logOrder-th root of unity, the one Java's Goldilocks.rootOfUnity gives: 7^((p − 1) / 2^logOrder).
    function rootOfUnity(uint256 logOrder) internal pure returns (uint256) {
        require(logOrder <= 32, "no root of unity of that order");
        return pow(7, (P - 1) >> logOrder);
    }

    // ---- the extension ----

    function ext(uint256 c0, uint256 c1) internal pure returns (uint256) {
        return c0 | (c1 << 64);
    }

    function c0(uint256 a) internal pure returns (uint256) {
        return a & MASK;
    }

    function c1(uint256 a) internal pure returns (uint256) {
        return a >> 64;
    }

    function eadd(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a & MASK, b & MASK, P) | (addmod(a >> 64, b >> 64, P) << 64);
    }

    function esub(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a & MASK, P - (b & MASK), P) | (addmod(a >> 64, P - (b >> 64), P) << 64);
    }

    /// (a0 + a1 X)(b0 + b1 X) = a0 b0 + 7 a1 b1 + (a0 b1 + a1 b0) X; each sum stays below 2^132.
    function emul(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            uint256 a0 = a & MASK;
            uint256 a1 = a >> 64;
            uint256 b0 = b & MASK;
            uint256 b1 = b >> 64;
            return ((a0 * b0 + W * a1 * b1) % P) | (((a0 * b1 + a1 * b0) % P) << 64);
        }
    }

    /// An extension element times a base element.
    function emulBase(uint256 a, uint256 b) internal pure returns (uint256) {
        return mulmod(a & MASK, b, P) | (mulmod(a >> 64, b, P) << 64);
    }

    /// 1 / a = conj(a) / norm(a), norm(a) = a0^2 - 7 a1^2 (non-zero for a != 0: 7 is not a square mod p);
    /// reverts for a = 0, through inv.
    function einv(uint256 a) internal view returns (uint256) {
        uint256 a0 = a & MASK;
        uint256 a1 = a >> 64;
        uint256 n = addmod(mulmod(a0, a0, P), P - mulmod(W, mulmod(a1, a1, P), P), P);
        uint256 ni = inv(n);
        return mulmod(a0, ni, P) | (mulmod(P - a1, ni, P) << 64);
    }

    // ---- the quartic extension (not used by a verifier yet: the field of the list-decoding openings to come) ----

    /// (a0 + a1·φ) + (b0 + b1·φ)·Y packed as a0 | a1 << 64 | b0 << 128 | b1 << 192: an element of the
    /// quadratic extension is the same word (b = 0).
    function e4(uint256 a, uint256 b) internal pure returns (uint256) {
        return a | (b << 128);
    }

    function e4add(uint256 x, uint256 y) internal pure returns (uint256) {
        return eadd(x & MASK128, y & MASK128) | (eadd(x >> 128, y >> 128) << 128);
    }

    function e4sub(uint256 x, uint256 y) internal pure returns (uint256) {
        return esub(x & MASK128, y & MASK128) | (esub(x >> 128, y >> 128) << 128);
    }

    /// (a + bY)(c + dY) = (ac + φ·bd) + (ad + bc)·Y with φ^2 = 7, coefficient by coefficient; each
    /// sum of four products (the φ^2 terms times 7) stays below 2^133.
    function e4mul(uint256 x, uint256 y) internal pure returns (uint256) {
        unchecked {
            uint256 a0 = x & MASK;
            uint256 a1 = (x >> 64) & MASK;
            uint256 b0 = (x >> 128) & MASK;
            uint256 b1 = x >> 192;
            uint256 c0_ = y & MASK;
            uint256 c1_ = (y >> 64) & MASK;
            uint256 d0 = (y >> 128) & MASK;
            uint256 d1 = y >> 192;
            uint256 r0 = (a0 * c0_ + W * (a1 * c1_ + b0 * d1 + b1 * d0)) % P;
            uint256 r1 = (a0 * c1_ + a1 * c0_ + b0 * d0 + W * (b1 * d1)) % P;
            uint256 r2 = (a0 * d0 + b0 * c0_ + W * (a1 * d1 + b1 * c1_)) % P;
            uint256 r3 = (a0 * d1 + a1 * d0 + b0 * c1_ + b1 * c0_) % P;
            return r0 | (r1 << 64) | (r2 << 128) | (r3 << 192);
        }
    }

    /// 1 / (a + bY) = (a − bY) / (a^2 − φ·b^2), the norm to the quadratic extension (non-zero for
    /// x != 0: φ is not a square there); reverts for x = 0, through einv.
    function e4inv(uint256 x) internal view returns (uint256) {
        uint256 a = x & MASK128;
        uint256 b = x >> 128;
        uint256 bb = emul(b, b);
        uint256 phiBb = mulmod(W, bb >> 64, P) | ((bb & MASK) << 64);
        uint256 ni = einv(esub(emul(a, a), phiBb));
        return emul(a, ni) | (esub(0, emul(b, ni)) << 128);
    }
}
