package io.zkml4j.model.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-style IDX files (images as unsigned bytes, labels as bytes, optionally gzipped), read as
 * a labelled dataset with pixels scaled to [0, 1] as float32 (x / 255), the way the bundled models
 * were trained and the way {@code zkml accuracy} reads the same pixels from JSON.
 */
public final class IdxDataset {
    private IdxDataset() {}

    public static LabelledDataset read(Path images, Path labels, int limit) throws IOException {
        try (DataInputStream im = open(images); DataInputStream lb = open(labels)) {
            if (im.readInt() != 0x803) {
                throw new DatasetFormatException(images + ": not an IDX image file (magic 0x00000803)");
            }
            int n = im.readInt(), rows = im.readInt(), cols = im.readInt();
            if (lb.readInt() != 0x801) {
                throw new DatasetFormatException(labels + ": not an IDX label file (magic 0x00000801)");
            }
            int m = lb.readInt();
            if (n != m || n < 1 || rows < 1 || cols < 1 || (long) rows * cols > LabelledDataset.MAX_FEATURES) {
                throw new DatasetFormatException(images + ": " + n + " images of " + rows + "×" + cols + " with " + m + " labels");
            }
            int count = Math.min(n, limit);
            int size = rows * cols;
            double[][] x = new double[count][size];
            byte[] buf = new byte[size];
            int[] y = new int[count];
            for (int i = 0; i < count; i++) {
                im.readFully(buf);
                for (int p = 0; p < size; p++) {
                    x[i][p] = (float) ((buf[p] & 0xff) / 255.0);
                }
                y[i] = lb.readUnsignedByte();
            }
            List<String> names = new ArrayList<>();
            for (int p = 0; p < size; p++) {
                names.add("pixel" + p);
            }
            return new LabelledDataset(names, x, y);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
