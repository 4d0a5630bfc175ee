// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";
import {SuccinctOpening} from "./SuccinctOpening.sol";

/// From the claims a verifier collected to the succinct opening's statement: each term placed in
/// its commitment's layout (Java io.zkml4j.core.pcs.Commitment: a polynomial of at least a row
/// spans rows of its own; smaller ones share rows, each at the first free offset aligned to its size).
library OpeningClaims {
    struct Layout {
        uint256[] numVars;
        uint256[] rowStart;
        uint256[] columnOffset;
        uint256 rows;
    }

    /// The succinct opening of a proof's one-time commitments (packed layouts, given by their roots
    /// and variables; `prefix` is their encoding up to the root) for the claims (as ClaimWords, which
    /// write a vector that several terms share once), in this library's own deployed code (a
    /// DELEGATECALL: with it a verifier would not fit the contract size limit). Returns the transcript advanced.
    function open(FiatShamir.Verifier memory v, bytes calldata proof, SuccinctOpening.Params memory p, bytes memory prefix,
                  bytes32[] memory roots, uint256[][] memory numVars, uint256[] memory claimWords)
        public view returns (FiatShamir.Verifier memory)
    {
        require(roots.length == numVars.length, "opening: one layout per commitment");
        Layout[] memory layouts = new Layout[](roots.length);
        bytes[] memory commitments = new bytes[](roots.length);
        uint256[] memory rows = new uint256[](roots.length);
        for (uint256 m = 0; m < roots.length; m++) {
            layouts[m] = packed(numVars[m], p.logRowWidth);
            commitments[m] = encodePacked(prefix, roots[m], numVars[m]);
            rows[m] = layouts[m].rows;
        }
        v = OpeningStatement.absorb(v, p, commitments, claimWords);
        (uint256[] memory values, SuccinctOpening.Term[] memory terms) = statement(ClaimWords.unpack(claimWords));
        place(terms, layouts);
        SuccinctOpening.verifyAbsorbed(v, proof, p, commitments, rows, values, terms);
        return v;
    }

    /// The packed layout of polynomials with these variable counts in rows of 2^a values.
    function packed(uint256[] memory numVars, uint256 a) internal pure returns (Layout memory l) {
        uint256 n = numVars.length;
        l.numVars = numVars;
        l.rowStart = new uint256[](n);
        l.columnOffset = new uint256[](n);
        uint256 rows = 0;
        bool sharing = false;
        uint256 sharedRow = 0;
        uint256 sharedFill = 0;
        for (uint256 i = 0; i < n; i++) {
            require(numVars[i] <= 40, "layout: a polynomial of more than 40 variables");
            if (numVars[i] < a) {
                uint256 size = uint256(1) << numVars[i];
                uint256 offset = (sharedFill + size - 1) / size * size;
                if (!sharing || offset + size > uint256(1) << a) {
                    sharing = true;
                    sharedRow = rows++;
                    offset = 0;
                }
                l.rowStart[i] = sharedRow;
                l.columnOffset[i] = offset;
                sharedFill = offset + size;
            } else {
                l.rowStart[i] = rows;
                rows += uint256(1) << (numVars[i] - a);
            }
        }
        require(rows > 0, "layout: no polynomial");
        l.rows = rows;
    }

    /// A packed commitment's encoding (Java Commitment.encode): magic, version and parameters (the
    /// prefix the key fixes), the root, the polynomial count (4 bytes, big-endian), one byte of
    /// variables per polynomial.
    function encodePacked(bytes memory prefix, bytes32 root, uint256[] memory numVars) internal pure returns (bytes memory out) {
        bytes memory layout = new bytes(numVars.length);
        for (uint256 i = 0; i < numVars.length; i++) {
            layout[i] = bytes1(uint8(numVars[i]));
        }
        out = abi.encodePacked(prefix, root, uint32(numVars.length), layout);
    }

    /// The claims as the opening reads them: their values, and every term (its polynomial's place in its commitment's
    /// layout is `place`'s).
    function statement(Claims.List memory claims) internal pure returns (uint256[] memory values, SuccinctOpening.Term[] memory terms) {
        values = new uint256[](claims.length);
        uint256 count = 0;
        for (uint256 j = 0; j < claims.length; j++) {
            count += claims.items[j].terms.length;
        }
        terms = new SuccinctOpening.Term[](count);
        uint256 at = 0;
        for (uint256 j = 0; j < claims.length; j++) {
            Claims.Claim memory c = claims.items[j];
            values[j] = c.value;
            for (uint256 k = 0; k < c.terms.length; k++) {
                Claims.Term memory t = c.terms[k];
                // filled in place: `new` gave each element a zeroed struct of its own already
                SuccinctOpening.Term memory term = terms[at++];
                (term.claim, term.commitment, term.polynomial, term.coefficient) = (j, t.commitment, t.polynomial, t.coefficient);
                (term.kind, term.weights, term.high) = (t.kind, t.weights, t.high);
            }
        }
    }

    /// Every term's polynomial placed in its commitment's layout.
    function place(SuccinctOpening.Term[] memory terms, Layout[] memory layouts) internal pure {
        for (uint256 t = 0; t < terms.length; t++) {
            SuccinctOpening.Term memory term = terms[t];
            require(term.commitment < layouts.length, "opening: a claim names no commitment of the proof");
            Layout memory l = layouts[term.commitment];
            require(term.polynomial < l.numVars.length, "opening: a claim names no polynomial of its commitment");
            (term.numVars, term.rowStart, term.columnOffset) = (l.numVars[term.polynomial], l.rowStart[term.polynomial],
                l.columnOffset[term.polynomial]);
        }
    }
}

/// The succinct opening's bounds and statement absorbed into the transcript (SuccinctOpening.absorbStatement), in a
/// linked library of its own: OpeningClaims holding it exceeds the contract size limit.
library OpeningStatement {
    function absorb(FiatShamir.Verifier memory v, SuccinctOpening.Params memory p, bytes[] memory commitments, uint256[] memory claimWords)
        public pure returns (FiatShamir.Verifier memory)
    {
        (uint256[] memory values, SuccinctOpening.Term[] memory terms) = OpeningClaims.statement(ClaimWords.unpack(claimWords));
        SuccinctOpening.absorbStatement(v, p, commitments, values, terms);
        return v;
    }
}
