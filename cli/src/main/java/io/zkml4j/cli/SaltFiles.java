package io.zkml4j.cli;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.proof.HashedValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The salts of hashed values in small private text files. Inputs: one line per input, four
 * decimal field elements, next to the input; reusing the file keeps each input's commitment the
 * same across proofs, and a missing file is created with fresh random salts. Outputs: the proven
 * outputs with the fresh salts that open their commitments, next to the proof.
 */
final class SaltFiles {
    private SaltFiles() {}

    static List<long[]> readOrCreate(Path file, int inputs) {
        if (Files.exists(file)) {
            return read(file, inputs);
        }
        List<long[]> salts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < inputs; b++) {
            long[] s = HashedValues.randomSalt();
            salts.add(s);
            for (int i = 0; i < s.length; i++) {
                text.append(i == 0 ? "" : " ").append(Long.toUnsignedString(s[i]));
            }
            text.append('\n');
        }
        ModelFiles.checkWritable(file);
        writePrivate(file, text.toString());
        System.err.println("wrote fresh input salts to " + file + " (keep it private: it opens the input commitments)");
        return salts;
    }

    /** The outputs of a proof with hashed outputs, and their salts: one line each, "output: …  salt: …". */
    static void writeOutputs(Path file, List<long[]> outputs, List<long[]> salts) {
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < outputs.size(); b++) {
            text.append("output:");
            for (long v : outputs.get(b)) {
                text.append(' ').append(v);
            }
            text.append("  salt:");
            for (long v : salts.get(b)) {
                text.append(' ').append(Long.toUnsignedString(v));
            }
            text.append('\n');
        }
        writePrivate(file, text.toString());
        System.err.println("wrote the outputs and their salts to " + file + " (keep it private: it opens the output commitments)");
    }

    /** Salts open commitments: readable by the owner only, where the file system allows. */
    private static void writePrivate(Path file, String text) {
        ModelFiles.write(file, () -> {
            Files.writeString(file, text);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no owner-only mode
            }
        });
    }

    private static List<long[]> read(Path file, int inputs) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot be read: " + e.getMessage());
        }
        if (lines.size() != inputs) {
            throw new Main.UserError(file + ": " + lines.size() + " salt lines for " + inputs + " input" + (inputs == 1 ? "" : "s"));
        }
        List<long[]> salts = new ArrayList<>();
        for (int b = 0; b < lines.size(); b++) {
            String[] parts = lines.get(b).trim().split("\\s+");
            if (parts.length != HashedValues.SALT_ELEMENTS) {
                throw new Main.UserError(file + " line " + (b + 1) + ": " + HashedValues.SALT_ELEMENTS + " numbers expected, got " + parts.length);
            }
            long[] s = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    s[i] = Long.parseUnsignedLong(parts[i]);
                } catch (NumberFormatException e) {
                    throw new Main.UserError(file + " line " + (b + 1) + " column " + (i + 1) + ": '" + parts[i] + "' is not a number");
                }
                if (!Goldilocks.isCanonical(s[i])) {
                    throw new Main.UserError(file + " line " + (b + 1) + " column " + (i + 1) + ": not a field element (at most 2^64 − 2^32)");
                }
            }
            salts.add(s);
        }
        return salts;
    }
}
