// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Claims} from "./Claims.sol";

/// A list of claims as one flat word array, for the linked (public) library calls of a verifier: the ABI
/// code that a call passing Claims.List itself would need (nested arrays of structs, both ways) is
/// several kilobytes per call site, while a uint256[] costs almost none. Layout: the claim count, then
/// per claim its value and term count, then per term its commitment, polynomial, kind, coefficient,
/// the weights and the high point, each a vector.
///
/// A vector is its count and words, or, when the very same array (one memory pointer) of at least
/// SHARED_MIN words was written before, REFERENCE | k, k numbering those long vectors in order of
/// first writing; unpack hands every reference the one array it read. The arrays unpack returns lie inside the words
/// (which must then stay as they are): no vector is copied. The sealed opening's consistency
/// claim weights dozens of polynomials with one 2^12-word vector: written out each time, the copies
/// were most of a verifier's memory, whose gas grows with its square.
library ClaimWords {
    uint256 private constant REFERENCE = 1 << 255;
    /// Above any point's length (a polynomial has at most 40 variables), so that only weight vectors are
    /// looked up: a search per vector over the long ones written so far.
    uint256 private constant SHARED_MIN = 64;

    function pack(Claims.List memory l) internal pure returns (uint256[] memory w) {
        // First the size, deciding for every vector whether it repeats a long one (its number, or NEW).
        uint256 vectors = 0;
        for (uint256 i = 0; i < l.length; i++) {
            vectors += 2 * l.items[i].terms.length;
        }
        uint256[] memory plan = new uint256[](vectors);
        uint256[] memory longOnes = new uint256[](vectors); // memory pointers, in order of first writing
        uint256 longCount = 0;
        uint256 size = 1;
        uint256 at = 0;
        for (uint256 i = 0; i < l.length; i++) {
            Claims.Term[] memory terms = l.items[i].terms;
            size += 2;
            for (uint256 k = 0; k < terms.length; k++) {
                size += 4;
                (size, longCount) = sizeOf(terms[k].weights, plan, at++, longOnes, longCount, size);
                (size, longCount) = sizeOf(terms[k].high, plan, at++, longOnes, longCount, size);
            }
        }
        w = new uint256[](size);
        w[0] = l.length;
        uint256 pos = 1;
        at = 0;
        for (uint256 i = 0; i < l.length; i++) {
            Claims.Claim memory c = l.items[i];
            w[pos++] = c.value;
            w[pos++] = c.terms.length;
            for (uint256 k = 0; k < c.terms.length; k++) {
                Claims.Term memory t = c.terms[k];
                w[pos++] = t.commitment;
                w[pos++] = t.polynomial;
                w[pos++] = t.kind;
                w[pos++] = t.coefficient;
                pos = put(w, pos, t.weights, plan[at++]);
                pos = put(w, pos, t.high, plan[at++]);
            }
        }
    }

    function unpack(uint256[] memory w) internal pure returns (Claims.List memory l) {
        uint256 count = w[0];
        // Counts are bounded by the words that must follow them (a claim takes at least 2, a term at
        // least 6), so malformed words revert here rather than allocate for a count they cannot hold.
        require(count <= (w.length - 1) / 2, "claim words: more claims than words");
        l.items = new Claims.Claim[](count == 0 ? 1 : count);
        l.length = count;
        uint256[][] memory longOnes = new uint256[][](w.length / (SHARED_MIN + 1) + 1);
        uint256 longCount = 0;
        uint256 at = 1;
        // `new` gives every element of an array of structs a zeroed struct of its own: those are filled
        // in place (a second struct per claim and per term would double the list's memory).
        for (uint256 i = 0; i < count; i++) {
            Claims.Claim memory c = l.items[i];
            c.value = w[at++];
            uint256 termCount = w[at++];
            require(termCount <= (w.length - at) / 6, "claim words: more terms than words");
            c.terms = new Claims.Term[](termCount);
            for (uint256 k = 0; k < c.terms.length; k++) {
                Claims.Term memory t = c.terms[k];
                t.commitment = w[at++];
                t.polynomial = w[at++];
                require(w[at] <= type(uint8).max, "claim words: a kind past a byte");
                t.kind = uint8(w[at++]);
                t.coefficient = w[at++];
                (t.weights, at, longCount) = take(w, at, longOnes, longCount);
                (t.high, at, longCount) = take(w, at, longOnes, longCount);
            }
        }
        require(at == w.length, "claim words: trailing words");
    }

    uint256 private constant NEW = type(uint256).max;

    /// Adds a vector's words to `size` and notes in plan[index] the long vector it repeats, or NEW.
    function sizeOf(uint256[] memory a, uint256[] memory plan, uint256 index, uint256[] memory longOnes, uint256 longCount,
                    uint256 size) private pure returns (uint256, uint256) {
        plan[index] = NEW;
        if (a.length < SHARED_MIN) {
            return (size + 1 + a.length, longCount);
        }
        uint256 pointer;
        assembly ("memory-safe") {
            pointer := a
        }
        for (uint256 j = 0; j < longCount; j++) {
            if (longOnes[j] == pointer) {
                plan[index] = j;
                return (size + 1, longCount);
            }
        }
        longOnes[longCount] = pointer;
        return (size + 1 + a.length, longCount + 1);
    }

    function put(uint256[] memory w, uint256 at, uint256[] memory a, uint256 repeats) private pure returns (uint256) {
        if (repeats != NEW) {
            w[at++] = REFERENCE | repeats;
            return at;
        }
        w[at++] = a.length;
        for (uint256 i = 0; i < a.length; i++) {
            w[at++] = a[i];
        }
        return at;
    }

    function take(uint256[] memory w, uint256 at, uint256[][] memory longOnes, uint256 longCount)
        private pure returns (uint256[] memory a, uint256, uint256)
    {
        uint256 head = w[at++];
        if (head & REFERENCE != 0) {
            uint256 k = head ^ REFERENCE;
            require(k < longCount, "claim words: a reference to no earlier vector");
            return (longOnes[k], at, longCount);
        }
        require(head <= w.length - at, "claim words: a vector past the end");
        // The vector's count and words, where they lie, are an array already (a length word, then the elements): it is
        // read in place, not copied (the copies were a verifier's largest memory; the claims' vectors are never written).
        assembly ("memory-safe") {
            a := add(w, shl(5, at))
        }
        at += head;
        if (head >= SHARED_MIN) {
            longOnes[longCount++] = a;
        }
        return (a, at, longCount);
    }
}
