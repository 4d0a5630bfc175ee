package io.zkml4j.federated;

import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

/** What a participant uploads for a round: the round, its trained weights W' (public) and the proof that the local recipe produced them. */
public record UpdateMessage(int round, GlobalModel trained, TrainingProof proof) {
    static final String MAGIC = "ZKFU";
    static final int VERSION = 1;

    public byte[] encode() {
        return new BinaryWriter().magic(MAGIC, VERSION).i32(round).bytes(trained.encode()).bytes(proof.encode()).toByteArray();
    }

    /** The round a body says it is for (what its signature covers), or 0 when it does not start like an update. */
    public static int peekRound(byte[] body) {
        if (body.length < 10 || !new String(body, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(MAGIC)) {
            return 0;
        }
        return java.nio.ByteBuffer.wrap(body, 6, 4).getInt();
    }

    public static UpdateMessage decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        r.magic(MAGIC, "zkml4j federated update", VERSION);
        int round = r.i32("round", 1, FederationPlan.MAX_ROUNDS);
        GlobalModel trained = GlobalModel.decode(r.bytes("trained model"), source + " (trained model)");
        TrainingProof proof = TrainingProof.decode(r.bytes("proof"), source + " (proof)");
        r.finish();
        return new UpdateMessage(round, trained, proof);
    }
}
