// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {ProductSumcheckVerifier} from "./KitProbe.sol";

/// Entry points for the adversarial review (SolidityKitReviewTest): the kit's functions on inputs
/// the honest tests never give them.
contract ReviewProbe {
    string internal constant PROTOCOL = "zkml4j/evm-test/review/v1";

    function inverse(uint256 a) external view returns (uint256) {
        return Goldilocks.inv(a);
    }

    function extInverse(uint256 a) external view returns (uint256) {
        return Goldilocks.einv(a);
    }

    /// From a bare header: absorbs `elements` as public base-field values, then draws one challenge.
    function publicFieldChallenge(bytes calldata header, uint256[] memory elements) external pure returns (uint256) {
        FiatShamir.Verifier memory v = FiatShamir.start(header, bytes(PROTOCOL));
        FiatShamir.absorbPublicField(v, "public", elements);
        return FiatShamir.challengeExt(v, "c");
    }

    /// As publicFieldChallenge with packed extension elements.
    function publicExtChallenge(bytes calldata header, uint256[] memory elements) external pure returns (uint256) {
        FiatShamir.Verifier memory v = FiatShamir.start(header, bytes(PROTOCOL));
        FiatShamir.absorbPublicExt(v, "public", elements);
        return FiatShamir.challengeExt(v, "c");
    }

    /// From a bare header: `count` indices below `bound`, then one challenge (pins the ratchet).
    function indices(bytes calldata header, uint256 count, uint256 bound) external pure returns (uint256[] memory out) {
        FiatShamir.Verifier memory v = FiatShamir.start(header, bytes(PROTOCOL));
        uint256[] memory q = FiatShamir.challengeIndices(v, "q", count, bound);
        out = new uint256[](q.length + 1);
        for (uint256 i = 0; i < q.length; i++) {
            out[i] = q[i];
        }
        out[q.length] = FiatShamir.challengeExt(v, "after");
    }

    /// A sumcheck of any degree: a claim record, then the rounds; returns the point and the final claim.
    function sumcheck(bytes calldata proof, uint256 numVars, uint256 degree) external view returns (uint256[] memory out) {
        FiatShamir.Verifier memory v = FiatShamir.start(proof, bytes(PROTOCOL));
        uint256 claim = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "claim", 1), 0);
        Sumcheck.Result memory r = Sumcheck.verify(v, proof, claim, numVars, degree, "s");
        FiatShamir.finish(v, proof);
        out = new uint256[](numVars + 1);
        for (uint256 i = 0; i < numVars; i++) {
            out[i] = r.point[i];
        }
        out[numVars] = r.finalClaim;
    }
}

/// ProductSumcheckVerifier without its own range check on the public tables: a verifier that relies
/// on the kit's absorbPublicField to bind what it is given.
contract UncheckedProductSumcheckVerifier {
    using Goldilocks for uint256;

    function check(bytes calldata proof, uint256[] calldata f, uint256[] calldata g) public view {
        require(f.length == g.length && f.length > 1 && (f.length & (f.length - 1)) == 0, "tables: two of one power-of-two length");
        uint256 n = 0;
        while ((1 << n) < f.length) n++;
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/evm-test/product-sumcheck/v1");
        FiatShamir.absorbPublicField(v, "f", f);
        FiatShamir.absorbPublicField(v, "g", g);
        uint256 claim = FiatShamir.extAt(proof, FiatShamir.receiveExt(v, proof, "claim", 1), 0);
        Sumcheck.Result memory r = Sumcheck.verify(v, proof, claim, n, 2, "ps");
        require(r.finalClaim == Sumcheck.evaluateMultilinear(f, r.point).emul(Sumcheck.evaluateMultilinear(g, r.point)),
            "sumcheck 'ps': the final evaluation does not match the last round's claim");
        FiatShamir.finish(v, proof);
    }

    function verify(bytes calldata proof, uint256[] calldata f, uint256[] calldata g) external view returns (bool) {
        try this.check(proof, f, g) {
            return true;
        } catch {
            return false;
        }
    }
}

/// Calls ProductSumcheckVerifier.verify with a gas cap, as a relayer or a caller with a tight budget would.
contract GasCappedCaller is ProductSumcheckVerifier {
    /// (what verify returned, whether verify itself reverted)
    function verifyWithGas(bytes calldata proof, uint256[] calldata f, uint256[] calldata g, uint256 gasCap)
        external view returns (bool accepted, bool reverted)
    {
        try this.verify{gas: gasCap}(proof, f, g) returns (bool ok) {
            return (ok, false);
        } catch {
            return (false, true);
        }
    }
}
