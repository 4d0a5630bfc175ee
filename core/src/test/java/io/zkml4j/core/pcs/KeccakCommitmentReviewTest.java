package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.KeccakLanesTest;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.hash.Sha256;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of commitWords with batched column hashing: for codes shorter than a 64-column block and
 * longer, and row counts whose leaves (0x00 ‖ 16-byte salt ‖ 8·rows bytes) straddle the 136-byte
 * rate, every leaf is H(0x00 ‖ salt j ‖ column j) in column order, and the verifier's scalar
 * recomputation of opened columns reaches the root.
 */
class KeccakCommitmentReviewTest {
    private static void awaitWarm() throws InterruptedException {
        KeccakLanesTest.awaitWarm();
    }

    @Test
    void columnOrderSaltsAndOpeningsOfBatchedCommitments() throws Exception {
        awaitWarm();
        SplittableRandom r = new SplittableRandom(64);
        for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
            for (int logCode : new int[] {1, 3, 5, 6, 7, 9}) {
                LigeroParameters params = new LigeroParameters(logCode - 1, logCode, 0, 1, 0, hash);
                int n = params.codeLength();
                for (int rows : new int[] {1, 14, 15, 16, 32, 33}) {
                    // rows of 2^(logCode-1) values each: one polynomial per row
                    int[] numVars = new int[rows];
                    Arrays.fill(numVars, logCode - 1);
                    long[][] messages = new long[rows][params.messageLength()];
                    long[][] words = new long[rows][n]; // arbitrary words, as the soundness tests commit
                    for (int row = 0; row < rows; row++) {
                        for (int c = 0; c < n; c++) {
                            words[row][c] = r.nextLong();
                        }
                    }
                    CommittedPolynomials cp = CommittedPolynomials.commitWords(params, messages, words, numVars, new Random(rows), false);
                    byte[] expectedSalts = new byte[n * CommittedPolynomials.SALT_BYTES];
                    new Random(rows).nextBytes(expectedSalts);
                    byte[] leaves = new byte[32 * n];
                    HashFunction.Hasher h = hash.newHasher();
                    byte[] column = new byte[8 * rows];
                    long[] values = new long[rows];
                    for (int j = 0; j < n; j++) {
                        assertArrayEquals(Arrays.copyOfRange(expectedSalts, 16 * j, 16 * j + 16), cp.salt(j), "salt of column " + j);
                        for (int row = 0; row < rows; row++) {
                            values[row] = words[row][j];
                        }
                        CommittedPolynomials.writeColumnBytes(values, column);
                        MerkleTree.hashLeaf(h, cp.salt(j), column, column.length, leaves, 32 * j);
                    }
                    byte[] level = leaves.clone();
                    while (level.length > 32) {
                        byte[] next = new byte[level.length / 2];
                        for (int i = 0; i < next.length / 32; i++) {
                            h.update((byte) 0x01);
                            h.update(level, 64 * i, 64);
                            h.digest(next, 32 * i);
                        }
                        level = next;
                    }
                    String what = hash + ", code 2^" + logCode + ", rows " + rows + " (leaf " + (17 + 8 * rows) + " bytes)";
                    assertArrayEquals(level, cp.commitment().root(), what);
                    // the verifier's path: opened columns hashed one at a time, then the multi-proof
                    int[] opened = n == 2 ? new int[] {1} : new int[] {0, Math.min(n - 1, 63), n - 1};
                    opened = Arrays.stream(opened).distinct().sorted().toArray();
                    byte[][] openedLeaves = new byte[opened.length][];
                    for (int q = 0; q < opened.length; q++) {
                        openedLeaves[q] = Arrays.copyOfRange(leaves, 32 * opened[q], 32 * opened[q] + 32);
                    }
                    assertArrayEquals(cp.commitment().root(),
                            MerkleTree.rootFromMultiProof(hash, logCode, opened, openedLeaves, cp.tree().multiProof(opened)), what + ": opening");
                }
            }
        }
    }
}
