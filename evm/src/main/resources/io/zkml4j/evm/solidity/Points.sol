// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";

/// Points of the extension field and their eq weights, as every verifier part handles them.
library Points {
    using Goldilocks for uint256;

    /// `count` challenges drawn one by one under one label (Java ChallengeSource.challengeExts).
    function draw(FiatShamir.Verifier memory v, bytes memory label, uint256 count) internal pure returns (uint256[] memory out) {
        out = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            out[i] = FiatShamir.challengeExt(v, label);
        }
    }

    /// eq(x, y) = Π (x_i·y_i + (1 − x_i)(1 − y_i)).
    function eq(uint256[] memory x, uint256[] memory y) internal pure returns (uint256 acc) {
        require(x.length == y.length, "eq of points of different lengths");
        acc = 1;
        for (uint256 j = 0; j < x.length; j++) {
            uint256 xy = x[j].emul(y[j]);
            acc = acc.emul(uint256(1).esub(x[j]).esub(y[j]).eadd(xy).eadd(xy));
        }
    }

    /// b -> eq(point, b) over {0,1}^n, bit j of b for coordinate j.
    function eqTable(uint256[] memory point) internal pure returns (uint256[] memory t) {
        t = new uint256[](1 << point.length);
        t[0] = 1;
        for (uint256 j = 0; j < point.length; j++) {
            uint256 size = 1 << j;
            uint256 r = point[j];
            for (uint256 i = 0; i < size; i++) {
                uint256 hi = t[i].emul(r);
                t[i + size] = hi;
                t[i] = t[i].esub(hi);
            }
        }
    }

    /// The `count` low bits of value as a point (0 or 1 per coordinate, the lowest first).
    function bits(uint256 value, uint256 count) internal pure returns (uint256[] memory b) {
        b = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            b[i] = (value >> i) & 1;
        }
    }

    /// A point whose coordinates are `low`'s, then `high`'s.
    function concat(uint256[] memory low, uint256[] memory high) internal pure returns (uint256[] memory out) {
        out = new uint256[](low.length + high.length);
        for (uint256 i = 0; i < low.length; i++) {
            out[i] = low[i];
        }
        for (uint256 i = 0; i < high.length; i++) {
            out[low.length + i] = high[i];
        }
    }

    /// Coordinates [from, to) of a point.
    function slice(uint256[] memory a, uint256 from, uint256 to) internal pure returns (uint256[] memory out) {
        out = new uint256[](to - from);
        for (uint256 i = from; i < to; i++) {
            out[i - from] = a[i];
        }
    }
}
