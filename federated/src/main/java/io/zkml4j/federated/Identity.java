package io.zkml4j.federated;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A participant's identity in one federation, as a directory: {@code participant.json} (public:
 * the coordinator, the federation, the participant id, the public key) and {@code private.key} (its
 * Ed25519 private key, PKCS#8, readable by its owner only).
 */
public record Identity(String coordinator, byte[] federationId, int participant, KeyPair keys) {
    public static final String PUBLIC_FILE = "participant.json";
    public static final String PRIVATE_FILE = "private.key";

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("coordinator", coordinator);
        pub.put("federation_id", HexFormat.of().formatHex(federationId));
        pub.put("participant", participant);
        pub.put("public_key", java.util.Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        atomically(dir.resolve(PUBLIC_FILE), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(pub));
        Path key = dir.resolve(PRIVATE_FILE);
        atomically(key, keys.getPrivate().getEncoded());
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own permissions protect it
        }
    }

    public static Identity read(Path dir) throws IOException {
        Path pubFile = dir.resolve(PUBLIC_FILE);
        Map<?, ?> pub;
        byte[] privateBytes;
        try {
            pub = new ObjectMapper().readValue(Files.readAllBytes(pubFile), Map.class);
            privateBytes = Files.readAllBytes(dir.resolve(PRIVATE_FILE));
        } catch (NoSuchFileException e) {
            throw new IOException(dir + ": not a participant identity (" + e.getFile() + " is missing; zkml fl enroll writes it)");
        }
        try {
            String coordinator = (String) pub.get("coordinator");
            byte[] federation = HexFormat.of().parseHex((String) pub.get("federation_id"));
            int participant = ((Number) pub.get("participant")).intValue();
            PublicKey publicKey = Signatures.publicKey(java.util.Base64.getDecoder().decode((String) pub.get("public_key")));
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(privateBytes));
            if (coordinator == null || publicKey == null) {
                throw new IOException(pubFile + ": a field is missing");
            }
            return new Identity(coordinator, federation, participant, new KeyPair(publicKey, privateKey));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IOException(pubFile + " or its private key is malformed: " + e.getMessage());
        }
    }

    private static void atomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
