package io.zkml4j.evm;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.MerkleTree;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keccak Merkle trees: Solidity hashes leaves and recomputes roots from multi-path openings exactly as Java does, and a changed opening does not give the root. */
class SolidityMerkleTest {
    static final String ROOT = "root(uint256,uint256[],bytes32[],bytes32[])";

    record Opening(int logLeaves, int[] indices, byte[][] leaves, byte[][] siblings, byte[] root) {
        byte[] call() {
            return Abi.call(ROOT, (long) logLeaves, Arrays.stream(indices).asLongStream().toArray(), leaves, siblings);
        }
    }

    static Opening open(Random rnd, int logLeaves, int opened) {
        byte[] digests = new byte[32 << logLeaves];
        HashFunction.Hasher h = Keccak256.INSTANCE.newHasher();
        for (int j = 0; j < 1 << logLeaves; j++) {
            byte[] salt = new byte[16];
            byte[] data = new byte[40];
            rnd.nextBytes(salt);
            rnd.nextBytes(data);
            MerkleTree.hashLeaf(h, salt, data, data.length, digests, 32 * j);
        }
        MerkleTree tree = MerkleTree.fromLeafDigests(Keccak256.INSTANCE, digests);
        int[] indices = rnd.ints(0, 1 << logLeaves).distinct().limit(opened).sorted().toArray();
        byte[][] leaves = new byte[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            leaves[i] = Arrays.copyOfRange(digests, 32 * indices[i], 32 * indices[i] + 32);
        }
        return new Opening(logLeaves, indices, leaves, tree.multiProof(indices), tree.root());
    }

    /** The indices with one leaf claimed at its sibling's place (a sibling that is not itself opened). */
    static int[] movedToAFreeNeighbour(int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            int neighbour = indices[i] ^ 1;
            if (Arrays.binarySearch(indices, neighbour) < 0) {
                int[] moved = indices.clone();
                moved[i] = neighbour;
                return moved;
            }
        }
        throw new AssertionError("every opened leaf's sibling is opened too");
    }

    @Test
    void rootsAndLeavesAreTheJavaOnes() throws Exception {
        Random rnd = new Random(41);
        List<Opening> openings = List.of(open(rnd, 1, 1), open(rnd, 4, 3), open(rnd, 10, 1), open(rnd, 10, 40), open(rnd, 12, 4096 / 8));
        List<byte[]> calls = new ArrayList<>(openings.stream().map(Opening::call).toList());
        byte[] salt = new byte[16];
        byte[] data = new byte[123];
        rnd.nextBytes(salt);
        rnd.nextBytes(data);
        calls.add(Abi.call("leaf(bytes,bytes)", salt, data));
        List<LocalChain.Call> results = Evm.run("KitProbe.sol", "MerkleProbe", calls).calls();
        for (int i = 0; i < openings.size(); i++) {
            LocalChain.Call c = results.get(i);
            assertTrue(c.success(), c::revertReason);
            assertArrayEquals(openings.get(i).root(), c.returnData(), "opening " + i);
        }
        byte[] expectedLeaf = new byte[32];
        MerkleTree.hashLeaf(Keccak256.INSTANCE.newHasher(), salt, data, data.length, expectedLeaf, 0);
        assertArrayEquals(expectedLeaf, results.get(openings.size()).returnData(), "leaf digest");
        Opening big = openings.get(3);
        System.out.printf("Merkle multi-path, 40 of 2^10 leaves: %d siblings, %,d gas (execution %,d)%n",
                big.siblings().length, results.get(3).gasUsed(), results.get(3).executionGas());
    }

    @Test
    void aChangedOpeningMissesTheRootOrIsRefused() throws Exception {
        Opening o = open(new Random(42), 8, 12);
        List<byte[]> calls = new ArrayList<>();
        for (int i = 0; i < o.siblings().length; i++) {
            byte[][] s = o.siblings().clone();
            s[i] = s[i].clone();
            s[i][31] ^= 1;
            calls.add(new Opening(o.logLeaves(), o.indices(), o.leaves(), s, o.root()).call());
        }
        byte[][] leaves = o.leaves().clone();
        leaves[5] = leaves[5].clone();
        leaves[5][0] ^= (byte) 0x80;
        calls.add(new Opening(o.logLeaves(), o.indices(), leaves, o.siblings(), o.root()).call());
        calls.add(new Opening(o.logLeaves(), movedToAFreeNeighbour(o.indices()), o.leaves(), o.siblings(), o.root()).call());
        int refusalsFrom = calls.size();
        calls.add(new Opening(o.logLeaves(), o.indices(), o.leaves(), Arrays.copyOf(o.siblings(), o.siblings().length - 1), o.root()).call());
        byte[][] extra = Arrays.copyOf(o.siblings(), o.siblings().length + 1);
        extra[extra.length - 1] = o.siblings()[0];
        calls.add(new Opening(o.logLeaves(), o.indices(), o.leaves(), extra, o.root()).call());
        int[] unsorted = o.indices().clone();
        int t = unsorted[0];
        unsorted[0] = unsorted[1];
        unsorted[1] = t;
        calls.add(new Opening(o.logLeaves(), unsorted, o.leaves(), o.siblings(), o.root()).call());
        int[] outside = o.indices().clone();
        outside[outside.length - 1] = 1 << o.logLeaves();
        calls.add(new Opening(o.logLeaves(), outside, o.leaves(), o.siblings(), o.root()).call());
        List<LocalChain.Call> results = Evm.run("KitProbe.sol", "MerkleProbe", calls).calls();
        for (int i = 0; i < refusalsFrom; i++) {
            LocalChain.Call c = results.get(i);
            assertTrue(c.success(), c::revertReason);
            assertNotEquals(Arrays.toString(o.root()), Arrays.toString(c.returnData()), "changed opening " + i + " gave the root");
        }
        String[] reasons = {"too few siblings", "too many siblings", "not strictly increasing", "outside the tree"};
        for (int i = refusalsFrom; i < results.size(); i++) {
            LocalChain.Call c = results.get(i);
            assertFalse(c.success(), "refusal " + (i - refusalsFrom) + " was accepted");
            assertTrue(c.revertReason().contains(reasons[i - refusalsFrom]), c.revertReason());
        }
    }
}
