package io.zkml4j.federated;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * Ed25519 (in the JDK) signatures on a participant's requests: the signed message names the
 * federation, the participant, the request's kind and the SHA-256 of its body, so a signature
 * cannot be moved to another federation, participant, request or body.
 */
public final class Signatures {
    private Signatures() {}

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** A public key from its X.509 encoding, or null when the bytes are not an Ed25519 key. */
    public static PublicKey publicKey(byte[] encoded) {
        try {
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            return k;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    public static byte[] sign(PrivateKey key, byte[] federationId, int participant, String kind, byte[] body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message(federationId, participant, kind, body));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] federationId, int participant, String kind, byte[] body, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message(federationId, participant, kind, body));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** An update's signature: over its body and the round it is for, so that a replay in any other round does not verify. */
    public static byte[] signUpdate(PrivateKey key, byte[] federationId, int participant, int round, byte[] body) {
        return sign(key, federationId, participant, updateKind(round), body);
    }

    public static boolean verifyUpdate(PublicKey key, byte[] federationId, int participant, int round, byte[] body, byte[] signature) {
        return verify(key, federationId, participant, updateKind(round), body, signature);
    }

    private static String updateKind(int round) {
        return "update/round " + round;
    }

    private static byte[] message(byte[] federationId, int participant, String kind, byte[] body) {
        try {
            byte[] bodyDigest = MessageDigest.getInstance("SHA-256").digest(body);
            byte[] k = kind.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(64 + federationId.length + k.length).put("zkml4j/fl-request/v1".getBytes(StandardCharsets.US_ASCII))
                    .putInt(federationId.length).put(federationId).putInt(participant).putInt(k.length).put(k).put(bodyDigest).array();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
