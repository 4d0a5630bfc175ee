// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// The commitment claims a verifier collects on its way (Java io.zkml4j.core.pcs.LinearClaim): each
/// says Σ_t coefficient_t·⟨weights_t, polynomial_t of commitment_t⟩ = value. Commitments keep the
/// Java verifier's symbolic numbers (VectorRef.WITNESS, ...), so one list can be compared with the
/// Java verifier's (`digest`) before the opening maps them to the proof's commitments.
///
/// Weights are eq weights at a point (`weights` holds the point), an explicit vector (`weights`
/// holds its extension entries), explicit weights over the low variables times eq over the rest
/// (`weights` the low entries, `high` the eq point), or powers weights w(j) = Σ_s c_s·x_s^j
/// (`weights` the coefficients c_s, `high` the base points x_s). Every value is an extension
/// element packed as c0 | c1 << 64.
library Claims {
    uint8 internal constant EQ = 0;
    uint8 internal constant EXPLICIT = 1;
    uint8 internal constant PRODUCT = 2;
    uint8 internal constant POWERS = 3;

    struct Term {
        uint256 commitment;
        uint256 polynomial;
        uint8 kind;
        uint256[] weights;
        uint256[] high;
        uint256 coefficient;
    }

    struct Claim {
        Term[] terms;
        uint256 value;
    }

    /// A growing list: `items` has room for more than `length` claims.
    struct List {
        Claim[] items;
        uint256 length;
    }

    function create(uint256 capacity) internal pure returns (List memory l) {
        l.items = new Claim[](capacity == 0 ? 1 : capacity);
    }

    function push(List memory l, Claim memory c) internal pure {
        if (l.length == l.items.length) {
            Claim[] memory grown = new Claim[](2 * l.items.length);
            for (uint256 i = 0; i < l.length; i++) {
                grown[i] = l.items[i];
            }
            l.items = grown;
        }
        l.items[l.length++] = c;
    }

    function append(List memory l, List memory more) internal pure {
        for (uint256 i = 0; i < more.length; i++) {
            push(l, more.items[i]);
        }
    }

    /// The list's claims, exactly `length` of them (to return across a call).
    function toArray(List memory l) internal pure returns (Claim[] memory out) {
        out = new Claim[](l.length);
        for (uint256 i = 0; i < l.length; i++) {
            out[i] = l.items[i];
        }
    }

    function appendAll(List memory l, Claim[] memory more) internal pure {
        for (uint256 i = 0; i < more.length; i++) {
            push(l, more[i]);
        }
    }

    /// A claim of one term.
    function single(Term memory t, uint256 value) internal pure returns (Claim memory c) {
        c.terms = new Term[](1);
        c.terms[0] = t;
        c.value = value;
    }

    function eq(uint256 commitment, uint256 polynomial, uint256[] memory point, uint256 coefficient)
        internal pure returns (Term memory t)
    {
        set(t, commitment, polynomial, EQ, point, coefficient);
    }

    function explicitWeights(uint256 commitment, uint256 polynomial, uint256[] memory weights, uint256 coefficient)
        internal pure returns (Term memory t)
    {
        set(t, commitment, polynomial, EXPLICIT, weights, coefficient);
    }

    /// Product weights: `low` over the polynomial's low variables (a power-of-two count), times eq(high, ·) over the rest.
    function product(uint256 commitment, uint256 polynomial, uint256[] memory low, uint256[] memory high, uint256 coefficient)
        internal pure returns (Term memory t)
    {
        set(t, commitment, polynomial, PRODUCT, low, coefficient);
        t.high = high;
    }

    /// Fills a term in place: an element of a `new Term[](n)` is a zeroed struct of its own already, so
    /// filling it, rather than storing a new one, keeps long term lists at half the memory.
    function set(Term memory t, uint256 commitment, uint256 polynomial, uint8 kind, uint256[] memory weights, uint256 coefficient)
        internal pure
    {
        (t.commitment, t.polynomial, t.kind, t.weights, t.coefficient) = (commitment, polynomial, kind, weights, coefficient);
    }

    /// The list's fingerprint, as io.zkml4j.evm.verifier.ClaimDigest computes it in Java: a chain
    /// h = keccak256(abi.encode(h, ...)) over each claim's value and term count, then each term's
    /// commitment, polynomial, kind, coefficient and the hashes of its packed weights and high point.
    function digest(List memory l) internal pure returns (bytes32 h) {
        h = keccak256(abi.encode(l.length));
        for (uint256 i = 0; i < l.length; i++) {
            Claim memory c = l.items[i];
            h = keccak256(abi.encode(h, c.value, c.terms.length));
            for (uint256 k = 0; k < c.terms.length; k++) {
                Term memory t = c.terms[k];
                h = keccak256(abi.encode(h, t.commitment, t.polynomial, uint256(t.kind), t.coefficient,
                    keccak256(abi.encodePacked(t.weights)), keccak256(abi.encodePacked(t.high))));
            }
        }
    }
}
