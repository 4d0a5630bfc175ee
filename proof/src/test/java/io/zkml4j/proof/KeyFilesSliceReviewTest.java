package io.zkml4j.proof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Key files are written in 1 MB slices: the slices cover every byte once, up to the largest array a writer makes. */
class KeyFilesSliceReviewTest {
    private static final int SLICE = KeyFiles.WRITE_SLICE;

    /** Sizes up to 2^31 − 17 (BinaryWriter's largest output): stepping the offset by a whole slice overflowed past 2^31 − 2^20. */
    @Test
    void slicesCoverEveryByteOnceUpToTwoGigabytes() throws IOException {
        for (int total : new int[] {0, 1, SLICE - 1, SLICE, SLICE + 1, 80_000_017, Integer.MAX_VALUE - SLICE, Integer.MAX_VALUE - SLICE + 1, Integer.MAX_VALUE - SLICE + 2,
            Integer.MAX_VALUE - 16, Integer.MAX_VALUE}) {
            long[] next = {0};
            long[] slices = {0};
            KeyFiles.inSlices(total, SLICE, (at, length) -> {
                assertEquals(next[0], at, "slices of " + total + " bytes: a gap or an overlap");
                assertTrue(length > 0 && length <= SLICE && (long) at + length <= total,
                        "slices of " + total + " bytes: " + length + " bytes at " + at);
                next[0] += length;
                slices[0]++;
                assertTrue(slices[0] <= (total + (long) SLICE - 1) / SLICE, "slices of " + total + " bytes: too many");
            });
            assertEquals(total, next[0], "slices of " + total + " bytes");
        }
    }

    @Test
    void aFileOfSeveralSlicesIsWrittenAsItWas(@TempDir Path dir) throws IOException {
        byte[] data = new byte[3 * SLICE + 12345];
        new SplittableRandom(3).nextBytes(data);
        Path file = dir.resolve("k.bin");
        KeyFiles.writePrivate(file, data);
        assertArrayEquals(data, Files.readAllBytes(file));
        KeyFiles.writeAtomically(file, new byte[0]);
        assertEquals(0, Files.size(file));
        try (var s = Files.list(dir)) {
            List<Path> left = new ArrayList<>(s.toList());
            assertEquals(List.of(file), left, "no temporary file left behind");
        }
    }
}
