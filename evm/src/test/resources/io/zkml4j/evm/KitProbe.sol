// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Sumcheck} from "./Sumcheck.sol";
import {Merkle} from "./Merkle.sol";

/// Exposes the kit's functions for differential tests against the Java implementation.
contract KitProbe {
    using Goldilocks for uint256;

    /// Per pair of packed extension elements: a+b, a-b, a·b, 1/a (a != 0), 1/a0 (base, a0 != 0).
    function fieldOps(uint256[] calldata a, uint256[] calldata b) external view returns (uint256[] memory out) {
        out = new uint256[](5 * a.length);
        for (uint256 i = 0; i < a.length; i++) {
            out[5 * i] = a[i].eadd(b[i]);
            out[5 * i + 1] = a[i].esub(b[i]);
            out[5 * i + 2] = a[i].emul(b[i]);
            out[5 * i + 3] = a[i].einv();
            out[5 * i + 4] = Goldilocks.inv(a[i].c0());
        }
    }

    /// Per pair of packed quartic elements: a+b, a-b, a·b, 1/a.
    function quarticOps(uint256[] calldata a, uint256[] calldata b) external view returns (uint256[] memory out) {
        out = new uint256[](4 * a.length);
        for (uint256 i = 0; i < a.length; i++) {
            out[4 * i] = Goldilocks.e4add(a[i], b[i]);
            out[4 * i + 1] = Goldilocks.e4sub(a[i], b[i]);
            out[4 * i + 2] = Goldilocks.e4mul(a[i], b[i]);
            out[4 * i + 3] = Goldilocks.e4inv(a[i]);
        }
    }

    /// The polynomial through (i, values[i]) at x.
    function lagrange(uint256[] calldata values, uint256 x) external view returns (uint256) {
        return Sumcheck.evaluate(values, Sumcheck.lagrangeWeights(values.length - 1), x);
    }

    function multilinear(uint256[] calldata table, uint256[] calldata point) external pure returns (uint256) {
        return Sumcheck.evaluateMultilinear(table, point);
    }

    /// A fixed script over every transcript operation; returns the challenges it drew.
    function transcript(bytes calldata proof) external pure returns (uint256[] memory out) {
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/evm-test/transcript/v1");
        FiatShamir.absorbPublicBytes(v, "public bytes", hex"00ff10203040506070");
        uint256[] memory fs = new uint256[](3);
        fs[0] = 0;
        fs[1] = Goldilocks.P - 1;
        fs[2] = 0x0123456789abcdef;
        FiatShamir.absorbPublicField(v, "public field", fs);
        uint256 b = FiatShamir.receiveBase(v, proof, "base", 3);
        uint256 c1 = FiatShamir.challengeExt(v, "c1");
        uint256 e = FiatShamir.receiveExt(v, proof, "ext", 2);
        uint256[] memory q = FiatShamir.challengeIndices(v, "queries", 7, 1000);
        bytes32 d = FiatShamir.receiveDigest(v, proof, "digest");
        uint256 c2 = FiatShamir.challengeExt(v, "c2");
        FiatShamir.finish(v, proof);
        out = new uint256[](6 + q.length + 2);
        out[0] = c1;
        out[1] = c2;
        out[2] = FiatShamir.baseAt(proof, b, 2);
        out[3] = FiatShamir.extAt(proof, e, 1);
        out[4] = uint256(d);
        out[5] = q.length;
        for (uint256 i = 0; i < q.length; i++) {
            out[6 + i] = q[i];
        }
        out[6 + q.length] = uint256(v.state);
        out[7 + q.length] = v.position;
    }
}

/// Verifies a sumcheck proof that Σ_x f(x)·g(x) = claim for public tables f and g (the Java
/// ProductSumcheck test protocol), finishing with its own evaluation of f and g at the point.
contract ProductSumcheckVerifier {
    using Goldilocks for uint256;

    function check(bytes calldata proof, uint256[] calldata f, uint256[] calldata g) public view {
        require(f.length == g.length && f.length > 1 && (f.length & (f.length - 1)) == 0, "tables: two of one power-of-two length");
        uint256 n = 0;
        while ((1 << n) < f.length) n++;
        for (uint256 i = 0; i < f.length; i++) {
            require(f[i] < Goldilocks.P && g[i] < Goldilocks.P, "tables: non-canonical value");
        }
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
        } catch (bytes memory reason) {
            // Every refusal of a proof reverts with a reason; a revert without one is check running
            // out of gas, which says nothing about the proof. Review fix: it used to answer false, so
            // whoever set the gas could make an honest proof read as invalid.
            require(reason.length != 0, "verify: out of gas");
            return false;
        }
    }
}

/// Verifies a batched sumcheck proof that Σ_x f_i(x)·g_i(x) = claim_i for three pairs of public
/// tables of 2^logSizes[i] entries, laid end to end in `tables` (f_0, g_0, f_1, g_1, ...).
contract BatchedProductVerifier {
    using Goldilocks for uint256;

    function check(bytes calldata proof, uint256[] calldata tables, uint256[] calldata logSizes) public view {
        uint256 k = logSizes.length;
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/evm-test/batched-sumcheck/v1");
        uint256[][] memory f = new uint256[][](k);
        uint256[][] memory g = new uint256[][](k);
        uint256 at = 0;
        uint256 n = 0;
        for (uint256 i = 0; i < k; i++) {
            uint256 size = 1 << logSizes[i];
            f[i] = tables[at:at + size];
            g[i] = tables[at + size:at + 2 * size];
            at += 2 * size;
            FiatShamir.absorbPublicField(v, abi.encodePacked("f", bytes1(uint8(48 + i))), f[i]);
            FiatShamir.absorbPublicField(v, abi.encodePacked("g", bytes1(uint8(48 + i))), g[i]);
            if (logSizes[i] > n) n = logSizes[i];
        }
        require(at == tables.length, "tables: lengths do not match the sizes");
        uint256 offset = FiatShamir.receiveExt(v, proof, "claims", k);
        uint256[] memory claims = new uint256[](k);
        for (uint256 i = 0; i < k; i++) {
            claims[i] = FiatShamir.extAt(proof, offset, i);
        }
        uint256[] memory degrees = new uint256[](n);
        for (uint256 j = 0; j < n; j++) {
            degrees[j] = 2;
        }
        Sumcheck.Result memory r = Sumcheck.verifyBatched(v, proof, claims, logSizes, degrees, "bs");
        uint256[] memory values = new uint256[](k);
        for (uint256 i = 0; i < k; i++) {
            uint256[] memory p = Sumcheck.prefix(r.point, logSizes[i]);
            values[i] = Sumcheck.evaluateMultilinear(f[i], p).emul(Sumcheck.evaluateMultilinear(g[i], p));
        }
        Sumcheck.check(r, values, "bs");
        FiatShamir.finish(v, proof);
    }

    function verify(bytes calldata proof, uint256[] calldata tables, uint256[] calldata logSizes) external view returns (bool) {
        try this.check(proof, tables, logSizes) {
            return true;
        } catch (bytes memory reason) {
            require(reason.length != 0, "verify: out of gas"); // as ProductSumcheckVerifier.verify
            return false;
        }
    }
}

/// Recomputes Merkle roots from multi-path openings.
contract MerkleProbe {
    function root(uint256 logLeaves, uint256[] calldata indices, bytes32[] calldata leaves, bytes32[] calldata siblings)
        external pure returns (bytes32)
    {
        return Merkle.rootFromMultiProof(logLeaves, indices, leaves, siblings);
    }

    function leaf(bytes calldata salt, bytes calldata data) external pure returns (bytes32) {
        return Merkle.hashLeaf(salt, data);
    }
}
