package io.zkml4j.bench;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.hashproof.SpongeHashProof;
import io.zkml4j.core.hashproof.SpongeShape;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The zero-knowledge proof that hidden messages hash to public Poseidon2 digests, end to end:
 * commit the trace, the sumcheck, the opening; and its verification; against hashing the same
 * messages in the clear. 157 sponges is the number of columns a 100-bit opening of the MLP's
 * weight commitment queries; a message of 4 salt elements and R column values takes
 * ⌈(R + 4)/8⌉ permutations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SpongeHashProofBenchmark {
    static final String DS = "bench/sponge";
    @Param({"157"})
    int sponges;
    @Param({"32", "64"})
    int messageLength;
    SpongeShape shape;
    long[][] messages;
    long[][] digests;
    LigeroParameters params;
    byte[] proof;
    int[] numVars;

    @Setup
    public void setup() {
        shape = new SpongeShape(sponges, messageLength, 1);
        SplittableRandom r = new SplittableRandom(1);
        messages = new long[sponges][messageLength];
        for (long[] m : messages) {
            for (int i = 0; i < m.length; i++) {
                m[i] = Goldilocks.canonical(r.nextLong());
            }
        }
        params = LigeroParameters.forSecurity(100, 10, 2, 1, 0, Sha256.INSTANCE);
        SpongeHashProof.Prover p = SpongeHashProof.prover(shape, messages, new java.util.Random(2));
        digests = p.digests();
        numVars = p.tables().stream().mapToInt(t -> Integer.numberOfTrailingZeros(t.length)).toArray();
        proof = prove();
        System.out.printf("%n%d sponges × %d elements: %d permutation slots, proof %d bytes%n", sponges, messageLength,
                shape.permutations(), proof.length);
    }

    @Benchmark
    public byte[] prove() {
        SpongeHashProof.Prover p = SpongeHashProof.prover(shape, messages, new java.util.Random(3));
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        LigeroPcs pcs = new LigeroPcs();
        CommittedPolynomials committed = pcs.commit(params, p.tables());
        ch.sendDigest("trace.root", committed.commitment().root());
        List<LinearClaim> claims = p.prove(ch, "hash", 0, 0);
        pcs.open(List.of(committed), claims, ch);
        return ch.proof();
    }

    @Benchmark
    public int verify() throws Exception {
        FiatShamirVerifier ch = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        Commitment c = new Commitment(params, ch.receiveDigest("trace.root"), numVars);
        List<LinearClaim> claims = SpongeHashProof.verify(shape, digests, ch, "hash", 0, 0);
        LigeroPcs.verify(List.of(c), claims, ch);
        ch.finish();
        return claims.size();
    }

    /** The same hashes in the clear: the plain computation the proof is compared with. */
    @Benchmark
    public long[] plain() {
        long[] last = null;
        for (long[] m : messages) {
            last = Poseidon2Sponge.hash(1, m);
        }
        return last;
    }
}
