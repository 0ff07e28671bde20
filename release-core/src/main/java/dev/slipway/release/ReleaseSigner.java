package dev.slipway.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs release digests with an Ed25519 key, using only the JDK. The key file is a PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}), readable by {@code openssl pkey}.
 */
public final class ReleaseSigner {

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private ReleaseSigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = Digests.sha256(publicKey.getEncoded());
    }

    /** A signer with a fresh random key. */
    public static ReleaseSigner generate() {
        try {
            return new ReleaseSigner(KeyPairGenerator.getInstance(ReleaseSignature.ED25519).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides Ed25519 since Java 15", e);
        }
    }

    /**
     * The signer whose key is in {@code keyFile}; when the file does not exist, a new key is generated and written
     * there, readable by the owner only (0600). Concurrent callers end up with the same key.
     */
    public static ReleaseSigner loadOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                return fromPem(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
            }
            ReleaseSigner signer = generate();
            Path dir = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".slipway-key", ".tmp", ownerOnly(dir));
            try {
                Files.writeString(tmp, signer.privateKeyPem(), StandardCharsets.US_ASCII);
                try {
                    // A hard link never replaces an existing file, so two racing creators cannot both win.
                    Files.createLink(keyFile, tmp);
                } catch (FileAlreadyExistsException raced) {
                    return fromPem(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
                } catch (UnsupportedOperationException noLinks) {
                    Files.move(tmp, keyFile);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create signing key " + keyFile, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static ReleaseSigner fromPem(String pem, Path keyFile) {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(keyFile + " is not a PKCS#8 PEM private key");
        }
        String base64 = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance(ReleaseSignature.ED25519)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (!(key instanceof EdECPrivateKey edKey) || edKey.getBytes().isEmpty()) {
                throw new IllegalArgumentException(keyFile + " is not an Ed25519 private key");
            }
            ReleaseSigner signer = new ReleaseSigner(derive(edKey.getBytes().get()));
            if (!SignatureVerifier.verify(Digests.sha256(new byte[0]), signer.sign(Digests.sha256(new byte[0])))) {
                throw new IllegalStateException("derived public key does not match the private key in " + keyFile);
            }
            return signer;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + " does not hold a usable Ed25519 PKCS#8 key: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK has no public API to compute an Ed25519 public key from a private one, but its key pair generator takes
     * the 32-byte private key straight from the random source: feeding it the stored key regenerates the same pair.
     */
    private static KeyPair derive(byte[] privateKeyBytes) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ReleaseSignature.ED25519);
        generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(privateKeyBytes));
        return generator.generateKeyPair();
    }

    /** A "random" source that yields exactly the given bytes, once. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " random bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            used = true;
        }
    }

    /** {@code sha256:} of the X.509 public key bytes. */
    public String keyId() {
        return keyId;
    }

    /** The X.509 (SubjectPublicKeyInfo) public key, base64. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The private key as PKCS#8 PEM. */
    String privateKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /**
     * Signs a release digest: Ed25519 over the UTF-8 bytes of the digest string.
     *
     * @throws IllegalArgumentException when {@code digest} is not {@code sha256:<64 hex>}
     */
    public ReleaseSignature sign(String digest) {
        if (!Digests.isSha256(digest)) {
            throw new IllegalArgumentException("not a release digest: " + digest);
        }
        try {
            Signature signature = Signature.getInstance(ReleaseSignature.ED25519);
            signature.initSign(privateKey);
            signature.update(digest.getBytes(StandardCharsets.UTF_8));
            return new ReleaseSignature(ReleaseSignature.ED25519, keyId, publicKeyBase64(),
                    Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "ReleaseSigner[" + keyId + "]";
    }
}
