package io.zkml4j.evm;

import io.zkml4j.core.hash.Keccak256;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The little of Solidity's ABI that calling a verifier needs: function selectors, arguments of
 * types uint256 (a {@link Long} read as unsigned, or a {@link BigInteger}), bytes ({@code byte[]})
 * uint256[] ({@code long[]} read as unsigned, or {@code BigInteger[]}) and bytes32[] ({@code byte[][]}
 * of 32-byte digests), and the decoding of
 * return values and revert reasons.
 */
public final class Abi {
    private static final int WORD = 32;

    private Abi() {}

    /** A {@code bytes[]} argument (a {@code byte[][]} argument is a {@code bytes32[]}). */
    public record BytesArray(List<byte[]> elements) {
        public BytesArray {
            elements = List.copyOf(elements);
        }
    }

    /** The first four bytes of Keccak-256 of the signature, e.g. "verify(bytes,uint256[])". */
    public static byte[] selector(String signature) {
        return Arrays.copyOf(Keccak256.INSTANCE.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4);
    }

    /** Calldata for a call of {@code signature} with these arguments, in order. */
    public static byte[] call(String signature, Object... args) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        int headBytes = WORD * args.length;
        for (Object a : args) {
            if (a instanceof byte[] bytes) {
                head.writeBytes(word(BigInteger.valueOf(headBytes + tail.size())));
                tail.writeBytes(word(BigInteger.valueOf(bytes.length)));
                tail.writeBytes(Arrays.copyOf(bytes, (bytes.length + WORD - 1) / WORD * WORD));
            } else if (a instanceof long[] || a instanceof BigInteger[]) {
                BigInteger[] values = a instanceof long[] longs ? unsigned(longs) : (BigInteger[]) a;
                head.writeBytes(word(BigInteger.valueOf(headBytes + tail.size())));
                tail.writeBytes(word(BigInteger.valueOf(values.length)));
                for (BigInteger v : values) {
                    tail.writeBytes(word(v));
                }
            } else if (a instanceof byte[][] digests) {
                head.writeBytes(word(BigInteger.valueOf(headBytes + tail.size())));
                tail.writeBytes(word(BigInteger.valueOf(digests.length)));
                for (byte[] d : digests) {
                    require(d.length == WORD, "a bytes32 has 32 bytes, got " + d.length);
                    tail.writeBytes(d);
                }
            } else if (a instanceof BytesArray array) {
                head.writeBytes(word(BigInteger.valueOf(headBytes + tail.size())));
                tail.writeBytes(word(BigInteger.valueOf(array.elements().size())));
                // Each element's offset counts from the start of the offsets; then each element: length, padded data.
                int at = WORD * array.elements().size();
                for (byte[] e : array.elements()) {
                    tail.writeBytes(word(BigInteger.valueOf(at)));
                    at += WORD + (e.length + WORD - 1) / WORD * WORD;
                }
                for (byte[] e : array.elements()) {
                    tail.writeBytes(word(BigInteger.valueOf(e.length)));
                    tail.writeBytes(Arrays.copyOf(e, (e.length + WORD - 1) / WORD * WORD));
                }
            } else if (a instanceof Long l) {
                head.writeBytes(word(new BigInteger(Long.toUnsignedString(l))));
            } else if (a instanceof BigInteger b) {
                head.writeBytes(word(b));
            } else {
                throw new IllegalArgumentException("no ABI encoding for " + (a == null ? "null" : a.getClass().getSimpleName()));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(selector(signature));
        out.writeBytes(head.toByteArray());
        out.writeBytes(tail.toByteArray());
        return out.toByteArray();
    }

    /** A returned bool. */
    public static boolean decodeBool(byte[] returnData) {
        require(returnData.length == WORD, "a bool return has one word, got " + returnData.length + " bytes");
        return new BigInteger(1, returnData).signum() != 0;
    }

    /** A returned uint256[] (the only return value). */
    public static BigInteger[] decodeUintArray(byte[] returnData) {
        require(returnData.length >= 2 * WORD, "a uint256[] return has at least two words");
        int offset = intAt(returnData, 0);
        int length = intAt(returnData, offset);
        require(returnData.length >= offset + WORD * (1 + (long) length), "a uint256[] return is truncated");
        BigInteger[] out = new BigInteger[length];
        for (int i = 0; i < length; i++) {
            out[i] = new BigInteger(1, Arrays.copyOfRange(returnData, offset + WORD * (1 + i), offset + WORD * (2 + i)));
        }
        return out;
    }

    /** The message of a revert with Solidity's Error(string), if the data is one. */
    public static Optional<String> revertReason(byte[] data) {
        if (data == null || data.length < 4 + 3 * WORD || !Arrays.equals(Arrays.copyOf(data, 4), selector("Error(string)"))) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOfRange(data, 4, data.length);
        int offset = intAt(body, 0);
        int length = intAt(body, offset);
        if (offset + WORD + (long) length > body.length) {
            return Optional.empty();
        }
        return Optional.of(new String(body, offset + WORD, length, StandardCharsets.UTF_8));
    }

    private static BigInteger[] unsigned(long[] values) {
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = new BigInteger(Long.toUnsignedString(values[i]));
        }
        return out;
    }

    private static byte[] word(BigInteger v) {
        require(v.signum() >= 0 && v.bitLength() <= 256, "a uint256 is in [0, 2^256)");
        byte[] raw = v.toByteArray();
        byte[] w = new byte[WORD];
        int n = Math.min(raw.length, WORD);
        System.arraycopy(raw, raw.length - n, w, WORD - n, n);
        return w;
    }

    private static int intAt(byte[] data, int offset) {
        require(offset >= 0 && offset + WORD <= data.length, "an ABI word at " + offset + " is out of range");
        BigInteger v = new BigInteger(1, Arrays.copyOfRange(data, offset, offset + WORD));
        require(v.bitLength() < 31, "an ABI offset or length is too large");
        return v.intValue();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
