package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A proof that the model of a verifying key predicts the committed label on exactly
 * {@code correct} of the {@code rows} rows of a committed dataset. It names both by digest and
 * reveals nothing else; {@code chunkRows} is how many rows each of its parts proves.
 */
public record AccuracyProof(byte[] modelDigest, byte[] datasetDigest, int rows, int correct, int chunkRows, byte[] transcript) {
    static final String MAGIC = "ZKAP";
    /** 3: large proofs (over 2^24 committed values) at code rate 1/2, in another transcript. */
    static final int VERSION = 4;

    public AccuracyProof {
        modelDigest = modelDigest.clone();
        datasetDigest = datasetDigest.clone();
        transcript = transcript.clone();
    }

    public double accuracy() {
        return (double) correct / rows;
    }

    public byte[] encode() {
        return new BinaryWriter().magic(MAGIC, VERSION).raw(modelDigest).raw(datasetDigest).i32(rows).i32(correct).i32(chunkRows).bytes(transcript)
                .toByteArray();
    }

    public static AccuracyProof decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j accuracy proof", VERSION);
        if (version < VERSION) {
            throw new FileFormatException(source + ": an accuracy proof of format version " + version + " (from an earlier zkml4j), which this one "
                    + "no longer checks (format " + VERSION + " states the sealed openings' consistency weights by their powers); prove it again");
        }
        byte[] model = r.raw("model digest", HashFunction.DIGEST_BYTES);
        byte[] dataset = r.raw("dataset digest", HashFunction.DIGEST_BYTES);
        int rows = r.i32("row count", 1, LabelledDataset.MAX_ROWS);
        int correct = r.i32("correct count", 0, rows);
        int chunkRows = r.i32("rows per chunk", 1, AccuracyStatement.MAX_CHUNK_ROWS);
        if (Integer.bitCount(chunkRows) != 1) {
            throw r.error("rows per chunk", chunkRows + " is not a power of two");
        }
        byte[] transcript = r.bytes("transcript");
        r.finish();
        return new AccuracyProof(model, dataset, rows, correct, chunkRows, transcript);
    }

    public static AccuracyProof read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, AccuracyProof::decode);
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encode());
    }
}
