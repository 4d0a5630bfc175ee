package io.zkml4j.proof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing key and proof files without ever leaving a half-written one behind. */
final class KeyFiles {
    private KeyFiles() {}

    /** Decodes a file's bytes, naming the file as the source of any error. */
    interface Decoder<T> {
        T decode(byte[] data, String source) throws io.zkml4j.proof.format.FileFormatException;
    }

    /** Reads and decodes a file; a missing file is a format error that names it. */
    static <T> T read(Path file, Decoder<T> decoder) throws IOException, io.zkml4j.proof.format.FileFormatException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new io.zkml4j.proof.format.FileFormatException(file + ": no such file");
        }
        return decoder.decode(data, file.toString());
    }

    static void writeAtomically(Path file, byte[] data) throws IOException {
        write(file, data, false);
    }

    /** Readable by the owner only (where the file system supports it): proving keys hold the weights. */
    static void writePrivate(Path file, byte[] data) throws IOException {
        write(file, data, true);
    }

    /** Makes the rename durable too (POSIX: a directory's entries are synced through the directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open a directory; its renames are journalled by NTFS.
        }
    }

    /** Bytes handed to the file system per write call. */
    static final int WRITE_SLICE = 1 << 20;

    /** One slice of a file's bytes: {@code length} bytes from {@code at}. */
    interface Slice {
        void write(int at, int length) throws IOException;
    }

    /**
     * [0, total) in consecutive slices of at most {@code slice} bytes. The offset advances by the
     * slice just written, so it never passes {@code total}: stepping by {@code slice} instead
     * overflows an int past 2^31 − 2^20 bytes (a key file in the last megabyte below 2 GB then
     * failed after all of it had been written).
     */
    static void inSlices(int total, int slice, Slice action) throws IOException {
        for (int at = 0; at < total; ) {
            int length = Math.min(slice, total - at);
            action.write(at, length);
            at += length;
        }
    }

    private static void write(Path file, byte[] data, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            // A temporary file is created owner-only; public files (verifying keys, dataset descriptions,
            // proofs) are meant to be shared, so they become world-readable.
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's ACLs apply.
            }
            // On disk before the rename: a proving key records revealed columns before they leave.
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // In slices: the JDK copies a heap buffer into a temporary native one of the same
                // size before writing, which for an 80 MB dataset key cost 0.5 s of fresh memory.
                inSlices(data.length, WRITE_SLICE, (at, length) -> {
                    ByteBuffer buffer = ByteBuffer.wrap(data, at, length);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                });
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
