package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.model.data.FixedPointEncoding;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The public description of a committed dataset (data.dc): how many rows, the feature names, the
 * label range, the fixed-point format, and a sealed commitment to the values — nothing about the
 * values themselves. It is model-independent: one commitment serves accuracy proofs of any number
 * of models, and training proofs, and stays hiding for all of them (it is never opened). Its
 * digest (SHA-256 of the encoding) names it in every statement about it.
 *
 * <p>The commitment holds two tables: the features in the layout of a batched model input (row b's
 * values at b·B + i, blocks of B = max(32, 2^⌈log F⌉), rows padded to a power of two with zero
 * rows) and the labels (one per row, zero on padding rows). Its layout is trimmed
 * ({@link #storedRows}): each table stores only the commitment rows that its real rows reach, the
 * padding past them being zero by definition, neither encoded nor hashed.
 */
public final class DatasetCommitment {
    static final String MAGIC = "ZKDC";
    /** Version 2: padding rows are zero and the layout stores only the rows the real rows reach (version 1 repeated row 0, untrimmed). */
    static final int VERSION = 2;
    /** Names are short labels, not payloads. */
    private static final int MAX_NAME_BYTES = 256;

    private final int rows;
    private final List<String> featureNames;
    private final int labelClasses;
    private final int fractionBits;
    private final int widthBits;
    private final Commitment commitment;
    private final byte[] encoded;

    DatasetCommitment(int rows, List<String> featureNames, int labelClasses, int fractionBits, int widthBits, Commitment commitment) {
        this.rows = rows;
        this.featureNames = List.copyOf(featureNames);
        this.labelClasses = labelClasses;
        this.fractionBits = fractionBits;
        this.widthBits = widthBits;
        this.commitment = commitment;
        BinaryWriter w = new BinaryWriter().magic(MAGIC, VERSION).i32(rows).i32(featureNames.size());
        for (String n : featureNames) {
            w.string(n);
        }
        w.i32(labelClasses).u8(fractionBits).u8(widthBits).bytes(commitment.encode());
        this.encoded = w.toByteArray();
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return featureNames.size();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Labels lie in [0, labelClasses). */
    public int labelClasses() {
        return labelClasses;
    }

    /** Every feature is committed as an integer v with value v/2^fractionBits. */
    public int fractionBits() {
        return fractionBits;
    }

    /** Every committed integer lies in [−2^(w−1), 2^(w−1)). */
    public int widthBits() {
        return widthBits;
    }

    public Commitment commitment() {
        return commitment;
    }

    /** SHA-256 of this description: what statements about the dataset name. */
    public byte[] digest() {
        return Sha256.INSTANCE.hash(encoded);
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest());
    }

    public byte[] encode() {
        return encoded.clone();
    }

    /** The features' layout in the commitment (a batched model input of this many values per row). */
    static TensorLayout featureLayout(int rows, int features) {
        return TensorLayout.flat(features, rows);
    }

    /** Variables of the two committed tables: features, labels. */
    static int[] tableVars(int rows, int features) {
        return new int[] {featureLayout(rows, features).numVars(), Integer.numberOfTrailingZeros(TensorLayout.ceilPow2(rows))};
    }

    /**
     * Commitment rows of 2^logRowWidth each table stores: those that hold a real row's values (its
     * block of B, or its label), ⌈rows·B / 2^a⌉ and ⌈rows / 2^a⌉, at least one; past them a
     * table is padding, zero.
     */
    static int[] storedRows(int rows, int features, int logRowWidth) {
        long[] used = {(long) rows * featureLayout(rows, features).sampleSize(), rows};
        int[] out = new int[used.length];
        long k = 1L << logRowWidth;
        for (int t = 0; t < used.length; t++) {
            out[t] = (int) Math.max(1, (used[t] + k - 1) / k);
        }
        return out;
    }

    public static DatasetCommitment decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j dataset commitment", VERSION);
        if (version != VERSION) {
            throw new FileFormatException(source + ": zkml4j dataset commitment format version " + version + " is not supported (this build reads "
                    + VERSION + ", whose padding rows are zero and whose commitment stores only the rows that hold data): commit the dataset again");
        }
        int rows = r.i32("row count", 1, LabelledDataset.MAX_ROWS);
        int features = r.i32("feature count", 1, LabelledDataset.MAX_FEATURES);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            String n = r.string("feature name " + i);
            if (n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw r.error("feature name " + i, "longer than " + MAX_NAME_BYTES + " bytes");
            }
            names.add(n);
        }
        int classes = r.i32("label classes", 1, LabelledDataset.MAX_CLASSES);
        int fraction = r.u8("fraction bits");
        int width = r.u8("width bits");
        if (fraction >= FixedPointEncoding.MAX_WIDTH_BITS || width < 1 || width > FixedPointEncoding.MAX_WIDTH_BITS) {
            throw r.error("fixed-point format", fraction + " fraction bits in " + width + " bits is not a supported format");
        }
        Commitment commitment;
        try {
            commitment = Commitment.decode(r.bytes("commitment"));
        } catch (MalformedProofException e) {
            throw r.error("commitment", e.getMessage());
        }
        r.finish();
        int[] vars = tableVars(rows, features);
        if (commitment.polynomials() != 2 || commitment.numVars(0) != vars[0] || commitment.numVars(1) != vars[1]) {
            throw r.error("commitment", "its tables do not have the sizes of " + rows + " rows of " + features + " features");
        }
        if (commitment.packed()) {
            throw r.error("commitment", "a sealed commitment has the unpacked layout, this one declares small tables sharing rows");
        }
        if (commitment.parameters().randomColumns() != 0) {
            throw r.error("commitment", "it is not a sealed commitment (it has random columns)");
        }
        int[] stored = storedRows(rows, features, commitment.parameters().logRowWidth());
        for (int t = 0; t < stored.length; t++) {
            if (commitment.storedRows(t) != stored[t]) {
                throw r.error("commitment", "its " + (t == 0 ? "features" : "labels") + " store " + commitment.storedRows(t) + " rows of 2^"
                        + commitment.parameters().logRowWidth() + "; " + rows + " rows of " + features + " features fill " + stored[t]);
            }
        }
        return new DatasetCommitment(rows, names, classes, fraction, width, commitment);
    }

    public static DatasetCommitment read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, DatasetCommitment::decode);
    }

    public void write(Path file) throws IOException {
        KeyFiles.writeAtomically(file, encoded);
    }

    /** The public description as JSON (what {@code zkml data inspect} prints). */
    public String toJson() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < featureNames.size(); i++) {
            names.append(i == 0 ? "" : ", ").append('"').append(featureNames.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        var p = commitment.parameters();
        return String.format(java.util.Locale.ROOT, """
                {
                  "rows": %d,
                  "features": %d,
                  "feature_names": [%s],
                  "label_classes": %d,
                  "format": {"fraction_bits": %d, "width_bits": %d},
                  "commitment": {"root": "%s", "hash": "%s", "security_bits": %.1f, "parameters": "%s"},
                  "digest": "%s"
                }""", rows, features(), names, labelClasses, fractionBits, widthBits, HexFormat.of().formatHex(commitment.root()),
                p.hash().name(), p.security().bits(), p.describe(), digestHex());
    }
}
