// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {FiatShamir} from "./FiatShamir.sol";
import {Claims} from "./Claims.sol";
import {SealedOpening} from "./SealedOpening.sol";
import {SealedEvaluationReduction} from "./SealedEvaluationReduction.sol";
import {SpongeHashProof} from "./SpongeHashProof.sol";
import {Poseidon2} from "./Poseidon2.sol";

/// What the probes share: the sealed commitment's key and the claims from flat calldata, and the one call site
/// of the opening (then the end of the transcript). Each probe is a contract of its own: the ABI code of the
/// linked calls (claims in, claims out) is large, and one contract with both would pass the 24 KB limit.
abstract contract SealedProbeInputs {
    /// The one call site of the opening (the contract holds its code once) and the end of the transcript.
    function open(FiatShamir.Verifier memory v, bytes calldata proof, SealedOpening.Sealed memory key, uint256[] calldata header,
                  Claims.List memory claims) internal view returns (Claims.List memory out, SealedOpening.Result memory res)
    {
        out = Claims.create(claims.length + 16);
        res = SealedOpening.verify(v, proof, key, header[6], claims, header[5], header[7], header[8], out);
        FiatShamir.finish(v, proof);
    }

    function layoutOf(bytes32 root, uint256[] calldata header, uint256[] calldata layout)
        internal pure returns (SealedOpening.Sealed memory key)
    {
        key.root = root;
        key.logRowWidth = header[0];
        key.logCodeLength = header[1];
        key.queries = header[2];
        key.rows = header[3];
        key.trimmed = header[4] == 1;
        uint256 polys = layout.length / 3;
        key.numVars = new uint256[](polys);
        key.rowStart = new uint256[](polys);
        key.storedRows = new uint256[](polys);
        for (uint256 p = 0; p < polys; p++) {
            key.numVars[p] = layout[3 * p];
            key.rowStart[p] = layout[3 * p + 1];
            key.storedRows[p] = layout[3 * p + 2];
        }
    }

    function readClaims(uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        internal pure returns (Claims.List memory claims)
    {
        claims = Claims.create(values.length);
        uint256[] memory counts = new uint256[](values.length);
        for (uint256 t = 0; t < termData.length; t += 7) {
            counts[termData[t]]++;
        }
        for (uint256 j = 0; j < values.length; j++) {
            Claims.Claim memory c;
            c.value = values[j];
            c.terms = new Claims.Term[](counts[j]);
            Claims.push(claims, c);
            counts[j] = 0;
        }
        for (uint256 t = 0; t < termData.length; t += 7) {
            uint256[] memory w = new uint256[](termData[t + 6]);
            for (uint256 i = 0; i < w.length; i++) {
                w[i] = pool[termData[t + 5] + i];
            }
            Claims.Term memory term;
            term.commitment = termData[t + 1];
            term.polynomial = termData[t + 2];
            term.kind = uint8(termData[t + 3]);
            term.coefficient = termData[t + 4];
            term.weights = w;
            uint256 j = termData[t];
            claims.items[j].terms[counts[j]++] = term;
        }
    }
}

/// Verifies a sealed opening made by the Java SoliditySealedOpeningTest protocol (nothing but the
/// opening in the transcript) and returns the digest of the claims it leaves with the fresh roots;
/// reverts with the reason where the proof is rejected.
contract SealedOpeningProbe is SealedProbeInputs {
    /// header: logRowWidth, logCodeLength, queries, rows, trimmed, freshLogRowWidth, sealedIndex, fIndex, gIndex.
    /// layout: per sealed polynomial numVars, rowStart, storedRows. termData: per term claim, commitment,
    /// polynomial, kind, coefficient, pool offset, pool length; pool: the terms' points or weights.
    function check(bytes calldata proof, bytes32 root, uint256[] calldata header, uint256[] calldata layout,
                   uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        public view returns (bytes32 digest, bytes32 fRoot, bytes32 gRoot)
    {
        (digest, fRoot, gRoot,,) = measured(proof, root, header, layout, values, termData, pool);
    }

    /// The same with the gas of the verifier's part and of the claims' digest (a test's, not a verifier's, cost).
    function checkGas(bytes calldata proof, bytes32 root, uint256[] calldata header, uint256[] calldata layout,
                      uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        public view returns (uint256 verifyGas, uint256 digestGas)
    {
        (,,, verifyGas, digestGas) = measured(proof, root, header, layout, values, termData, pool);
    }

    /// The same through the linked entry point (SealedOpening.verifyLinked), with the gas up to the digest.
    function checkLinked(bytes calldata proof, bytes32 root, uint256[] calldata header, uint256[] calldata layout,
                         uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        public view returns (bytes32 digest, bytes32 fRoot, bytes32 gRoot, uint256 verifyGas)
    {
        uint256 g0 = gasleft();
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/test/sealed/v1");
        SealedOpening.Sealed memory key = layoutOf(root, header, layout);
        Claims.List memory claims = readClaims(values, termData, pool);
        Claims.List memory out = Claims.create(claims.length + 16);
        SealedOpening.Result memory res = SealedOpening.verifyLinked(v, proof, key, header[6], claims, header[5], header[7], header[8], out);
        FiatShamir.finish(v, proof);
        verifyGas = g0 - gasleft();
        return (Claims.digest(out), res.fRoot, res.gRoot, verifyGas);
    }

    function measured(bytes calldata proof, bytes32 root, uint256[] calldata header, uint256[] calldata layout,
                   uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        private view returns (bytes32 digest, bytes32 fRoot, bytes32 gRoot, uint256 verifyGas, uint256 digestGas)
    {
        uint256 g0 = gasleft();
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/test/sealed/v1");
        SealedOpening.Sealed memory key = layoutOf(root, header, layout);
        Claims.List memory claims = readClaims(values, termData, pool);
        (Claims.List memory out, SealedOpening.Result memory res) = open(v, proof, key, header, claims);
        uint256 g1 = gasleft();
        digest = Claims.digest(out);
        return (digest, res.fRoot, res.gRoot, g0 - g1, g1 - gasleft());
    }




}

/// Gas of the sealed opening's parts, each measured alone (a contract of its own: the probe above is near
/// the code size limit).
contract SealedPartsProbe {
    /// Gas of parts measured alone: the padding sponges' digest for messages of `length`, the permutation
    /// steps' combination (PermutationConstraints) and the consistency weights' powers for `queries` columns.
    function parts(uint256 length, uint256 logRowWidth, uint256 logCodeLength, uint256 queries)
        public view returns (uint256 paddingHash, uint256 constraints, uint256 weights)
    {
        uint256 g = gasleft();
        Poseidon2.hashZeros(length, 7);
        paddingHash = g - gasleft();
        uint256[] memory beta = new uint256[](372);
        for (uint256 i = 0; i < beta.length; i++) {
            beta[i] = uint256(keccak256(abi.encode(i))) % 0xffffffff00000001 | (i << 64);
        }
        g = gasleft();
        SpongeHashProof.constraints(beta);
        constraints = g - gasleft();
        uint256[] memory columns = new uint256[](queries);
        uint256[] memory w = new uint256[](queries);
        for (uint256 i = 0; i < queries; i++) {
            columns[i] = (i * 7919) % (1 << logCodeLength);
            w[i] = beta[i % beta.length];
        }
        g = gasleft();
        SealedOpening.consistencyWeights(logCodeLength, logRowWidth - 2, 4, columns, w); // four pieces of a row
        weights = g - gasleft();
    }
}

/// The proofs' pipeline: the sealed evaluation reduction, then the sealed opening of what it leaves.
contract SealedReductionProbe is SealedProbeInputs {
    /// The pipeline of the proofs: the sealed evaluation reduction (its mask is header[9]), then the
    /// sealed opening of the claims it leaves. Returns the final claims' digest and the three fresh roots.
    function checkReduced(bytes calldata proof, bytes32 root, uint256[] calldata header, uint256[] calldata layout,
                          uint256[] calldata values, uint256[] calldata termData, uint256[] calldata pool)
        public view returns (bytes32 digest, bytes32 maskRoot, bytes32 fRoot, bytes32 gRoot)
    {
        FiatShamir.Verifier memory v = FiatShamir.start(proof, "zkml4j/test/sealed/v1");
        SealedOpening.Sealed memory key = layoutOf(root, header, layout);
        Claims.List memory reduced = Claims.create(values.length + 2);
        maskRoot = SealedEvaluationReduction.verifyLinked(v, proof, key.numVars, header[6], readClaims(values, termData, pool), header[9],
            reduced);
        (Claims.List memory out, SealedOpening.Result memory res) = open(v, proof, key, header, reduced);
        return (Claims.digest(out), maskRoot, res.fRoot, res.gRoot);
    }
}
