package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.core.transcript.InteractiveProver;
import io.zkml4j.core.transcript.InteractiveVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The commitment's opening run live over loopback TCP: the same code, challenges from a live verifier. */
class InteractiveOpeningTest {
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    static void runLive(long[] committedTable, Ext2[] z, Ext2 claimedValue, boolean expectValid) throws Exception {
        CommittedPolynomials cp = new LigeroPcs().commit(PARAMS, List.of(committedTable));
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, claimedValue);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> prover = CompletableFuture.runAsync(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     InteractiveLink link = InteractiveLink.over(s)) {
                    InteractiveProver p = new InteractiveProver(link, "live-pcs/v1");
                    new LigeroPcs().open(List.of(cp), List.of(claim), p);
                    p.flush();
                    link.receiveFrame(16); // wait for the verdict before closing
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = server.accept(); InteractiveLink link = InteractiveLink.over(s)) {
                InteractiveVerifier v = new InteractiveVerifier(link, "live-pcs/v1", new SecureRandom());
                boolean valid;
                try {
                    LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), v);
                    valid = true;
                } catch (InvalidProofException e) {
                    valid = false;
                }
                link.sendFrame(new byte[] {(byte) (valid ? 1 : 0)});
                assertEquals(expectValid, valid);
            }
            if (expectValid) {
                prover.get();
            } else {
                // A live verifier stops at the first failed check; the prover learns it at its next challenge.
                Exception e = assertThrows(Exception.class, prover::get);
                assertTrue(String.valueOf(e.getCause()).contains("the verifier stopped the protocol")
                        || String.valueOf(e.getCause()).contains("lost the verifier"), String.valueOf(e.getCause()));
            }
        }
    }

    @Test
    void honestOpeningIsAcceptedLive() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        long[] t = Rand.base(1 << 7, r);
        Ext2[] z = Rand.point(7, r);
        runLive(t, z, Multilinear.evaluateBase(t, z), true);
    }

    @Test
    void falseClaimIsRejectedLive() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        long[] t = Rand.base(1 << 7, r);
        Ext2[] z = Rand.point(7, r);
        runLive(t, z, Multilinear.evaluateBase(t, z).add(Ext2.ONE), false);
    }
}
