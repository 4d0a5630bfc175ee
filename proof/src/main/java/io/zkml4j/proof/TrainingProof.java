package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A proof that the weights committed in a verifying key result from a training recipe (named by
 * its digest) run on a committed dataset (named by its digest), in {@code steps} SGD steps. It
 * reveals nothing else: not a row, a label, a gradient or a weight.
 */
public record TrainingProof(byte[] recipeDigest, byte[] datasetDigest, byte[] modelDigest, int steps, byte[] transcript) {
    static final String MAGIC = "ZKTP";
    /** Version 2: the transcript holds the proof's chunks ({@link TrainingChunks}); version 1 was one transcript. */
    static final int VERSION = 3;

    public TrainingProof {
        recipeDigest = recipeDigest.clone();
        datasetDigest = datasetDigest.clone();
        modelDigest = modelDigest.clone();
        transcript = transcript.clone();
    }

    public byte[] encode() {
        return new BinaryWriter().magic(MAGIC, VERSION).raw(recipeDigest).raw(datasetDigest).raw(modelDigest).i32(steps).bytes(transcript).toByteArray();
    }

    public static TrainingProof decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j training proof", VERSION);
        if (version < VERSION) {
            throw new FileFormatException(source + ": a training proof of format " + version + (version < 2 ? " (one transcript, before proofs in chunks)"
                    : " (its sealed openings state their consistency weights written out)") + ", which this version no longer reads; prove the training again");
        }
        byte[] recipe = r.raw("recipe digest", HashFunction.DIGEST_BYTES);
        byte[] dataset = r.raw("dataset digest", HashFunction.DIGEST_BYTES);
        byte[] model = r.raw("trained model's key digest", HashFunction.DIGEST_BYTES);
        int steps = r.i32("step count", 1, TrainingProtocol.MAX_STEPS);
        byte[] transcript = r.bytes("transcript");
        r.finish();
        return new TrainingProof(recipe, dataset, model, steps, transcript);
    }

    public static TrainingProof read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, TrainingProof::decode);
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encode());
    }
}
