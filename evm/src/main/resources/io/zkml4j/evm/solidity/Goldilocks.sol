// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// Goldilocks arithmetic (p = 2^64 - 2^32 + 1), its quadratic extension F_p[X]/(X^2 - 7) and its
/// cubic extension F_p[X]/(X^3 - 7), as zkml4j's Java verifier computes them (Ext2, Ext3). Every
/// value handled here is canonical (< p): values read from a proof are checked on reading, and every
/// operation reduces its result. A quadratic element a0 + a1·X is packed in one word as a0 | a1 << 64,
/// a cubic one a0 + a1·X + a2·X^2 as a0 | a1 << 64 | a2 << 128.
library Goldilocks {
    uint256 internal constant P = 0xffffffff00000001;
    uint256 internal constant W = 7;
    uint256 internal constant MASK = 0xffffffffffffffff;

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

    // ---- the cubic extension (not used by a verifier yet: the field of the list-decoding openings to come) ----

    /// X^p = GAMMA·X: GAMMA = 7^((p − 1)/3) = −2^32, a primitive cube root of unity; GAMMA^2 = 2^32 − 1.
    uint256 internal constant GAMMA = 0xfffffffe00000001;
    uint256 internal constant GAMMA_SQUARED = 0xffffffff;

    function e3(uint256 a0, uint256 a1, uint256 a2) internal pure returns (uint256) {
        return a0 | (a1 << 64) | (a2 << 128);
    }

    function e3add(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a & MASK, b & MASK, P) | (addmod((a >> 64) & MASK, (b >> 64) & MASK, P) << 64)
            | (addmod(a >> 128, b >> 128, P) << 128);
    }

    function e3sub(uint256 a, uint256 b) internal pure returns (uint256) {
        return addmod(a & MASK, P - (b & MASK), P) | (addmod((a >> 64) & MASK, P - ((b >> 64) & MASK), P) << 64)
            | (addmod(a >> 128, P - (b >> 128), P) << 128);
    }

    /// The schoolbook product with X^3 = 7 and X^4 = 7X folded back; each sum stays below 2^133.
    function e3mul(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            uint256 a0 = a & MASK;
            uint256 a1 = (a >> 64) & MASK;
            uint256 a2 = a >> 128;
            uint256 b0 = b & MASK;
            uint256 b1 = (b >> 64) & MASK;
            uint256 b2 = b >> 128;
            uint256 d0 = (a0 * b0 + W * (a1 * b2 + a2 * b1)) % P;
            uint256 d1 = (a0 * b1 + a1 * b0 + W * (a2 * b2)) % P;
            uint256 d2 = (a0 * b2 + a1 * b1 + a2 * b0) % P;
            return d0 | (d1 << 64) | (d2 << 128);
        }
    }

    /// a^p: the coefficient of X^i times GAMMA^i.
    function e3frobenius(uint256 a) internal pure returns (uint256) {
        return (a & MASK) | (mulmod((a >> 64) & MASK, GAMMA, P) << 64) | (mulmod(a >> 128, GAMMA_SQUARED, P) << 128);
    }

    /// 1 / a = a^p·a^(p^2) / N(a), the norm N(a) = a·a^p·a^(p^2) in the base field; reverts for a = 0, through inv.
    function e3inv(uint256 a) internal view returns (uint256) {
        uint256 f = e3frobenius(a);
        uint256 conjugates = e3mul(f, e3frobenius(f));
        uint256 norm = e3mul(a, conjugates) & MASK;
        uint256 ni = inv(norm);
        return mulmod(conjugates & MASK, ni, P) | (mulmod((conjugates >> 64) & MASK, ni, P) << 64) | (mulmod(conjugates >> 128, ni, P) << 128);
    }
}
