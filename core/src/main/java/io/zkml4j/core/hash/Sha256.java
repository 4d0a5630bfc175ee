package io.zkml4j.core.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK, which uses the CPU's SHA extensions where present. */
public final class Sha256 implements HashFunction {
    public static final Sha256 INSTANCE = new Sha256();

    private Sha256() {}

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public Hasher newHasher() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return new Hasher() {
                @Override
                public void update(byte[] data, int offset, int length) {
                    md.update(data, offset, length);
                }

                @Override
                public void update(byte b) {
                    md.update(b);
                }

                @Override
                public void digest(byte[] out, int offset) {
                    try {
                        md.digest(out, offset, DIGEST_BYTES);
                    } catch (DigestException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
