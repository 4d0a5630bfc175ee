package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.KeccakLanesTest;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.hash.MerkleTreeTest;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.ntt.Ntt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Commitments whose columns are hashed in batches (Keccak: in the vector lanes once warm) have the roots of one-at-a-time hashing. */
class KeccakCommitmentTest {
    /** The root as commitWords computed it before batches: each column H(0x00 || salt || column), then the tree node by node. */
    static byte[] scalarRoot(CommittedPolynomials cp, LigeroParameters params) {
        int rows = cp.commitment().rows();
        int n = params.codeLength();
        long[][] encoded = new long[rows][];
        for (int r = 0; r < rows; r++) {
            encoded[r] = Ntt.forwardBitReversedPadded(cp.message(r), params.logCodeLength());
        }
        HashFunction hash = params.hash();
        HashFunction.Hasher h = hash.newHasher();
        byte[] level = new byte[32 * n];
        byte[] column = new byte[8 * rows];
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < rows; r++) {
                for (int b = 0; b < 8; b++) {
                    column[8 * r + b] = (byte) (encoded[r][j] >>> (8 * b));
                }
            }
            MerkleTree.hashLeaf(h, cp.salt(j), column, column.length, level, 32 * j);
        }
        return MerkleTreeTest.scalarRoot(hash, level);
    }

    @Test
    void rootsEqualOneAtATimeHashing() throws Exception {
        for (boolean warm : new boolean[] {false, true}) {
            if (warm) {
                KeccakLanesTest.awaitWarm();
            }
            for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
                for (int logSize : new int[] {5, 9, 12}) {
                    LigeroParameters params = LigeroParameters.forSecurity(24, 4, 4, 1, 0, hash);
                    SplittableRandom r = new SplittableRandom(logSize);
                    long[] t = new long[1 << logSize];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = r.nextLong();
                    }
                    CommittedPolynomials cp = CommittedPolynomials.commit(params, List.of(t), new Random(logSize));
                    assertArrayEquals(scalarRoot(cp, params), cp.commitment().root(), hash + ", 2^" + logSize + " values, warm " + warm);
                }
            }
        }
    }
}
