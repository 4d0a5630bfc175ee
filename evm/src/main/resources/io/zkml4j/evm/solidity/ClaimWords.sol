// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Claims} from "./Claims.sol";

/// A list of claims as one flat word array, for the linked (public) library calls of a verifier: the ABI
/// code that a call passing Claims.List itself would need (nested arrays of structs, both ways) is
/// several kilobytes per call site, while a uint256[] costs almost none. Layout: the claim count, then
/// per claim its value and term count, then per term its commitment, polynomial, kind, coefficient,
/// the weights' count and words, and the high point's count and words.
library ClaimWords {
    function pack(Claims.List memory l) internal pure returns (uint256[] memory w) {
        uint256 size = 1;
        for (uint256 i = 0; i < l.length; i++) {
            Claims.Term[] memory terms = l.items[i].terms;
            size += 2;
            for (uint256 k = 0; k < terms.length; k++) {
                size += 6 + terms[k].weights.length + terms[k].high.length;
            }
        }
        w = new uint256[](size);
        w[0] = l.length;
        uint256 at = 1;
        for (uint256 i = 0; i < l.length; i++) {
            Claims.Claim memory c = l.items[i];
            w[at++] = c.value;
            w[at++] = c.terms.length;
            for (uint256 k = 0; k < c.terms.length; k++) {
                Claims.Term memory t = c.terms[k];
                w[at++] = t.commitment;
                w[at++] = t.polynomial;
                w[at++] = t.kind;
                w[at++] = t.coefficient;
                at = put(w, at, t.weights);
                at = put(w, at, t.high);
            }
        }
    }

    function unpack(uint256[] memory w) internal pure returns (Claims.List memory l) {
        uint256 count = w[0];
        l.items = new Claims.Claim[](count == 0 ? 1 : count);
        l.length = count;
        uint256 at = 1;
        for (uint256 i = 0; i < count; i++) {
            Claims.Claim memory c;
            c.value = w[at++];
            c.terms = new Claims.Term[](w[at++]);
            for (uint256 k = 0; k < c.terms.length; k++) {
                Claims.Term memory t;
                t.commitment = w[at++];
                t.polynomial = w[at++];
                t.kind = uint8(w[at++]);
                t.coefficient = w[at++];
                (t.weights, at) = take(w, at);
                (t.high, at) = take(w, at);
                c.terms[k] = t;
            }
            l.items[i] = c;
        }
        require(at == w.length, "claim words: trailing words");
    }

    function put(uint256[] memory w, uint256 at, uint256[] memory a) private pure returns (uint256) {
        w[at++] = a.length;
        for (uint256 i = 0; i < a.length; i++) {
            w[at++] = a[i];
        }
        return at;
    }

    function take(uint256[] memory w, uint256 at) private pure returns (uint256[] memory a, uint256) {
        a = new uint256[](w[at++]);
        for (uint256 i = 0; i < a.length; i++) {
            a[i] = w[at++];
        }
        return (a, at);
    }
}
