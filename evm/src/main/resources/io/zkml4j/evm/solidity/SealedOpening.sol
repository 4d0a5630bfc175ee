// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Goldilocks} from "./Goldilocks.sol";
import {FiatShamir} from "./FiatShamir.sol";
import {Points} from "./Points.sol";
import {Merkle} from "./Merkle.sol";
import {Claims} from "./Claims.sol";
import {ClaimWords} from "./ClaimWords.sol";
import {SpongeHashProof} from "./SpongeHashProof.sol";
import {FoldedEvaluation} from "./FoldedEvaluation.sol";

/// The verifier of zkml4j's sealed opening (Java io.zkml4j.core.sealed.SealedOpening.verify): claims on a
/// sealed commitment become claims on two fresh commitments, F (the row combinations, pieces of at most
/// a fresh row) and G (the hash proof's trace of the queried columns), without opening the sealed one.
/// It reads and draws what Java reads and draws (sealed.root [, sealed.storedRows], sealed.gamma,
/// sealed.F, sealed.queries, sealed.leaves, sealed.paths, sealed.G, the hash proof "sealed.hash",
/// sealed.zeta, sealed.mu), checks the queried leaves against the root with the Keccak multi-path
/// opening, and appends to `out` what Java's VerifierResult.claims() holds: the claims rewritten onto F
/// (claims on other commitments pass through), the hash proof's claims on G and the consistency claim.
library SealedOpening {
    using Goldilocks for uint256;

    uint256 internal constant SALT_ELEMENTS = 4;
    uint256 internal constant LEAF_DOMAIN = 7;
    uint256 internal constant MAX_LOG_CODE_LENGTH = 23;
    uint256 internal constant MAX_COLUMN_MESSAGE = 1 << 12;
    uint256 internal constant MAX_WEIGHT_LONGS = 1 << 26;
    uint256 internal constant PHI = 1 << 64;

    /// The sealed commitment's public part (Java Commitment, unpacked layout, no random columns, no
    /// grinding, Keccak-256): root, the Ligero geometry, and each polynomial's variables, first row and
    /// stored rows; `rows` in all; `trimmed` when the stored rows are bound into the transcript.
    struct Sealed {
        bytes32 root;
        uint256 logRowWidth;
        uint256 logCodeLength;
        uint256 queries;
        uint256[] numVars;
        uint256[] rowStart;
        uint256[] storedRows;
        uint256 rows;
        bool trimmed;
    }

    /// What both sides derive from the commitment and the claims (Java's Plan): the distinct sealed
    /// terms (a polynomial at a point), each with its row weights and column point.
    struct Plan {
        uint256 a;
        uint256 pieceVars;
        uint256 pieces;
        uint256 count;
        uint256[] polynomial;
        uint256[][] point;
        uint256[][] rowWeights;
        uint256[][] columnPoint;
    }

    /// The fresh commitments (Java's VerifierResult.fresh()): their roots and layouts (packed, the
    /// variables of each polynomial: F holds each row combination's pieces, G the hash proof's tables).
    struct Result {
        bytes32 fRoot;
        bytes32 gRoot;
        uint256[] fNumVars;
        uint256[] gNumVars;
    }

    /// The commitment numbers and the fresh rows' width, in one argument of the linked `run`.
    struct Numbers {
        uint256 sealedIndex;
        uint256 freshLogRowWidth;
        uint256 fIndex;
        uint256 gIndex;
    }

    /// Appends the claims to `out` and returns the fresh roots; the opening's code is inlined into the
    /// caller (about 16 KB). verifyLinked is the same through a linked library call.
    function verify(FiatShamir.Verifier memory v, bytes calldata proof, Sealed memory key, uint256 sealedIndex,
                    Claims.List memory claims, uint256 freshLogRowWidth, uint256 fIndex, uint256 gIndex, Claims.List memory out)
        internal view returns (Result memory res)
    {
        return open(v, proof, key, claims, Numbers(sealedIndex, freshLogRowWidth, fIndex, gIndex), out);
    }

    /// verify through SealedOpeningRun.run (DELEGATECALL), for a verifier contract that the inlined opening
    /// would take past the 24 KB limit: its code holds only the call. The claims cross as ClaimWords, both
    /// ways, which costs gas in proportion to their words (the consistency claim's explicit weights, the
    /// hash proof's points): measured in SoliditySealedOpeningTest.
    function verifyLinked(FiatShamir.Verifier memory v, bytes calldata proof, Sealed memory key, uint256 sealedIndex,
                          Claims.List memory claims, uint256 freshLogRowWidth, uint256 fIndex, uint256 gIndex, Claims.List memory out)
        internal view returns (Result memory res)
    {
        FiatShamir.Verifier memory after_;
        uint256[] memory opened;
        (after_, opened, res) = SealedOpeningRun.run(v, proof, key, ClaimWords.pack(claims), Numbers(sealedIndex, freshLogRowWidth, fIndex, gIndex));
        v.state = after_.state;
        v.position = after_.position;
        Claims.append(out, ClaimWords.unpack(opened));
    }

    function open(FiatShamir.Verifier memory v, bytes calldata proof, Sealed memory key, Claims.List memory claims,
                  Numbers memory nums, Claims.List memory out) internal view returns (Result memory res)
    {
        uint256 sealedIndex = nums.sealedIndex;
        uint256 freshLogRowWidth = nums.freshLogRowWidth;
        uint256 fIndex = nums.fIndex;
        uint256 gIndex = nums.gIndex;
        geometry(key, freshLogRowWidth);
        Plan memory plan = makePlan(key, sealedIndex, claims, freshLogRowWidth);
        require(4 * (plan.count + 1) << key.logRowWidth <= MAX_WEIGHT_LONGS, "sealed opening: too many row combinations");
        absorbCommitment(v, key);
        uint256[] memory gamma = Points.draw(v, "sealed.gamma", key.rows);
        res.fRoot = FiatShamir.receiveDigest(v, proof, "sealed.F");
        uint256[] memory columns = distinctSorted(FiatShamir.challengeIndices(v, "sealed.queries", key.queries,
            1 << key.logCodeLength));
        uint256[] memory digests = openLeaves(v, proof, key, columns);
        SpongeHashProof.Shape memory shape = SpongeHashProof.Shape(columns.length, SALT_ELEMENTS + key.rows, LEAF_DOMAIN);
        res.gRoot = FiatShamir.receiveDigest(v, proof, "sealed.G");
        res.gNumVars = SpongeHashProof.tableVars(shape);
        res.fNumVars = new uint256[](2 * (plan.count + 1) * plan.pieces);
        for (uint256 i = 0; i < res.fNumVars.length; i++) {
            res.fNumVars[i] = plan.pieceVars;
        }
        rewrite(plan, sealedIndex, claims, fIndex, out);
        Claims.Claim[] memory hashClaims;
        (v.state, v.position, hashClaims) = hashProof(v, proof, shape, digests, gIndex);
        for (uint256 i = 0; i < hashClaims.length; i++) {
            Claims.push(out, hashClaims[i]);
        }
        uint256[] memory zeta = Points.draw(v, "sealed.zeta",
            SpongeHashProof.numVars(shape) - SpongeHashProof.logBlocks(shape));
        uint256[] memory mu = Points.draw(v, "sealed.mu", plan.count + 1);
        Claims.push(out, consistency(plan, key, gamma, mu, zeta, columns, shape, fIndex, gIndex));
    }

    /// The library call copies the transcript; its advanced state comes back.
    function hashProof(FiatShamir.Verifier memory v, bytes calldata proof, SpongeHashProof.Shape memory shape,
                       uint256[] memory digests, uint256 gIndex) private view returns (bytes32, uint256, Claims.Claim[] memory)
    {
        (FiatShamir.Verifier memory after_, Claims.Claim[] memory c) =
            SpongeHashProof.verify(v, proof, shape, digests, "sealed.hash", gIndex, 0);
        return (after_.state, after_.position, c);
    }

    /// Java's geometryProblem, for what this verifier's inputs can express.
    function geometry(Sealed memory key, uint256 freshLogRowWidth) private pure {
        uint256 polys = key.numVars.length;
        require(polys > 0 && key.rowStart.length == polys && key.storedRows.length == polys, "sealed opening: layout");
        require(key.rows + SALT_ELEMENTS <= MAX_COLUMN_MESSAGE, "sealed opening: a column and its salt must fit one hashed message");
        require(key.logCodeLength <= MAX_LOG_CODE_LENGTH && key.logRowWidth <= key.logCodeLength,
            "sealed opening: code length");
        require(4 * (polys + 1) << key.logRowWidth <= MAX_WEIGHT_LONGS, "sealed opening: too many row combinations");
        SpongeHashProof.Shape memory largest = SpongeHashProof.Shape(key.queries, SALT_ELEMENTS + key.rows, LEAF_DOMAIN);
        require(SpongeHashProof.libraVars(largest) <= freshLogRowWidth,
            "sealed opening: the fresh rows cannot hold the hash proof's mask");
    }

    function makePlan(Sealed memory key, uint256 sealedIndex, Claims.List memory claims, uint256 freshLogRowWidth)
        private pure returns (Plan memory plan)
    {
        plan.a = key.logRowWidth;
        plan.pieceVars = plan.a < freshLogRowWidth ? plan.a : freshLogRowWidth;
        plan.pieces = 1 << (plan.a - plan.pieceVars);
        uint256 bound = 0;
        for (uint256 c = 0; c < claims.length; c++) {
            bound += claims.items[c].terms.length;
        }
        plan.polynomial = new uint256[](bound);
        plan.point = new uint256[][](bound);
        plan.rowWeights = new uint256[][](bound);
        plan.columnPoint = new uint256[][](bound);
        for (uint256 c = 0; c < claims.length; c++) {
            Claims.Term[] memory terms = claims.items[c].terms;
            for (uint256 k = 0; k < terms.length; k++) {
                if (terms[k].commitment == sealedIndex) {
                    termIndex(plan, key, terms[k]);
                }
            }
        }
    }

    /// The index of a term's (polynomial, point) among the distinct ones, added when new.
    function termIndex(Plan memory plan, Sealed memory key, Claims.Term memory t) private pure returns (uint256) {
        require(t.kind == Claims.EQ, "sealed opening: claims on a sealed commitment must be evaluations (eq weights)");
        require(t.polynomial < key.numVars.length, "sealed opening: a claim names a polynomial the commitment lacks");
        uint256 nv = key.numVars[t.polynomial];
        require(t.weights.length == nv, "sealed opening: a claim's point has the wrong number of coordinates");
        for (uint256 i = 0; i < plan.count; i++) {
            if (plan.polynomial[i] == t.polynomial && samePoint(plan.point[i], t.weights)) {
                return i;
            }
        }
        uint256 a = plan.a;
        uint256 idx = plan.count++;
        plan.polynomial[idx] = t.polynomial;
        plan.point[idx] = t.weights;
        if (nv > a) {
            plan.rowWeights[idx] = Points.eqTable(Points.slice(t.weights, a, nv));
            plan.columnPoint[idx] = Points.slice(t.weights, 0, a);
        } else {
            plan.rowWeights[idx] = new uint256[](1);
            plan.rowWeights[idx][0] = 1;
            plan.columnPoint[idx] = t.weights;
        }
        return idx;
    }

    function samePoint(uint256[] memory x, uint256[] memory y) private pure returns (bool) {
        if (x.length != y.length) return false;
        for (uint256 i = 0; i < x.length; i++) {
            if (x[i] != y[i]) return false;
        }
        return true;
    }

    function absorbCommitment(FiatShamir.Verifier memory v, Sealed memory key) private pure {
        FiatShamir.absorbPublicBytes(v, "sealed.root", abi.encodePacked(key.root));
        if (key.trimmed) {
            FiatShamir.absorbPublicField(v, "sealed.storedRows", key.storedRows);
        }
    }

    /// Reads the queried leaves' digests and their multi-path opening, checks them against the root,
    /// and returns the digests (4 elements per column).
    function openLeaves(FiatShamir.Verifier memory v, bytes calldata proof, Sealed memory key, uint256[] memory columns)
        private pure returns (uint256[] memory digests)
    {
        uint256 t = columns.length;
        uint256 leavesAt = FiatShamir.receiveBase(v, proof, "sealed.leaves", 4 * t);
        uint256 siblings = Merkle.multiProofSize(columns, key.logCodeLength);
        uint256 pathsAt = FiatShamir.receiveBytes(v, proof, "sealed.paths", 32 * siblings);
        digests = new uint256[](4 * t);
        bytes32[] memory leafBytes = new bytes32[](t);
        for (uint256 q = 0; q < t; q++) {
            for (uint256 l = 0; l < 4; l++) {
                digests[4 * q + l] = FiatShamir.baseAt(proof, leavesAt, 4 * q + l);
            }
            leafBytes[q] = bytes32(proof[leavesAt + 32 * q:leavesAt + 32 * q + 32]); // the 4 little-endian words as the tree holds them
        }
        bytes32[] memory sib = new bytes32[](siblings);
        for (uint256 i = 0; i < siblings; i++) {
            sib[i] = bytes32(proof[pathsAt + 32 * i:pathsAt + 32 * i + 32]);
        }
        require(SealedMerkle.root(key.logCodeLength, columns, leafBytes, sib) == key.root,
            "sealed opening: the queried leaves do not lead to the commitment's root");
    }

    /// F's polynomial holding piece j of part (0: c0, 1: φ) of combination i.
    function piece(Plan memory plan, uint256 combination, uint256 part, uint256 j) private pure returns (uint256) {
        return (2 * combination + part) * plan.pieces + j;
    }

    /// Each claim with its sealed terms replaced by terms on the row combinations in F.
    function rewrite(Plan memory plan, uint256 sealedIndex, Claims.List memory claims, uint256 fIndex, Claims.List memory out)
        private pure
    {
        for (uint256 c = 0; c < claims.length; c++) {
            Claims.Term[] memory terms = claims.items[c].terms;
            uint256 count = 0;
            for (uint256 k = 0; k < terms.length; k++) {
                if (terms[k].commitment != sealedIndex) {
                    count++;
                } else {
                    uint256 len = plan.columnPoint[find(plan, terms[k])].length;
                    count += 2 * (len <= plan.pieceVars ? 1 : 1 << (len - plan.pieceVars));
                }
            }
            Claims.Claim memory r;
            r.value = claims.items[c].value;
            r.terms = new Claims.Term[](count);
            uint256 at = 0;
            for (uint256 k = 0; k < terms.length; k++) {
                Claims.Term memory t = terms[k];
                if (t.commitment != sealedIndex) {
                    r.terms[at++] = t;
                    continue;
                }
                uint256 i = find(plan, t);
                uint256[] memory colPoint = plan.columnPoint[i];
                for (uint256 part = 0; part < 2; part++) {
                    uint256 coefficient = part == 0 ? t.coefficient : t.coefficient.emul(PHI);
                    if (colPoint.length <= plan.pieceVars) {
                        uint256[] memory padded = new uint256[](plan.pieceVars);
                        for (uint256 x = 0; x < colPoint.length; x++) {
                            padded[x] = colPoint[x];
                        }
                        Claims.set(r.terms[at++], fIndex, piece(plan, i, part, 0), Claims.EQ, padded, coefficient);
                    } else {
                        uint256[] memory low = Points.slice(colPoint, 0, plan.pieceVars);
                        uint256[] memory high = Points.slice(colPoint, plan.pieceVars, colPoint.length);
                        uint256[] memory eqHigh = Points.eqTable(high);
                        for (uint256 j = 0; j < eqHigh.length; j++) {
                            Claims.set(r.terms[at++], fIndex, piece(plan, i, part, j), Claims.EQ, low, coefficient.emul(eqHigh[j]));
                        }
                    }
                }
            }
            Claims.push(out, r);
        }
    }

    function find(Plan memory plan, Claims.Term memory t) private pure returns (uint256) {
        for (uint256 i = 0; i < plan.count; i++) {
            if (plan.polynomial[i] == t.polynomial && samePoint(plan.point[i], t.weights)) {
                return i;
            }
        }
        revert("sealed opening: an unplanned sealed term");
    }

    /// Σ_i μ_i·⟨g, u_i⟩ − Σ_r (Σ_i μ_i·w_i(r))·(Σ_s eq(ζ, s)·column_s[r]) = 0, g[j] = Σ_s eq(ζ, s)·x_s^j.
    function consistency(Plan memory plan, Sealed memory key, uint256[] memory gamma, uint256[] memory mu,
                         uint256[] memory zeta, uint256[] memory columns, SpongeHashProof.Shape memory shape,
                         uint256 fIndex, uint256 gIndex) private pure returns (Claims.Claim memory c)
    {
        (uint256[] memory points, uint256[][] memory gPieces) = consistencyWeights(key.logCodeLength, plan.pieceVars, plan.pieces, columns,
            Points.eqTable(zeta));
        uint256 combinations = plan.count + 1;
        c.terms = new Claims.Term[](combinations * 2 * plan.pieces + key.rows);
        uint256 at = 0;
        for (uint256 i = 0; i < combinations; i++) {
            for (uint256 part = 0; part < 2; part++) {
                uint256 coefficient = part == 0 ? mu[i] : mu[i].emul(PHI);
                for (uint256 j = 0; j < plan.pieces; j++) {
                    Claims.set(c.terms[at], fIndex, piece(plan, i, part, j), Claims.POWERS, gPieces[j], coefficient);
                    c.terms[at++].high = points;
                }
            }
        }
        uint256[] memory rowCoefficient = new uint256[](key.rows);
        for (uint256 i = 0; i < plan.count; i++) {
            uint256 p = plan.polynomial[i];
            uint256 weighted = plan.rowWeights[i].length < key.storedRows[p] ? plan.rowWeights[i].length : key.storedRows[p];
            uint256 start = key.rowStart[p];
            for (uint256 r = 0; r < weighted; r++) {
                rowCoefficient[start + r] = rowCoefficient[start + r].eadd(mu[i].emul(plan.rowWeights[i][r]));
            }
        }
        for (uint256 r = 0; r < key.rows; r++) {
            uint256 rc = rowCoefficient[r].eadd(mu[plan.count].emul(gamma[r]));
            c.terms[at++] = SpongeHashProof.messageTerm(shape, gIndex, 0, SALT_ELEMENTS + r, zeta, uint256(0).esub(rc));
        }
    }

    /// The consistency weights as Java's SealedOpening.consistencyWeights keeps them for a verifier: g[j] =
    /// Σ_s w_s·x_s^j, x_s = ω^(bit-reverse of column s) where the code evaluates column s, cut into pieces of
    /// 2^pieceVars, piece i the powers weights with the points x_s and coefficients w_s·x_s^(i·2^pieceVars). The
    /// opening evaluates them at its point in t·pieceVars products; writing g out took a transform of the code
    /// length (62M of the bundled MLP's 310M gas).
    function consistencyWeights(uint256 logCodeLength, uint256 pieceVars, uint256 pieces, uint256[] memory columns, uint256[] memory w)
        internal pure returns (uint256[] memory points, uint256[][] memory coefficients)
    {
        uint256 t = columns.length;
        uint256 omega = Goldilocks.rootOfUnity(logCodeLength);
        points = new uint256[](t);
        uint256[] memory step = new uint256[](t);
        uint256[] memory current = new uint256[](t);
        for (uint256 s = 0; s < t; s++) {
            points[s] = Goldilocks.pow(omega, FoldedEvaluation.bitReverse(columns[s], logCodeLength));
            step[s] = Goldilocks.pow(points[s], uint256(1) << pieceVars);
            current[s] = w[s];
        }
        coefficients = new uint256[][](pieces);
        for (uint256 i = 0; i < pieces; i++) {
            coefficients[i] = current;
            uint256[] memory next = new uint256[](t);
            for (uint256 s = 0; s < t; s++) {
                next[s] = current[s].emulBase(step[s]);
            }
            current = next;
        }
    }

    function distinctSorted(uint256[] memory a) private pure returns (uint256[] memory out) {
        uint256 n = a.length;
        for (uint256 i = 1; i < n; i++) {
            uint256 x = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1] > x) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        uint256 m = 0;
        for (uint256 i = 0; i < n; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                a[m++] = a[i];
            }
        }
        out = new uint256[](m);
        for (uint256 i = 0; i < m; i++) {
            out[i] = a[i];
        }
    }
}

/// The multi-path opening's root for the sealed opening, in a linked library of its own that reads its
/// arguments from calldata (as MerkleProbe does): Merkle.rootFromMultiProof's assembly then never
/// shares a stack frame with the verifier's variables, however the optimiser inlines the rest.
library SealedMerkle {
    function root(uint256 logLeaves, uint256[] calldata columns, bytes32[] calldata leaves, bytes32[] calldata siblings)
        external pure returns (bytes32)
    {
        return Merkle.rootFromMultiProof(logLeaves, columns, leaves, siblings);
    }
}

/// The sealed opening's linked entry point: SealedOpening.verify calls it by DELEGATECALL (a library's
/// public function called from the library itself would be an internal call, its code in the caller's).
library SealedOpeningRun {
    /// The opening, public: returns the advanced transcript (a library call copies it), the claims (as
    /// ClaimWords) and the roots.
    function run(FiatShamir.Verifier memory v, bytes calldata proof, SealedOpening.Sealed memory key, uint256[] memory claimWords,
                 SealedOpening.Numbers memory nums) public view returns (FiatShamir.Verifier memory, uint256[] memory, SealedOpening.Result memory res)
    {
        Claims.List memory claims = ClaimWords.unpack(claimWords);
        Claims.List memory out = Claims.create(claims.length + 16);
        res = SealedOpening.open(v, proof, key, claims, nums, out);
        return (v, ClaimWords.pack(out), res);
    }
}
