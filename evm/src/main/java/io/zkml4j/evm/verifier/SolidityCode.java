package io.zkml4j.evm.verifier;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Solidity source text: lines with indentation, and literals for the field and labels. */
final class SolidityCode {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    SolidityCode line(String format, Object... args) {
        out.append("    ".repeat(indent)).append(args.length == 0 ? format : String.format(format, args)).append('\n');
        return this;
    }

    /** A line that opens a block ("... {"); {@link #close} ends it. */
    SolidityCode open(String format, Object... args) {
        line(format, args);
        indent++;
        return this;
    }

    /** A line between two blocks ("} else {"): one level out, then in again. */
    SolidityCode middle(String line) {
        indent--;
        line(line);
        indent++;
        return this;
    }

    SolidityCode close() {
        indent--;
        return line("}");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** An extension element as the kit packs it: c0 | c1 << 64. */
    static String ext(Ext2 e) {
        long c0 = Goldilocks.canonical(e.c0);
        long c1 = Goldilocks.canonical(e.c1);
        if (c1 == 0) {
            return Long.toUnsignedString(c0);
        }
        return String.format("0x%016x%016x", c1, c0);
    }

    /** A signed integer as a base-field element. */
    static String signed(long v) {
        return Long.toUnsignedString(Goldilocks.fromSigned(v));
    }

    /** A transcript label: printable ASCII as a string literal, anything else as hex bytes. */
    static String label(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return "hex\"" + HexFormat.of().formatHex(bytes) + "\"";
            }
        }
        return "\"" + s + "\"";
    }

    /**
     * Text for a `//` comment: printable ASCII only. Names come from the model (its layers'), and a
     * line break Solidity honours (\n, \r, U+2028, ...) would end the comment and make the rest of
     * the name code of the verifier.
     */
    static String comment(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString();
    }

    /** A uint256[] memory expression with these values (through the kit's Words.unpack). */
    static String words(long... values) {
        StringBuilder hex = new StringBuilder();
        for (long v : values) {
            hex.append(String.format("%016x", v));
        }
        return "Words.unpack(hex\"" + hex + "\")";
    }

    /** Base-field elements as a uint256[] memory expression. */
    static String field(long[] values) {
        long[] canonical = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            canonical[i] = Goldilocks.canonical(values[i]);
        }
        return words(canonical);
    }
}
