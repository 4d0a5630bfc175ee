package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.data.FixedPointEncoding;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The data owner's secret (data.dk): the committed integers, the labels and the seed of the
 * commitment's randomness, with the public description. The sealed commitment is re-created from
 * these for each proof and checked against the description, so a corrupted or mismatched file is
 * caught before proving. Nothing in it changes as proofs are made.
 */
public final class DatasetKey {
    static final String MAGIC = "ZKDK";
    /** Version 2: its description is a version 2 dataset commitment (zero padding rows, trimmed layout). */
    static final int VERSION = 2;
    private static final int SEED_BYTES = 32;
    /** Sealed rows: a queried column and its salt hash in 8 permutations, as for weights. */
    static final int SEALED_ROWS = ModelCommitter.SEALED_ROWS;
    /**
     * Code rate 1/2 (a model's sealed commitment has 1/4): committing hashes every column of the
     * code once, which is the slow part of committing a large dataset, and rate 1/2 halves the
     * columns; each proof then queries 244 instead of 149 of them at 100 bits (a few hundred more
     * permutations in its hash proof).
     */
    static final int SEALED_LOG_BLOWUP = 1;

    private final DatasetCommitment description;
    private final long[][] values;
    private final int[] labels;
    private final double maxError;
    private final byte[] seed;
    /** The sealed commitment's leaf digests, kept so that a proof need not hash every column again. */
    private final long[] leaves;

    private DatasetKey(DatasetCommitment description, long[][] values, int[] labels, double maxError, byte[] seed, long[] leaves) {
        this.leaves = leaves;
        this.description = description;
        this.values = values;
        this.labels = labels;
        this.maxError = maxError;
        this.seed = seed;
    }

    /**
     * Options of a dataset commitment: its security level and hash; the finest format considered
     * when the format is chosen from the data; or the format and label range declared by the owner
     * (−1: chosen from the data). A chosen format and range reveal a little about the hidden values
     * (the largest magnitude to a factor of two, the finest precision needed, the largest label);
     * declared ones reveal nothing.
     */
    public record Options(int securityBits, HashFunction hash, int maxFractionBits, int fractionBits, int widthBits, int labelClasses) {
        public static final Options DEFAULT = new Options(CommitOptions.DEFAULT.securityBits(), CommitOptions.DEFAULT.hash(),
                FixedPointEncoding.DEFAULT_MAX_FRACTION_BITS, -1, -1, -1);

        public Options(int securityBits, HashFunction hash, int maxFractionBits) {
            this(securityBits, hash, maxFractionBits, -1, -1, -1);
        }

        /** The same with a declared format (fraction bits, width) and label range. */
        public Options declared(int fraction, int width, int classes) {
            return new Options(securityBits, hash, maxFractionBits, fraction, width, classes);
        }
    }

    /** Encodes and commits a dataset (the slow part for large datasets: every column is hashed once). */
    public static DatasetKey commit(LabelledDataset data, Options options) throws io.zkml4j.model.data.DatasetFormatException {
        return commit(data, options, sealedRowWidth(data.size(), data.features(), options));
    }

    /** The same at rows of 2^logRowWidth (tests commit at the widths an earlier build, whose rule chose others, would have). */
    static DatasetKey commit(LabelledDataset data, Options options, int logRowWidth) throws io.zkml4j.model.data.DatasetFormatException {
        if ((options.fractionBits() < 0) != (options.widthBits() < 0)) {
            throw new IllegalArgumentException("declare both the fraction bits and the width, or neither");
        }
        FixedPointEncoding encoding = options.fractionBits() >= 0
                ? FixedPointEncoding.declared(data, options.fractionBits(), options.widthBits())
                : FixedPointEncoding.choose(data, options.maxFractionBits());
        int classes = data.classes();
        if (options.labelClasses() >= 0) {
            if (options.labelClasses() < classes || options.labelClasses() > LabelledDataset.MAX_CLASSES) {
                throw new io.zkml4j.model.data.DatasetFormatException("a label is " + (classes - 1) + ", outside the declared range 0 to "
                        + (options.labelClasses() - 1));
            }
            classes = options.labelClasses();
        }
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        LigeroParameters params = LigeroParameters.withoutRandomColumns(options.securityBits(), logRowWidth, SEALED_LOG_BLOWUP, options.hash());
        SealedCommitment sealed = seal(params, encoding.values(), data.labels(), seed);
        DatasetCommitment description = new DatasetCommitment(data.size(), data.featureNames(), classes, encoding.fractionBits(),
                encoding.widthBits(), sealed.commitment());
        return new DatasetKey(description, encoding.values(), data.labels().clone(), encoding.maxError(), seed, sealed.leafDigests());
    }

    /** The narrowest rows considered: 2^9. */
    static final int MIN_LOG_ROW_WIDTH = 9;

    /**
     * The row width (log) of the commitment of {@code rows} rows of {@code features} features: of
     * the widths (at least 2^9) that keep its stored rows ({@link DatasetCommitment#storedRows}) at
     * most {@link #SEALED_ROWS} and fit the sealed opening's bounds, the one whose opening commits
     * the fewest values in each proof ({@link SealedOpeningCost}: its row combinations, one per
     * dataset table and one more, against its hash proof's trace of the queried columns), then the
     * one whose commitment hashes the fewest Poseidon2 permutations (n·⌈(salt + stored rows)/8⌉ for
     * n = 2k columns). A dataset is committed once and opened by every proof about it; the two
     * differ for small datasets (455 rows of 30 features: rows of 2^13, 152K values per proof instead
     * of 794K at the 2^9 that hashed fewest) and 1,024 images (2^16, 791K instead of 987K, for 20%
     * more hashing at commit time), not for 10,000 images or more. Should no width fit the bounds (a
     * dataset too large to prove about), the narrowest that keeps the rows within
     * {@link #SEALED_ROWS}, which a proof then refuses. The options give the security level and
     * hash, which set each width's queried columns.
     */
    static int sealedRowWidth(int rows, int features, Options options) {
        int best = -1;
        long fewestValues = Long.MAX_VALUE, fewestPermutations = Long.MAX_VALUE;
        int maxA = SealedOpening.MAX_LOG_CODE_LENGTH - SEALED_LOG_BLOWUP;
        long combinations = DatasetCommitment.tableVars(rows, features).length + 1;
        for (int a = MIN_LOG_ROW_WIDTH; a <= maxA; a++) {
            long stored = sealedRows(rows, features, a);
            if (stored > SEALED_ROWS || stored + SealedCommitment.SALT_ELEMENTS > SealedOpening.MAX_COLUMN_MESSAGE
                    || SealedOpening.weightLongs(combinations, 1 << a) > SealedOpening.MAX_WEIGHT_LONGS) {
                continue;
            }
            int queries;
            try {
                queries = LigeroParameters.withoutRandomColumns(options.securityBits(), a, SEALED_LOG_BLOWUP, options.hash()).queries();
            } catch (IllegalArgumentException notReachable) { // no query count reaches the security level at this width
                continue;
            }
            long values = SealedOpeningCost.values(stored, queries, combinations, a);
            long permutations = (1L << (a + SEALED_LOG_BLOWUP)) * Poseidon2Sponge.permutations((int) stored + SealedCommitment.SALT_ELEMENTS);
            if (values < fewestValues || values == fewestValues && permutations < fewestPermutations) {
                fewestValues = values;
                fewestPermutations = permutations;
                best = a;
            }
        }
        if (best >= 0) {
            return best;
        }
        for (int a = MIN_LOG_ROW_WIDTH; ; a++) {
            if (sealedRows(rows, features, a) <= SEALED_ROWS) {
                return a;
            }
        }
    }

    /** {@link #sealedRowWidth(int, int, Options)} with the default options. */
    static int sealedRowWidth(int rows, int features) {
        return sealedRowWidth(rows, features, Options.DEFAULT);
    }

    /** Rows the commitment stores with rows of 2^a. */
    static long sealedRows(int rows, int features, int a) {
        long total = 0;
        for (int r : DatasetCommitment.storedRows(rows, features, a)) {
            total += r;
        }
        return total;
    }

    /**
     * The two tables in the commitment's layout (see {@link DatasetCommitment}), as field elements:
     * rows past the real ones (up to a power of two) are zero, features and labels.
     */
    static long[][] tables(long[][] values, int[] labels) {
        int rows = values.length;
        TensorLayout layout = DatasetCommitment.featureLayout(rows, values[0].length);
        long[][] padded = Arrays.copyOf(values, layout.batchPadded());
        Arrays.fill(padded, rows, padded.length, new long[values[0].length]); // explicit zero rows: place would repeat row 0
        long[] features = layout.place(padded, 0);
        for (int i = 0; i < features.length; i++) {
            features[i] = Goldilocks.fromSigned(features[i]);
        }
        long[] l = new long[TensorLayout.ceilPow2(rows)];
        for (int i = 0; i < rows; i++) {
            l[i] = labels[i];
        }
        return new long[][] {features, l};
    }

    private static SealedCommitment seal(LigeroParameters params, long[][] values, int[] labels, byte[] seed) {
        return SealedCommitment.commit(params, storedRows(params, values), Arrays.asList(tables(values, labels)), ChaChaRandom.fromSeed(seed));
    }

    /** The commitment rows each table stores: those its real rows reach. */
    private static int[] storedRows(LigeroParameters params, long[][] values) {
        return DatasetCommitment.storedRows(values.length, values[0].length, params.logRowWidth());
    }

    /** Re-creates the sealed commitment; fails if it is not the description's (a corrupted or mismatched file). */
    SealedCommitment recommit() throws FileFormatException {
        SealedCommitment c;
        try {
            LigeroParameters params = description.commitment().parameters();
            c = SealedCommitment.reopen(params, storedRows(params, values), Arrays.asList(tables(values, labels)), ChaChaRandom.fromSeed(seed),
                    leaves);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException("the dataset key is corrupted: " + e.getMessage());
        }
        if (!Arrays.equals(c.commitment().root(), description.commitment().root())) {
            throw new FileFormatException("the dataset key is corrupted: its values and randomness do not give the commitment in its description");
        }
        return c;
    }

    /** The same description and randomness with other values: what a dishonest prover might use (tests only). */
    DatasetKey withData(long[][] otherValues, int[] otherLabels) {
        return new DatasetKey(description, otherValues, otherLabels, maxError, seed, leaves);
    }

    public DatasetCommitment description() {
        return description;
    }

    /** The committed integers, row by row (value = integer / 2^fractionBits). */
    public long[][] values() {
        return values;
    }

    public int[] labels() {
        return labels.clone();
    }

    /** The largest |original value − committed value| (0 when the format holds every value exactly). */
    public double maxError() {
        return maxError;
    }

    public byte[] encode() {
        byte[] header = description.encode();
        long bytes = 6 + (4 + header.length) + seed.length + 8 + (long) values.length * (values.length == 0 ? 0 : values[0].length) * Long.BYTES
                + (4 + 4L * labels.length) + (4 + 8L * leaves.length);
        BinaryWriter w = new BinaryWriter(bytes).magic(MAGIC, VERSION).bytes(header).raw(seed).f64(maxError);
        for (long[] row : values) {
            for (long v : row) {
                w.i64(v);
            }
        }
        w.ints(labels).longs(leaves);
        return w.toByteArray();
    }

    public static DatasetKey decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j dataset key", VERSION);
        if (version != VERSION) {
            throw new FileFormatException(source + ": zkml4j dataset key format version " + version + " is not supported (this build reads "
                    + VERSION + ", whose commitment has zero padding rows and stores only the rows that hold data): commit the dataset again");
        }
        DatasetCommitment description = DatasetCommitment.decode(r.bytes("description"), source + " (description)");
        byte[] seed = r.raw("commitment randomness", SEED_BYTES);
        double maxError = r.f64("precision lost");
        if (!(maxError >= 0) || Double.isInfinite(maxError)) { // printed as the data's precision: a number, never NaN or negative
            throw r.error("precision lost", maxError + " is not a finite, non-negative number");
        }
        int rows = description.rows(), features = description.features();
        long bound = 1L << (description.widthBits() - 1);
        long remaining = data.length - r.position();
        if ((long) rows * features * Long.BYTES > remaining) { // before allocating, even the rows' array: the file must hold them
            throw r.error("values", rows + " rows of " + features + " values need " + (long) rows * features * Long.BYTES + " bytes; "
                    + remaining + " remain");
        }
        long[][] values = new long[rows][];
        for (int i = 0; i < rows; i++) {
            values[i] = new long[features];
            for (int c = 0; c < features; c++) {
                long v = r.i64("value " + i + "," + c);
                if (v < -bound || v >= bound) {
                    throw r.error("value " + i + "," + c, v + " is outside the declared " + description.widthBits() + "-bit width");
                }
                values[i][c] = v;
            }
        }
        int[] labels = r.ints("labels");
        long[] leaves = r.longs("leaf digests");
        r.finish();
        if (leaves.length != description.commitment().parameters().codeLength() * io.zkml4j.core.hash.Poseidon2Sponge.OUTPUT) {
            throw r.error("leaf digests", leaves.length + " values for a code of length " + description.commitment().parameters().codeLength());
        }
        if (labels.length != rows) {
            throw r.error("labels", labels.length + " labels for " + rows + " rows");
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= description.labelClasses()) {
                throw r.error("label " + i, labels[i] + " is outside the declared range 0 to " + (description.labelClasses() - 1));
            }
        }
        return new DatasetKey(description, values, labels, maxError, seed, leaves);
    }

    public static DatasetKey read(Path file) throws IOException, FileFormatException {
        return KeyFiles.read(file, DatasetKey::decode);
    }

    /** Writes the key readable by its owner only (it holds the data). */
    public void write(Path file) throws IOException {
        KeyFiles.writePrivate(file, encode());
    }
}
